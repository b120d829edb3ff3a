#!/usr/bin/env bash
# Checks the Windows program built by tools/windows/build.sh, under Wine (used by .ci/run):
#   the bundle's self-test and its GUI session (self-test --gui), the windowed program's start, its size;
#   the user's folders under %LOCALAPPDATA%; output in the console's code page (cp1252);
#   a database in a folder with spaces, accents and '#' and at a path longer than 260 characters,
#   backed up and restored by the bundle; a database on a network drive (rollback journal, not WAL);
#   a database on a PostgreSQL server: the Linux cluster of tools/pgcluster.py, over loopback TCP;
#   the installer: silent install (also with /D=), the installed program's self-test, its entry in the
#   list of programs, and a silent uninstall that leaves the user's data; an install and an uninstall
#   while the program (the window, the console program, a copy elsewhere) runs, and an install while
#   another program holds a file of it: exit status 2, nothing replaced or removed; done once closed.
# Exits non-zero at the first check that fails.
set -euo pipefail
source "$(dirname "$0")/wine.sh"

CLI=$BUNDLE/segib-desktop-cli.exe
SCRATCH=$WORK/check
VERSION=""

# The output of a Windows program, as the Windows code page wrote it, in UTF-8.
from_ansi() { iconv -f cp1252 -t utf-8 "$LOGS/$1.txt"; }
expect() {  # expect NAME TEXT: the program's output (decoded) contains TEXT
    from_ansi "$1" | grep -qF -- "$2" || die "$1: the output does not contain «$2» (see $LOGS/$1.txt)"
}
# SQLite's header byte 18: 1 for the rollback journal, 2 for WAL.
journal_of() { od -An -tu1 -j18 -N1 "$1" | tr -d ' '; }
# A Windows folder (%NAME%) as a Linux path.
win_folder() { winepath -u "$(wine cmd /c "echo %$1%" 2>/dev/null | tr -d '\r')" 2>/dev/null; }

bundle() {
    step "the programs' manifest: run as the user (asInvoker), long paths allowed (longPathAware)"
    local exe
    for exe in segib-desktop.exe segib-desktop-cli.exe; do
        grep -aq 'level="asInvoker"' "$BUNDLE/$exe" && grep -aq '<longPathAware[^>]*>true' "$BUNDLE/$exe" \
            || die "$exe: its manifest does not say asInvoker and longPathAware"
    done
    step "the bundle's self-test"
    win selftest "$CLI" self-test
    expect selftest "Autocomprobación superada"
    step "the GUI session: every page, briefings es/pt, backup, export, import, restore (self-test --gui)"
    win selftest-gui "$CLI" --lang en self-test --gui  # the report in English, the window in Spanish
    # Under Wine a program killed from outside (wineserver -k) ends with status 0: its last line counts.
    expect selftest-gui "GUI self-test passed: 9 steps."
    step "the windowed program starts (--version)"
    win version "$BUNDLE/segib-desktop.exe" --version
    step "the size budget (the Linux bundle's, docs/packaging.md)"
    local size_mb budget_mb=${BUNDLE_BUDGET_MB:-150}
    size_mb=$(du -sm "$BUNDLE" | cut -f1)
    echo "$BUNDLE: $size_mb MB (budget $budget_mb MB)"
    [ "$size_mb" -le "$budget_mb" ] || die "the Windows bundle is over its budget"
}

console() {
    step "output in the console's code page"
    expect selftest-gui "páginas visitadas"  # Spanish accents, as cp1252 wrote them
    mkdir -p "$SCRATCH/Ωmega"
    echo "not a database" > "$SCRATCH/Ωmega/año.sqlite3"
    # A character cp1252 lacks (Ω) becomes "?", never a crash; the status is the usual 1.
    if win not-a-database "$CLI" --lang es db info --db "$(winpath "$SCRATCH/Ωmega/año.sqlite3")" 2>/dev/null; then
        die "db info accepted a file that is not a database"
    fi
    expect not-a-database "?mega"
    expect not-a-database "año.sqlite3 no es una base de datos"
}

user_folders() {
    step "the user's folders under %LOCALAPPDATA%"
    local local_app_data
    local_app_data=$(win_folder LOCALAPPDATA)
    [ -d "$local_app_data" ] || die "%LOCALAPPDATA% not found"
    win db-default "$CLI" db upgrade
    for file in segib-desktop/segib.sqlite3 segib-desktop/Logs/segib-desktop.log; do
        [ -f "$local_app_data/$file" ] || die "no %LOCALAPPDATA%\\$file"
    done
    [ "$(journal_of "$local_app_data/segib-desktop/segib.sqlite3")" = 2 ] || die "the local database is not in WAL mode"
    echo "database and log in $local_app_data/segib-desktop, WAL"
}

