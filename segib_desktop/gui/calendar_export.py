"""File > Export calendar…: the summits and meetings (and, if asked, the open deadlines) to an .ics file.

A small dialog (the days to cover, deadlines or not), the file dialog, then the file is written off the UI
thread and the officer may open it (the calendar program imports it) or show it in its folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6 import QtWidgets  # its dialogs looked up when they open (see widgets/dialogs.py)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
)

from segib_desktop import errors
from segib_desktop.gui import theme
from segib_desktop.gui.context import AppContext
from segib_desktop.gui.widgets.dialogs import show_error, show_written
from segib_desktop.gui.widgets.tasks import run_in_background
from segib_desktop.i18n import _

ICS_FILTER = "iCalendar (*.ics);;*"
FOLDER_SETTING = "calendar/folder"


def open_dialog(window: QMainWindow) -> CalendarDialog:
    dialog = CalendarDialog(window.ctx, parent=window)
    window.calendar_dialog = dialog  # tests answer it
    dialog.open()
    return dialog


class CalendarDialog(QDialog):
    help_section = "exchange"  # what F1 opens in the user guide (help.py)

    def __init__(self, ctx: AppContext, *, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        from segib_desktop.gui.widgets.form import DateEdit  # not while the window starts

        self.ctx = ctx
        self.setObjectName("calendar_dialog")
        self.setWindowTitle(_("Export calendar"))
        today = today or dt.date.today()
        self.first = DateEdit()
        self.first.setObjectName("calendar_from")
        self.first.set_value(dt.date(today.year, 1, 1))
        self.last = DateEdit()
        self.last.setObjectName("calendar_to")
        self.deadlines = QCheckBox(_("Include the open deadlines"), objectName="calendar_deadlines")
        deadlines_note = QLabel(_("The due dates of open mandates (not the ongoing ones, which have no deadline) "
                                  "and the deadlines of open action items, each on its day."), wordWrap=True)
        deadlines_note.setIndent(24)
        intro = QLabel(_("The summits and meetings go to a calendar file (.ics) that Outlook, Thunderbird and "
                         "other calendar programs import. Importing a newer file updates the events instead of "
                         "adding them twice."), wordWrap=True)
        self.error = QLabel(wordWrap=True, visible=False, objectName="error")
        self.error.setStyleSheet(theme.warning_style())
        form = QFormLayout()
        form.addRow(_("From"), self.first)
        form.addRow(_("To (empty: no end)"), self.last)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(_("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("calendar_export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.deadlines)
        layout.addWidget(deadlines_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.written: Path | None = None  # the file, once written
        self.result_box: QtWidgets.QMessageBox | None = None

    def options(self):
        from segib_desktop.core import ical

        return ical.Options(first=self.first.value(), last=self.last.value(), deadlines=self.deadlines.isChecked(),
                            lang=self.ctx.lang)

    def _folder(self) -> Path:
        folder = Path(str(self.ctx.settings.value(FOLDER_SETTING, "") or Path.home()))
        return folder if folder.is_dir() else Path.home()

    def export(self) -> None:
        from segib_desktop.core import ical

        options = self.options()
        if problem := ical.range_problem(options.first, options.last):
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(self, _("Export calendar"),
                                                              str(self._folder() / ical.suggested_name()), ICS_FILTER)
        if not path:
            return
        if not path.lower().endswith(".ics"):
            path += ".ics"
        self.ctx.settings.setValue(FOLDER_SETTING, str(Path(path).parent))
        db = self.ctx.db
        self.export_button.setEnabled(False)

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.written = Path(path)
            self.accept()
            self.show_result(count, Path(path))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            if isinstance(exc, errors.SegibError):
                show_error(self, exc)
            else:
                raise exc

        run_in_background(lambda: ical.export(db, path, options), done, failed)

    def show_result(self, count: int, path: Path) -> QtWidgets.QMessageBox:
        """What was written, with "Open the file" (the calendar program imports it) and "Show in folder"."""
        from segib_desktop.core import ical

        self.result_box = show_written(self.parentWidget(), ical.exported_message(count, path), path)
        return self.result_box
