from django.urls import path

from procurement import views

P = "c/<slug:slug>/roadmap/"

urlpatterns = [
    path(P, views.RoadmapListView.as_view(), name="roadmap-list"),
    path(P + "timeline/", views.RoadmapTimelineView.as_view(), name="roadmap-timeline"),
    path(P + "add/", views.RoadmapItemCreateView.as_view(), name="roadmap-item-add"),
    path(P + "allocate/", views.AllocationCreateView.as_view(), name="roadmap-allocate"),
    path(P + "<int:pk>/", views.RoadmapItemDetailView.as_view(), name="roadmap-item-detail"),
    path(P + "<int:pk>/edit/", views.RoadmapItemEditView.as_view(), name="roadmap-item-edit"),
    path(P + "<int:pk>/delete/", views.RoadmapItemDeleteView.as_view(), name="roadmap-item-delete"),
    path(
        P + "<int:pk>/transition/", views.RoadmapItemTransitionView.as_view(), name="roadmap-item-transition"
    ),
    path(P + "<int:pk>/allocate/", views.AllocationCreateView.as_view(), name="roadmap-item-allocate"),
    path(P + "<int:pk>/orders/add/", views.OrderCreateView.as_view(), name="order-add"),
    path(P + "allocations/<int:pk>/edit/", views.AllocationEditView.as_view(), name="allocation-edit"),
    path(P + "allocations/<int:pk>/release/", views.AllocationDeleteView.as_view(), name="allocation-delete"),
    path(P + "orders/<int:pk>/edit/", views.OrderEditView.as_view(), name="order-edit"),
    path(P + "orders/<int:pk>/delete/", views.OrderDeleteView.as_view(), name="order-delete"),
    path(P + "orders/<int:pk>/deliveries/add/", views.DeliveryCreateView.as_view(), name="delivery-add"),
    path(P + "deliveries/<int:pk>/edit/", views.DeliveryEditView.as_view(), name="delivery-edit"),
    path(P + "deliveries/<int:pk>/delete/", views.DeliveryDeleteView.as_view(), name="delivery-delete"),
    path(P + "areas/", views.CapabilityAreaListView.as_view(), name="capability-area-list"),
    path(P + "areas/add/", views.CapabilityAreaCreateView.as_view(), name="capability-area-add"),
    path(P + "areas/<int:pk>/edit/", views.CapabilityAreaEditView.as_view(), name="capability-area-edit"),
]
