from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition import services
from coalition.api import problems
from coalition.api.base import PortalViewSetMixin, ServiceModelViewSet
from coalition.api.serializers import (
    CoalitionSerializer,
    ExpertGroupSerializer,
    MembershipRoleChangeSerializer,
    MembershipSerializer,
    ParticipantSerializer,
    ProblemTypeSerializer,
)
from coalition.filters import CoalitionFilter, ExpertGroupFilter, MembershipFilter, ParticipantFilter
from coalition.models import Coalition, ExpertGroup, Membership, Participant


class CoalitionViewSet(ServiceModelViewSet):
    queryset = Coalition.objects.order_by("name")
    serializer_class = CoalitionSerializer
    filterset_class = CoalitionFilter
    create_service = services.coalition_create
    update_service = services.coalition_update
    delete_service = services.coalition_delete


class ParticipantViewSet(ServiceModelViewSet):
    queryset = Participant.objects.order_by("name")
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    create_service = services.participant_create
    update_service = services.participant_update
    delete_service = services.participant_delete


class MembershipViewSet(ServiceModelViewSet):
    queryset = Membership.objects.select_related("coalition", "participant").order_by(
        "coalition__name", "participant__name", "joined_on"
    )
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    create_service = services.membership_create
    update_service = services.membership_update
    delete_service = services.membership_delete

    @extend_schema(request=MembershipRoleChangeSerializer, responses={201: MembershipSerializer})
    @action(detail=True, methods=["post"], url_path="change-role")
    def change_role(self, request, pk=None):
        """Close this membership the day before `on` and open one with the new role: history is kept."""
        membership = self.get_object()
        payload = MembershipRoleChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        successor = services.membership_change_role(
            actor=request.user, membership=membership, **payload.validated_data
        )
        return Response(
            MembershipSerializer(successor, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class ExpertGroupViewSet(ServiceModelViewSet):
    queryset = ExpertGroup.objects.select_related("lead").prefetch_related("members").order_by("name")
    serializer_class = ExpertGroupSerializer
    filterset_class = ExpertGroupFilter
    create_service = services.expert_group_create
    update_service = services.expert_group_update
    delete_service = services.expert_group_delete
    service_instance_name = "expert_group"


class ProblemTypeViewSet(PortalViewSetMixin, viewsets.ViewSet):
    """The problem types the API answers with: the `type` URI of each problem leads here."""

    lookup_field = "code"
    lookup_value_regex = "[a-z-]+"
    serializer_class = ProblemTypeSerializer

    @extend_schema(responses={200: ProblemTypeSerializer(many=True)})
    def list(self, request):
        return Response(ProblemTypeSerializer(problems.REGISTRY.values(), many=True).data)

    @extend_schema(responses={200: ProblemTypeSerializer})
    def retrieve(self, request, code=None):
        if code not in problems.REGISTRY:
            raise Http404
        return Response(ProblemTypeSerializer(problems.REGISTRY[code]).data)
