"""Changes made by others appear without restarting (issue 21): a window on a server database asks the
server every few seconds for its newest change (``read.history.last_change``, one indexed query), and when it has
grown, reads again the home page's figures and the lists of the pages built, and has each open form ask whether
its record is among the changes (``FormDialog.check_stale``: a bar in the form says so at once, widgets/stale.py).
A file has one user at a time (its lock): no watch there.

The same question tells when the server cannot be reached: a banner says so while it lasts, the question
is asked again at each turn of the timer (the pool replaces the dropped connections, ``pool_pre_ping``), and
once the server answers the banner goes and the window reads everything again. A save meanwhile is refused
whole (ServerConnectionLost: its transaction never committed) and its form keeps what was typed."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel

from segib_desktop.gui.widgets.tasks import run_in_background
from segib_desktop.i18n import _

log = logging.getLogger(__name__)

POLL_MS = 3000


class ServerWatch(QObject):
    """Polls the window's server database; ``check`` asks once (the timer calls it)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.seen: int | None = None  # the newest change this window has shown
        self._asking = False
        self.banner: QLabel | None = None  # shown while the server cannot be reached
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)
        self.check()  # what the window was opened with

    def check(self) -> None:
        if self._asking:  # a slow server: one question at a time
            return
        self._asking = True
        from segib_desktop.core.read import history

        db = self.window.ctx.db
        run_in_background(lambda: history.last_change(db), self._answered, self._failed)

    @property
    def lost(self) -> bool:
        return self.banner is not None and not self.banner.isHidden()

    def _answered(self, newest: int) -> None:
        self._asking = False
        back = self.lost
        if back:
            log.info("the server answers again")
            self.banner.hide()
        if back or (self.seen is not None and newest != self.seen):
            log.info("the server database changed (audit entry %s): reading it again", newest)
            from segib_desktop import errors

            try:
                self.refresh()
            except errors.ServerConnectionLost as exc:  # gone again meanwhile: the banner, and all of it again
                self._failed(exc)  # at its return (``seen`` not moved on)
                return
        self.seen = newest

    def _failed(self, exc: BaseException) -> None:
        from segib_desktop import errors

        self._asking = False
        if not isinstance(exc, errors.SegibError):  # a bug: the one crash path
            raise exc
        if not isinstance(exc, errors.ServerConnectionLost):  # not an outage: the next turn asks again
            log.info("could not ask the server for its changes: %s", exc)
            return
        if not self.lost:
            log.info("the server cannot be reached: %s", exc)
        if self.banner is None:
            self.banner = QLabel(_("The connection to the server has been lost. SEGIB Desktop tries again every "
                                   "few seconds; what you type in a form is kept, and nothing is saved until the "
                                   "server is back."), wordWrap=True, objectName="connection_lost_banner")
            self.banner.setStyleSheet("background: #fde8e6; color: #5c1010; border: 1px solid #e09090; "
                                      "padding: 6px;")
            self.window.banner_row.addWidget(self.banner)
        self.banner.show()

    def refresh(self) -> None:
        """Reads again what the window shows from the database: every page built reads what it reads when it
        is shown again (its ``refresh``: lists, choices, figures; a page built while the server was out of
        reach fills itself now), else its lists; each open form asks whether its record changed."""
        from segib_desktop.gui.widgets.form import FormDialog
        from segib_desktop.gui.widgets.table import ListPage

        for page in self.window.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
                continue
            for shown in [page] if isinstance(page, ListPage) else page.findChildren(ListPage):
                shown.reload()
        for form in self.window.findChildren(FormDialog):
            if form.isVisible():
                form.check_stale()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()  # a closed window asks nothing more (its database is closed with it)
        return super().eventFilter(obj, event)
