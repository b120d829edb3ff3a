"""Issue 19: briefings are "Prepared by" the officer's name (asked once, or the system's full name)."""

from __future__ import annotations

import getpass
import os
import sys

import pytest

from segib_desktop.core.services.settings import SettingsService, system_full_name, user_name_or_login
from segib_desktop.gui.widgets.author import author_name


@pytest.mark.skipif(sys.platform == "win32", reason="the account database read here is the POSIX one")
def test_without_a_stored_name_the_system_full_name_comes_before_the_login():
    import pwd

    gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    assert system_full_name() == gecos
    assert user_name_or_login(None) == (gecos or getpass.getuser())
    assert user_name_or_login("Lucía Fernández") == "Lucía Fernández"


def test_the_briefings_page_shows_the_known_name_and_keeps_a_new_one(ctx, db, qtbot):
    from segib_desktop.gui.pages.briefings import BriefingsPage

    page = BriefingsPage(ctx)
    qtbot.addWidget(page)
    assert page.author.text() == db.user == "tester"  # the name the program started with
    page.author.setText("  Lucía   Fernández ")
    assert author_name(page.author, ctx) == "Lucía Fernández"
    assert SettingsService(db).get("user_name") == "Lucía Fernández"
    assert db.user == "Lucía Fernández"  # the audit trail and the progress log use it too
    again = BriefingsPage(ctx)
    qtbot.addWidget(again)
    assert again.author.text() == "Lucía Fernández"
    again.author.clear()  # an empty field prints the known name
    assert author_name(again.author, ctx) == "Lucía Fernández"


def test_the_briefing_prints_the_officers_name(db):
    from pypdf import PdfReader

    from segib_desktop.core import briefings

    out = db.path.parent / "nota.pdf"
    briefings.generate(db, "summit", "29", "es", out, user="Lucía Fernández")
    text = " ".join(page.extract_text() for page in PdfReader(out).pages[:1])
    assert "Lucía Fernández" in text
