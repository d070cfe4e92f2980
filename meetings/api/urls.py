"""Routes of the meetings API, registered on the one router by coalition/urls.py."""

from meetings.api import views

routes = [
    ("meetings", views.MeetingViewSet),
    ("invitations", views.InvitationViewSet),
    ("attendances", views.AttendanceViewSet),
    ("agenda-items", views.AgendaItemViewSet),
    ("documents", views.DocumentViewSet),
    ("classification-markings", views.ClassificationMarkingViewSet),
    ("decisions", views.DecisionViewSet),
    ("action-items", views.ActionItemViewSet),
    ("minutes", views.MinutesViewSet),
    ("contacts", views.ContactViewSet),
    ("distribution-lists", views.DistributionListViewSet),
    ("registrations", views.RegistrationViewSet),
    ("minutes-comments", views.MinutesCommentViewSet),
    ("written-procedures", views.WrittenProcedureViewSet),
]
