"""Cooperation programmes (IberBLH first): where each country stands, and what slipped.

One page for any programme (chosen at the top): the country × category
matrix, the timeline of planned against actual dates, the milestones list, a
country's page and the yearly indicators. Nothing here knows IberBLH by name.

One concern per module: ``page`` (the page and its views' switching), ``matrix``, ``timeline``
(its geometry, then its canvas), ``milestones`` (list and form), ``country``, ``indicators``,
``members`` (member countries and the programme's form), and ``common`` (colours, columns, pickers).
The names other code uses are importable from here.
"""

from segib_desktop.gui.pages.programmes.common import (
    ACHIEVED_COLOUR,
    CANCELLED_COLOUR,
    CELL_COLOURS,
    DELAYED_COLOUR,
    IN_PROGRESS_COLOUR,
    PLANNED_FILL,
    PLANNED_LINE,
    TODAY_COLOUR,
    VIEWS,
)
from segib_desktop.gui.pages.programmes.matrix import COUNTS_ROLE, KEY_ROLE, MatrixModel, cell_state
from segib_desktop.gui.pages.programmes.members import MemberForm, MembersList, ProgrammeForm
from segib_desktop.gui.pages.programmes.milestones import MilestoneForm, MilestonesList
from segib_desktop.gui.pages.programmes.page import ProgrammesPage
from segib_desktop.gui.pages.programmes.timeline import Bar, date_x, timeline_layout

__all__ = [
    "ACHIEVED_COLOUR", "CANCELLED_COLOUR", "CELL_COLOURS", "COUNTS_ROLE", "DELAYED_COLOUR", "IN_PROGRESS_COLOUR",
    "KEY_ROLE", "PLANNED_FILL", "PLANNED_LINE", "TODAY_COLOUR", "VIEWS", "Bar", "MatrixModel", "MemberForm",
    "MembersList", "MilestoneForm", "MilestonesList", "ProgrammeForm", "ProgrammesPage", "cell_state", "date_x",
    "timeline_layout",
]
