"""The stored enums: what a status, a kind or a category can be.

Kept apart from the tables (core/models) so that what only needs the enums (the home
page at start-up, say) does not import SQLAlchemy. core.models re-exports them all.
"""

from __future__ import annotations

import enum

from segib_desktop.i18n import C_, N_


class LabelledEnum(enum.StrEnum):
    """A stored enum whose English label (a msgid) is translated where it is shown."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class BodyKind(LabelledEnum):
    IBERO_AMERICAN = "ibero_american", N_("Ibero-American body")
    INTERNATIONAL = "international", N_("International organisation")
    OBSERVER = "observer", N_("Observer")
    NATIONAL = "national", N_("National institution")
    OTHER = "other", N_("Other")


class SummitStatus(LabelledEnum):
    # A summit's and a meeting's (a cumbre, a reunión; a cúpula, a reunião): "Celebrada", "Realizada".
    PLANNED = "planned", C_("summit status", "Planned")
    HELD = "held", C_("summit status", "Held")
    POSTPONED = "postponed", C_("summit status", "Postponed")


class MeetingKind(LabelledEnum):
    FOREIGN_MINISTERS = "foreign_ministers", N_("Foreign Ministers")
    NATIONAL_COORDINATORS = "national_coordinators", N_("National Coordinators")
    COOPERATION_OFFICERS = "cooperation_officers", N_("Cooperation Officers")
    COORDINATORS_AND_OFFICERS = "coordinators_and_officers", N_("National Coordinators and Cooperation Officers")
    SECTORAL = "sectoral", N_("Sectoral ministerial meeting")
    CODEI = "codei", N_("CODEI")
    FORUM = "forum", N_("Forum or encounter")
    OTHER = "other", N_("Other")


class DocumentKind(LabelledEnum):
    DECLARATION = "declaration", N_("Declaration")
    ACTION_PROGRAMME = "action_programme", N_("Programme of Action")
    SPECIAL_COMMUNIQUE = "special_communique", N_("Special Communiqué")
    RESOLUTION = "resolution", N_("Resolution")
    COMMITMENT = "commitment", N_("Commitment")
    CHARTER = "charter", N_("Charter")
    OTHER = "other", N_("Other")


class MandateStatus(LabelledEnum):
    NOT_STARTED = "not_started", N_("Not started")
    IN_PROGRESS = "in_progress", N_("In progress")
    FULFILLED = "fulfilled", N_("Fulfilled")
    ONGOING = "ongoing", N_("Ongoing")
    SUPERSEDED = "superseded", N_("Superseded")
    NOT_APPLICABLE = "not_applicable", N_("Not applicable")

    @property
    def is_open(self) -> bool:
        return self in (MandateStatus.NOT_STARTED, MandateStatus.IN_PROGRESS, MandateStatus.ONGOING)


class Recurrence(LabelledEnum):
    ONE_OFF = "one_off", N_("One-off")
    ANNUAL = "annual", N_("Annual")
    EACH_CYCLE = "each_cycle", N_("Each summit cycle")


class Priority(LabelledEnum):
    HIGH = "high", N_("High")
    MEDIUM = "medium", N_("Medium")
    LOW = "low", N_("Low")


class ActivityKind(LabelledEnum):
    MEETING = "meeting", N_("Meeting")
    LETTER = "letter", N_("Letter or note verbale")
    AGREEMENT = "agreement", N_("Agreement or memorandum")
    JOINT_ACTION = "joint_action", N_("Joint action")
    CALL = "call", N_("Call")
    OTHER = "other", N_("Other")


class ActionStatus(LabelledEnum):
    # An acción, an ação: "Abierta", "Hecha" ("Mark done" is "Marcar como hecha").
    OPEN = "open", C_("action status", "Open")
    DONE = "done", C_("action status", "Done")
    CANCELLED = "cancelled", C_("action status", "Cancelled")


class MilestoneCategory(LabelledEnum):
    BANK_OPENED = "bank_opened", N_("Milk bank opened")
    POST_OPENED = "post_opened", N_("Collection post opened")
    TRAINING = "training", N_("Training course")
    CERTIFICATION = "certification", N_("Certification")
    CONGRESS = "congress", N_("Congress or forum")
    AGREEMENT = "agreement", N_("Agreement signed")
    REPORT = "report", N_("Annual production report")
    OTHER = "other", C_("milestone category", "Other")  # a categoría: "Otra"


class MilestoneStatus(LabelledEnum):
    PLANNED = "planned", N_("Planned")
    IN_PROGRESS = "in_progress", N_("In progress")
    ACHIEVED = "achieved", N_("Achieved")
    CANCELLED = "cancelled", N_("Cancelled")


class Indicator(LabelledEnum):
    BANKS = "banks", N_("Milk banks in operation")
    POSTS = "posts", N_("Collection posts")
    DONORS = "donors", N_("Donors")
    LITRES_COLLECTED = "litres_collected", N_("Litres collected")
    LITRES_DISTRIBUTED = "litres_distributed", N_("Litres distributed")
    NEWBORNS = "newborns", N_("Newborns served")

    @property
    def counts_things(self) -> bool:
        """Banks, posts, donors and newborns are counted, so their figures are whole; litres are measured."""
        return self not in (Indicator.LITRES_COLLECTED, Indicator.LITRES_DISTRIBUTED)



class RelationKind(LabelledEnum):
    """How one mandate stands to an earlier or similar one (issue 23): a decision an officer took."""

    RENEWS = "renews", N_("Renews")
    CONTINUES = "continues", N_("Continues")
    OVERLAPS = "overlaps", N_("Overlaps")
    DISTINCT = "distinct", N_("Distinct")
