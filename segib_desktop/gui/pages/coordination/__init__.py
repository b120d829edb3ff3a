"""Coordination: activities with the bodies, their open action items, the bodies and the contacts.

The page has four views (tabs): the activities, the open action items across
bodies, the bodies (a body opens its own page: details, contacts, timeline of
activities, open action items and the mandates addressed to it) and the
contacts. ``show_options`` accepts open_id (an activity), view="actions",
overdue=True, body_id and open_contact (the options the home page and the search open it with).

One concern per module: ``page``, ``lists``, ``body`` (a body's page), ``forms`` (activity, body,
contact) and ``editors`` (the activity form's pickers, files and action items). The names other code
uses are importable from here.
"""

from segib_desktop.gui.pages.coordination.body import BodyPanel
from segib_desktop.gui.pages.coordination.editors import ActionsEditor, FileLinks, LinkPicker, PickerDialog
from segib_desktop.gui.pages.coordination.forms import ActivityForm, BodyForm, ContactForm
from segib_desktop.gui.pages.coordination.lists import (
    ActionsList,
    ActivitiesList,
    BodiesList,
    BodyMandatesList,
    ContactsList,
)
from segib_desktop.gui.pages.coordination.page import CoordinationPage

__all__ = ["ActionsEditor", "ActionsList", "ActivitiesList", "ActivityForm", "BodiesList", "BodyForm",
           "BodyMandatesList", "BodyPanel", "ContactForm", "ContactsList", "CoordinationPage", "FileLinks",
           "LinkPicker", "PickerDialog"]
