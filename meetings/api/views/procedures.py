"""Written (silence) procedures: draft, circulate, break silence, withdraw, and the adoption at the
deadline (`conclude`, also done every minute by the scheduled job)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from coalition.api.permissions import BY_SERVICE
from coalition.permissions import ADD, require, role_in
from meetings import services
from meetings.api.serializers import (
    BreakSilenceSerializer,
    ProcedureCirculateSerializer,
    ProcedureWithdrawSerializer,
    SilenceBreakSerializer,
    WrittenProcedureSerializer,
)
from meetings.api.views.common import payload
from meetings.filters import WrittenProcedureFilter
from meetings.models import SilenceBreak, WrittenProcedure


class WrittenProcedureViewSet(ServiceModelViewSet):
    """A draft is edited and deleted; once circulated its text is fixed. Adopted procedures name their
    `decision` (WP<number>, dated the deadline's day)."""

    queryset = (
        WrittenProcedure.objects.select_related("coalition", "distribution_list", "decision")
        .prefetch_related("silence_breaks", "related_pledges", "related_roadmap_items")
        .order_by("coalition", "-number")
    )
    serializer_class = WrittenProcedureSerializer
    filterset_class = WrittenProcedureFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = services.procedure_create
    update_service = services.procedure_update
    delete_service = services.procedure_delete
    service_instance_name = "procedure"

    def _respond(self, procedure):
        procedure = self.get_queryset().get(pk=procedure.pk)
        return Response(WrittenProcedureSerializer(procedure, context=self.get_serializer_context()).data)

    @extend_schema(request=ProcedureCirculateSerializer, responses={200: WrittenProcedureSerializer})
    @action(detail=True, methods=["post"])
    def circulate(self, request, pk=None):
        """draft → circulated: the delegations receive the draft decision and the deadline by e-mail."""
        data = payload(ProcedureCirculateSerializer, request)
        return self._respond(
            services.procedure_circulate(actor=request.user, procedure=self.get_object(), **data)
        )

    @extend_schema(request=BreakSilenceSerializer, responses={201: SilenceBreakSerializer})
    @action(detail=True, methods=["post"], url_path="break-silence", permission_action=BY_SERVICE)
    def break_silence(self, request, pk=None):
        """A member delegation breaks silence before the deadline, with a `reason`; the procedure then fails
        at the deadline."""
        # Not get_object(): delegates may not change the procedure; the service checks who breaks silence.
        procedure = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=pk)
        # Who may not break silence at all (an observer) is refused before the body is read (403).
        role = role_in(request.user, procedure.coalition_id)
        own = role.participant if role is not None and role.kind == "delegate" else None
        require(request.user, ADD, SilenceBreak, coalition=procedure.coalition_id, owner=own)
        silence_break = services.procedure_break_silence(
            actor=request.user, procedure=procedure, **payload(BreakSilenceSerializer, request)
        )
        return Response(SilenceBreakSerializer(silence_break).data, status=201)

    @extend_schema(request=ProcedureWithdrawSerializer, responses={200: WrittenProcedureSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """draft or circulated → withdrawn: nothing is adopted."""
        data = payload(ProcedureWithdrawSerializer, request)
        return self._respond(
            services.procedure_withdraw(actor=request.user, procedure=self.get_object(), **data)
        )

    @extend_schema(request=None, responses={200: WrittenProcedureSerializer})
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        """The adoption at the deadline, now: adopted (a decision is recorded) or failed; 409 before the
        deadline. The scheduled job does the same every minute; concluding twice changes nothing."""
        return self._respond(services.procedure_conclude(actor=request.user, procedure=self.get_object()))
