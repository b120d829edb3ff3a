"""Running work off the UI thread and getting its result back on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
        try:
            result = self.fn(self.signals.progress.emit) if self.with_progress else self.fn()
        except BaseException as exc:  # delivered to the UI thread, which decides
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[_Signals] = set()


def run_in_background(fn: Callable[..., Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None,
                      on_progress: Callable[[int, int], None] | None = None) -> None:
    """Runs ``fn`` in the thread pool; ``on_done``/``on_error`` run on the UI thread.

    With ``on_progress``, ``fn`` receives a ``report(done, total)`` callable.
    """
    signals = _Signals()
    _running.add(signals)  # keep it alive until it has delivered

    def finish(callback, value):
        _running.discard(signals)
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return  # its widget was closed meanwhile (language switch, another database)
        if callback is not None:
            callback(value)
        elif isinstance(value, BaseException):
            raise value

    signals.done.connect(lambda result: finish(on_done, result))
    signals.failed.connect(lambda exc: finish(on_error, exc))
    if on_progress is not None:
        signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(_Runnable(fn, signals, on_progress is not None))
