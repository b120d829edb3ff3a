"""``self-test --gui``: a user's session in the real window, offscreen, in a temporary folder.

The main window opens on a database filled with the example data; every page is visited; the Briefings
page makes the summit briefing in Spanish and in Portuguese (each in a child process, as a user gets it);
File > Back up now, File > Export and File > Import (the export read back into the same database:
nothing added) and File > Restore backup (the backup just made) go through their menu actions, their
dialogs answered as a user would. An error raised inside the window, a warning shown to the user or a
step that does not finish in time fails the run (exit status 1). The same run is CI's check of the
Windows program under Wine and a pytest test on Linux.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtCore import QEventLoop, QObject, Qt, QThreadPool, QTimer

from segib_desktop import i18n, paths
from segib_desktop.gui.backup_choice import BackupChooser
from segib_desktop.i18n import _

log = logging.getLogger(__name__)

POLL_MS = 50
WAIT_S = 180  # a briefing in a child process under Wine takes tens of seconds
BRIEFING_SUMMIT = "30"


class SmokeFailed(Exception):
    """A step that did not do what the user asked; the message is already translated."""


class DialogAnswerer(QObject):
    """Answers the modal dialogs the window opens, as a user would: a file dialog gets ``next_file``,
    a question gets its confirming button, a message its OK; every message shown is kept, and a warning
    or the crash dialog is a problem."""

    def __init__(self, problems: list[str]):
        super().__init__()
        self.problems = problems
        self.messages: list[str] = []
        self.next_file: Path | None = None
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.answer)
        self.timer.start()

    def answer(self) -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        if dialog is None or isinstance(dialog, QtWidgets.QProgressDialog):
            return  # an import's progress: it closes itself
        if isinstance(dialog, QtWidgets.QFileDialog):
            if self.next_file is None:
                self.problems.append(_("an unexpected file dialog: {title}").format(title=dialog.windowTitle()))
                dialog.reject()
                return
            # Typed, as a user does: selectFile() picks only what the dialog's folder view has loaded.
            name = dialog.findChild(QtWidgets.QLineEdit, "fileNameEdit")
            if name is not None:
                name.setText(str(self.next_file))
            else:
                dialog.selectFile(str(self.next_file))
            dialog.accept()
            if dialog.isVisible():
                self.problems.append(_("the file dialog {title} did not take {path}").format(
                    title=dialog.windowTitle(), path=self.next_file))
                dialog.reject()
            self.next_file = None
        elif isinstance(dialog, BackupChooser):  # File > Restore backup: the one just made, from its list
            rows = dialog.backups
            chosen = [r for r in range(rows.count())
                      if self.next_file is not None and rows.item(r).data(Qt.ItemDataRole.UserRole) == str(self.next_file)]
            if chosen:
                rows.setCurrentRow(chosen[0])
                dialog.restore_button.click()
                self.next_file = None
            else:  # not among them: the file dialog, answered next
                dialog.other_button.click()
        elif isinstance(dialog, QtWidgets.QMessageBox):
            text = dialog.text()
            self.messages.append(text)
            if dialog.icon() in (QtWidgets.QMessageBox.Icon.Warning, QtWidgets.QMessageBox.Icon.Critical):
                self.problems.append(text)
            role = QtWidgets.QMessageBox.ButtonRole
            buttons = dialog.buttons()
            accept = [b for b in buttons if dialog.buttonRole(b) in (role.AcceptRole, role.YesRole)]
            (accept or buttons)[0].click()
        else:  # the crash dialog, or a dialog nobody expected here
            self.problems.append(_("an unexpected dialog: {title}").format(title=dialog.windowTitle()))
            dialog.reject()


class Smoke:
    def __init__(self, folder: Path, out: Callable[[str], None], err: Callable[[str], None]):
        self.folder = folder
        self.out, self.err = out, err
        self.dirs = paths.user_dirs(folder / "home")
        self.problems: list[str] = []
        self.app = None
        self.exported = folder / "exportación #1.json"
        self.backup_file: Path | None = None

    # --- waiting, with the event loop turning
    def wait_until(self, done: Callable[[], bool], what: str, seconds: float = WAIT_S) -> None:
        deadline = time.monotonic() + seconds
        while not done():
            if self.problems:
                raise SmokeFailed("; ".join(self.problems))
            if time.monotonic() > deadline:
                raise SmokeFailed(_("{what}: not done after {seconds} s").format(what=what, seconds=seconds))
            loop = QEventLoop()
            QTimer.singleShot(POLL_MS, loop.quit)
            loop.exec()
        if self.problems:
            raise SmokeFailed("; ".join(self.problems))

    def settle(self) -> None:
        QThreadPool.globalInstance().waitForDone(30_000)
        self.wait_until(lambda: True, "")
        QThreadPool.globalInstance().waitForDone(30_000)

    @property
    def window(self):
        return self.app.window

    def trigger(self, name: str) -> None:
        """Chooses a menu command, by its action's object name."""
        from PySide6.QtGui import QAction

        action = self.window.findChild(QAction, name)
        if action is None:
            raise SmokeFailed(_("the menu has no command {name}").format(name=name))
        action.trigger()

    # --- the session
    def example_database(self) -> Path:
        from segib_desktop.core import demo
        from segib_desktop.core.workspace import open_workspace

        self.dirs.create()
        workspace = open_workspace(self.dirs.default_db, self.dirs, user="self-test")
        try:
            demo.fill(workspace.db, "small")
        finally:
            workspace.close()
        return self.dirs.default_db

    def open_window(self, db: Path) -> str:
        from segib_desktop.gui.app import App, make_settings

        self.app = App(QtWidgets.QApplication.instance(), self.dirs, make_settings(self.dirs), "es")
        if not self.app.open(db):
            raise SmokeFailed(_("the main window did not open"))
        self.settle()
        return str(db)

    def every_page(self) -> str:
        from segib_desktop.gui.pages import PAGES

        for spec in PAGES:
            self.window.navigate(spec.key)
            self.settle()
            if self.window.stack.currentWidget() is not self.window.pages.get(spec.key):
                raise SmokeFailed(_("the page {page} is not shown").format(page=_(spec.title)))
        return _("{count} pages visited").format(count=len(PAGES))

    def briefing(self, lang: str) -> str:
        self.window.navigate("briefings")
        self.settle()
        page = self.window.pages["briefings"]
        page.show_options(kind="summit", subject=BRIEFING_SUMMIT)
        page.language.setCurrentIndex(page.language.findData(lang))
        made: list[str] = []
        page.generated.connect(made.append)
        page.failed.connect(self.problems.append)
        page.generate_button.click()
        self.wait_until(lambda: bool(made), _("the briefing"))
        path = Path(made[0])
        if path.read_bytes()[:5] != b"%PDF-" or page.document.pageCount() == 0:
            raise SmokeFailed(_("the briefing {path} is not shown in the preview").format(path=path))
        return _("{file}, {pages} pages").format(file=path.name, pages=page.document.pageCount())

    def backup(self) -> Path:
        from segib_desktop.core import backups

        db = self.window.ctx.workspace.path
        before = {info.path for info in backups.list_backups(self.dirs.backups, db)}
        shown = len(self.answerer.messages)
        self.trigger("backup_now")
        self.wait_until(lambda: len(self.answerer.messages) > shown, _("the backup"))
        made = [i.path for i in backups.list_backups(self.dirs.backups, db) if i.path not in before]
        if not made:
            raise SmokeFailed(_("no backup was written to {folder}").format(folder=self.dirs.backups))
        self.backup_file = made[0]
        return made[0].name

    def export(self) -> str:
        target = self.exported  # an accent and a '#' in its name
        shown = len(self.answerer.messages)
        self.answerer.next_file = target
        self.trigger("export_file")
        self.wait_until(lambda: len(self.answerer.messages) > shown, _("the export"))
        if not target.is_file():
            raise SmokeFailed(_("the export did not write {path}").format(path=target))
        return target.name

    def reimport(self) -> str:
        shown = len(self.answerer.messages)
        self.answerer.next_file = self.exported
        self.trigger("import_file")
        # The confirmation, then the result: two messages.
        self.wait_until(lambda: len(self.answerer.messages) > shown + 1, _("the import"))
        return self.answerer.messages[-1]

    def restore(self) -> str:
        shown = len(self.answerer.messages)
        self.answerer.next_file = self.backup_file
        self.trigger("restore_backup")
        self.wait_until(lambda: len(self.answerer.messages) > shown + 1, _("the restore"))
        self.settle()
        return self.answerer.messages[-1]

    def run(self) -> int:
        previous_hook = sys.excepthook
        cli_language = i18n.active().lang  # the window speaks Spanish; the report, the command line's language

        def record(exc_type, exc, tb):  # exceptions in slots and background callbacks land here
            log.error("self-test --gui: error in the window", exc_info=(exc_type, exc, tb))
            self.problems.append(f"{exc_type.__name__}: {exc}")

        sys.excepthook = record
        self.answerer = DialogAnswerer(self.problems)
        steps = [
            (_("example database"), self.example_database),
            (_("main window"), lambda: self.open_window(self.dirs.default_db)),
            (_("every page"), self.every_page),
            (_("summit briefing in Spanish"), lambda: self.briefing("es")),
            (_("summit briefing in Portuguese"), lambda: self.briefing("pt")),
            (_("File > Back up now"), self.backup),
            (_("File > Export"), self.export),
            (_("File > Import"), self.reimport),
            (_("File > Restore backup"), self.restore),
        ]
        try:
            for name, step in steps:
                started = time.perf_counter()
                try:
                    detail = step()
                except SmokeFailed as exc:
                    self.err(_("FAILED  {step}: {reason}").format(step=name, reason=exc))
                    return 1
                self.out(_("ok      {step} ({seconds} s){detail}").format(
                    step=name, seconds=f"{time.perf_counter() - started:.1f}", detail=f": {detail}" if detail else ""))
        finally:
            sys.excepthook = previous_hook
            self.answerer.timer.stop()
            if self.app is not None:
                if self.app.window is not None:
                    self.app.window.close()
                    self.app.window.deleteLater()
                self.app.close()
            i18n.set_language(cli_language)
        self.out(_("GUI self-test passed: {total} steps.").format(total=len(steps)))
        return 0
