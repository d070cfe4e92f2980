from django.urls import path

from contributions import views

P = "c/<slug:slug>/pledges/"

urlpatterns = [
    path(P, views.PledgeListView.as_view(), name="pledge-list"),
    path(f"{P}add/", views.PledgeCreateView.as_view(), name="pledge-add"),
    path(f"{P}export/", views.PledgeExportView.as_view(), name="pledge-export"),
    path(f"{P}import/", views.PledgeImportView.as_view(), name="pledge-import"),
    path(f"{P}summary/", views.StateSummaryView.as_view(), name="pledge-summary"),
    path(f"{P}review/", views.ReviewStatusView.as_view(), name="pledge-review-status"),
    path(f"{P}deleted/", views.DeletedRecordsView.as_view(), name="pledge-deleted"),
    path(f"{P}reviews/<int:pk>/evidence/", views.ReviewEvidenceView.as_view(), name="review-evidence"),
    path(f"{P}<int:pk>/", views.PledgeDetailView.as_view(), name="pledge-detail"),
    path(f"{P}<int:pk>/edit/", views.PledgeEditView.as_view(), name="pledge-edit"),
    path(f"{P}<int:pk>/transition/", views.PledgeTransitionView.as_view(), name="pledge-transition"),
    path(f"{P}<int:pk>/delete/", views.PledgeDeleteView.as_view(), name="pledge-delete"),
    path(f"{P}<int:pk>/confirm/", views.PledgeConfirmView.as_view(), name="pledge-confirm"),
    path(f"{P}<int:pk>/dispute/", views.PledgeDisputeView.as_view(), name="pledge-dispute"),
    path(
        f"{P}<int:pk>/record-confirmation/",
        views.PledgeRecordConfirmationView.as_view(),
        name="pledge-record-confirmation",
    ),
    path(f"{P}<int:pk>/payments/add/", views.DisbursementCreateView.as_view(), name="disbursement-add"),
    path(
        "c/<slug:slug>/payments/<int:pk>/edit/",
        views.DisbursementEditView.as_view(),
        name="disbursement-edit",
    ),
    path(
        "c/<slug:slug>/payments/<int:pk>/delete/",
        views.DisbursementDeleteView.as_view(),
        name="disbursement-delete",
    ),
    path("c/<slug:slug>/fx-rates/", views.FxRateListView.as_view(), name="fx-rate-list"),
    path("c/<slug:slug>/fx-rates/add/", views.FxRateCreateView.as_view(), name="fx-rate-add"),
    path("c/<slug:slug>/fx-rates/upload/", views.FxRateUploadView.as_view(), name="fx-rate-upload"),
    path(
        "c/<slug:slug>/reported-totals/add/",
        views.ReportedTotalCreateView.as_view(),
        name="reported-total-add",
    ),
    path(
        "c/<slug:slug>/reported-totals/<int:pk>/edit/",
        views.ReportedTotalEditView.as_view(),
        name="reported-total-edit",
    ),
]
