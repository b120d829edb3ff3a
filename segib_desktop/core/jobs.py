"""Long jobs run in a child process, so that the window never waits for them.

The GUI starts them with ``gui.widgets.tasks.run_in_process``; the child runs
``child_main`` (a fresh interpreter, started with "spawn" on every system), which
calls one of the top-level job functions below and sends back, through a pipe,
its progress, its log records and its result or its exception. Nothing here
imports Qt: the child never loads PySide6.

The child is part of the program that holds the database's lock, so it opens the
file directly (no lock, no migration, no daily backup) and closes it at the end.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from segib_desktop import errors
from segib_desktop.i18n import N_

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
PROGRESS_EVERY_S = 0.04  # the window polls about this often: sending more is wasted
CANCEL_CHECK_EVERY_S = 0.05
CHILD_NICE = 10  # POSIX niceness of a job: the window's process wins the processor when both want it


class JobDied(errors.SegibError):
    """The child process ended without a result (killed, out of memory, a crash of a library)."""

    message = N_("The task stopped unexpectedly before it finished (code {code}). Nothing was saved; "
                 "try again, and if it happens again, tell the person who supports SEGIB Desktop.")


class JobFailed(Exception):
    """A bug in the child whose exception could not be sent back as itself; carries its type and text."""


class RemoteTraceback(Exception):
    """The child's traceback, chained as the cause of the exception it raised (shown in crash reports)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"\n\"\"\"\n{self.text}\"\"\""


# --- the jobs

def _open(db_path: str | Path, user: str, readonly: bool):
    """The window's database, opened again as the window has it (read-only too: then nothing is written)."""
    from segib_desktop.core.db import Database, is_server
    from segib_desktop.core.workspace import needs_immutable

    if is_server(db_path):  # a server's address (``Database.name``): the server orders the clients
        return Database(db_path, user=user, readonly=readonly)
    path = Path(db_path)
    return Database(path, user=user, readonly=readonly, immutable=readonly and needs_immutable(path))


def _cancellable(progress: Progress | None, cancelled: Any) -> tuple[Callable[[], None], Progress]:
    """An import's ``cancel_point()`` and ``report(done, total)``: both raise ImportCancelled once
    ``cancelled`` (an Event) is set, so that the import stops, writing nothing."""
    from segib_desktop.core import exchange

    last = [0.0]

    def cancel_point() -> None:
        if cancelled is not None and cancelled.is_set():
            raise exchange.ImportCancelled()

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= CANCEL_CHECK_EVERY_S or done >= total:  # Event.is_set takes a lock: not per record
            last[0] = now
            cancel_point()
        if progress is not None:
            progress(done, total)

    return cancel_point, report


def import_file(db_path: str | Path, user: str, path: str | Path, backups_dir: str | Path | None,
                progress: Progress | None = None, cancelled: Any = None, *, readonly: bool = False):
    """``exchange.import_file`` on its own connection. ``cancelled`` (an Event) stops it: nothing is written."""
    from segib_desktop.core import exchange

    cancel_point, report = _cancellable(progress, cancelled)
    cancel_point()
    db = _open(db_path, user, readonly)
    try:
        result = exchange.import_file(db, Path(path), progress=report,
                                      backups_dir=Path(backups_dir) if backups_dir else None)
    finally:
        db.close()
    after_reply(db.checkpoint)  # the window shows the result meanwhile (a large import's log: 0.3 s)
    return result


# What the window imports to read the job's result and errors (ImportResult, ImportProblems), before they
# arrive: imported as the result is unpickled, it would hold the window 25 ms (gui/widgets/tasks.py).
import_file.result_modules = ("segib_desktop.core.exchange",)  # type: ignore[attr-defined]


def import_xlsx(db_path: str | Path, user: str, sheet: Any, mapping: list[str | None], document_id: int,
                backups_dir: str | Path, progress: Progress | None = None, cancelled: Any = None, *,
                readonly: bool = False) -> tuple[list[int], Path]:
    """``xlsx_import.import_rows`` (a read ``Sheet``) on its own connection: the new mandates' ids and the
    backup's path. ``cancelled`` (an Event) stops it: nothing is written."""
    from segib_desktop.core import xlsx_import

    cancel_point, report = _cancellable(progress, cancelled)
    cancel_point()
    db = _open(db_path, user, readonly)
    try:
        result = xlsx_import.import_rows(db, sheet, mapping, document_id, backups_dir=Path(backups_dir),
                                         progress=report)
    finally:
        db.close()
    after_reply(db.checkpoint)
    return result


# Its errors (SheetProblems, ImportCancelled), imported before they arrive (see import_file's).
import_xlsx.result_modules = ("segib_desktop.core.xlsx_import", "segib_desktop.core.exchange")  # type: ignore[attr-defined]


