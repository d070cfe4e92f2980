"""Agenda documents with their versions, and the classification markings (read-only here; the
secretariat manages the list on its page)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from meetings import services
from meetings.api.serializers import (
    ClassificationMarkingSerializer,
    DocumentSerializer,
    DocumentVersionSerializer,
    DocumentVersionUploadSerializer,
)
from meetings.api.views.common import payload
from meetings.filters import AgendaDocumentFilter
from meetings.models import AgendaDocument, ClassificationMarking, DocumentVersion
from meetings.views.downloads import version_response


class DocumentViewSet(ServiceModelViewSet):
    """Documents on agenda items. The secretariat and delegations upload (a delegation its own papers);
    documents for the secretariat only are seen by the secretariat and the submitting delegation.
    Downloads carry the classification marking in their name, and PDFs on every page."""

    queryset = (
        AgendaDocument.objects.select_related(
            "agenda_item__meeting__coalition", "classification", "participant", "current_version"
        )
        .prefetch_related("versions")
        .order_by("pk")
    )
    serializer_class = DocumentSerializer
    filterset_class = AgendaDocumentFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = services.agenda_document_add
    update_service = services.agenda_document_update
    delete_service = services.agenda_document_delete
    service_instance_name = "agenda_document"

    def get_parsers(self):
        # Only the two uploads (the POSTs: a document, a new version) carry a file, multipart as the contacts
        # import; the rest is JSON only. (`self.action` is not set yet when DRF asks for the parsers.)
        if self.request is not None and self.request.method == "POST":
            return [MultiPartParser()]  # a file cannot be sent form-urlencoded
        return super().get_parsers()

    @extend_schema(
        methods=["GET"], responses={200: DocumentVersionSerializer(many=True)}, description="Every version."
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DocumentVersionUploadSerializer},
        responses={201: DocumentVersionSerializer},
        description="Upload a new version (by the submitting delegation or the secretariat).",
    )
    @action(detail=True, methods=["get", "post"])
    def versions(self, request, pk=None):
        """The document's versions, newest first; POST uploads the next one."""
        if request.method == "POST":
            version = services.document_version_add(
                actor=request.user,
                document=self.get_object(),
                **payload(DocumentVersionUploadSerializer, request),
            )
            return Response(
                DocumentVersionSerializer(version, context=self.get_serializer_context()).data, status=201
            )
        document = self.get_object()
        versions = DocumentVersion.objects.filter(document=document).select_related(
            "document__agenda_item__meeting__coalition"
        )
        return Response(
            DocumentVersionSerializer(versions, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "version", int, required=False, description="A version number; the current one when omitted."
            )
        ],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """A version of the file under its original name prefixed with the marking; PDFs are stamped."""
        document = self.get_object()
        number = request.query_params.get("version", "")
        versions = DocumentVersion.objects.filter(document=document).select_related(
            "document__classification"
        )
        if number.isdigit():
            version = get_object_or_404(versions, number=int(number))
        else:
            version = get_object_or_404(versions, pk=document.current_version_id)
        return version_response(version)


class ClassificationMarkingViewSet(viewsets.ReadOnlyModelViewSet):
    """The coalition's managed list of markings (documents carry one of them)."""

    queryset = ClassificationMarking.objects.order_by("coalition", "position", "label")
    serializer_class = ClassificationMarkingSerializer
    filterset_fields = ["coalition", "is_active"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
