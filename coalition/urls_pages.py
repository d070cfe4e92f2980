from django.urls import path

from coalition import proposal_views, security_views, token_views, views

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
    path("c/<slug:slug>/proposals/", proposal_views.ProposalListView.as_view(), name="proposal-list"),
    path(
        "c/<slug:slug>/proposals/participant/",
        proposal_views.ProposeParticipantView.as_view(),
        name="proposal-participant-add",
    ),
    path(
        "c/<slug:slug>/proposals/participant/<str:code>/rename/",
        proposal_views.ProposeRenameView.as_view(),
        name="proposal-participant-rename",
    ),
    path(
        "c/<slug:slug>/proposals/fx-rate/",
        proposal_views.ProposeFxRateView.as_view(),
        name="proposal-fx-rate-add",
    ),
    path(
        "c/<slug:slug>/proposals/<int:pk>/withdraw/",
        proposal_views.ProposalWithdrawView.as_view(),
        name="proposal-withdraw",
    ),
    path("registry/proposals/", proposal_views.ProposalQueueView.as_view(), name="proposal-queue"),
    path("registry/proposals/<int:pk>/", proposal_views.ProposalDecideView.as_view(), name="proposal-decide"),
    path("c/<slug:slug>/audit/", security_views.AuditView.as_view(), name="audit"),
    path("account/tokens/", token_views.TokenListView.as_view(), name="token-list"),
    path("account/tokens/<int:pk>/rotate/", token_views.TokenRotateView.as_view(), name="token-rotate"),
    path("account/tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token-revoke"),
    path("registry/lockouts/", security_views.LockoutListView.as_view(), name="lockout-list"),
    path(
        "registry/lockouts/<int:pk>/unlock/",
        security_views.LockoutUnlockView.as_view(),
        name="lockout-unlock",
    ),
]
