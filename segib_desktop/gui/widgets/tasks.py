"""Running work off the UI thread and getting its result back on it.

``run_in_background``: a thread of the pool, for short work (loading a list).
``run_in_process``: a child process, for the long jobs that hold Python's lock
(an import, a briefing), so that the window keeps answering while they run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from segib_desktop import errors, i18n

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)  # done, total


class _Runnable(QRunnable):
    def __init__(self, fn: Callable, signals: _Signals, with_progress: bool):
        super().__init__()
        self.fn, self.signals, self.with_progress = fn, signals, with_progress

    def run(self) -> None:
        fn, signals = self.fn, self.signals
        # PySide6 keeps this wrapper after the pool has run it: what it holds (the job's arguments, the rows of
        # a list) would stay alive for good, one more copy at each reload. The window's thread holds them too
        # (``_running``) and lets them go once delivered: freed here, a job's closure could free a Python
        # slot of a widget, whose disconnection in this thread waits for Python's lock while holding Qt's,
        # which the window's thread, holding Python's, waited for (a dead lock seen closing a progress dialog).
        self.fn = self.signals = None
        try:
            result = fn(signals.progress.emit) if self.with_progress else fn()
        except BaseException as exc:  # delivered to the UI thread, which decides
            signals.failed.emit(exc)
        else:
            signals.done.emit(result)


_running: dict[_Signals, Callable] = {}  # each job's signals and function, until delivered (window's thread)


def _owner_gone(callback, owner: QObject | None = None) -> bool:
    """True if the widget ``callback`` works on was deleted meanwhile (a language switch, another database, a
    form closed and deleted): ``owner``, the object of a bound method, or a Qt object that a lambda or an
    inner function captured (its ``self``, say). Calling it then would reach a deleted widget."""
    objects = [owner, getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            objects.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            pass
    return any(isinstance(o, QObject) and not shiboken6.isValid(o) for o in objects)


def outage_logged(what: str) -> Callable[[BaseException], None]:
    """``on_error`` for a read the window makes by itself (a page's figures, texts folded ahead of a filter,
    the search as one types): a server that cannot be reached is logged, since the window's banner says so
    (gui/server_watch.py) and a message for each read would be one dialog after another; any other error is
    raised as without it: a known one is said in a message, a bug gets the crash dialog."""
    def failed(exc: BaseException) -> None:
        if not isinstance(exc, errors.ServerConnectionLost):
            raise exc
        log.info("%s: %s", what, exc)
    return failed


def run_in_background(fn: Callable[..., Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None,
                      on_progress: Callable[[int, int], None] | None = None, *,
                      owner: QObject | None = None) -> None:
    """Runs ``fn`` in the thread pool; ``on_done``/``on_error`` run on the UI thread, unless the widget they
    work on (``owner``, a bound method's object, a Qt object a lambda captured) was deleted meanwhile.

    With ``on_progress``, ``fn`` receives a ``report(done, total)`` callable.
    """
    signals = _Signals()
    _running[signals] = fn  # kept alive until it has delivered, and let go on this thread

    def finish(callback, value):
        _running.pop(signals, None)
        # Delivered once: the connected lambdas hold the callbacks and what they captured (a list's rows), and
        # a connection is not seen by Python's collector, so they are cut here.
        for signal in (signals.done, signals.failed, signals.progress)[:3 if on_progress is not None else 2]:
            signal.disconnect()
        signals.deleteLater()
        if _owner_gone(callback, owner):
            return  # its widget was closed meanwhile (language switch, another database)
        if callback is not None:
            callback(value)
        elif isinstance(value, BaseException):
            raise value

    signals.done.connect(lambda result: finish(on_done, result))
    signals.failed.connect(lambda exc: finish(on_error, exc))
    if on_progress is not None:
        signals.progress.connect(lambda done, total: None if _owner_gone(on_progress, owner)
                                 else on_progress(done, total))
    QThreadPool.globalInstance().start(_Runnable(fn, signals, on_progress is not None))


# --- child processes

POLL_MS = 40  # how often the window reads a child's messages
QUIT_WAIT_S = 5.0


class ProcessTask:
    """A job running in a child process (see ``run_in_process``); ``cancel()`` asks it to stop."""

    def __init__(self, target: Callable[..., Any], args: tuple, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int], None] | None, kwargs: dict | None = None):
        from segib_desktop.core import jobs  # here: the first screen starts no job

        self.on_done, self.on_error, self.on_progress = on_done, on_error, on_progress
        self._jobs = jobs
        self.name = f"segib-{getattr(target, '__name__', 'job')}"
        self.process: Any = None  # the multiprocessing.Process, once launched
        self._conn: Any = None
        self._cancelled: Any = None
        self._cancel_asked = False
        self.outcome: tuple[str, Any] | None = None  # ("done", result) or ("error", exception)
        self._eof = False
        # Launched by a thread: multiprocessing's first import and its resource tracker, the pipe's and the
        # event's semaphores, and the start of an interpreter wait for the disk and the processor (30-100 ms
        # on a busy machine), time in which the window would not answer.
        self._launch_error: BaseException | None = None
        self._launcher = threading.Thread(target=self._launch, args=(target, tuple(args), dict(kwargs or {}),
                                                                     i18n.active().lang),
                                          name=self.name, daemon=True)
        self._launcher.start()
        # Polled by a timer on the UI thread: no Qt signal crosses threads, no thread waits on the child.
        self._timer = QTimer(interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _launch(self, target: Callable[..., Any], args: tuple, kwargs: dict, lang: str | None) -> None:
        import importlib
        import multiprocessing

        conn = None
        try:
            context = multiprocessing.get_context("spawn")  # the same on every system; never fork a Qt process
            conn, child_conn = context.Pipe(duplex=False)
            cancelled = context.Event()
            process = context.Process(target=self._jobs.child_main, name=self.name, daemon=True,
                                      args=(target, args, kwargs, child_conn, cancelled, lang))
            try:
                process.start()
                self._jobs.lower_priority(process.pid)  # at once: its own start competes with the window too
            finally:
                child_conn.close()  # the child holds the only writing end: its death is an end of file here
            self._conn, self._cancelled, self.process = conn, cancelled, process
            if self._cancel_asked:
                cancelled.set()
            # What the window needs to read the job's result, imported here and not as it arrives (the
            # import's result: core.exchange, 25 ms).
            for module in getattr(target, "result_modules", ()):
                importlib.import_module(module)
        except BaseException as exc:  # delivered by the next poll, as the job's own error would be
            if self.process is None and conn is not None:
                conn.close()
            self._launch_error = exc

    @property
    def running(self) -> bool:
        return self.outcome is None

    def cancel(self) -> None:
        """Asks the job to stop at its next progress report (an import then writes nothing)."""
        self._cancel_asked = True  # the job is still being launched: it is asked as soon as it is
        if self._cancelled is not None:
            self._cancelled.set()

    def _poll(self) -> None:
        if self._launcher.is_alive():
            return
        if self.process is None:  # it could not be launched
            if self.outcome is None:
                self.outcome = ("error", self._launch_error)
                self._close()
                self._deliver()
            return
        if self.outcome is not None:  # delivered; the child is still ending: reap it
            if self.process.exitcode is not None:
                self._close()
            return
        exited = self.process.exitcode is not None  # read before draining: what it sent is in the pipe
        latest = None
        try:
            while self.outcome is None and not self._eof and self._conn.poll():
                message = self._conn.recv()
                kind = message[0]
                if kind == "progress":
                    latest = message[1:]
                elif kind == "log":
                    logging.getLogger(message[1]).log(message[2], "%s", message[3])
                elif kind == "done":
                    self.outcome = ("done", message[1])
                elif kind == "error":
                    self.outcome = ("error", self._jobs.rebuild_exception(*message[1:]))
        except (EOFError, OSError):
            self._eof = True
        if latest is not None and self.on_progress is not None and not _owner_gone(self.on_progress):
            self.on_progress(*latest)  # the last one only: the others are already out of date
        if self.outcome is None and exited:
            code = self.process.exitcode
            log.error("the child process %s ended with code %s and no result", self.process.name, code)
            self.outcome = ("error", self._jobs.JobDied(code=code))
        if self.outcome is None:
            return
        if exited:
            self._close()
        self._deliver()

    def _deliver(self) -> None:
        kind, value = self.outcome
        callback = self.on_done if kind == "done" else self.on_error
        if callback is None:
            if kind == "error":
                raise value
            return
        if not _owner_gone(callback):  # its widget may have been closed meanwhile
            callback(value)

    def _close(self) -> None:
        self._timer.stop()
        _tasks.discard(self)
        if self._conn is not None:
            self._conn.close()
        if self.process is not None and self.process.exitcode is not None:
            self.process.close()

    def stop(self, timeout: float = QUIT_WAIT_S) -> None:
        """At the program's end only: the child is ended wherever it is (SQLite rolls back what it had begun)."""
        self._cancel_asked = True
        self._timer.stop()
        self._launcher.join(timeout)
        if self.process is not None:
            self._cancelled.set()
            if self.process.exitcode is None:
                self.process.terminate()
                self.process.join(timeout)
                if self.process.exitcode is None:
                    self.process.kill()
                    self.process.join(timeout)
        if self._conn is not None:
            self._conn.close()
        _tasks.discard(self)


_tasks: set[ProcessTask] = set()
_quit_hooked = False


def running_jobs() -> int:
    """How many jobs in child processes have not delivered their outcome yet."""
    return sum(1 for task in _tasks if task.running)


def stop_processes(timeout: float = QUIT_WAIT_S) -> None:
    """Ends every running child (the program is quitting)."""
    for task in list(_tasks):
        task.stop(timeout)


def run_in_process(target: Callable[..., Any], args: tuple, on_done: Callable[[Any], None],
                   on_error: Callable[[BaseException], None] | None = None,
                   on_progress: Callable[[int, int], None] | None = None,
                   kwargs: dict | None = None) -> ProcessTask:
    """Runs ``target(*args, **kwargs, progress=report, cancelled=event)`` in a child process.

    ``target`` is a top-level function of a module that does not import Qt (see
    ``core/jobs.py``); its arguments and result must pickle. ``on_done``,
    ``on_error`` and ``on_progress(done, total)`` run on the UI thread. The
    program's own errors come back as themselves; a child that dies without a
    result is a ``jobs.JobDied``. Call from the UI thread.
    """
    global _quit_hooked
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:
        app.aboutToQuit.connect(stop_processes)
        _quit_hooked = True
    task = ProcessTask(target, args, on_done, on_error, on_progress, kwargs)
    _tasks.add(task)
    return task
