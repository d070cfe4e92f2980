from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from coalition.models import ExpertGroup, Participant
from meetings.api.serializers.documents import AgendaDocumentBriefSerializer
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    DistributionList,
    Invitation,
    Meeting,
    Minutes,
    MinutesRevision,
)

__all__ = [
    "ActionItemSerializer",
    "ActionItemTransitionSerializer",
    "AgendaItemMoveSerializer",
    "AgendaItemSerializer",
    "AttendanceSerializer",
    "AttendanceSummarySerializer",
    "DecisionSerializer",
    "InvitationSerializer",
    "MeetingCancelSerializer",
    "MeetingInviteResultSerializer",
    "MeetingInviteSerializer",
    "MeetingSerializer",
    "MinutesApproveSerializer",
    "MinutesCirculateSerializer",
    "MinutesCompareSerializer",
    "MinutesRevisionSerializer",
    "MinutesSerializer",
    "RsvpSerializer",
]


class MeetingSerializer(ScopedModelSerializer):
    number = serializers.IntegerField(
        required=False, min_value=1, help_text="Number in the series; the next one when omitted."
    )
    ics_url = serializers.SerializerMethodField()
    fast_read_attrs = {
        "ics_url": ["coalition.slug", "number"]
    }  # what the method reads (coalition.api.fastread)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "coalition",
            "number",
            "title",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "address",
            "online_url",
            "chairs",
            "status",
            "summary",
            "cancellation_reason",
            "ical_sequence",
            "ics_url",
            "source",
            "is_illustrative",
        ]
        read_only_fields = ["status", "cancellation_reason", "ical_sequence"]
        validators = []  # the service checks the unique number and the times, and says why

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, obj) -> str:
        path = reverse("meeting-ics", args=[obj.coalition.slug, obj.number])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class MeetingCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class MeetingInviteSerializer(serializers.Serializer):
    participants = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Participant.objects.all(),
        required=False,
        help_text="Participants to invite by name.",
    )
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Attendance.Role.choices),
        required=False,
        help_text="Every member on the meeting's date with one of these roles ('organisation': international "
        "organisations; 'observer' includes observer organisations).",
    )
    expert_groups = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ExpertGroup.objects.all(),
        required=False,
        help_text="Members of these expert groups.",
    )
    distribution_list = serializers.PrimaryKeyRelatedField(
        queryset=DistributionList.objects.all(),
        required=False,
        allow_null=True,
        help_text="The delegations on this list; their e-mail goes to the list's contacts.",
    )
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        help_text="One person to invite.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["expert_groups"].child_relation.queryset = ExpertGroup.objects.visible_to(user)
        self.fields["distribution_list"].queryset = DistributionList.objects.visible_to(user)


class _ParticipantRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "code", "name"]


class AttendanceSummarySerializer(serializers.Serializer):
    participating_states = serializers.IntegerField()
    observers = serializers.IntegerField()
    beneficiaries = serializers.IntegerField()
    organisations = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField()
    illustrative = serializers.IntegerField()
    by_role = serializers.DictField(child=serializers.IntegerField())


class InvitationSerializer(ScopedModelSerializer):
    sent_to = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="How many addresses the latest invitation e-mail reached: 0 nobody, null not sent yet.",
    )
    registered = serializers.SerializerMethodField(
        help_text="Persons registered by name under this invitation."
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "meeting",
            "participant",
            "user",
            "distribution_list",
            "response",
            "persons",
            "registered",
            "note",
            "invited_at",
            "responded_at",
            "responded_by",
            "sent_to",
        ]
        read_only_fields = ["response", "persons", "invited_at", "responded_at", "responded_by"]
        validators = []

    def get_registered(self, obj) -> int:
        annotated = getattr(obj, "registered_count", None)
        return obj.registrations.count() if annotated is None else annotated


class MeetingInviteResultSerializer(serializers.Serializer):
    invitations = InvitationSerializer(many=True, help_text="The invitations made now.")
    already_invited = _ParticipantRefSerializer(
        many=True, help_text="Chosen, but invited before: left as they are."
    )
    unreachable = _ParticipantRefSerializer(
        many=True,
        help_text="Invited delegations that no e-mail reaches (no contact or delegate with an address).",
    )


class RsvpSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[Invitation.Response.ATTENDING, Invitation.Response.APOLOGIES])
    persons = serializers.IntegerField(required=False, min_value=0, help_text="For 'attending' (default 1).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AttendanceSerializer(ScopedModelSerializer):
    class Meta:
        model = Attendance
        fields = [
            "id",
            "meeting",
            "participant",
            "role",
            "persons",
            "note",
            "source",
            "is_illustrative",
            "recorded_at",
        ]
        read_only_fields = ["role", "recorded_at"]
        validators = []


class AgendaItemSerializer(ScopedModelSerializer):
    position = serializers.IntegerField(
        required=False, min_value=1, help_text="1 is first; last when omitted."
    )
    documents = AgendaDocumentBriefSerializer(many=True, read_only=True, help_text="Those you may see.")

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "position",
            "title",
            "description",
            "presenter",
            "presenter_name",
            "duration_minutes",
            "documents",
        ]
        validators = []


class AgendaItemMoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)


class DecisionSerializer(ScopedModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "coalition",
            "meeting",
            "written_procedure",
            "decided_on",
            "number",
            "reference",
            "text",
            "agenda_item",
            "related_pledges",
            "related_roadmap_items",
            "source",
            "is_illustrative",
        ]
        read_only_fields = ["number", "coalition", "written_procedure", "decided_on"]
        extra_kwargs = {"meeting": {"required": True, "allow_null": False}}
        validators = []


class ActionItemSerializer(ScopedModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)
    fast_read_attrs = {"is_overdue": ["status", "due_on"]}  # what the property reads (coalition.api.fastread)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "decision",
            "title",
            "description",
            "owner_participant",
            "owner_user",
            "due_on",
            "status",
            "is_overdue",
            "follow_up_meeting",
            "closed_at",
            "closing_note",
            "progress_note",
            "progress_updated_at",
            "progress_updated_by",
            "source",
            "is_illustrative",
        ]
        read_only_fields = [
            "status",
            "closed_at",
            "closing_note",
            "progress_updated_at",
            "progress_updated_by",
        ]
        extra_kwargs = {
            "progress_note": {
                "help_text": "Where the work stands; its owners (and the secretariat) write it."
            }
        }
        validators = []


class ActionItemTransitionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class _AgreedSerializer(serializers.Serializer):
    participant = serializers.CharField(help_text="Participant code.")
    name = serializers.CharField()
    revision = serializers.IntegerField(help_text="The revision it agreed to.")


class _CommentCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    incorporated = serializers.IntegerField()
    answered = serializers.IntegerField()


class MinutesApprovalRecordSerializer(serializers.Serializer):
    """Frozen at approval: empty ({}) before."""

    revision = serializers.IntegerField(required=False, allow_null=True)
    agreed = _AgreedSerializer(many=True, required=False)
    commented = serializers.ListField(child=serializers.CharField(), required=False)
    comments = _CommentCountsSerializer(required=False)


class MinutesSerializer(ScopedModelSerializer):
    comment = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=300, help_text="What changed."
    )
    latest_revision = serializers.IntegerField(source="latest_revision_number", read_only=True)
    approved_revision = serializers.IntegerField(
        source="approved_revision.number", read_only=True, allow_null=True, help_text="The revision approved."
    )
    approval_record = MinutesApprovalRecordSerializer(read_only=True)

    class Meta:
        model = Minutes
        fields = [
            "id",
            "meeting",
            "status",
            "text",
            "comment",
            "comments_due_on",
            "circulated_at",
            "approved_at",
            "approved_at_meeting",
            "approved_revision",
            "approval_record",
            "latest_revision",
        ]
        read_only_fields = [
            "status",
            "circulated_at",
            "approved_at",
            "approved_at_meeting",
            "approval_record",
        ]
        validators = []


class MinutesCirculateSerializer(serializers.Serializer):
    comments_due_on = serializers.DateField(required=False, allow_null=True)


class MinutesApproveSerializer(serializers.Serializer):
    approved_at_meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["approved_at_meeting"].queryset = Meeting.objects.visible_to(
            getattr(request, "user", None)
        )


class MinutesRevisionSerializer(ScopedModelSerializer):
    created_by = serializers.StringRelatedField()

    class Meta:
        model = MinutesRevision
        fields = ["number", "status", "comment", "created_at", "created_by", "text"]


class MinutesCompareSerializer(serializers.Serializer):
    old = serializers.IntegerField()
    new = serializers.IntegerField()
    unified_diff = serializers.CharField()
