from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from coalition.api.schema import may_answer
from coalition.errors import Conflict
from summaries import services
from summaries.api.payload import SummaryDiffSerializer
from summaries.api.serializers import (
    SnapshotListSerializer,
    SnapshotSerializer,
    SummaryJobSerializer,
    SummaryRequestSerializer,
)
from summaries.diff import Incomparable, diff_payloads
from summaries.filters import SnapshotFilter
from summaries.models import StatusSnapshot, SummaryJob

COALITION_PARAM = OpenApiParameter("coalition", OpenApiTypes.INT, required=True, description="Coalition id")


class SummaryViewSet(ServiceModelViewSet):
    """Status summaries (snapshots): history, the latest, what changed between two, and on-demand jobs."""

    queryset = StatusSnapshot.objects.select_related("job").order_by("-data_as_of", "-generated_at")
    filterset_class = SnapshotFilter
    http_method_names = ["get", "post", "head", "options"]
    create_model = SummaryJob  # a POST queues a job (authorised before its body is read)

    def get_serializer_class(self):
        if self.action == "list":
            return SnapshotListSerializer
        if self.action == "create":
            return SummaryRequestSerializer
        return SnapshotSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.defer("payload") if self.action == "list" else qs

    @extend_schema(
        request=SummaryRequestSerializer,
        responses={202: SummaryJobSerializer},
        description="Queue a summary job: 202 with its status URL; 503 if the queue is unreachable.",
    )
    def create(self, request, *args, **kwargs):
        payload = SummaryRequestSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        job = services.request_summary(actor=request.user, coalition=payload.validated_data["coalition"])
        body = SummaryJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})

    @extend_schema(parameters=[COALITION_PARAM], responses={200: SnapshotSerializer})
    @action(detail=False, methods=["get"])
    @may_answer("404")
    def latest(self, request):
        coalition = request.query_params.get("coalition")
        if not coalition or not coalition.isdigit():
            raise ValidationError({"coalition": [_("Give the coalition's id, e.g. ?coalition=1.")]})
        snapshot = self.get_queryset().filter(coalition_id=int(coalition)).first()
        if snapshot is None:
            raise Http404(_("No summary of this coalition yet (or no such coalition)."))
        return Response(SnapshotSerializer(snapshot, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("against", OpenApiTypes.INT, required=True, description="The other snapshot"),
            OpenApiParameter(
                "facts_only",
                OpenApiTypes.BOOL,
                required=False,
                description="Compare the figures without illustrations (default: false).",
            ),
        ],
        responses={200: SummaryDiffSerializer},
        description="What changed between two snapshots of a coalition, older to newer whichever is given "
        "first; each change is a figure before and after, with its label and a sentence. 409 if the two "
        "snapshots have different schema versions (their figures do not compare).",
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        snapshot = self.get_object()
        against = request.query_params.get("against")
        if not against or not against.isdigit():
            raise ValidationError({"against": [_("Give the id of the snapshot to compare with.")]})
        facts_only = request.query_params.get("facts_only", "false").lower()
        if facts_only not in ("true", "false", "1", "0"):
            raise ValidationError({"facts_only": [_("Give true or false.")]})
        other = get_object_or_404(self.get_queryset().filter(coalition=snapshot.coalition), pk=int(against))
        older, newer = sorted([other, snapshot], key=lambda s: (s.data_as_of, s.generated_at))
        try:
            changes = diff_payloads(older.payload, newer.payload, facts_only=facts_only in ("true", "1"))
        except Incomparable as exc:
            raise Conflict(exc.reason, code="snapshots-incomparable") from exc
        body = {"from_snapshot": older.pk, "to_snapshot": newer.pk, **changes}
        return Response(SummaryDiffSerializer(body, context=self.get_serializer_context()).data)


class SummaryJobViewSet(ServiceModelViewSet):
    """The state of a summary job (queued, running, succeeded with its snapshot, or failed with why)."""

    queryset = SummaryJob.objects.select_related("snapshot").order_by("-requested_at")
    serializer_class = SummaryJobSerializer
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["coalition", "state", "trigger"]
