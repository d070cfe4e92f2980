from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import PortalViewSetMixin, ServiceModelViewSet
from coalition.api.pagination import PortalCursorPagination
from coalition.api.permissions import authorise_record_first
from webhooks import services
from webhooks.api.serializers import (
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointSerializer,
)
from webhooks.filters import WebhookDeliveryFilter, WebhookEndpointFilter
from webhooks.models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointViewSet(ServiceModelViewSet):
    """Where a coalition's events are sent (its secretariat's). The create answers the signing secret once."""

    queryset = WebhookEndpoint.objects.select_related("created_by").order_by("coalition", "pk")
    serializer_class = WebhookEndpointSerializer
    filterset_class = WebhookEndpointFilter
    create_service = services.endpoint_create
    update_service = services.endpoint_update
    delete_service = services.endpoint_delete
    service_instance_name = "endpoint"
    idempotency_redact = ("secret",)  # a replayed create answers it null: the secret is never stored

    @extend_schema(responses={201: WebhookEndpointCreatedSerializer})
    def create(self, request, *args, **kwargs):
        """Register an endpoint; the answer carries its signing `secret`, which no later read shows."""
        response = super().create(request, *args, **kwargs)
        response.data = {**response.data, "secret": self._created.secret}
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._created = serializer.instance

    def get_success_headers(self, data):
        return {}  # DRF would take `Location` from the `url` field (the receiver's): the base sets ours


class WebhookDeliveryViewSet(
    PortalViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The delivery log: each event sent to each endpoint, with its attempts. Re-send with `redeliver`.

    Read-only but for `redeliver`, so built from the read mixins with the portal's guarantees."""

    queryset = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-pk")
    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilter
    pagination_class = PortalCursorPagination  # a log that grows: cursors, no count
    lookup_value_regex = "[0-9]+"
    permission_action = None
    _preconditions_checked = False

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def authorise(self, request):
        authorise_record_first(self, request)

    def get_object(self):
        instance = super().get_object()
        if self.request.method == "POST" and not self._preconditions_checked:
            self._preconditions_checked = True
            self.check_precondition(instance)
        return instance

    @extend_schema(request=None, responses={201: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"], permission_action="redeliver")
    def redeliver(self, request, pk=None):
        """Send the same event (same event id and body) again, as a new delivery; answered 201 with it."""
        delivery = services.redeliver(actor=request.user, delivery=self.get_object())
        data = self.get_serializer(delivery).data
        return Response(data, status=status.HTTP_201_CREATED)
