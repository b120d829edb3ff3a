"""Changes made by others appear without restarting (issue 21): a window on a server database asks the
server every few seconds for its newest change (``audit.last_change``, one indexed query), and when it has
grown, reads again the home page's figures and the lists of the pages built. A file has one user at a time
(its lock): no watch there."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer

from segib_desktop.gui.widgets.tasks import run_in_background

log = logging.getLogger(__name__)

POLL_MS = 3000


class ServerWatch(QObject):
    """Polls the window's server database; ``check`` asks once (the timer calls it)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.seen: int | None = None  # the newest change this window has shown
        self._asking = False
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)
        self.check()  # what the window was opened with

    def check(self) -> None:
        if self._asking:  # a slow server: one question at a time
            return
        self._asking = True
        from segib_desktop.core import audit

        db = self.window.ctx.db
        run_in_background(lambda: audit.last_change(db), self._answered, self._failed)

    def _answered(self, newest: int) -> None:
        self._asking = False
        if self.seen is not None and newest != self.seen:
            log.info("the server database changed (audit entry %s): reading it again", newest)
            self.refresh()
        self.seen = newest

    def _failed(self, exc: BaseException) -> None:
        self._asking = False
        log.info("could not ask the server for its changes: %s", exc)

    def refresh(self) -> None:
        """Reads again what the window shows from the database: the pages' lists and the home page."""
        from segib_desktop.gui.widgets.table import ListPage

        for page in self.window.pages.values():
            for shown in [page] if isinstance(page, ListPage) else page.findChildren(ListPage):
                shown.reload()
        home = self.window.pages.get("home")
        if home is not None:
            home.reload()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()  # a closed window asks nothing more (its database is closed with it)
        return super().eventFilter(obj, event)