# backup_restore NAME DB_FOLDER: a database there, backed up, changed, restored: as it was at the backup.
backup_restore() {
    local name=$1 folder=$2 db backups
    mkdir -p "$folder"
    db=$(winpath "$folder/segib.sqlite3")
    backups=$(winpath "$folder/copias de seguridad")
    win "$name-create" "$CLI" --lang es db upgrade --db "$db" >/dev/null
    win "$name-before" "$CLI" --lang es db info --db "$db" >/dev/null
    win "$name-backup" "$CLI" --lang es backup --db "$db" --to "$backups" >/dev/null
    win "$name-change" "$CLI" --lang es demo --db "$db" >/dev/null
    local made
    made=$(ls "$folder/copias de seguridad/"*-manual*.sqlite3)
    win "$name-restore" "$CLI" --lang es restore "$(winpath "$made")" --db "$db" >/dev/null
    win "$name-after" "$CLI" --lang es db info --db "$db" >/dev/null
    cmp -s "$LOGS/$name-before.txt" "$LOGS/$name-after.txt" \
        || die "$name: the restored database differs from the backed-up one ($LOGS/$name-before.txt, -after.txt)"
    expect "$name-restore" "se ha restaurado"
    echo "backed up, changed, restored: as before, in $folder"
}

paths() {
    step "a database in «Equipo #1/Año 2026 – Cumbre», backed up by the bundle and restored"
    backup_restore special "$SCRATCH/Equipo #1/Año 2026 – Cumbre"
    step "a database at a path longer than 260 characters: created, backed up beside it, restored"
    local long=$SCRATCH/largo
    while [ "$(winpath "$long/segib.sqlite3" | wc -c)" -le 300 ]; do long="$long/carpeta con un nombre largo"; done
    mkdir -p "$long"
    local db
    db=$(winpath "$long/segib.sqlite3")
    win long-create "$CLI" --lang es db upgrade --db "$db" >/dev/null
    win long-backup "$CLI" --lang es backup --db "$db" --to "$(winpath "$long/copias")" >/dev/null
    win long-restore "$CLI" --lang es restore "$(winpath "$(ls "$long"/copias/*-manual*.sqlite3)")" --db "$db" >/dev/null
    expect long-restore "se ha restaurado"
}

network_drive() {
    step "a database on a network drive (N:, Wine's drive type 'network'): rollback journal, not WAL"
    local share=$SCRATCH/share
    mkdir -p "$share"
    ln -sfn "$share" "$WINEPREFIX/dosdevices/n:"
    win reg-network reg add 'HKLM\Software\Wine\Drives' /v n: /d network /f >/dev/null
    wineserver -k || true; wineserver -w || true  # the drive type is read when the wineserver starts
    win network "$CLI" --lang es db upgrade --db 'N:\segib.sqlite3' >/dev/null
    win network-demo "$CLI" --lang es demo --db 'N:\segib.sqlite3' >/dev/null
    [ "$(journal_of "$share/segib.sqlite3")" = 1 ] || die "the database on the network drive is in WAL mode"
    [ ! -e "$share/segib.sqlite3-wal" ] || die "a -wal file was left on the network drive"
    echo "rollback journal on N:"
}

server() {
    step "a PostgreSQL server database: a Linux cluster, reached by the Windows program over loopback TCP"
    "$ROOT/.venv/bin/python" "$ROOT/tools/check_bundle_server.py" --wine "$CLI"
}

# Whether a copy of SEGIB Desktop runs: its mutex (segib_desktop/running.py), as the Windows Python (from
# the source tree) sees it from another process.
IS_HELD="import sys; from segib_desktop import running; sys.exit(not running.is_held())"

# none_running: no copy of SEGIB Desktop runs.
none_running() {
    if win none-running "$PY" -c "$IS_HELD" >/dev/null 2>&1; then die "SEGIB Desktop is running already"; fi
}

# start_installed NAME EXE [ARGS...]: an installed program started in the background and left running, as a
# user leaves it open (the window offscreen); RUNNING is its pid. Ready once it holds its mutex.
start_installed() {
    local name=$1 waited=0; shift
    none_running
    mkdir -p "$LOGS"
    wine "$@" > >(cat > "$LOGS/$name.txt") 2>&1 &  # a pipe, never a file (wine.sh)
    RUNNING=$!
    # Not "| cat": the wineserver, when this Python starts it, keeps that pipe open as long as the
    # program runs, and the pipeline would never end.
    until wine "$PY" -c "$IS_HELD" > >(cat >> "$LOGS/$name-wait.txt") 2>&1; do
        kill -0 "$RUNNING" 2>/dev/null || die "$name ended before it ran (see $LOGS/$name.txt)"
        [ $((waited += 3)) -le 300 ] || die "$name: not running after 300 s (see $LOGS/$name.txt)"
        sleep 3
    done
    echo "$name: running (pid $RUNNING)"
}

# stop_installed: ends the program start_installed started (Wine ends it on SIGTERM: Windows closes its
# handles, its mutex with them), and waits for every Windows program of the prefix to end.
stop_installed() {
    kill "$RUNNING"
    wait "$RUNNING" || true
    wineserver -w
}

# hold NAME CODE [ARGS...]: the Windows Python (with the source tree) runs CODE, which takes hold of
# something, and keeps it until release; HOLDER is its pid.
hold() {
    local name=$1 code=$2 waited=0; shift 2
    wine "$PY" -c "import sys, time
$code
print('held', flush=True)
time.sleep(600)" "$@" > >(cat > "$LOGS/$name.txt") 2>&1 &
    HOLDER=$!
    until grep -q held "$LOGS/$name.txt" 2>/dev/null; do
        kill -0 "$HOLDER" 2>/dev/null || die "$name ended (see $LOGS/$name.txt)"
        [ $((waited += 1)) -le 120 ] || die "$name: nothing held after 120 s"
        sleep 1
    done
}
release() {
    kill "$HOLDER"
    wait "$HOLDER" || true
    wineserver -w
}
# A file opened sharing nothing, as a backup agent or an antivirus scan can.
HOLD_FILE="import ctypes
k = ctypes.WinDLL('kernel32', use_last_error=True)
k.CreateFileW.restype = ctypes.c_void_p
h = k.CreateFileW(sys.argv[1], 0x80000000, 0, None, 3, 0, None)  # GENERIC_READ, no sharing, OPEN_EXISTING
if h in (None, ctypes.c_void_p(-1).value):  # INVALID_HANDLE_VALUE
    sys.exit(f'cannot open {sys.argv[1]}: Windows error {ctypes.get_last_error()}')"

# refused NAME PROGRAM ARGS...: the installer or uninstaller, run silent, must end with status 2.
refused() {
    local name=$1 status=0; shift
    win "$name" "$@" 2>/dev/null || status=$?
    [ "$status" -eq 2 ] || die "$name: exit status $status, not 2 (see $LOGS/$name.txt)"
    echo "$name: refused, exit status 2"
}

# The files a running program has loaded, and one it has not (base_library.zip): marked with 3 bytes at
# their end (harmless to the program) to tell whether an install of the same version replaced them.
MARKED=(segib-desktop.exe segib-desktop-cli.exe _internal/python312.dll _internal/PySide6/Qt6Core.dll
        _internal/_sqlite3.pyd _internal/base_library.zip)
marked() {  # marked FOLDER: how many of MARKED in FOLDER still end with the mark
    local file count=0
    for file in "${MARKED[@]}"; do
        [ "$(tail -c 3 "$1/$file" 2>/dev/null)" = OLD ] && count=$((count + 1))
    done
    echo "$count"
}

# running_program SETUP INSTALLED KEY SHORTCUT: an upgrade or an uninstall while SEGIB Desktop runs (the
# window, then the console program) is refused, silent, with exit status 2 and nothing replaced or removed;
# so is an upgrade while another program holds one of its files; once closed, the upgrade replaces all.
running_program() {
    local setup=$1 installed=$2 key=$3 shortcut=$4 file short
    # NSIS's uninstaller copies itself to %TEMP% and returns 0 at once; with _?= it runs where it is and
    # returns its own status. _?= takes the rest of the line, unquoted, and Wine quotes an argument with a
    # space: the folder's short name has none.
    short=$(winepath -s "$(winepath -w "$installed")" | tr -d '\r')
    for file in "${MARKED[@]}"; do printf 'OLD' >> "$installed/$file"; done

    step "installer and uninstaller while the window runs: refused (status 2), nothing replaced or removed"
    start_installed running-window "$installed/segib-desktop.exe"
    refused setup-running "$setup" /S
    refused uninstall-running "$installed/uninstall.exe" /S "_?=$short"
    stop_installed
    step "installer and uninstaller while segib-desktop-cli.exe runs (the window, from a console): refused"
    start_installed running-cli "$installed/segib-desktop-cli.exe" --lang es
    refused setup-running-cli "$setup" /S
    refused uninstall-running-cli "$installed/uninstall.exe" /S "_?=$short"
    stop_installed
    [ "$(marked "$installed")" -eq ${#MARKED[@]} ] || die "a refused install or uninstall replaced or removed files"
    [ -f "$shortcut" ] || die "a refused uninstall removed the Start-menu shortcut"
    win reg-kept reg query "$key" /v DisplayVersion >/dev/null || die "a refused uninstall removed $key"
    echo "every file as it was; shortcut and entry kept"

    step "installer and uninstaller while a copy elsewhere holds the mutex (not the installed files): refused"
    none_running
    hold mutex-holder "from segib_desktop import running; running.hold()"
    refused setup-mutex "$setup" /S
    refused uninstall-mutex "$installed/uninstall.exe" /S "_?=$short"
    release
    [ "$(marked "$installed")" -eq ${#MARKED[@]} ] || die "a refused install or uninstall replaced or removed files"

    step "installer while another program holds a file of the program: status 2, not success"
    none_running
    hold file-holder "$HOLD_FILE" "$(winpath "$installed/_internal/base_library.zip")"
    refused setup-held "$setup" /S
    release

    step "installer with the program closed: every file replaced"
    win setup-upgrade "$setup" /S
    wineserver -w
    [ "$(marked "$installed")" -eq 0 ] || die "the upgrade left $(marked "$installed") old files in $installed"
    win upgraded-version "$installed/segib-desktop.exe" --version
    echo "upgraded: no old file left"
}

installer() {
    VERSION=$(cd "$ROOT" && "$ROOT/.venv/bin/python" -c "import segib_desktop as s; print(s.__version__)")
    local setup=$DIST/segib-desktop-$VERSION-setup.exe local_app_data roaming key
    local_app_data=$(win_folder LOCALAPPDATA)
    roaming=$(win_folder APPDATA)
    local installed="$local_app_data/Programs/SEGIB Desktop" shortcut="$roaming/Microsoft/Windows/Start Menu/Programs/SEGIB Desktop.lnk"
    key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\SEGIB Desktop'
    [ -f "$setup" ] || die "$setup not found"

    step "installer: silent, per user (/S)"
    win setup "$setup" /S
    wineserver -w
    [ -f "$installed/segib-desktop.exe" ] && [ -f "$installed/segib-desktop-cli.exe" ] || die "not installed in $installed"
    [ -f "$shortcut" ] || die "no Start-menu shortcut"
    win reg-query reg query "$key" /v DisplayVersion >/dev/null
    grep -q "$VERSION" "$LOGS/reg-query.txt" || die "the list of programs does not show version $VERSION"
    step "the installed program's self-test"
    win installed-selftest "$installed/segib-desktop-cli.exe" self-test
    win installed-data "$installed/segib-desktop-cli.exe" db upgrade >/dev/null  # the user's data
    running_program "$setup" "$installed" "$key" "$shortcut"
    step "uninstall, silent"
    win uninstall "$installed/uninstall.exe" /S
    wineserver -w
    [ ! -e "$installed" ] || die "the uninstaller left $installed"
    [ ! -e "$shortcut" ] || die "the uninstaller left the Start-menu shortcut"
    if win reg-gone reg query "$key" >/dev/null 2>&1; then die "the uninstaller left $key"; fi
    [ -f "$local_app_data/segib-desktop/segib.sqlite3" ] || die "the uninstaller removed the user's database"
    echo "installed, checked, uninstalled; the user's data stays"

    step "installer: silent, into another folder (/D=)"
    local other=$SCRATCH/OtraCarpeta  # NSIS reads /D= to the end of the line, unquoted: Wine would quote a space
    win setup-d "$setup" /S "/D=$(winpath "$other")"
    wineserver -w
    [ -f "$other/segib-desktop-cli.exe" ] || die "/D= did not install into $other"
    win uninstall-d "$other/uninstall.exe" /S
    wineserver -w
    [ ! -e "$other/segib-desktop-cli.exe" ] || die "the uninstaller left $other"
}

ALL=(bundle console user_folders paths network_drive server installer)

main() {  # check.sh [CHECK...]: the checks named (default: all of them, in this order)
    [ -f "$CLI" ] || die "$CLI not found: run make dist-windows first"
    trap stop_wine EXIT
    rm -rf "$SCRATCH"
    mkdir -p "$SCRATCH"
    local check
    for check in "${@:-${ALL[@]}}"; do
        "$check"
    done
    step "all Windows checks passed: ${*:-${ALL[*]}}"
}

main "$@"
