"""Routes of the registry API. Each app's `api/urls.py` lists its `routes`; coalition/urls.py joins them."""

from coalition.api import views

routes = [
    ("coalitions", views.CoalitionViewSet),
    ("participants", views.ParticipantViewSet),
    ("memberships", views.MembershipViewSet),
    ("expert-groups", views.ExpertGroupViewSet),
]
