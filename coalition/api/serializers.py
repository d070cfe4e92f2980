from django.utils import timezone
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from coalition.models import Coalition, ExpertGroup, Membership, Participant


class CoalitionSerializer(ScopedModelSerializer):
    class Meta:
        model = Coalition
        fields = ["id", "name", "short_name", "slug", "description", "beneficiary", "founded_on"]


class ParticipantSerializer(ScopedModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "kind", "code", "name", "created_at"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"name": {"required": False, "allow_blank": True}}


class MembershipSerializer(ScopedModelSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "coalition",
            "participant",
            "role",
            "joined_on",
            "left_on",
            "is_current",
            "note",
            "source",
            "is_illustrative",
        ]
        validators = []  # the service checks the one-current-membership rule and says why


class MembershipRoleChangeSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    on = serializers.DateField(required=False, help_text="First day of the new role (default: today).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def validate_on(self, value):
        return value or timezone.localdate()


class ExpertGroupSerializer(ScopedModelSerializer):
    class Meta:
        model = ExpertGroup
        fields = [
            "id",
            "coalition",
            "name",
            "description",
            "lead",
            "members",
            "created_on",
            "source",
            "is_illustrative",
        ]
        validators = []


class ProblemTypeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The machine-readable key, as in each problem's `code`.")
    type = serializers.CharField(source="uri", help_text="The URI in each problem's `type`.")
    status = serializers.IntegerField(help_text="The HTTP status it is answered with.")
    title = serializers.CharField()
    description = serializers.CharField()
