"""``make screenshots``: every main page, in Spanish and in Portuguese, as PNG files.

Runs offscreen on a temporary database filled with the example data. Modules
add views beyond the main pages (a form, a tab) to ``EXTRA_SHOTS``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from segib_desktop import paths  # noqa: E402

SIZE = (1280, 800)
LANGS = ("es", "pt")
# Views beyond each page's first screen: (file name, page key, navigate options).
EXTRA_SHOTS: list[tuple[str, str, dict]] = [
    ("iberblh-timeline", "iberblh", {"view": "timeline"}),
    ("iberblh-matrix", "iberblh", {"view": "matrix"}),
    ("mandates-overdue", "mandates", {"overdue": True}),
    ("mandates-review", "mandates", {"to_review": True}),
    ("mandates-recurring", "mandates", {"recurring": True}),
    ("meetings-upcoming", "meetings", {"upcoming": True}),
    ("meetings-documents", "meetings", {"view": "documents"}),
    ("coordination-actions", "coordination", {"view": "actions"}),
    ("coordination-body", "coordination", {"body": "OEI"}),
    ("briefings-preview", "briefings", {"kind": "summit", "subject": "30", "generate": True}),
]


def _settle(qapp, page=None, ms: int = 400) -> None:
    """Background reads done, a page's job in a child process (a briefing) finished, then painted."""
    import time

    from PySide6.QtCore import QThreadPool
    from PySide6.QtTest import QTest

    QThreadPool.globalInstance().waitForDone(5000)
    deadline = time.monotonic() + 120
    while getattr(page, "busy", False) and time.monotonic() < deadline:
        QTest.qWait(20)
    for _ in range(max(1, ms // 20)):
        qapp.processEvents()
        QTest.qWait(20)


def take(out_dir: Path) -> list[Path]:
    from segib_desktop.core import demo
    from segib_desktop.core.workspace import open_workspace
    from segib_desktop.gui.app import App, make_qapplication, make_settings
    from segib_desktop.gui.pages import PAGES

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        dirs = paths.user_dirs(Path(tmp))
        dirs.create()
        ws = open_workspace(dirs.default_db, dirs, user="Oficial de ejemplo")
        demo.fill(ws.db)
        ws.close()
        qapp = make_qapplication()
        for lang in LANGS:
            app = App(qapp, dirs, make_settings(dirs), lang)
            app.open(None)
            window = app.window
            _settle(qapp)  # shown (fitted to the offscreen screen, 800x600), then set to the shots' size
            window.resize(*SIZE)
            for spec in PAGES:
                window.navigate(spec.key)
                _settle(qapp)
                path = out_dir / f"{lang}-{spec.key}.png"
                window.grab().save(str(path))
                written.append(path)
            for name, key, options in EXTRA_SHOTS:
                _settle(qapp, window.navigate(key, **options))
                path = out_dir / f"{lang}-{name}.png"
                window.grab().save(str(path))
                written.append(path)
            written += _keyboard_shots(qapp, window, out_dir, lang)
            window.close()
            app.close()
    return written


def _keyboard_shots(qapp, window, out_dir: Path, lang: str) -> list[Path]:
    """The keyboard focus in a list (entered from its filter with Down), and the user guide (F1)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page = window.navigate("mandates")
    page.clear_filters()
    _settle(qapp, page)
    window.activateWindow()
    page.filter_edit.setFocus()
    QTest.keyClick(page.filter_edit, Qt.Key.Key_Down)
    QTest.keyClick(page.view, Qt.Key.Key_Down)
    _settle(qapp, ms=200)
    focus = out_dir / f"{lang}-keyboard-focus.png"
    window.grab().save(str(focus))
    window.show_help()
    guide = window.help_window
    _settle(qapp, ms=200)
    help_shot = out_dir / f"{lang}-help.png"
    guide.grab().save(str(help_shot))
    guide.close()
    return [focus, help_shot]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("docs/screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
