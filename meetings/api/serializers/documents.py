"""Serializers of agenda documents, their versions, and the classification markings."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer, UTCDateTimeField
from meetings.models import AgendaDocument, ClassificationMarking, DocumentVersion

__all__ = [
    "AgendaDocumentBriefSerializer",
    "ClassificationMarkingSerializer",
    "DocumentSerializer",
    "DocumentVersionSerializer",
    "DocumentVersionUploadSerializer",
]


def _download_url(serializer, document, version=None) -> str:
    path = reverse(
        "agenda-document-download", args=[document.agenda_item.meeting.coalition.slug, document.pk]
    )
    if version is not None:
        path += f"?version={version.number}"
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class DocumentVersionSerializer(serializers.ModelSerializer):
    uploaded_at = UTCDateTimeField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "note",
            "uploaded_at",
            "uploaded_by",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj) -> str:
        return _download_url(self, obj.document, obj)


class DocumentVersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Multipart upload; the allowed types and size are checked.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, help_text="What changed.")


class DocumentSerializer(ScopedModelSerializer):
    """Create with multipart/form-data (`agenda_item`, `file`, and optionally `title`, `classification`,
    `visibility`, `participant`, `note`); PATCH changes `title`, `classification`, `visibility`."""

    file = serializers.FileField(write_only=True, help_text="The first version (multipart upload).")
    note = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=300)
    marking = serializers.CharField(read_only=True, help_text="The classification marking's label, or ''.")
    current_version = DocumentVersionSerializer(read_only=True, allow_null=True)
    versions = DocumentVersionSerializer(many=True, read_only=True, help_text="Newest first.")
    download_url = serializers.SerializerMethodField(help_text="The current version.")
    uploaded_at = UTCDateTimeField(read_only=True)

    class Meta:
        model = AgendaDocument
        fields = [
            "id",
            "agenda_item",
            "title",
            "classification",
            "marking",
            "visibility",
            "participant",
            "file",
            "note",
            "current_version",
            "versions",
            "download_url",
            "uploaded_at",
            "uploaded_by",
        ]
        read_only_fields = ["uploaded_by"]
        extra_kwargs = {
            "title": {"required": False, "help_text": "The file name when omitted."},
            "participant": {
                "help_text": "The submitting delegation: a delegate's own; the secretariat may name one."
            },
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "file" in fields:
            fields["file"].required = False  # PATCH changes the details; versions go to {id}/versions/
        return fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj) -> str:
        return _download_url(self, obj)


class AgendaDocumentBriefSerializer(serializers.ModelSerializer):
    marking = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = AgendaDocument
        fields = ["id", "title", "marking", "visibility", "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj) -> str:
        return _download_url(self, obj)


class ClassificationMarkingSerializer(ScopedModelSerializer):
    class Meta:
        model = ClassificationMarking
        fields = ["id", "coalition", "label", "description", "position", "is_default", "is_active"]
        read_only_fields = fields
