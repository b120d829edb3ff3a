"""``self-test``: the program (from the source or from the bundle) checks itself and exits 0.

Everything happens in a temporary folder that is deleted afterwards: a new
database is created and migrated, the reference and example data are loaded,
the main window is opened offscreen and every page visited (in Spanish and in
Portuguese), a summit briefing is generated in both languages and its text read
back, and an export is written and read into a second new database. Each step
prints one line; a failed step is named on stderr with the reason, and the
remaining steps still run (those that needed it say so). Exit status 0 only if
every step worked.

``--start-only`` (hidden, for measuring the start time) opens the program as a
user does, prints the time at which the main window is up, and quits.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from segib_desktop import errors, paths
from segib_desktop.i18n import N_, _, active, set_language

log = logging.getLogger(__name__)

# What the reference data must hold (db/reference/).
REFERENCE_COUNTS = {"countries": 22, "bodies": 6, "summits": 30}
REFERENCE_NAMES = {"countries": N_("countries"), "bodies": N_("bodies"), "summits": N_("summits")}
BRIEFING_SUMMIT = 30
# Words that a summit briefing must contain, by language (compared without case).
BRIEFING_WORDS = {"es": ("Cumbre", "Nota informativa", "Página"), "pt": ("Cúpula", "Nota informativa", "Página")}
# Tables that are this workstation's bookkeeping, not data exchanged between workstations.
NOT_EXCHANGED = {"settings", "audit_log", "briefings", "alembic_version"}
SETTLE_MS = 60
CHILD_WAIT_MS = 120_000


class StepFailed(Exception):
    """A check that did not hold; the message is already translated."""


def register(sub, common) -> None:
    parser = sub.add_parser("self-test", parents=[common],
                            help=_("check that this installation works, in a temporary folder"))
    parser.add_argument("--start-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--gui", action="store_true",
                        help=_("use the window as a user does: every page, briefings, backup, export, import "
                               "and restore, on the example data"))
    parser.set_defaults(func=run)


def run(args, dirs) -> int:
    if args.start_only:
        return start_only(args, dirs)
    with tempfile.TemporaryDirectory(prefix="segib-self-test-") as tmp:
        if args.gui:
            return gui_session(Path(tmp))
        return SelfTest(Path(tmp)).run()


def gui_session(folder: Path) -> int:
    """``self-test --gui`` (gui/smoke.py), in its own QApplication, offscreen."""
    test = SelfTest(folder)
    test._qapp()
    from segib_desktop.gui.smoke import Smoke

    try:
        return Smoke(folder, test.out, test.err).run()
    finally:
        test._close_workspace()


@dataclass
class SelfTest:
    folder: Path
    out: Callable[[str], None] = field(default=lambda line: print(line, flush=True))
    err: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr, flush=True))
    failed: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.dirs = paths.user_dirs(self.folder / "home")
        self.workspace = None
        self.qapp = None
        self._handler_installed = False
        self._previous_handler = None

    def steps(self) -> list[tuple[str, str, Callable[[], str], tuple[str, ...]]]:
        """(key, name msgid, check, keys of the steps it needs); a check returns a short detail."""
        return [
            ("create", N_("create and migrate a new database"), self.create_database, ()),
            ("reference", N_("reference data (countries, bodies, summits)"), self.reference_data, ("create",)),
            ("demo", N_("example data"), self.example_data, ("create",)),
            ("qt", N_("Qt's Spanish and Portuguese translations"), self.qt_translations, ()),
            ("window", N_("main window and every page, in Spanish and in Portuguese"), self.main_window,
             ("create",)),
            ("briefing-es", N_("summit briefing in Spanish"), lambda: self.briefing("es"), ("create",)),
            ("briefing-pt", N_("summit briefing in Portuguese"), lambda: self.briefing("pt"), ("create",)),
            ("briefing-docx", N_("summit briefing as a Word document"), self.briefing_docx, ("create",)),
            ("child", N_("summit briefing in a separate process, as the window makes it"), self.briefing_in_child,
             ("create",)),
            ("exchange", N_("export and import into a new database"), self.exchange, ("create",)),
            ("calendar", N_("calendar file for Outlook, read back"), self.calendar, ("demo",)),
            ("overlaps", N_("similar mandates of different summits"), self.overlaps, ("demo",)),
        ]

    def run(self) -> int:
        steps = self.steps()
        try:
            for key, name, check, needs in steps:
                self._step(key, _(name), check, needs)
        finally:
            self._close_workspace()
            if self._handler_installed:
                from PySide6.QtCore import qInstallMessageHandler

                qInstallMessageHandler(self._previous_handler)
        if self.failed:
            self.err(_("Self-test FAILED: {failed} of {total} steps did not work: {names}.").format(
                failed=len(self.failed), total=len(steps), names="; ".join(self.failed)))
            return 1
        self.out(_("Self-test passed: all {total} steps worked.").format(total=len(steps)))
        return 0

    def _step(self, key: str, name: str, check: Callable[[], str], needs: tuple[str, ...]) -> None:
        started = time.perf_counter()
        try:
            if any(need not in self.done for need in needs):
                raise StepFailed(_("not run, because an earlier step failed"))
            detail = check()
        except StepFailed as exc:
            reason = str(exc)
        except errors.SegibError as exc:
            log.warning("self-test step %s: %s", key, exc)
            reason = exc.user_message()
        except OSError as exc:  # the folder, the disk: the reason in our words (errors.os_reason)
            log.warning("self-test step %s: %s", key, exc)
            reason = errors.os_reason(exc)
        except Exception as exc:  # a bug: say which, keep the details in the log
            log.exception("self-test step %s", key)
            reason = f"{type(exc).__name__}: {exc}"
        else:
            self.done.add(key)
            seconds = time.perf_counter() - started
            self.out(_("ok      {step} ({seconds} s){detail}").format(
                step=name, seconds=f"{seconds:.1f}", detail=f": {detail}" if detail else ""))
            return
        self.failed.append(name)
        self.err(_("FAILED  {step}: {reason}").format(step=name, reason=reason))

    # --- the database
    def _open(self, path: Path | None = None):
        from segib_desktop.core.workspace import open_workspace

        return open_workspace(path or self.dirs.default_db, self.dirs, user="self-test")

    def _close_workspace(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None

    def _db(self):
        if self.workspace is None:
            self.workspace = self._open()
        return self.workspace.db

    def create_database(self) -> str:
        from segib_desktop.core import migrate

        self.dirs.create()
        self._db()
        revision, _tables = migrate.inspect_file(self.dirs.default_db)
        head, _known = migrate.known_revisions()
        if revision != head:
            raise StepFailed(_("the database is at schema {revision}, not at {head}").format(
                revision=revision, head=head))
        return _("schema {revision}").format(revision=revision)

    def reference_data(self) -> str:
        counts = self._counts(self._db(), REFERENCE_COUNTS)
        wrong = [_("{table}: {found} instead of {expected}").format(table=_(REFERENCE_NAMES[t]), found=counts[t],
                                                                    expected=n)
                 for t, n in REFERENCE_COUNTS.items() if counts[t] != n]
        if wrong:
            raise StepFailed(", ".join(wrong))
        return ", ".join(f"{n} {_(REFERENCE_NAMES[t])}" for t, n in counts.items())

    def example_data(self) -> str:
        from segib_desktop.cli.democmd import ADDED
        from segib_desktop.core import demo

        added = demo.fill(self._db())
        return ", ".join(f"{count} {_(ADDED.get(module, module))}" for module, count in added.items())

    @staticmethod
    def _counts(db, tables) -> dict[str, int]:
        from segib_desktop.core.read.database import table_counts

        return table_counts(db, tables)

    # --- the window
    def _qapp(self):
        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        if self.qapp is None:
            if QApplication.instance() is None:
                os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never show anything on the user's screen
            from segib_desktop.gui.app import make_qapplication

            # Qt's notices ("This plugin does not support...") go to the log, not to stderr.
            self._previous_handler = qInstallMessageHandler(_qt_message_to_log)
            self._handler_installed = True
            self.qapp = make_qapplication()
        return self.qapp

    def _settle(self, ms: int = SETTLE_MS) -> None:
        """Lets background loads finish and their results reach the screen."""
        from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

        for _round in range(3):
            QThreadPool.globalInstance().waitForDone(10_000)
            loop = QEventLoop()
            QTimer.singleShot(ms // 3, loop.quit)
            loop.exec()

    def qt_translations(self) -> str:
        from PySide6.QtCore import QCoreApplication, QTranslator

        from segib_desktop.gui.app import QT_CATALOGUES, qt_translations_dir

        qapp = self._qapp()
        folder = qt_translations_dir()
        missing = []
        for catalogue in QT_CATALOGUES.values():
            translator = QTranslator()
            if not translator.load(catalogue, folder):
                missing.append(catalogue)
                continue
            qapp.installTranslator(translator)
            try:
                if QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancelar":
                    missing.append(catalogue)
            finally:
                qapp.removeTranslator(translator)
        if missing:
            raise StepFailed(_("{catalogues} not found in {folder}").format(
                catalogues=", ".join(missing), folder=folder))
        return folder

    def main_window(self) -> str:
        from segib_desktop.gui.app import App, make_settings
        from segib_desktop.gui.pages import PAGES

        qapp = self._qapp()
        self._close_workspace()  # the window opens the database itself, as at a user's start
        problems: list[str] = []
        previous_hook = sys.excepthook

        def record(exc_type, exc, tb):  # exceptions in slots and background callbacks land here
            log.error("self-test: error in the window", exc_info=(exc_type, exc, tb))
            problems.append(f"{exc_type.__name__}: {exc}")

        sys.excepthook = record
        asked = active().lang  # the command's language: the window's switches must not change what it says
        app = App(qapp, self.dirs, make_settings(self.dirs), "es")
        visited = 0
        try:
            if not app.open(None):
                raise StepFailed(_("the main window did not open"))
            for lang in ("es", "pt"):
                if lang != app.lang:
                    app.set_language(lang)
                window = app.window
                for spec in PAGES:
                    window.navigate(spec.key)
                    self._settle()
                    page = window.pages.get(spec.key)
                    if page is None or window.stack.currentWidget() is not page:
                        problems.append(_("the page {page} is not shown").format(page=_(spec.title)))
                    visited += 1
                    if problems:
                        raise StepFailed(_("on the page {page} ({lang}): {problems}").format(
                            page=_(spec.title), lang=lang, problems="; ".join(problems)))
            app.set_language("es")
        finally:
            set_language(asked)
            sys.excepthook = previous_hook
            if app.window is not None:
                app.window.close()
                app.window.deleteLater()
            app.close()
            self._settle(30)
        return _("{count} pages visited").format(count=visited)

    # --- briefings
    def briefing(self, lang: str) -> str:
        briefings = _module("segib_desktop.core.briefings")
        out = self.folder / f"nota-cumbre-{BRIEFING_SUMMIT}-{lang}.pdf"
        path = Path(briefings.generate(self._db(), "summit", str(BRIEFING_SUMMIT), lang, out, user="self-test"))
        if not path.is_file() or path.read_bytes()[:5] != b"%PDF-":
            raise StepFailed(_("no PDF file was written at {path}").format(path=path))
        pages, text = self._pdf_text(path)
        city = self._summit_city(BRIEFING_SUMMIT)
        folded = text.casefold()
        absent = [word for word in (*BRIEFING_WORDS[lang], city) if word and word.casefold() not in folded]
        if absent:
            raise StepFailed(_("the PDF ({pages} pages) does not contain: {words}").format(
                pages=pages, words=", ".join(f"«{w}»" for w in absent)))
        return _("{pages} pages").format(pages=pages)

    def briefing_docx(self) -> str:
        """python-docx and its templates are in the bundle: a Word briefing is written and read back."""
        briefings = _module("segib_desktop.core.briefings")
        out = self.folder / f"nota-cumbre-{BRIEFING_SUMMIT}-es.docx"
        path = Path(briefings.generate(self._db(), "summit", str(BRIEFING_SUMMIT), "es", out, user="self-test"))
        import docx

        document = docx.Document(str(path))
        sections = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        text = "\n".join(p.text for p in document.paragraphs).casefold()
        city = self._summit_city(BRIEFING_SUMMIT)
        absent = [word for word in (*BRIEFING_WORDS["es"][:2], city) if word and word.casefold() not in text]
        if not sections or absent:
            raise StepFailed(_("the Word document does not contain: {words}").format(
                words=", ".join(f"«{w}»" for w in absent) or _("its sections")))
        return _("sections: {n}").format(n=len(sections))

    def briefing_in_child(self) -> str:
        """The window's way (gui/widgets/tasks.run_in_process): in the bundle, the child is this program again."""
        from PySide6.QtCore import QEventLoop, QTimer

        from segib_desktop.core import jobs
        from segib_desktop.gui.widgets.tasks import run_in_process

        self._qapp()
        out = self.folder / f"nota-cumbre-{BRIEFING_SUMMIT}-proceso.pdf"
        outcome: dict = {}
        loop = QEventLoop()

        def finish(key: str):
            return lambda value: (outcome.update({key: value}), loop.quit())

        task = run_in_process(jobs.generate_briefing, (self._db().path, "self-test", "summit", str(BRIEFING_SUMMIT),
                                                       "es", out, None), finish("done"), finish("error"))
        QTimer.singleShot(CHILD_WAIT_MS, loop.quit)
        loop.exec()
        if "error" in outcome:
            raise outcome["error"]
        if "done" not in outcome:
            task.stop()
            raise StepFailed(_("the separate process gave no answer within {seconds} s").format(
                seconds=CHILD_WAIT_MS // 1000))
        pages, _text = self._pdf_text(Path(outcome["done"]))
        return _("{pages} pages").format(pages=pages)

    def _summit_city(self, number: int) -> str:
        from sqlalchemy import select

        from segib_desktop.core.models import Summit

        with self._db().session() as s:
            return s.scalar(select(Summit.city).where(Summit.number == number)) or ""

    def _pdf_text(self, path: Path) -> tuple[int, str]:
        """The PDF's text, read with QtPdf (the library of the program's own preview)."""
        from PySide6.QtPdf import QPdfDocument

        self._qapp()
        document = QPdfDocument(None)
        try:
            if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() == 0:
                raise StepFailed(_("the PDF at {path} cannot be read").format(path=path))
            text = "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))
            return document.pageCount(), unicodedata.normalize("NFC", text)
        finally:
            document.close()

    # --- calendar and overlaps: icalendar (with its time zones) and the Snowball stemmers are in the bundle
    def calendar(self) -> str:
        ical = _module("segib_desktop.core.ical")
        from icalendar import Calendar

        out = self.folder / "calendario.ics"
        count = ical.export(self._db(), out, ical.Options(deadlines=True, lang="es"))
        events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        if not count or len(events) != count:
            raise StepFailed(_("the calendar file holds {found} events instead of {expected}").format(
                found=len(events), expected=count))
        return _("{n} events").format(n=count)

    def overlaps(self) -> str:
        similarity = _module("segib_desktop.core.similarity")
        pairs = similarity.overlapping_pairs(self._db())
        if not pairs:
            raise StepFailed(_("no pair of similar mandates was found in the example data"))
        return _("{n} pairs").format(n=len(pairs))

    # --- exchange
    def exchange(self) -> str:
        exchange = _module("segib_desktop.core.exchange")
        from segib_desktop.core.models import Base

        first, second = self.folder / "export.json", self.folder / "export-again.json"
        exchange.export_file(self._db(), first)
        tables = [t.name for t in Base.metadata.sorted_tables if t.name not in NOT_EXCHANGED]
        source = self._counts(self._db(), tables)
        copy = self._open(self.folder / "imported.sqlite3")
        try:
            exchange.import_file(copy.db, first, backups_dir=self.folder / "backups")
            target = self._counts(copy.db, tables)
            exchange.export_file(copy.db, second)
        finally:
            copy.close()
        different = [_("{table}: {found} instead of {expected}").format(table=t, found=target[t], expected=n)
                     for t, n in source.items() if target[t] != n]
        if different:
            raise StepFailed(_("the new database does not hold what was exported: {tables}").format(
                tables=", ".join(different)))
        if first.read_bytes() != second.read_bytes():
            raise StepFailed(_("exporting the new database gives a different file from the first export"))
        return _("{records} records, {size} kB").format(records=sum(source.values()),
                                                        size=round(first.stat().st_size / 1024))


def _qt_message_to_log(mode, context, message) -> None:
    log.info("Qt: %s", message)


def _module(name: str):
    """Imports one of the program's modules; a module not written yet is a clear failure."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            raise StepFailed(_("not available: this version has no module {module}").format(module=name)) from exc
        raise StepFailed(_("the module {module} cannot be loaded: {error}").format(module=name, error=exc)) from exc


def start_only(args, dirs) -> int:
    """Opens the program as a user does; prints the epoch time once the main window is up, and quits."""
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from segib_desktop.gui.app import run as run_gui

    qapp = QApplication.instance() or QApplication(sys.argv[:1])

    def shown():
        print(f"main-window {time.time():.6f}", flush=True)
        qapp.quit()

    QTimer.singleShot(0, shown)  # the first turn of the event loop, after the window is shown
    try:
        return run_gui(args.db, args.lang, dirs)
    finally:
        # The pages' first loads are still running: let them end before Qt is torn down.
        QThreadPool.globalInstance().waitForDone(30_000)