def generate_briefing(db_path: str | Path, user: str, kind: str, subject: str, lang: str, out: str | Path,
                      sections: list[str] | None, progress: Progress | None = None, cancelled: Any = None, *,
                      readonly: bool = False) -> Path:
    """``briefings.generate`` on its own connection; returns the file's path (PDF or Word, by ``out``)."""
    from segib_desktop.core import briefings

    db = _open(db_path, user, readonly)
    try:
        return briefings.generate(db, kind, subject, lang, Path(out), sections=sections, user=user,
                                  progress=progress)
    finally:
        db.close()


# --- the child's side of the pipe

class _PipeLogHandler(logging.Handler):
    """Sends the child's log records to the program, which writes them to its own log file (one writer)."""

    def __init__(self, send: Callable[[tuple], None]):
        super().__init__(logging.INFO)
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + "".join(traceback.format_exception(*record.exc_info))
            self.send(("log", record.name, record.levelno, text))
        except Exception:  # the pipe is gone: the program has quit; nothing to log to
            pass


def _exception_message(exc: BaseException) -> tuple:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)  # an exception that pickles but cannot be rebuilt is sent as text
    except Exception:
        data = None
    return ("error", data, f"{type(exc).__module__}.{type(exc).__qualname__}", str(exc), details)


def lower_priority(pid: int = 0) -> None:
    """A job yields the processor to the window: on two cores, the window and two jobs compete for it.

    ``pid``: a child the window has just started, lowered by the window at once, so that the child's own
    start (an interpreter, then the program's modules: a few tenths of a second of a processor) does not
    compete with the window either; 0: this process, a job lowering itself (a no-op if the window did).
    The job's priority is the window's lowered by ``CHILD_NICE``, whichever of the two sets it.
    """
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal, set_information = 0x4000, 0x0200  # BELOW_NORMAL_PRIORITY_CLASS, PROCESS_SET_INFORMATION
            kernel32 = ctypes.windll.kernel32
            if not pid:
                kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
                return
            handle = kernel32.OpenProcess(set_information, False, pid)
            if handle:
                kernel32.SetPriorityClass(handle, below_normal)
                kernel32.CloseHandle(handle)
        else:
            window = os.getpid() if pid else os.getppid()
            wanted = min(19, os.getpriority(os.PRIO_PROCESS, window) + CHILD_NICE)
            if os.getpriority(os.PRIO_PROCESS, pid) < wanted:
                os.setpriority(os.PRIO_PROCESS, pid, wanted)
    except (OSError, AttributeError):  # not allowed, gone, or not available: run at the normal priority
        pass


class _Stopped(SystemExit):
    """The window ended the child (the program is quitting)."""


def _stop(_signum, _frame) -> None:
    raise _Stopped(143)


_after_reply: list[Callable[[], None]] = []


def after_reply(work: Callable[[], None]) -> None:
    """In a job: ``work`` runs once the job's result has been sent (housekeeping the window need not
    wait for). A failure there changes nothing the window was told."""
    _after_reply.append(work)


def child_main(target: Callable[..., Any], args: tuple, kwargs: dict, conn, cancelled, lang: str | None = None) -> None:
    """Runs in the child: ``target(*args, **kwargs, progress=..., cancelled=...)``; all goes back through ``conn``."""
    lower_priority()
    if sys.platform != "win32":
        # Ended by the window at quit: unwind like an error (a transaction rolls back, a half-written
        # briefing's temporary file is removed) instead of vanishing. Windows ends a process outright.
        signal.signal(signal.SIGTERM, _stop)
    lock = threading.Lock()

    def send(message: tuple) -> None:
        with lock:
            conn.send(message)

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(_PipeLogHandler(send))
    if lang:
        from segib_desktop import i18n

        i18n.set_language(lang)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done <= 0 or done >= total or now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            send(("progress", int(done), int(total)))

    try:
        result = target(*args, **kwargs, progress=progress, cancelled=cancelled)
    except _Stopped:
        conn.close()  # nobody is listening any more
        return
    except BaseException as exc:  # delivered to the window, which decides (a known error or the crash path)
        message = _exception_message(exc)
    else:
        message = ("done", result)
    try:
        send(message)
    except Exception as exc:  # a result that cannot be pickled is a bug of the job: say which
        send(_exception_message(exc))
    finally:
        conn.close()
    root.handlers.clear()  # the window no longer listens
    while _after_reply:
        try:
            _after_reply.pop(0)()
        except Exception:
            pass  # the result stands; what was left undone is done later (SQLite folds its log at a later commit)


def rebuild_exception(data: bytes | None, type_name: str, text: str, details: str) -> BaseException:
    """The child's exception as itself where it can be, else a JobFailed naming it; the child's traceback as cause."""
    exc: BaseException | None = None
    if data is not None:
        try:
            exc = pickle.loads(data)
        except Exception:
            exc = None
    if exc is None:
        exc = JobFailed(f"{type_name}: {text}")
    exc.__cause__ = RemoteTraceback(details)
    return exc
