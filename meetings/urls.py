"""Meeting pages, under the coalition: /c/<slug>/meetings/..."""

from django.urls import path

from meetings.views import (
    comments,
    delegations,
    documents,
    meetings,
    minutes,
    procedures,
    records,
    registrations,
)

M = "c/<slug:slug>/meetings/<int:number>/"
WP = "c/<slug:slug>/written-procedures/<int:number>/"

urlpatterns = [
    path("c/<slug:slug>/meetings/", meetings.MeetingListView.as_view(), name="meeting-list"),
    path("c/<slug:slug>/meetings/add/", meetings.MeetingCreateView.as_view(), name="meeting-add"),
    path("c/<slug:slug>/meetings.ics", minutes.CalendarFeedView.as_view(), name="meeting-feed"),
    path(
        "c/<slug:slug>/meetings/calendar/",
        minutes.CalendarSubscriptionView.as_view(),
        name="meeting-calendar",
    ),
    path(
        "c/<slug:slug>/meetings/notifications/",
        minutes.NotificationPreferencesView.as_view(),
        name="meeting-notifications",
    ),
    path("c/<slug:slug>/delegations/", delegations.DelegationListView.as_view(), name="delegation-list"),
    path("c/<slug:slug>/delegations/add/", delegations.ContactCreateView.as_view(), name="contact-add"),
    path("c/<slug:slug>/delegations/import/", delegations.ContactImportView.as_view(), name="contact-import"),
    path(
        "c/<slug:slug>/delegations/contacts.csv",
        delegations.ContactExportView.as_view(),
        name="contact-export",
    ),
    path(
        "c/<slug:slug>/delegations/<int:pk>/edit/", delegations.ContactEditView.as_view(), name="contact-edit"
    ),
    path(
        "c/<slug:slug>/delegations/<int:pk>/delete/",
        delegations.ContactDeleteView.as_view(),
        name="contact-delete",
    ),
    path(
        "c/<slug:slug>/distribution-lists/",
        delegations.DistributionListListView.as_view(),
        name="distribution-list-list",
    ),
    path(
        "c/<slug:slug>/distribution-lists/add/",
        delegations.DistributionListCreateView.as_view(),
        name="distribution-list-add",
    ),
    path(
        "c/<slug:slug>/distribution-lists/<int:pk>/",
        delegations.DistributionListDetailView.as_view(),
        name="distribution-list-detail",
    ),
    path(
        "c/<slug:slug>/distribution-lists/<int:pk>/edit/",
        delegations.DistributionListEditView.as_view(),
        name="distribution-list-edit",
    ),
    path(
        "c/<slug:slug>/distribution-lists/<int:pk>/delete/",
        delegations.DistributionListDeleteView.as_view(),
        name="distribution-list-delete",
    ),
    path("c/<slug:slug>/decisions/", procedures.DecisionRegisterView.as_view(), name="decision-register"),
    path(
        "c/<slug:slug>/written-procedures/",
        procedures.ProcedureListView.as_view(),
        name="written-procedure-list",
    ),
    path(
        "c/<slug:slug>/written-procedures/add/",
        procedures.ProcedureCreateView.as_view(),
        name="written-procedure-add",
    ),
    path(WP, procedures.ProcedureDetailView.as_view(), name="written-procedure-detail"),
    path(WP + "edit/", procedures.ProcedureEditView.as_view(), name="written-procedure-edit"),
    path(WP + "circulate/", procedures.ProcedureCirculateView.as_view(), name="written-procedure-circulate"),
    path(
        WP + "break-silence/", procedures.BreakSilenceView.as_view(), name="written-procedure-break-silence"
    ),
    path(WP + "withdraw/", procedures.ProcedureWithdrawView.as_view(), name="written-procedure-withdraw"),
    path(WP + "conclude/", procedures.ProcedureConcludeView.as_view(), name="written-procedure-conclude"),
    path(WP + "delete/", procedures.ProcedureDeleteView.as_view(), name="written-procedure-delete"),
    path("c/<slug:slug>/meetings/markings/", documents.MarkingListView.as_view(), name="marking-list"),
    path("c/<slug:slug>/meetings/markings/add/", documents.MarkingCreateView.as_view(), name="marking-add"),
    path(
        "c/<slug:slug>/meetings/markings/<int:pk>/edit/",
        documents.MarkingEditView.as_view(),
        name="marking-edit",
    ),
    path(
        "c/<slug:slug>/meetings/markings/<int:pk>/delete/",
        documents.MarkingDeleteView.as_view(),
        name="marking-delete",
    ),
    path("c/<slug:slug>/action-items/", records.ActionItemBoardView.as_view(), name="action-item-board"),
    path(
        "c/<slug:slug>/action-items/<int:pk>/progress/",
        records.ActionItemProgressView.as_view(),
        name="action-item-progress",
    ),
    path(
        "c/<slug:slug>/action-items/<int:pk>/<slug:transition>/",
        records.ActionItemTransitionView.as_view(),
        name="action-item-transition",
    ),
    path(
        "c/<slug:slug>/meetings/documents/<int:pk>/",
        documents.AgendaDocumentDownloadView.as_view(),
        name="agenda-document-download",
    ),
    path("c/<slug:slug>/meetings/<int:number>.ics", meetings.MeetingIcsView.as_view(), name="meeting-ics"),
    path(M, meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path(M + "edit/", meetings.MeetingEditView.as_view(), name="meeting-edit"),
    path(M + "cancel/", meetings.MeetingCancelView.as_view(), name="meeting-cancel"),
    path(M + "held/", meetings.MeetingMarkHeldView.as_view(), name="meeting-mark-held"),
    path(M + "invite/", registrations.InviteView.as_view(), name="meeting-invite"),
    path(
        M + "invitations/<int:pk>/register/",
        registrations.RegistrationCreateView.as_view(),
        name="registration-add",
    ),
    path(
        M + "registrations/<int:pk>/edit/",
        registrations.RegistrationEditView.as_view(),
        name="registration-edit",
    ),
    path(
        M + "registrations/<int:pk>/withdraw/",
        registrations.RegistrationDeleteView.as_view(),
        name="registration-delete",
    ),
    path(M + "attendance-list/", registrations.AttendanceSheetView.as_view(), name="attendance-sheet"),
    path(M + "badges/", registrations.BadgeListView.as_view(), name="badge-list"),
    path(M + "invitations/<int:pk>/answer/", meetings.RsvpView.as_view(), name="invitation-rsvp"),
    path(
        M + "invitations/<int:pk>/withdraw/",
        meetings.InvitationDeleteView.as_view(),
        name="invitation-delete",
    ),
    path(M + "attendance/", meetings.AttendanceView.as_view(), name="attendance-record"),
    path(M + "agenda/add/", records.AgendaItemCreateView.as_view(), name="agenda-item-add"),
    path(M + "agenda/<int:pk>/edit/", records.AgendaItemEditView.as_view(), name="agenda-item-edit"),
    path(M + "agenda/<int:pk>/delete/", records.AgendaItemDeleteView.as_view(), name="agenda-item-delete"),
    path(
        M + "agenda/<int:pk>/move/<str:direction>/",
        records.AgendaItemMoveView.as_view(),
        name="agenda-item-move",
    ),
    path(
        M + "agenda/<int:pk>/documents/add/",
        documents.AgendaDocumentCreateView.as_view(),
        name="agenda-document-add",
    ),
    path(
        M + "documents/<int:pk>/delete/",
        documents.AgendaDocumentDeleteView.as_view(),
        name="agenda-document-delete",
    ),
    path(M + "record/", documents.RecordOfDecisionsView.as_view(), name="record-of-decisions"),
    path(M + "documents/<int:pk>/", documents.DocumentDetailView.as_view(), name="document-detail"),
    path(M + "documents/<int:pk>/edit/", documents.DocumentEditView.as_view(), name="document-edit"),
    path(
        M + "documents/<int:pk>/versions/add/",
        documents.DocumentVersionCreateView.as_view(),
        name="document-version-add",
    ),
    path(M + "decisions/add/", records.DecisionCreateView.as_view(), name="decision-add"),
    path(M + "decisions/<int:pk>/edit/", records.DecisionEditView.as_view(), name="decision-edit"),
    path(M + "action-items/add/", records.ActionItemCreateView.as_view(), name="action-item-add"),
    path(M + "action-items/<int:pk>/edit/", records.ActionItemEditView.as_view(), name="action-item-edit"),
    path(M + "minutes/", minutes.MinutesEditView.as_view(), name="minutes-edit"),
    path(M + "minutes/circulate/", minutes.MinutesCirculateView.as_view(), name="minutes-circulate"),
    path(M + "minutes/approve/", minutes.MinutesApproveView.as_view(), name="minutes-approve"),
    path(M + "minutes/revisions/", minutes.MinutesRevisionsView.as_view(), name="minutes-revisions"),
    path(M + "minutes/comments/", comments.MinutesCommentsView.as_view(), name="minutes-comments"),
    path(
        M + "minutes/comments/add/", comments.MinutesCommentCreateView.as_view(), name="minutes-comment-add"
    ),
    path(
        M + "minutes/comments/<int:pk>/edit/",
        comments.MinutesCommentEditView.as_view(),
        name="minutes-comment-edit",
    ),
    path(
        M + "minutes/comments/<int:pk>/withdraw/",
        comments.MinutesCommentDeleteView.as_view(),
        name="minutes-comment-delete",
    ),
    path(
        M + "minutes/comments/<int:pk>/answer/",
        comments.MinutesCommentAnswerView.as_view(),
        name="minutes-comment-answer",
    ),
    path(M + "minutes/agree/", comments.MinutesAgreeView.as_view(), name="minutes-agree"),
]
