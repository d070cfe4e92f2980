"""Records of meetings: decisions, action items (owners report progress) and minutes (circulated,
commented, agreed, approved)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from coalition.api.pagination import PortalCursorPagination
from coalition.api.permissions import BY_SERVICE
from coalition.errors import Conflict
from meetings import selectors, services
from meetings.api.serializers import (
    ActionItemSerializer,
    ActionItemTransitionSerializer,
    DecisionSerializer,
    MinutesAgreementSerializer,
    MinutesAgreeSerializer,
    MinutesApproveSerializer,
    MinutesCirculateSerializer,
    MinutesCompareSerializer,
    MinutesRevisionSerializer,
    MinutesSerializer,
)
from meetings.api.views.common import payload
from meetings.filters import (
    ActionItemFilter,
    DecisionFilter,
    MinutesFilter,
)
from meetings.models import (
    ActionItem,
    Decision,
    Minutes,
    MinutesRevision,
)


class DecisionViewSet(ServiceModelViewSet):
    queryset = (
        Decision.objects.select_related("meeting", "agenda_item", "written_procedure")
        .prefetch_related("related_pledges", "related_roadmap_items")
        .order_by("decided_on", "meeting__starts_at", "number", "pk")
    )
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    create_service = services.decision_create
    update_service = services.decision_update
    delete_service = services.decision_delete


class ActionItemViewSet(ServiceModelViewSet):
    queryset = ActionItem.objects.select_related(
        "meeting", "owner_participant", "owner_user", "follow_up_meeting", "decision"
    ).order_by("due_on", "pk")
    serializer_class = ActionItemSerializer
    pagination_class = PortalCursorPagination  # a large list: cursors, no count
    filterset_class = ActionItemFilter
    create_service = services.action_item_create
    update_service = services.action_item_update
    delete_service = services.action_item_delete
    service_instance_name = "action_item"

    def check_object_permissions(self, request, obj):
        """Owners (delegates of the owner participant, the owner person) PATCH `progress_note` and close or
        reopen their items; the service refuses them any other field."""
        owners_may = request.method == "PATCH" or getattr(self, "action", None) in ("complete", "reopen")
        if owners_may and services.can_report(request.user, obj):
            return
        super().check_object_permissions(request, obj)

    def _transition(self, request, service):
        item = service(
            actor=request.user,
            action_item=self.get_object(),
            **payload(ActionItemTransitionSerializer, request),
        )
        return Response(ActionItemSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(request=ActionItemTransitionSerializer, responses={200: ActionItemSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """open → done, by its owners or the secretariat."""
        return self._transition(request, services.action_item_complete)

    @extend_schema(request=ActionItemTransitionSerializer, responses={200: ActionItemSerializer})
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """open → dropped, by the secretariat."""
        return self._transition(request, services.action_item_drop)

    @extend_schema(request=ActionItemTransitionSerializer, responses={200: ActionItemSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """done or dropped → open, by its owners or the secretariat."""
        return self._transition(request, services.action_item_reopen)


def _minutes_create(*, actor, meeting, text, comment="", comments_due_on=None):
    return services.minutes_save(
        actor=actor, meeting=meeting, text=text, comment=comment, comments_due_on=comments_due_on
    )


def _minutes_update(*, actor, minutes, **data):
    if "meeting" in data and data.pop("meeting") != minutes.meeting:
        raise ValidationError({"meeting": "Minutes stay with their meeting."})
    return services.minutes_save(
        actor=actor,
        meeting=minutes.meeting,
        text=data.get("text", minutes.text),
        comment=data.get("comment", ""),
        comments_due_on=data.get("comments_due_on", minutes.comments_due_on),
    )


def _minutes_delete(*, actor, minutes):
    raise Conflict(_("Minutes are never deleted; every revision is kept."))


class MinutesViewSet(ServiceModelViewSet):
    """Minutes: PATCH `text` saves a new revision; approved minutes answer 409."""

    queryset = Minutes.objects.select_related("meeting", "approved_at_meeting").order_by(
        "-meeting__starts_at"
    )
    serializer_class = MinutesSerializer
    filterset_class = MinutesFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = _minutes_create
    update_service = _minutes_update
    delete_service = _minutes_delete

    def _respond(self, minutes):
        minutes = self.get_queryset().get(pk=minutes.pk)
        return Response(MinutesSerializer(minutes, context=self.get_serializer_context()).data)

    @extend_schema(request=MinutesCirculateSerializer, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def circulate(self, request, pk=None):
        """draft → circulated for comment (the meeting must be held); e-mails go to invitees and attendees."""
        minutes = services.minutes_circulate(
            actor=request.user, minutes=self.get_object(), **payload(MinutesCirculateSerializer, request)
        )
        return self._respond(minutes)

    @extend_schema(request=MinutesApproveSerializer, responses={200: MinutesSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """circulated → approved at a later meeting that has taken place; then read-only."""
        data = payload(MinutesApproveSerializer, request)
        minutes = services.minutes_approve(
            actor=request.user, minutes=self.get_object(), at_meeting=data["approved_at_meeting"]
        )
        return self._respond(minutes)

    @extend_schema(request=MinutesAgreeSerializer, responses={200: MinutesAgreementSerializer})
    @action(detail=True, methods=["post"], permission_action=BY_SERVICE)  # the service checks who agrees
    def agree(self, request, pk=None):
        """A delegation agrees with the circulated minutes as they stand (the latest revision)."""
        data = payload(MinutesAgreeSerializer, request)
        # Not get_object(): delegates may not change minutes; the service checks who agrees for whom.
        minutes = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=pk)
        agreement = services.minutes_agree(
            actor=request.user, minutes=minutes, participant=data.get("participant")
        )
        return Response(MinutesAgreementSerializer(agreement, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: MinutesRevisionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def revisions(self, request, pk=None):
        """Every saved text, newest first."""
        minutes = self.get_object()
        revisions = (
            MinutesRevision.objects.filter(minutes=minutes).select_related("created_by").order_by("-number")
        )
        return Response(
            MinutesRevisionSerializer(revisions, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("old", int, required=True, description="Earlier revision number"),
            OpenApiParameter("new", int, required=True, description="Later revision number"),
        ],
        responses={200: MinutesCompareSerializer},
    )
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        """A unified diff between two revisions."""
        minutes = self.get_object()
        errors = {}
        numbers = {}
        for name in ("old", "new"):
            try:
                numbers[name] = int(request.query_params.get(name, ""))
            except ValueError:
                errors[name] = "A revision number is required."
        texts = dict(
            MinutesRevision.objects.filter(minutes=minutes, number__in=numbers.values()).values_list(
                "number", "text"
            )
        )
        for name, number in numbers.items():
            if number not in texts:
                errors[name] = f"No revision {number}."
        if errors:
            raise ValidationError(errors)
        old, new = numbers["old"], numbers["new"]
        return Response(
            {
                "old": old,
                "new": new,
                "unified_diff": selectors.unified_diff(
                    texts[old], texts[new], f"revision {old}", f"revision {new}"
                ),
            }
        )
