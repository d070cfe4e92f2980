from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from coalition.api.pagination import PageFirstMixin, PortalCursorPagination
from procurement import selectors, services
from procurement.api.serializers import (
    AllocationSerializer,
    AllocationUpdateSerializer,
    CapabilityAreaSerializer,
    DeliverySerializer,
    OrderSerializer,
    RoadmapItemSerializer,
    RoadmapItemTransitionSerializer,
    TransitionRequestSerializer,
)
from procurement.filters import (
    AllocationFilter,
    CapabilityAreaFilter,
    DeliveryFilter,
    OrderFilter,
    RoadmapItemFilter,
)
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem


class _RefetchMixin:
    """After a write, answer with the record as a read shows it (with its computed EUR figures)."""

    def _refetch(self, instance):
        return self.get_queryset().get(pk=instance.pk)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self._refetch(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self._refetch(serializer.instance)


class CapabilityAreaViewSet(ServiceModelViewSet):
    queryset = CapabilityArea.objects.order_by("coalition", "position", "name")
    serializer_class = CapabilityAreaSerializer
    filterset_class = CapabilityAreaFilter
    create_service = services.capability_area_create
    update_service = services.capability_area_update
    delete_service = services.capability_area_delete
    service_instance_name = "capability_area"


class RoadmapItemViewSet(PageFirstMixin, _RefetchMixin, ServiceModelViewSet):
    """Roadmap items with their funding in EUR (estimate, funded, gap, over-funding) computed in SQL."""

    queryset = RoadmapItem.objects.select_related("capability_area", "expert_group", "lead")
    serializer_class = RoadmapItemSerializer
    filterset_class = RoadmapItemFilter
    create_service = services.roadmap_item_create
    update_service = services.roadmap_item_update
    delete_service = services.roadmap_item_delete
    service_instance_name = "roadmap_item"

    def get_queryset(self):
        return selectors.annotate_funding(super().get_queryset()).order_by("planned_year", "priority", "pk")

    @extend_schema(request=TransitionRequestSerializer, responses={200: RoadmapItemSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the item to the next stage, or cancel it (with a `note`). Illegal moves answer 409."""
        item = self.get_object()
        payload = TransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.roadmap_item_transition(actor=request.user, roadmap_item=item, **payload.validated_data)
        return Response(self.get_serializer(self._refetch(item)).data)

    @extend_schema(responses={200: RoadmapItemTransitionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        """The item's transition log: every move, dated and attributed."""
        item = self.get_object()
        log = item.transitions.select_related("actor")
        return Response(
            RoadmapItemTransitionSerializer(log, many=True, context=self.get_serializer_context()).data
        )


class AllocationViewSet(PageFirstMixin, _RefetchMixin, ServiceModelViewSet):
    """Parts of pledges assigned to roadmap items, in the pledge's currency (with the EUR equivalent)."""

    queryset = Allocation.objects.select_related("created_by").order_by("roadmap_item", "created_at", "pk")
    serializer_class = AllocationSerializer
    pagination_class = PortalCursorPagination  # a large list: cursors, no count
    filterset_class = AllocationFilter
    create_service = services.allocation_create
    update_service = services.allocation_update
    delete_service = services.allocation_delete

    def get_queryset(self):
        return selectors.allocations_with_eur(super().get_queryset())

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return AllocationUpdateSerializer
        return AllocationSerializer


class OrderViewSet(PageFirstMixin, _RefetchMixin, ServiceModelViewSet):
    queryset = Order.objects.order_by("roadmap_item", "ordered_on", "pk")
    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    create_service = services.order_create
    update_service = services.order_update
    delete_service = services.order_delete

    def get_queryset(self):
        return selectors.orders_with_eur(super().get_queryset())


class DeliveryViewSet(ServiceModelViewSet):
    queryset = Delivery.objects.select_related("order").order_by("expected_on", "pk")
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    create_service = services.delivery_create
    update_service = services.delivery_update
    delete_service = services.delivery_delete
