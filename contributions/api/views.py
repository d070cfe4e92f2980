from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from coalition.api.pagination import PageFirstMixin, PortalCursorPagination
from contributions import selectors, services
from contributions.api.serializers import (
    DisbursementSerializer,
    FxRateSerializer,
    PledgeSerializer,
    PledgeTransitionRequestSerializer,
    PledgeTransitionSerializer,
    ReportedTotalSerializer,
    ReviewRequestSerializer,
)
from contributions.filters import DisbursementFilter, FxRateFilter, PledgeFilter, ReportedTotalFilter
from contributions.models import REVIEW, Disbursement, FxRate, Pledge, ReportedTotal


class _AnnotatedViewSet(ServiceModelViewSet):
    """After a write, the record is read back through the list's queryset so its derived figures (EUR,
    paid, outstanding) are in the response."""

    def _reload(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._reload(serializer)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self._reload(serializer)


class PledgeViewSet(PageFirstMixin, _AnnotatedViewSet):
    """Pledges with their EUR figures (rate of the announcement date, shown beside). Create, edit and delete
    are for the secretariat; status changes go through `transition`; the donor's delegate reviews with
    `confirm-figures` and `dispute`."""

    queryset = Pledge.objects.all()
    serializer_class = PledgeSerializer
    pagination_class = PortalCursorPagination  # a large list: cursors, no count
    filterset_class = PledgeFilter
    create_service = services.pledge_create
    update_service = services.pledge_update
    delete_service = services.pledge_delete
    field_actions = {"status": ["transition"], "review_status": ["confirm-figures", "dispute"]}

    def get_queryset(self):
        return (
            selectors.pledges_for(self.request.user)
            .select_related("reviewed_by")
            .order_by("-announced_on", "pk")
        )

    def _respond(self, pledge, code=status.HTTP_200_OK):
        pledge = self.get_queryset().get(pk=pledge.pk)
        return Response(self.get_serializer(pledge).data, status=code)

    @extend_schema(request=PledgeTransitionRequestSerializer, responses={200: PledgeSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the pledge one step: announced → confirmed → committed → fulfilled, or → withdrawn from an
        open status. An illegal step is a 409 naming the allowed ones."""
        pledge = self.get_object()
        payload = PledgeTransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pledge = services.pledge_transition(actor=request.user, pledge=pledge, **payload.validated_data)
        return self._respond(pledge)

    @extend_schema(responses={200: PledgeTransitionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        """The pledge's lifecycle: each step, its date, who recorded it."""
        pledge = self.get_object()
        steps = pledge.transitions.select_related("recorded_by")
        return Response(PledgeTransitionSerializer(steps, many=True).data)

    @extend_schema(request=ReviewRequestSerializer, responses={200: PledgeSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-figures", permission_action=REVIEW)
    def confirm_figures(self, request, pk=None):
        """The donor's delegate confirms the figures; the exact figures confirmed are recorded."""
        pledge = self.get_object()
        payload = ReviewRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pledge = services.pledge_confirm_figures(
            actor=request.user,
            pledge=pledge,
            seen=payload.validated_data.get("seen"),
            comment=payload.validated_data.get("comment", ""),
        )
        return self._respond(pledge)

    @extend_schema(request=ReviewRequestSerializer, responses={200: PledgeSerializer})
    @action(detail=True, methods=["post"], permission_action=REVIEW)
    def dispute(self, request, pk=None):
        """The donor's delegate disputes the figures; `comment` is required."""
        pledge = self.get_object()
        payload = ReviewRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pledge = services.pledge_dispute(
            actor=request.user,
            pledge=pledge,
            comment=payload.validated_data.get("comment", ""),
            seen=payload.validated_data.get("seen"),
        )
        return self._respond(pledge)


class DisbursementViewSet(PageFirstMixin, _AnnotatedViewSet):
    """Payments against pledges, in the pledge's currency. Exceeding the pledge needs `overpayment_reason`."""

    queryset = Disbursement.objects.all()
    serializer_class = DisbursementSerializer
    pagination_class = PortalCursorPagination  # a large list: cursors, no count
    filterset_class = DisbursementFilter
    create_service = services.disbursement_create
    update_service = services.disbursement_update
    delete_service = services.disbursement_delete

    def get_queryset(self):
        return selectors.disbursements_for(self.request.user).order_by("-paid_on", "pk")


class FxRateViewSet(ServiceModelViewSet):
    """Reference rates: units of `currency` per 1 EUR on `date`. Read by every role; written by staff or
    the secretariat of any coalition."""

    queryset = FxRate.objects.order_by("currency", "-date")
    serializer_class = FxRateSerializer
    filterset_class = FxRateFilter
    create_service = services.fx_rate_create
    update_service = services.fx_rate_update
    delete_service = services.fx_rate_delete
    service_instance_name = "fx_rate"

    def check_object_permissions(self, request, obj):
        if request.user.is_staff and request.method not in ("GET", "HEAD", "OPTIONS"):
            return  # staff keep the shared rates; the service checks again
        super().check_object_permissions(request, obj)


class ReportedTotalViewSet(_AnnotatedViewSet):
    """Totals announced at meetings, reconciled against the itemised pledges announced there."""

    queryset = ReportedTotal.objects.all()
    serializer_class = ReportedTotalSerializer
    filterset_class = ReportedTotalFilter
    create_service = services.reported_total_create
    update_service = services.reported_total_update
    delete_service = services.reported_total_delete
    service_instance_name = "reported_total"

    def get_queryset(self):
        return selectors.reported_totals_for(self.request.user).order_by("meeting__starts_at", "pk")
