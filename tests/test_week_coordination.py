"""Issue 19 on coordination: action-item owners refer to contacts, and erasing a contact reaches them."""

from __future__ import annotations

from sqlalchemy import select

from segib_desktop.core.models import ActionItem, AuditEntry
from segib_desktop.core.read import coordination as read_coordination
from segib_desktop.core.services.coordination import ActivityService, ContactService
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
    assert "Lucía Fernández (SEGIB)" in read_coordination.owner_choices(db)

    contacts.delete(lucia)

    with db.session() as s:
        owners = {a.description: (a.owner, a.owner_contact_id) for a in s.scalars(select(ActionItem))}
        trail = " ".join(str(c) for c in s.scalars(select(AuditEntry.changes)
                                                   .where(AuditEntry.table_name == "action_items")))
    assert owners == {"Enviar el acta firmada": ("", None), "Preparar la nota": ("Pedro Gómez (OEI)", None)}
    assert "Lucía" not in trail and "lucía" not in trail
    assert "Pedro Gómez (OEI)" in trail
    assert "Lucía Fernández (SEGIB)" not in read_coordination.owner_choices(db)


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


def test_erasing_a_contact_erases_the_name_typed_in_activities_and_their_history(db):
    """Erasure reaches every place the name was recorded: what an officer typed about the person too."""
    from segib_desktop.core import search

    contacts = ContactService(db)
    lucia = contacts.save(None, {"name": "Lucía Fernández (SEGIB)"})
    activity = new_activity(
        db, "Llamada con Lucía Fernández", contacts=[lucia],
        summary="Hablé con LUCÍA FERNÁNDEZ (SEGIB) sobre el informe. Lucía enviará el borrador.",
        outcome="Acuerdo con lucía fernández.", actions=[action("Enviar a Lucía Fernández el acta", owner="Ana")])
    values = ActivityService(db).get(activity)  # an earlier version in the trail holds the name too
    values["summary"] += " Revisado."
    ActivityService(db).save(activity, values)
    assert search.search(db, "Fernández")

    contacts.delete(lucia)

    saved = ActivityService(db).get(activity)
    assert saved["subject"] == "Llamada con […]"
    assert saved["summary"] == "Hablé con […] sobre el informe. Lucía enviará el borrador. Revisado."
    assert saved["outcome"] == "Acuerdo con […]."
    assert [a["description"] for a in saved["actions"]] == ["Enviar a […] el acta"]
    with db.session() as s:
        trail = " ".join(str(c) for c in s.scalars(select(AuditEntry.changes).where(
            AuditEntry.table_name.in_(("activities", "action_items")))))
    assert "Fernández" not in trail and "FERNÁNDEZ" not in trail and "fernández" not in trail
    assert not search.search(db, "Fernández")  # the search index followed
    # a lone first name could be anyone's: it stays
    assert "Lucía enviará" in saved["summary"]


def test_erasing_a_contact_erases_the_name_as_owners_are_written_name_and_body_or_without_second_surname(db):
    """An owner written "Name (BODY)", or with the given name and first surname only ("Mariana Souza (OEI)"
    for the contact "Mariana Souza Lima", as the example data and officers write it), kept the name after
    the contact was erased, in the item and in its history."""
    contacts = ContactService(db)
    mariana = contacts.save(None, {"name": "Mariana Souza Lima"})
    activity = new_activity(db, "Reunión técnica", contacts=[mariana], actions=[
        action("Enviar el informe", owner="mariana souza lima (OEI)"),
        action("Revisar el acta", owner="Mariana Souza (OEI)"),
        action("Convocar", owner="Mariana Pérez (OEI)")])  # another Mariana: stays
    values = ActivityService(db).get(activity)  # an owner changed later: the trail holds both
    values["actions"][2]["owner"] = "Mariana Souza"
    ActivityService(db).save(activity, values)

    contacts.delete(mariana)

    with db.session() as s:
        owners = sorted(a.owner for a in s.scalars(select(ActionItem)))
        trail = " ".join(str(c) for c in s.scalars(select(AuditEntry.changes)
                                                   .where(AuditEntry.table_name == "action_items")))
    assert owners == ["[…]", "[…] (OEI)", "[…] (OEI)"]
    assert "Souza" not in trail and "souza" not in trail
    assert "Mariana Pérez (OEI)" in trail  # what she was before the change
