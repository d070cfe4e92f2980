"""Steering-group meetings: invitations and answers, attendance, agenda and documents, decisions, action
items, minutes with their revisions, calendar feed tokens and e-mail notification bookkeeping.

Rules live in `meetings.services`; the tables here hold only what the database itself can guarantee. The
models are split by subject into the modules of this package and all importable from `meetings.models`.
"""

from meetings.models.agenda import AgendaItem
from meetings.models.comments import MinutesAgreement, MinutesComment
from meetings.models.delegations import Contact, DistributionList
from meetings.models.documents import (
    AgendaDocument,
    ClassificationMarking,
    DocumentVersion,
    PrivateDocumentStorage,
    document_storage,
    document_storage_name,
)
from meetings.models.meeting import Attendance, Invitation, Meeting
from meetings.models.minutes import Minutes, MinutesRevision
from meetings.models.notifications import (
    CalendarFeedToken,
    NotificationKind,
    NotificationLog,
    NotificationPreference,
)
from meetings.models.procedures import SilenceBreak, WrittenProcedure
from meetings.models.records import ActionItem, Decision
from meetings.models.registrations import Registration

__all__ = [
    "ActionItem",
    "AgendaDocument",
    "AgendaItem",
    "Attendance",
    "CalendarFeedToken",
    "ClassificationMarking",
    "Contact",
    "Decision",
    "DistributionList",
    "DocumentVersion",
    "Invitation",
    "Meeting",
    "Minutes",
    "MinutesAgreement",
    "MinutesComment",
    "MinutesRevision",
    "NotificationKind",
    "NotificationLog",
    "NotificationPreference",
    "PrivateDocumentStorage",
    "Registration",
    "SilenceBreak",
    "WrittenProcedure",
    "document_storage",
    "document_storage_name",
]
