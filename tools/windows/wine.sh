# shellcheck shell=bash
# The Wine environment shared by tools/windows/build.sh, check.sh and test.sh (sourced, not run).
# Debian 12's Wine 8.0 runs the Windows build of the program well enough to build and check it;
# its traps, each measured, are in the comments below (and in docs/packaging.md).
#
# Layout, all under build/windows/ (git-ignored) except the download cache:
#   prefix/   the Wine prefix (C:), with two stub DLLs Wine 8.0 lacks (test prefix only)
#   python/   the Windows CPython 3.12 (python.org's embeddable build) with the win_amd64 wheels
#   stubs/    the stub DLLs, assembled from tools/windows/stubs/
#   logs/     the output of every Windows program run by these scripts
# ~/.cache/segib-desktop/windows/ (or $SEGIB_WINDOWS_CACHE) keeps the downloads between runs; everything
# works from nothing without it.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${SEGIB_WINDOWS_WORK:-$ROOT/build/windows}
CACHE=${SEGIB_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/segib-desktop/windows}
DIST=$ROOT/dist/windows
BUNDLE=$DIST/segib-desktop
PYDIR=$WORK/python
PY=$PYDIR/python.exe
LOGS=$WORK/logs

export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all
# mscoree, mshtml: no Mono or Gecko installer at the prefix's creation.
# wbemprox: Python 3.12's platform module asks WMI, and Wine 8.0 aborts in propsys.VariantToString
#   (SQLAlchemy calls platform.machine() at import).
# winedbg.exe: a crash must end the process with a non-zero status; with winedbg, wine returned 0.
export WINEDLLOVERRIDES="mscoree,mshtml=;wbemprox=d;winedbg.exe=d"
# Wine hands QT_* variables to Windows programs only with a WINE prefix: never show a window here.
export WINEQT_QPA_PLATFORM=offscreen

STARTED=${STARTED:-$(date +%s)}
step() { echo "=== [$(( $(date +%s) - STARTED ))s] $*"; }
die() { echo "windows: $*" >&2; exit 1; }

# Runs a Windows program. Wine 8.0 gives a program whose stdout or stderr is a regular file invalid
# handles (Python dies in init_sys_streams), so its output always goes through a pipe; it is also kept
# in $LOGS/<name>.txt. A crash ("Unhandled exception", winedbg being off) fails, whatever the status.
#   win NAME PROGRAM ARGS...
win() {
    local name=$1; shift
    mkdir -p "$LOGS"
    local log=$LOGS/$name.txt status
    set +e
    wine "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    if grep -aq "Unhandled exception" "$log"; then
        echo "windows: $name crashed (Unhandled exception; see $log)" >&2
        return 1
    fi
    [ "$status" -eq 0 ] || echo "windows: $name ended with status $status (see $log)" >&2
    return "$status"
}

# Like win, but only the log keeps the output (for long, noisy programs); the last lines show on failure.
win_quiet() {
    local name=$1; shift
    if ! win "$name" "$@" >/dev/null; then
        tail -n 40 "$LOGS/$name.txt" >&2
        return 1
    fi
}

# Z:\... for a Linux path (Wine maps / to Z:).
winpath() { printf 'Z:%s' "$(realpath -m "$1" | tr / '\\')"; }

# Debian's packages these scripts need, installed when missing (CI runs as root on a clean machine).
need_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        die "missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})"
    fi
    step "apt-get install ${missing[*]}"
    apt-get update -q >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Ends the prefix's wineserver (and every program left in it) when a script exits, keeping the script's
# exit status (an EXIT trap's own last command would otherwise decide it).
stop_wine() {
    local status=$?
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    exit "$status"
}
