#!/usr/bin/env bash
# The core and data-safety tests, run by the Windows Python under Wine (the one build.sh made, with
# pytest and its plugins from the win_amd64 wheels pinned in constraints.txt). Used by .ci/run.
#   tools/windows/test.sh [PYTEST ARGS...]     default: the files below
# Which test files run here, and why the others do not: docs/packaging.md ("Tests under Wine").
set -euo pipefail
source "$(dirname "$0")/wine.sh"

# About half a second a test under Wine on a quiet machine (ten times that when 8 builds share it).
FILES=(tests/test_database.py tests/test_backups.py tests/test_lock.py tests/test_exchange.py
       tests/test_services.py tests/test_running.py
       # a search index damaged: from SQLite 3.44 (the Windows Python's) quick_check itself finds it
       tests/test_search.py::test_where_quick_check_finds_only_the_search_index_damaged_it_is_rebuilt
       tests/test_search.py::test_a_damaged_search_index_is_rebuilt_by_the_background_check
       tests/test_search.py::test_only_damage_in_the_search_index_is_told_apart)
# Not here: tests/test_faults.py makes its faults with Linux's mount (a tmpfs for a full disk, read-only
# bind mounts) and POSIX resource limits, which Windows has no equivalent of that a test could make.
# Tests that check something Windows does not have (each also in docs/packaging.md):
POSIX_ONLY=(
    # Files "readable by their owner only" are POSIX modes (0o600); on Windows the user's folders are
    # private by their ACL, and Python's st_mode shows 0o666 for every writable file.
    tests/test_database.py::test_a_new_database_is_readable_by_its_owner_only
    tests/test_backups.py::test_a_backup_is_made_with_the_backup_api_and_is_a_private_valid_database
    tests/test_backups.py::test_a_migration_backs_up_through_make_backup
    tests/test_backups.py::test_restore_brings_back_the_backup_and_keeps_the_replaced_database
    tests/test_backups.py::test_restoring_over_a_damaged_database_keeps_a_raw_copy_of_it
    tests/test_exchange.py::test_an_export_is_private_stable_and_carries_no_time
    # Written with POSIX signals (SIGKILL), which Windows does not have.
    tests/test_lock.py::test_a_killed_program_leaves_no_lock_behind
    tests/test_exchange.py::test_a_kill_in_the_middle_of_a_large_import_leaves_all_or_nothing
)

main() {
    [ -f "$PY" ] || die "$PY not found: run make dist-windows first"
    trap stop_wine EXIT
    local posix
    [ $# -gt 0 ] || set -- "${FILES[@]}"
    for posix in "${POSIX_ONLY[@]}"; do set -- "$@" --deselect "$posix"; done
    # The PostgreSQL runs of the both-engines modules start a server of their own (initdb, pg_ctl), which
    # the Windows Python under Wine has none of: the SQLite runs are what the Windows program uses.
    set -- "$@" -k "not postgresql"
    step "pytest under Wine (Windows CPython 3.12): $*"
    cd "$ROOT"
    win pytest "$PY" -m pytest -q -p no:cacheprovider "$@"
    step "the tests passed under Wine"
}

main "$@"
