"""The name printed as a briefing's "Prepared by": the officer's, never the login.

The Briefings page shows it in a field of its own, filled with the name already known (the one
stored in the database, else the system's full name for the account, else the login). A name the
officer writes there is stored once as the user's name (``SettingsService.set_own_name``: the progress
log signs with it, and on a file the audit trail too) and filled in from then on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from segib_desktop import errors
from segib_desktop.core.services.settings import SettingsService
from segib_desktop.gui.context import AppContext
from segib_desktop.i18n import _


def author_field(ctx: AppContext) -> QLineEdit:
    try:
        known = SettingsService(ctx.db).own_name()
    except errors.ServerConnectionLost:  # the page is built all the same; the banner says why
        known = ""
    field = QLineEdit(known or ctx.db.user, objectName="author")
    field.setMaxLength(150)
    field.setToolTip(_("Printed on the cover as who prepared the briefing. A name written here is kept "
                       "for the next briefings."))
    return field


def author_name(field: QLineEdit, ctx: AppContext) -> str:
    """The name to print; a new one is stored as the user's name (unless the database is read-only)."""
    db, settings = ctx.db, SettingsService(ctx.db)
    known = settings.own_name() or db.user
    name = " ".join(field.text().split())[:150] or known
    if name != known and not db.readonly:
        settings.set_own_name(name)
    field.setText(name)
    return name
