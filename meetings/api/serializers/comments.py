"""Serializers of comments on minutes and of agreements."""

from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from coalition.models import Participant
from meetings.models import MinutesAgreement, MinutesComment

__all__ = [
    "MinutesAgreeSerializer",
    "MinutesAgreementSerializer",
    "MinutesCommentAnswerSerializer",
    "MinutesCommentSerializer",
]


class MinutesCommentSerializer(ScopedModelSerializer):
    revision = serializers.IntegerField(
        source="revision.number", read_only=True, help_text="Revision commented."
    )
    incorporated_in = serializers.IntegerField(
        source="incorporated_in.number",
        read_only=True,
        allow_null=True,
        help_text="Revision that took it in.",
    )

    class Meta:
        model = MinutesComment
        fields = [
            "id",
            "minutes",
            "revision",
            "paragraph",
            "quote",
            "text",
            "participant",
            "author",
            "status",
            "answer",
            "answered_at",
            "answered_by",
            "incorporated_in",
        ]
        read_only_fields = ["quote", "author", "status", "answer", "answered_at", "answered_by"]
        extra_kwargs = {
            "participant": {
                "help_text": "The delegation; a delegate's own is used (the secretariat names one)."
            }
        }
        validators = []


class MinutesCommentAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    incorporate = serializers.BooleanField(
        default=False, help_text="Take the comment into the next revision (recorded when it is saved)."
    )


class MinutesAgreeSerializer(serializers.Serializer):
    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.all(),
        required=False,
        allow_null=True,
        help_text="The delegation that agrees: a delegate's own is used; the secretariat names one.",
    )


class MinutesAgreementSerializer(serializers.ModelSerializer):
    revision = serializers.IntegerField(source="revision.number", read_only=True)

    class Meta:
        model = MinutesAgreement
        fields = ["id", "minutes", "participant", "revision", "agreed_at", "agreed_by"]
