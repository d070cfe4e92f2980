from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from coalition.models import Coalition
from summaries import payload as payloads
from summaries.api.payload import LegacyPayloadField, SummaryPayloadSerializer
from summaries.models import StatusSnapshot, SummaryJob


class SnapshotListSerializer(ScopedModelSerializer):
    trigger = serializers.ChoiceField(
        source="job.trigger",
        choices=SummaryJob.Trigger.choices,
        default=None,
        allow_null=True,
        read_only=True,
        help_text="Null for figures rebuilt from the history for a briefing pack (no job of their own).",
    )
    job = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = StatusSnapshot
        fields = [
            "id",
            "coalition",
            "generated_at",
            "data_as_of",
            "schema_version",
            "duration_ms",
            "job",
            "trigger",
        ]


class SnapshotSerializer(SnapshotListSerializer):
    payload = serializers.SerializerMethodField(
        help_text="The figures (schema version 2); null for an earlier version (see legacy_payload)."
    )
    legacy_payload = LegacyPayloadField(source="*", read_only=True)

    class Meta(SnapshotListSerializer.Meta):
        fields = [*SnapshotListSerializer.Meta.fields, "payload", "legacy_payload"]

    @extend_schema_field(SummaryPayloadSerializer(allow_null=True))
    def get_payload(self, snapshot):
        if not payloads.is_current(snapshot.payload):
            return None
        return SummaryPayloadSerializer(snapshot.payload, context=self.context).data

    def to_representation(self, snapshot):
        data = super().to_representation(snapshot)
        data["legacy_payload"] = None if payloads.is_current(snapshot.payload) else snapshot.payload
        return data


class SummaryRequestSerializer(serializers.Serializer):
    coalition = serializers.PrimaryKeyRelatedField(queryset=Coalition.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["coalition"].queryset = Coalition.objects.visible_to(user)


class SummaryJobSerializer(ScopedModelSerializer):
    snapshot = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The snapshot, once the job has succeeded."
    )
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = SummaryJob
        fields = [
            "id",
            "coalition",
            "trigger",
            "state",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "error",
            "snapshot",
            "status_url",
        ]

    def get_status_url(self, job) -> str:
        request = self.context.get("request")
        url = reverse("summaryjob-detail", args=[job.pk])
        return request.build_absolute_uri(url) if request else url
