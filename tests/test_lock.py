"""One program per database, and no stale lock after a crash."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from segib_desktop import errors
from segib_desktop.core.workspace import open_workspace


def test_a_second_copy_on_the_same_database_is_refused_and_writes_nothing(dirs):
    first = open_workspace(dirs.default_db, dirs)
    before = dirs.default_db.read_bytes()
    try:
        with pytest.raises(errors.DatabaseInUse) as info:
            open_workspace(dirs.default_db, dirs)
        assert "ya está abierta en otra copia" in info.value.user_message()
        assert dirs.default_db.read_bytes() == before
    finally:
        first.close()
    open_workspace(dirs.default_db, dirs).close()  # free again once the first copy closed


def test_a_killed_program_leaves_no_lock_behind(dirs, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from segib_desktop import paths
        from segib_desktop.core.workspace import open_workspace
        dirs = paths.user_dirs(Path({str(dirs.data)!r}))
        ws = open_workspace(dirs.default_db, dirs)
        print("open", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(errors.DatabaseInUse):
            open_workspace(dirs.default_db, dirs)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        open_workspace(dirs.default_db, dirs).close()
    finally:
        holder.kill()
        holder.stdout.close()


@pytest.mark.allow_log(r"cannot lock files")
def test_a_folder_that_cannot_lock_files_still_opens(dirs, monkeypatch, caplog):
    """Some network shares refuse locks altogether: the program works on (as SQLite does) and logs it."""
    import errno

    from segib_desktop.core import lock

    def unsupported(_fd):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock, "_try_lock", unsupported)
    ws = open_workspace(dirs.default_db, dirs)
    try:
        assert ws.db.path == dirs.default_db
        assert "cannot lock files" in caplog.text
    finally:
        ws.close()
