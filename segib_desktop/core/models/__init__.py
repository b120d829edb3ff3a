"""All tables (and their enums, from core.enums), importable from one place."""

from segib_desktop.core.enums import LabelledEnum
from segib_desktop.core.models.base import Base, Record, new_uid, reference_uid
from segib_desktop.core.models.coordination import (
    ActionItem,
    ActionStatus,
    Activity,
    ActivityKind,
)
from segib_desktop.core.models.cycle import Document, DocumentKind, Meeting, MeetingKind, meeting_countries
from segib_desktop.core.models.mandates import (
    Area,
    Mandate,
    MandateProgress,
    MandateStatus,
    Priority,
    Recurrence,
)
from segib_desktop.core.models.programmes import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneCategory,
    MilestoneStatus,
    Programme,
    ProgrammeMember,
)
from segib_desktop.core.models.reference import Body, BodyKind, Contact, Country, Summit, SummitStatus
from segib_desktop.core.models.relations import MandateRelation, RelationKind
from segib_desktop.core.models.system import AuditEntry, BriefingRecord, Setting, utcnow

__all__ = [
    "ActionItem", "ActionStatus", "Activity", "ActivityKind", "Area", "AuditEntry", "Base", "Body", "BodyKind",
    "BriefingRecord", "Contact", "Country", "Document", "DocumentKind", "Indicator", "IndicatorValue",
    "LabelledEnum", "Mandate", "MandateProgress", "MandateRelation", "MandateStatus", "Meeting", "MeetingKind", "Milestone",
    "MilestoneCategory", "MilestoneStatus", "Priority", "Programme", "ProgrammeMember", "Record", "Recurrence", "RelationKind",
    "Setting", "Summit", "SummitStatus", "meeting_countries", "new_uid", "reference_uid", "utcnow",
]
