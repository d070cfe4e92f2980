"""Routes of the registry API. Each app's `api/urls.py` lists its `routes`; coalition/urls.py joins them.

A route is (prefix, viewset) or, for a viewset without a queryset, (prefix, viewset, basename)."""

from coalition.api import audit, proposals, tokens, views

routes = [
    ("coalitions", views.CoalitionViewSet),
    ("participants", views.ParticipantViewSet),
    ("memberships", views.MembershipViewSet),
    ("expert-groups", views.ExpertGroupViewSet),
    ("problems", views.ProblemTypeViewSet, "problem"),
    ("registry-proposals", proposals.RegistryProposalViewSet),
    ("audit", audit.AuditViewSet, "audit"),
    ("changes", audit.ChangesViewSet, "changes"),
    ("tokens", tokens.TokenViewSet, "token"),
]
