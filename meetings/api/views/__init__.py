"""Meeting endpoints, split by subject. Reads start at visible_to(user); writes call meetings.services."""

from meetings.api.views.comments import MinutesCommentViewSet
from meetings.api.views.delegations import ContactViewSet, DistributionListViewSet
from meetings.api.views.meetings import (
    ActionItemViewSet,
    AgendaDocumentViewSet,
    AgendaItemViewSet,
    AttendanceViewSet,
    DecisionViewSet,
    InvitationViewSet,
    MeetingViewSet,
    MinutesViewSet,
)
from meetings.api.views.procedures import WrittenProcedureViewSet
from meetings.api.views.registrations import RegistrationViewSet

__all__ = [
    "ActionItemViewSet",
    "AgendaDocumentViewSet",
    "AgendaItemViewSet",
    "AttendanceViewSet",
    "ContactViewSet",
    "DecisionViewSet",
    "DistributionListViewSet",
    "InvitationViewSet",
    "MeetingViewSet",
    "MinutesCommentViewSet",
    "MinutesViewSet",
    "RegistrationViewSet",
    "WrittenProcedureViewSet",
]
