from django.urls import reverse
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from coalition.models import Coalition
from summaries.models import StatusSnapshot, SummaryJob


class SnapshotListSerializer(ScopedModelSerializer):
    trigger = serializers.CharField(source="job.trigger", default=None, read_only=True)

    class Meta:
        model = StatusSnapshot
        fields = ["id", "coalition", "generated_at", "data_as_of", "duration_ms", "job", "trigger"]


class SnapshotSerializer(SnapshotListSerializer):
    class Meta(SnapshotListSerializer.Meta):
        fields = [*SnapshotListSerializer.Meta.fields, "payload"]


class SummaryRequestSerializer(serializers.Serializer):
    coalition = serializers.PrimaryKeyRelatedField(queryset=Coalition.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["coalition"].queryset = Coalition.objects.visible_to(user)


class SummaryJobSerializer(ScopedModelSerializer):
    snapshot = serializers.PrimaryKeyRelatedField(read_only=True)
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
