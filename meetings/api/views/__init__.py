"""Meeting endpoints, split by subject. Reads start at visible_to(user); writes call meetings.services."""

from meetings.api.views.comments import MinutesCommentViewSet
from meetings.api.views.delegations import ContactViewSet, DistributionListViewSet
from meetings.api.views.documents import ClassificationMarkingViewSet, DocumentViewSet
from meetings.api.views.meetings import (
    AgendaItemViewSet,
    AttendanceViewSet,
    InvitationViewSet,
    MeetingViewSet,
)
from meetings.api.views.procedures import WrittenProcedureViewSet
from meetings.api.views.records import ActionItemViewSet, DecisionViewSet, MinutesViewSet
from meetings.api.views.registrations import RegistrationViewSet

__all__ = [
    "ActionItemViewSet",
    "AgendaItemViewSet",
    "AttendanceViewSet",
    "ClassificationMarkingViewSet",
    "ContactViewSet",
    "DecisionViewSet",
    "DistributionListViewSet",
    "DocumentViewSet",
    "InvitationViewSet",
    "MeetingViewSet",
    "MinutesCommentViewSet",
    "MinutesViewSet",
    "RegistrationViewSet",
    "WrittenProcedureViewSet",
]
