"""Mandates: the list with its filters and counts, the mandate form with its progress log and
coordination, a pasted document turned into mandates, bulk changes, and the areas dialog.

One concern per module: ``page`` (the list), ``form`` (the mandate form), ``tabs`` (the form's
progress log and coordination tabs), ``paste`` (a whole document at once), ``bulk`` (changes to many
mandates), ``areas`` (SEGIB's areas and the user's name) and ``common`` (what they share). The
names other code uses are importable from here.
"""

from segib_desktop.gui.pages.mandates.areas import AreasDialog
from segib_desktop.gui.pages.mandates.bulk import BulkDialog
from segib_desktop.gui.pages.mandates.common import NO_AREA, OPEN
from segib_desktop.gui.pages.mandates.form import MandateForm
from segib_desktop.gui.pages.mandates.page import MandatesPage
from segib_desktop.gui.pages.mandates.paste import NOTE_COLOUR, PasteDialog
from segib_desktop.gui.pages.mandates.tabs import CoordinationTab, ProgressForm, ProgressTab

__all__ = ["NO_AREA", "NOTE_COLOUR", "OPEN", "AreasDialog", "BulkDialog", "CoordinationTab", "MandateForm",
           "MandatesPage", "PasteDialog", "ProgressForm", "ProgressTab"]
