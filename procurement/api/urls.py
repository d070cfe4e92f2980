"""Routes of the roadmap API, registered on the one router by coalition/urls.py."""

from procurement.api import views

routes = [
    ("capability-areas", views.CapabilityAreaViewSet),
    ("roadmap-items", views.RoadmapItemViewSet),
    ("allocations", views.AllocationViewSet),
    ("orders", views.OrderViewSet),
    ("deliveries", views.DeliveryViewSet),
]
