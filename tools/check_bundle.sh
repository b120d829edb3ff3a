#!/usr/bin/env bash
# Checks a built bundle as a user's machine would run it (used by .ci/run after make dist):
#   1. its self-test passes with no Python on the PATH, an empty environment and a fresh home folder;
#   2. portable mode: with a file named "portable" beside the executable, the program keeps its database,
#      settings and logs in data/ beside it, and writes nothing to the home folder;
#   3. the translations ship compiled (messages.json), without .po files that could look newer;
#   4. a PostgreSQL server: the bundle prepares, fills, searches and exports a database on a real cluster
#      (tools/check_bundle_server.py, which starts one with PostgreSQL's initdb: make postgresql installs it);
#   5. the size budget (docs/packaging.md).
# Exits non-zero when any of them fails.
set -euo pipefail
bundle=${1:-dist/segib-desktop}
budget_mb=${BUNDLE_BUDGET_MB:-150}
exe="$bundle/segib-desktop"
[ -x "$exe" ] || { echo "check_bundle: $exe not found; run make dist first" >&2; exit 1; }

scratch=$(mktemp -d)
cleanup() { rm -rf "$scratch" "$bundle/portable" "$bundle/data"; }
trap cleanup EXIT
mkdir -p "$scratch/bin" "$scratch/home" "$scratch/home2"  # bin/ is an empty PATH: no Python, no tools
if env -i PATH="$scratch/bin" sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
    echo "check_bundle: Python is still on the PATH" >&2; exit 1
fi
run() { env -i PATH="$scratch/bin" HOME="$1" QT_QPA_PLATFORM=offscreen "${@:2}"; }

echo "== self-test of $exe (no Python on the PATH)"
run "$scratch/home" "$exe" self-test

echo "== portable mode"
touch "$bundle/portable"
run "$scratch/home2" "$exe" self-test --start-only >/dev/null  # opens the program's window, then quits
for file in segib.sqlite3 settings.ini logs/segib-desktop.log; do
    [ -f "$bundle/data/$file" ] || { echo "check_bundle: portable mode did not write $bundle/data/$file" >&2; exit 1; }
done
if [ -n "$(find "$scratch/home2" -mindepth 1 -print -quit)" ]; then
    echo "check_bundle: portable mode wrote to the home folder:" >&2; find "$scratch/home2" >&2; exit 1
fi
echo "database, settings and logs in $bundle/data/, nothing in the home folder"

echo "== translations"
for lang in es pt; do
    [ -f "$bundle/_internal/resources/i18n/$lang/messages.json" ] || {
        echo "check_bundle: no compiled translations for $lang" >&2; exit 1; }
done
if [ -n "$(find "$bundle" -name '*.po' -print -quit)" ]; then
    echo "check_bundle: .po files in the bundle (parsed at every start if they look newer):" >&2
    find "$bundle" -name '*.po' >&2; exit 1
fi
echo "compiled, without .po files"

echo "== a PostgreSQL server"
"${PYTHON:-$(dirname "$0")/../.venv/bin/python}" "$(dirname "$0")/check_bundle_server.py" "$exe"

echo "== size"
size_mb=$(du -sm "$bundle" | cut -f1)
echo "$bundle: $size_mb MB (budget $budget_mb MB)"
[ "$size_mb" -le "$budget_mb" ] || { echo "check_bundle: the bundle is over its budget" >&2; exit 1; }
echo "check_bundle: all checks passed"
