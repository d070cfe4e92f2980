from summaries.api import views

routes = [
    ("summaries", views.SummaryViewSet),
    ("summary-jobs", views.SummaryJobViewSet),
]
