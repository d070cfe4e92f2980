"""Meeting endpoints. Reads start at visible_to(user); writes and transitions call meetings.services."""

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from meetings import ical, selectors, services
from meetings.api.serializers import (
    AgendaItemMoveSerializer,
    AgendaItemSerializer,
    AttendanceSerializer,
    AttendanceSummarySerializer,
    InvitationSerializer,
    MeetingCancelSerializer,
    MeetingInviteResultSerializer,
    MeetingInviteSerializer,
    MeetingSerializer,
    RsvpSerializer,
)
from meetings.api.views.common import payload
from meetings.filters import (
    AgendaItemFilter,
    AttendanceFilter,
    InvitationFilter,
    MeetingFilter,
)
from meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
)

DOCX_NOTE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MeetingViewSet(ServiceModelViewSet):
    queryset = (
        Meeting.objects.select_related("coalition").prefetch_related("chairs").order_by("-starts_at", "pk")
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    create_service = services.meeting_create
    update_service = services.meeting_update
    delete_service = services.meeting_delete

    def _respond(self, meeting):
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data)

    @extend_schema(request=MeetingCancelSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """planned → cancelled (before it starts); invitees receive the cancellation."""
        meeting = services.meeting_cancel(
            actor=request.user, meeting=self.get_object(), **payload(MeetingCancelSerializer, request)
        )
        return self._respond(meeting)

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="mark-held")
    def mark_held(self, request, pk=None):
        """planned → held, once the meeting has started."""
        return self._respond(services.meeting_mark_held(actor=request.user, meeting=self.get_object()))

    @extend_schema(request=MeetingInviteSerializer, responses={201: MeetingInviteResultSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Invite many at once, until the meeting ends: by name, role, expert group, distribution list
        and/or one person. Those already invited are skipped; `unreachable` names the delegations that no
        e-mail reaches."""
        meeting = self.get_object()
        data = payload(MeetingInviteSerializer, request)
        result = services.invitations_create(
            actor=request.user,
            meeting=meeting,
            participants=data.get("participants", []),
            roles=data.get("roles", []),
            expert_groups=data.get("expert_groups", []),
            distribution_list=data.get("distribution_list"),
            user=data.get("user"),
        )
        body = {
            "invitations": result.created,
            "already_invited": result.already_invited,
            "unreachable": result.unreachable,
        }
        return Response(
            MeetingInviteResultSerializer(body, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: AttendanceSummarySerializer})
    @action(detail=True, methods=["get"], url_path="attendance-summary")
    def attendance_summary(self, request, pk=None):
        """Counts by role: participating states (leads and members), observers, organisations..."""
        summary = selectors.attendance_summary(self.get_object())
        return Response(
            {
                "participating_states": summary.participating_states,
                "observers": summary.observers,
                "beneficiaries": summary.beneficiaries,
                "organisations": summary.organisations,
                "total": summary.total,
                "illustrative": summary.illustrative,
                "by_role": {role: len(rows) for role, _label, rows in summary.groups},
            }
        )

    # Served as application/pdf (DOCX: its own type); octet-stream is declared beside it because generated
    # clients take binary bodies only so (openapi-python-client uses the first content type it knows).
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="application/pdf"),
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="application/pdf"
            ),
        }
    )
    @action(detail=True, methods=["get"], url_path="record-of-decisions.pdf")
    def record_pdf(self, request, pk=None):
        """The record of decisions (decisions, decisions by written procedure since the previous meeting,
        action items) as PDF, headed and footed with the coalition's default marking."""
        from meetings import record

        built = record.build(self.get_object())
        response = HttpResponse(record.render_pdf(built), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{built.filename_stem}.pdf"'
        return response

    @extend_schema(
        responses={
            (200, DOCX_NOTE): OpenApiResponse(OpenApiTypes.BINARY, description=DOCX_NOTE),
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description=DOCX_NOTE),
        }
    )
    @action(detail=True, methods=["get"], url_path="record-of-decisions.docx")
    def record_docx(self, request, pk=None):
        """The record of decisions as a Word document (DOCX)."""
        from meetings import record

        built = record.build(self.get_object())
        response = HttpResponse(record.render_docx(built), content_type=record.DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{built.filename_stem}.docx"'
        return response

    @extend_schema(responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def ics(self, request, pk=None):
        """The meeting as an iCalendar (RFC 5545) file."""
        meeting = self.get_object()
        meeting = selectors.meetings_for_calendar(request.user, meeting.coalition).get(pk=meeting.pk)
        content = ical.calendar([meeting], name=meeting.title)
        return HttpResponse(content, content_type="text/calendar; charset=utf-8")


class InvitationViewSet(ServiceModelViewSet):
    queryset = (
        Invitation.objects.select_related("meeting", "participant", "user", "responded_by")
        .annotate(registered_count=Count("registrations"))
        .order_by("meeting", "participant__name", "id")
    )
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter
    create_service = services.invitation_create
    update_service = services.invitation_update
    delete_service = services.invitation_delete
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=RsvpSerializer, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"], permission_action=services.can_respond)
    def respond(self, request, pk=None):
        """Answer (attending with the number of persons, or apologies) before the meeting starts. A delegate
        answers for their own participant; an invited person for themselves."""
        invitation = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=pk)
        invitation = services.invitation_respond(
            actor=request.user, invitation=invitation, **payload(RsvpSerializer, request)
        )
        return Response(InvitationSerializer(invitation, context=self.get_serializer_context()).data)


class AttendanceViewSet(ServiceModelViewSet):
    queryset = Attendance.objects.select_related("meeting", "participant").order_by(
        "meeting__starts_at", "participant__name"
    )
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    create_service = services.attendance_record
    update_service = services.attendance_update
    delete_service = services.attendance_delete


class AgendaItemViewSet(ServiceModelViewSet):
    queryset = AgendaItem.objects.select_related("meeting", "presenter").order_by(
        "meeting__starts_at", "position"
    )
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter
    create_service = services.agenda_item_create
    update_service = services.agenda_item_update
    delete_service = services.agenda_item_delete
    service_instance_name = "agenda_item"

    def get_queryset(self):
        """Each item with the documents this user may see (papers for the secretariat only are left out)."""
        documents = AgendaDocument.objects.visible_to(self.request.user).select_related(
            "agenda_item__meeting__coalition", "classification", "current_version"
        )
        return super().get_queryset().prefetch_related(Prefetch("documents", queryset=documents))

    @extend_schema(request=AgendaItemMoveSerializer, responses={200: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the item to `position` (1 is first); the others keep their order."""
        item = services.agenda_item_move(
            actor=request.user, agenda_item=self.get_object(), **payload(AgendaItemMoveSerializer, request)
        )
        item = self.get_queryset().get(pk=item.pk)
        return Response(AgendaItemSerializer(item, context=self.get_serializer_context()).data)
