"""The name printed as a briefing's "Prepared by": the officer's, never the login.

The Briefings page shows it in a field of its own, filled with the name already known (the one
stored in the database, else the system's full name for the account, else the login). A name the
officer writes there is stored once as the user's name (the audit trail and the progress log use
it too) and filled in from then on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from segib_desktop.core.services.settings import USER_NAME, SettingsService
from segib_desktop.gui.context import AppContext
from segib_desktop.i18n import _


def author_field(ctx: AppContext) -> QLineEdit:
    field = QLineEdit(ctx.db.user, objectName="author")
    field.setMaxLength(150)
    field.setToolTip(_("Printed on the cover as who prepared the briefing. A name written here is kept "
                       "for the next briefings."))
    return field


def author_name(field: QLineEdit, ctx: AppContext) -> str:
    """The name to print; a new one is stored as the user's name (unless the database is read-only)."""
    db = ctx.db
    name = " ".join(field.text().split())[:150] or db.user
    if name != db.user and not db.readonly:
        SettingsService(db).set(USER_NAME, name)
        db.user = name
    field.setText(name)
    return name
