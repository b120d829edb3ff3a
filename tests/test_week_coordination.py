"""Issue 19 on coordination: action-item owners refer to contacts, and erasing a contact reaches them."""

from __future__ import annotations

from sqlalchemy import select

from segib_desktop.core.models import ActionItem, AuditEntry
from segib_desktop.core.services.coordination import ActionItemService, ActivityService, ContactService
from tests.test_coordination_services import action, new_activity


def test_erasing_a_contact_erases_it_as_an_action_items_owner(db):
    contacts = ContactService(db)
    lucia = contacts.save(None, {"name": "Lucía Fernández (SEGIB)"})
    activity = new_activity(db, "Reunión con la OEI", contacts=[lucia], actions=[
        action("Enviar el acta", owner="lucía fernández (segib)"),  # written by hand: still her
        action("Preparar la nota", owner="Pedro Gómez (OEI)")])     # not a contact: free text
    with db.session() as s:
        items = {a.description: a for a in s.scalars(select(ActionItem))}
        assert items["Enviar el acta"].owner_contact_id == lucia
        assert items["Preparar la nota"].owner_contact_id is None
    # A later change of owner is in the trail too: her name must go from there as well.
    values = ActivityService(db).get(activity)
    values["actions"][0]["owner"] = "Lucía Fernández (SEGIB)"
    values["actions"][0]["description"] = "Enviar el acta firmada"
    ActivityService(db).save(activity, values)
    assert "Lucía Fernández (SEGIB)" in ActionItemService(db).owner_choices()

    contacts.delete(lucia)

    with db.session() as s:
        owners = {a.description: (a.owner, a.owner_contact_id) for a in s.scalars(select(ActionItem))}
        trail = " ".join(str(c) for c in s.scalars(select(AuditEntry.changes)
                                                   .where(AuditEntry.table_name == "action_items")))
    assert owners == {"Enviar el acta firmada": ("", None), "Preparar la nota": ("Pedro Gómez (OEI)", None)}
    assert "Lucía" not in trail and "lucía" not in trail
    assert "Pedro Gómez (OEI)" in trail
    assert "Lucía Fernández (SEGIB)" not in ActionItemService(db).owner_choices()


def test_the_owner_cell_proposes_the_contacts(ctx, qtbot, db):
    from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem

    from segib_desktop.gui.pages.coordination import ActivityForm

    ContactService(db).save(None, {"name": "Lucía Fernández (SEGIB)"})
    form = ActivityForm(ctx, None)
    qtbot.addWidget(form)
    editor_widget = form.widget("actions")
    row = editor_widget.add_row()
    table = editor_widget.table
    editor = table.itemDelegateForColumn(1).createEditor(table.viewport(), QStyleOptionViewItem(),
                                                           table.model().index(row, 1))
    assert isinstance(editor, QLineEdit)
    completer = editor.completer()
    completer.setCompletionPrefix("fern")
    assert completer.currentCompletion() == "Lucía Fernández (SEGIB)"
