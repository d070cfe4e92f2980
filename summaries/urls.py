from django.urls import path

from summaries import views

urlpatterns = [
    path("c/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("c/<slug:slug>/dashboard/regenerate/", views.RegenerateView.as_view(), name="dashboard-regenerate"),
    path("c/<slug:slug>/dashboard/jobs/<uuid:pk>/", views.JobStatusView.as_view(), name="summary-job-status"),
    path("c/<slug:slug>/dashboard/snapshots/<int:pk>/", views.SnapshotView.as_view(), name="snapshot-detail"),
    path("c/<slug:slug>/dashboard/changes/", views.ChangesView.as_view(), name="snapshot-changes"),
    path(
        "c/<slug:slug>/meetings/<int:number>/briefing/",
        views.BriefingPackView.as_view(),
        name="briefing-pack",
    ),
    path(
        "c/<slug:slug>/meetings/<int:number>/briefing/build/",
        views.BriefingPackBuildView.as_view(),
        name="briefing-pack-build",
    ),
]
