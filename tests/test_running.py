"""The mutex that tells the Windows installer SEGIB Desktop is running (segib_desktop/running.py).

On Windows (tools/windows/test.sh runs this file with the Windows Python under Wine) a process that holds
it is seen from another, and the mutex goes with the process however it ends; elsewhere it is a no-op that
never fails. tools/windows/check.sh checks the installer against the installed program itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from segib_desktop import running

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"


def _holder(name: str) -> subprocess.Popen:
    """Another process that holds ``name`` and says so, then waits for its end."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from segib_desktop import running
        running.hold({name!r})
        print("held", flush=True)
        time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_another_running_copy_is_seen_and_a_killed_one_leaves_nothing_behind():
    name = f"Local\\SEGIBDesktopTest{os.getpid()}"  # not the real name: a copy the developer has open
    assert not running.is_held(name)
    holder = _holder(name)
    try:
        assert running.is_held(name) is WINDOWS
        holder.kill()  # TerminateProcess on Windows: as a crash, no clean-up of the program's own
        holder.wait(timeout=30)
        assert not running.is_held(name)
    finally:
        holder.kill()
        holder.stdout.close()


def test_holding_twice_in_one_process_keeps_one_handle(monkeypatch):
    name = f"Local\\SEGIBDesktopTwice{os.getpid()}"
    monkeypatch.setattr(running, "_held", {})
    running.hold(name)
    running.hold(name)
    assert len(running._held) == (1 if WINDOWS else 0)
    assert running.is_held(name) is WINDOWS


def test_every_start_of_the_program_holds_the_mutex(monkeypatch, capsys):
    """Through cli.main, before anything else: the window and every command of both executables."""
    from segib_desktop import cli

    held = []
    monkeypatch.setattr(running, "hold", lambda: held.append(running.MUTEX_NAME))
    with pytest.raises(SystemExit) as done:  # argparse ends --version: after the mutex
        cli.main(["--version"])
    assert done.value.code == 0
    assert held == [running.MUTEX_NAME]
    assert "SEGIB Desktop" in capsys.readouterr().out



def test_the_installer_asks_for_the_same_name():
    installer = (ROOT / "tools" / "windows" / "installer.nsi").read_text(encoding="utf-8")
    assert f'"{running.MUTEX_NAME}"' in installer
