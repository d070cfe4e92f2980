from django.urls import path

from coalition import views

urlpatterns = [
    path("coalitions/", views.CoalitionListView.as_view(), name="coalition-list"),
    path("participants/add/", views.ParticipantCreateView.as_view(), name="participant-add"),
    path("participants/<str:code>/", views.ParticipantDetailView.as_view(), name="participant-detail"),
    path("participants/<str:code>/edit/", views.ParticipantEditView.as_view(), name="participant-edit"),
    path("c/<slug:slug>/", views.CoalitionHomeView.as_view(), name="coalition-home"),
    path("c/<slug:slug>/edit/", views.CoalitionEditView.as_view(), name="coalition-edit"),
    path("c/<slug:slug>/participants/", views.ParticipantListView.as_view(), name="participant-list"),
    path("c/<slug:slug>/memberships/add/", views.MembershipCreateView.as_view(), name="membership-add"),
    path(
        "c/<slug:slug>/memberships/<int:pk>/change-role/",
        views.MembershipChangeRoleView.as_view(),
        name="membership-change-role",
    ),
    path("c/<slug:slug>/memberships/<int:pk>/end/", views.MembershipEndView.as_view(), name="membership-end"),
    path("c/<slug:slug>/expert-groups/add/", views.ExpertGroupCreateView.as_view(), name="expert-group-add"),
    path(
        "c/<slug:slug>/expert-groups/<int:pk>/",
        views.ExpertGroupDetailView.as_view(),
        name="expert-group-detail",
    ),
    path(
        "c/<slug:slug>/expert-groups/<int:pk>/edit/",
        views.ExpertGroupEditView.as_view(),
        name="expert-group-edit",
    ),
]
