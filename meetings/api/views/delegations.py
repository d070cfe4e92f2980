"""Endpoints of contacts (with CSV import and export) and distribution lists."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from meetings import selectors, services
from meetings.api.serializers import (
    ContactImportReportSerializer,
    ContactImportSerializer,
    ContactSerializer,
    DistributionListReachSerializer,
    DistributionListSerializer,
)
from meetings.api.views.common import payload
from meetings.filters import ContactFilter, DistributionListFilter
from meetings.models import Contact, DistributionList
from meetings.services import contacts_transfer


class ContactViewSet(ServiceModelViewSet):
    """Delegation contacts. The secretariat keeps every delegation's; a delegate their own delegation's
    (they see only those); observers see none."""

    queryset = Contact.objects.select_related("participant", "user").order_by("participant__name", "name")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    filtered_actions = ("list", "export")  # the export takes the list's filters
    create_service = services.contact_create
    update_service = services.contact_update
    delete_service = services.contact_delete

    def get_parsers(self):
        if getattr(self, "action", None) == "import_csv":
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()  # JSON only, as every endpoint without a file

    @extend_schema(
        request={"multipart/form-data": ContactImportSerializer},
        responses={200: ContactImportReportSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_csv(self, request):
        """Check (`dry_run`, the default) or import a CSV of contacts into `coalition`: all rows or none."""
        data = payload(ContactImportSerializer, request)
        report = contacts_transfer.import_contacts(
            actor=request.user,
            coalition=data["coalition"],
            content=data["file"].read(),
            dry_run=data["dry_run"],
        )
        return Response(
            {
                "valid": report.is_valid,
                "dry_run": report.dry_run,
                "created": report.created,
                "updated": report.updated,
                "written": report.written,
                "file_errors": report.file_errors,
                "row_errors": [
                    {"line": row.line, "name": row.name, "field": column, "message": message}
                    for row in report.rows
                    for column, message in row.errors
                ],
            }
        )

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The contacts you see (with this list's filters) as CSV."""
        contacts = self.filter_queryset(self.get_queryset())
        response = HttpResponse(
            contacts_transfer.export_contacts(contacts), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="contacts.csv"'
        return response


class DistributionListViewSet(ServiceModelViewSet):
    queryset = DistributionList.objects.select_related("expert_group").prefetch_related("extra_contacts")
    serializer_class = DistributionListSerializer
    filterset_class = DistributionListFilter
    create_service = services.distribution_list_create
    update_service = services.distribution_list_update
    delete_service = services.distribution_list_delete
    service_instance_name = "distribution_list"

    @extend_schema(responses={200: DistributionListReachSerializer})
    @action(detail=True, methods=["get"])
    def reach(self, request, pk=None):
        """Whom the list reaches today, and whom it misses (contacts without an e-mail address)."""
        found = selectors.list_reach(self.get_object())
        return Response(
            {
                "contacts": DistributionListReachSerializer()
                .fields["contacts"]
                .to_representation(found["contacts"]),
                "addresses": len(found["with_address"]),
                "without_address": len(found["without_address"]),
                "delegations": found["delegations"],
                "reaches_nobody": not found["with_address"],
            }
        )
