"""A form's record changed by someone else while it is open (a shared database, issue 21): the bar above its
fields. The window's change watch (gui/server_watch.py) has each open form ask, off the UI thread, for its
record's version now and the audit trail's newest entry on it (``read.history.record_state``); if the record
moved on, the bar says who changed it and when, in the user's language, with Reload to take that version.
Keeping on editing is allowed: Save then meets the version check and its conflict question (form.py)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from segib_desktop import errors
from segib_desktop.i18n import _, active

log = logging.getLogger(__name__)


class StaleBar(QFrame):
    """Hidden until its form's record is found changed; the form's ``load`` hides it again."""

    def __init__(self, form):
        super().__init__(form, objectName="stale_bar", visible=False)
        self.form = form
        self.asking = False
        self.setStyleSheet("#stale_bar { background: #fdf0e0; border: 1px solid #e0b070; } "
                           "#stale_text { color: #5c2a00; }")
        self.text = QLabel(wordWrap=True, objectName="stale_text")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload = QPushButton(_("Reload"), objectName="stale_reload")
        self.reload.clicked.connect(lambda: form.load())
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.reload, 0, Qt.AlignmentFlag.AlignVCenter)

    def check(self) -> None:
        """Asks whether the form's record has changed since the form read it (one question at a time)."""
        form = self.form
        if form.record_id is None or form._version is None or self.asking:
            return
        from segib_desktop.core.read import history
        from segib_desktop.gui.widgets.tasks import run_in_background

        self.asking = True
        db, model, record_id = form.service.db, form.service.model, form.record_id
        run_in_background(lambda: history.record_state(db, model, record_id), self._answered, self._failed)

    def _answered(self, state) -> None:
        self.asking = False
        version = self.form._version
        if state.version is not None and version is not None and state.version <= version:
            return  # as read, or older (a question asked before this form's own change reached it)
        t = active()
        when = state.local_time
        known = bool(state.user) and when is not None
        parts = {"user": state.user, "date": t.format_date(when.date()) if known else "",
                 "time": f"{when:%H:%M}" if known else ""}
        if state.version is None:
            text = (_("{user} deleted this record on {date} at {time}, after you opened it: it can no longer be "
                      "saved. Copy what you need from it before closing.") if known and state.action == "delete"
                    else _("Someone else deleted this record after you opened it: it can no longer be saved. "
                           "Copy what you need from it before closing."))
        elif self.form.read_only:  # nothing typed, nothing to save: only what Reload does
            text = (_("{user} changed this record on {date} at {time}, after you opened it. Reload shows their "
                      "version.") if known else
                    _("Someone else changed this record after you opened it. Reload shows their version."))
        elif known:
            text = _("{user} changed this record on {date} at {time}, after you opened it. Reload shows their "
                     "version (what you typed here is then lost); if you keep editing and save, you will be "
                     "asked which version to keep.")
        else:
            text = _("Someone else changed this record after you opened it. Reload shows their version (what "
                     "you typed here is then lost); if you keep editing and save, you will be asked which "
                     "version to keep.")
        log.info("the record %s %s open in a form changed (version %s, now %s)", self.form.service.model.__name__,
                 self.form.record_id, version, state.version)
        self.text.setText(text.format(**parts))
        self.reload.setVisible(state.version is not None)
        self.show()

    def _failed(self, exc: BaseException) -> None:
        self.asking = False
        if not isinstance(exc, errors.SegibError):  # a bug: the one crash path
            raise exc
        log.info("could not ask whether the record open in a form changed: %s", exc)  # the watch says outages
