"""Routes of the contributions API (joined by coalition/urls.py)."""

from contributions.api import views

routes = [
    ("pledges", views.PledgeViewSet),
    ("disbursements", views.DisbursementViewSet),
    ("fx-rates", views.FxRateViewSet),
    ("reported-totals", views.ReportedTotalViewSet),
]
