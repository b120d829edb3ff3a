"""Run in a child process by test_platform.py: the program at QT_SCALE_FACTOR on the screen it is given.

``pages``: prints, as JSON, the screen's free area and, for each page, the window's frame and the
drop-downs that are narrower than their text needs. ``forms``: the free area and, for the mandate form,
a summit's form and the pasted document's dialog, where each dialog's frame is, where its buttons are, and
whether its last field can be scrolled into view. ``window``: the free area, and the main window's place and
frame at its first start (no size remembered).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def main(lang: str) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QComboBox

    from segib_desktop import paths
    from segib_desktop.gui.app import App, make_qapplication, make_settings
    from segib_desktop.gui.pages import PAGES

    with tempfile.TemporaryDirectory() as tmp:
        dirs = paths.user_dirs(Path(tmp))
        dirs.create()
        qapp = make_qapplication()
        app = App(qapp, dirs, make_settings(dirs), lang)
        app.open(None)
        window = app.window
        window.show()
        out = {"screen": list(window.screen().availableGeometry().getRect()), "pages": {}}
        for spec in PAGES:
            window.navigate(spec.key)
            QThreadPool.globalInstance().waitForDone(10000)
            QTest.qWait(200)
            cut = [f"{c.objectName()} {c.currentText()!r}: {c.width()} < {c.minimumSizeHint().width()}"
                   for c in window.findChildren(QComboBox)
                   if c.isVisible() and c.width() < c.minimumSizeHint().width()]
            out["pages"][spec.key] = {"frame": list(window.frameGeometry().getRect()), "cut": cut}
        print(json.dumps(out))
        window.close()
        app.close()


def forms(lang: str) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialogButtonBox

    from segib_desktop import paths
    from segib_desktop.gui.app import App, make_qapplication, make_settings

    def settle() -> None:
        QThreadPool.globalInstance().waitForDone(10000)
        QTest.qWait(200)

    with tempfile.TemporaryDirectory() as tmp:
        dirs = paths.user_dirs(Path(tmp))
        dirs.create()
        qapp = make_qapplication()
        app = App(qapp, dirs, make_settings(dirs), lang)
        app.open(None)
        window = app.window
        window.show()
        out = {"screen": list(window.screen().availableGeometry().getRect()), "dialogs": {}}
        mandates = window.navigate("mandates")
        settle()
        summits = window.navigate("summits")
        settle()
        shown = {"mandate": lambda: mandates.open_record(None),
                 "summit": lambda: summits.open_record(summits.model.id_at(0)),
                 "paste": mandates.paste_document}
        for name, open_dialog in shown.items():
            dialog = open_dialog()
            settle()
            buttons = dialog.findChild(QDialogButtonBox)
            corner = buttons.mapTo(dialog, buttons.rect().bottomRight())
            last = None
            if hasattr(dialog, "fields"):  # a form: its last field on its first tab, scrolled to as Tab would
                last = [f.widget for f in dialog.fields if not f.tab][-1]
                area = dialog.tabs.currentWidget()
                shown_in = dialog  # fields in the dialog itself, or in a scroll area
                if hasattr(area, "ensureWidgetVisible"):
                    area.ensureWidgetVisible(last)
                    shown_in = area.viewport()
                top_left = last.mapTo(shown_in, last.rect().topLeft())
                line = top_left.y() + last.fontMetrics().height()  # its first line (a text box: its cursor's)
                last = shown_in.rect().contains(top_left) and line <= shown_in.height()
            out["dialogs"][name] = {"frame": list(dialog.frameGeometry().getRect()),
                                    "size": [dialog.width(), dialog.height()], "buttons": [corner.x(), corner.y()],
                                    "last_field_in_view": last}
            dialog.done(0)
        print(json.dumps(out))
        window.close()
        app.close()


def window(lang: str) -> None:
    from PySide6.QtTest import QTest

    from segib_desktop import paths
    from segib_desktop.gui.app import App, make_qapplication, make_settings

    with tempfile.TemporaryDirectory() as tmp:
        dirs = paths.user_dirs(Path(tmp))
        dirs.create()
        app = App(make_qapplication(), dirs, make_settings(dirs), lang)
        app.open(None)
        shown = app.window
        shown.show()
        QTest.qWait(200)
        print(json.dumps({"screen": list(shown.screen().availableGeometry().getRect()),
                          "geometry": list(shown.geometry().getRect()),
                          "frame": list(shown.frameGeometry().getRect())}))
        shown.close()
        app.close()


if __name__ == "__main__":
    {"forms": forms, "window": window}.get(sys.argv[2] if sys.argv[2:] else "", main)(sys.argv[1])
