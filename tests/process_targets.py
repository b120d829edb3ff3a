"""Jobs for the child-process tests (tests/test_process_tasks.py). No Qt here: children import this module."""

from __future__ import annotations

import logging
import os
import sys
import time

from segib_desktop import errors
from segib_desktop.core import jobs

log = logging.getLogger("tests.process_targets")


class Unpicklable(Exception):
    def __init__(self, handle):
        super().__init__("cannot travel")
        self.handle = handle


def count_to(n: int, progress=None, cancelled=None) -> int:
    log.info("counting to %d in process %d", n, os.getpid())
    for i in range(n + 1):
        progress(i, n)
    return n * 2


def die(code: int, progress=None, cancelled=None) -> None:
    progress(1, 10)
    os._exit(code)  # a crash: no exception, no result


def die_like_a_briefing(*args, progress=None, cancelled=None, **kwargs) -> None:
    os._exit(9)


def fail(kind: str, progress=None, cancelled=None) -> None:
    if kind == "bug":
        raise ValueError("a bug in the child")
    if kind == "unpicklable":
        raise Unpicklable(lambda: None)
    raise errors.ValidationError({"title": "Required."})


def wait_for_cancel(progress=None, cancelled=None) -> None:
    progress(0, 1)
    deadline = time.monotonic() + 120  # never forever, whatever happens to the test
    while not cancelled.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    raise errors.SegibError("Cancelled in the child.")


def briefing_then_modules(db_path: str, user: str, out: str, progress=None, cancelled=None) -> list[str]:
    """Runs the real briefing job, then says which Qt modules the child had loaded (none, it must be)."""
    jobs.generate_briefing(db_path, user, "summit", "30", "es", out, None, progress=progress, cancelled=cancelled)
    return sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6")))


def niceness(progress=None, cancelled=None) -> int:
    """The child's own scheduling priority (POSIX niceness), as the job runs."""
    return os.getpriority(os.PRIO_PROCESS, 0)
