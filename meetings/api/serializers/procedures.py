"""Serializers of written procedures and silence breaks."""

from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer, UTCDateTimeField
from coalition.models import Participant
from meetings.models import SilenceBreak, WrittenProcedure

__all__ = [
    "BreakSilenceSerializer",
    "ProcedureCirculateSerializer",
    "ProcedureWithdrawSerializer",
    "SilenceBreakSerializer",
    "WrittenProcedureSerializer",
]


class SilenceBreakSerializer(serializers.ModelSerializer):
    broken_at = UTCDateTimeField(read_only=True)

    class Meta:
        model = SilenceBreak
        fields = ["id", "participant", "reason", "broken_at", "broken_by"]


class WrittenProcedureSerializer(ScopedModelSerializer):
    reference = serializers.CharField(read_only=True, help_text="WP<number>")
    silence_breaks = SilenceBreakSerializer(many=True, read_only=True)
    decision = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The decision adopted (once adopted)."
    )

    class Meta:
        model = WrittenProcedure
        fields = [
            "id",
            "coalition",
            "number",
            "reference",
            "title",
            "draft_decision",
            "rationale",
            "deadline",
            "distribution_list",
            "related_pledges",
            "related_roadmap_items",
            "status",
            "circulated_at",
            "circulated_by",
            "concluded_at",
            "outcome_note",
            "silence_breaks",
            "decision",
            "source",
            "is_illustrative",
        ]
        read_only_fields = [
            "number",
            "status",
            "circulated_at",
            "circulated_by",
            "concluded_at",
            "outcome_note",
        ]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["decision"] = getattr(getattr(instance, "decision", None), "pk", None)
        return data


class ProcedureCirculateSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField(
        required=False, help_text="Silence until (at least an hour away); the draft's deadline when omitted."
    )


class BreakSilenceSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the delegation objects.")
    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.all(),
        required=False,
        allow_null=True,
        help_text="The delegation: a delegate's own is used; the secretariat names one.",
    )


class ProcedureWithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
