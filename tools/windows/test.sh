#!/usr/bin/env bash
# The core and data-safety tests, run by the Windows Python under Wine (the one build.sh made, with
# pytest and its plugins from the win_amd64 wheels pinned in constraints.txt). Used by .ci/run.
#   tools/windows/test.sh [PYTEST ARGS...]     default: the files below
# Which test files run here, and why the others do not: docs/packaging.md ("Tests under Wine").
set -euo pipefail
source "$(dirname "$0")/wine.sh"

FILES=(tests/test_database.py tests/test_backups.py tests/test_lock.py tests/test_faults.py
       tests/test_exchange.py tests/test_services.py)

main() {
    [ -f "$PY" ] || die "$PY not found: run make dist-windows first"
    trap stop_wine EXIT
    [ $# -gt 0 ] || set -- "${FILES[@]}"
    step "pytest under Wine (Windows CPython 3.12): $*"
    cd "$ROOT"
    win pytest "$PY" -m pytest -q -p no:cacheprovider "$@"
    step "the tests passed under Wine"
}

main "$@"
