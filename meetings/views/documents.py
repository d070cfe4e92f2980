"""Agenda documents: upload (secretariat or a delegation), versions, details, download; the managed list of
classification markings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, can
from coalition.viewmixins import CoalitionMixin, ConfirmFirstMixin, ServiceFormView
from meetings import selectors, services
from meetings.forms import (
    AgendaDocumentForm,
    ClassificationMarkingForm,
    DocumentDetailsForm,
    DocumentVersionForm,
)
from meetings.models import AgendaDocument, AgendaItem, ClassificationMarking, DocumentVersion
from meetings.views.base import MeetingMixin, ServiceActionView
from meetings.views.downloads import version_response


class AgendaDocumentCreateView(MeetingMixin, ServiceFormView):
    """The secretariat attaches a paper; a delegation attaches its own (visible to it even when the paper is
    for the secretariat only)."""

    form_class = AgendaDocumentForm
    permission = ADD
    title = gettext_lazy("Attach a document")
    success_message = gettext_lazy("Document attached.")

    def setup_objects(self):
        self.load_meeting()
        self.item = get_object_or_404(AgendaItem.objects.filter(meeting=self.meeting), pk=self.kwargs["pk"])

    def permission_target(self):
        return AgendaDocument

    def permission_kwargs(self):
        role = self.user_role
        return {"coalition": self.coalition, "owner": role.participant_id if role else None}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = f"{self.meeting} — {self.item}"
        return context

    def perform(self, form):
        return services.agenda_document_add(
            actor=self.request.user, agenda_item=self.item, **form.cleaned_data
        )

    def get_success_url(self):
        return self.meeting_url() + "#agenda"


class _DocumentMixin(MeetingMixin):
    def load_document(self):
        self.load_meeting()
        self.document = get_object_or_404(
            AgendaDocument.objects.visible_to(self.request.user)
            .filter(agenda_item__meeting=self.meeting)
            .select_related("agenda_item", "classification", "participant", "current_version"),
            pk=self.kwargs["pk"],
        )
        return self.document

    def document_url(self):
        return reverse("document-detail", args=[self.coalition.slug, self.meeting.number, self.document.pk])


class DocumentDetailView(_DocumentMixin, TemplateView):
    """A document with every version (newest first), each downloadable."""

    template_name = "meetings/document_detail.html"

    def get(self, request, *args, **kwargs):
        self.load_document()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            document=self.document,
            versions=self.document.versions.select_related("uploaded_by").order_by("-number"),
            can_change=can(self.request.user, CHANGE, self.document),
            can_delete=can(self.request.user, DELETE, self.document),
        )
        return context


class DocumentVersionCreateView(_DocumentMixin, ServiceFormView):
    form_class = DocumentVersionForm
    permission = CHANGE
    title = gettext_lazy("Upload a new version")
    success_message = gettext_lazy("New version uploaded; the earlier ones are kept.")

    def setup_objects(self):
        self.load_document()

    def permission_target(self):
        return self.document

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(subject=self.document.title, cancel_url=self.document_url())
        return context

    def perform(self, form):
        return services.document_version_add(
            actor=self.request.user, document=self.document, **form.cleaned_data
        )

    def get_success_url(self):
        return self.document_url()


class DocumentEditView(_DocumentMixin, ServiceFormView):
    form_class = DocumentDetailsForm
    permission = CHANGE
    title = gettext_lazy("Edit the document's details")

    def setup_objects(self):
        self.load_document()

    def permission_target(self):
        return self.document

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition, "instance": self.document}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.document_url()
        return context

    def perform(self, form):
        return services.agenda_document_update(
            actor=self.request.user, agenda_document=self.document, **form.cleaned_data
        )

    def get_success_url(self):
        return self.document_url()


class AgendaDocumentDownloadView(CoalitionMixin, View):
    """The current version (or `?version=n`), to users who may see the document; never from a public URL."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            AgendaDocument.objects.visible_to(request.user).filter(
                agenda_item__meeting__coalition=self.coalition
            ),
            pk=kwargs["pk"],
        )
        number = request.GET.get("version", "")
        versions = DocumentVersion.objects.filter(document=document).select_related(
            "document__classification"
        )
        version = (
            get_object_or_404(versions, number=int(number))
            if number.isdigit()
            else get_object_or_404(versions, pk=document.current_version_id)
        )
        return version_response(version)


class AgendaDocumentDeleteView(ConfirmFirstMixin, ServiceActionView):
    permission = DELETE
    success_message = gettext_lazy("Document removed with its versions.")
    confirm_button = gettext_lazy("Remove")

    def confirm_texts(self, target):
        return (
            _("Remove “%(name)s” from the agenda? It cannot be undone.") % {"name": target.title},
            _("Every version of the document is removed with it."),
        )

    def load(self):
        return get_object_or_404(
            AgendaDocument.objects.filter(agenda_item__meeting=self.meeting), pk=self.kwargs["pk"]
        )

    def perform(self):
        services.agenda_document_delete(actor=self.request.user, agenda_document=self.target)

    def success_url(self):
        return self.meeting_url() + "#agenda"


# Classification markings -----------------------------------------------------------------------------------


class MarkingListView(CoalitionMixin, TemplateView):
    template_name = "meetings/marking_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            markings=selectors.markings_for(self.request.user, self.coalition),
            can_add=self.can(ADD, ClassificationMarking),
        )
        return context


class _MarkingFormMixin(CoalitionMixin):
    form_class = ClassificationMarkingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_success_url(self):
        return reverse("marking-list", args=[self.coalition.slug])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.get_success_url()
        return context


class MarkingCreateView(_MarkingFormMixin, ServiceFormView):
    permission = ADD
    title = gettext_lazy("New classification marking")

    def permission_target(self):
        return ClassificationMarking

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def perform(self, form):
        return services.marking_create(actor=self.request.user, coalition=self.coalition, **form.cleaned_data)


class MarkingEditView(_MarkingFormMixin, ServiceFormView):
    permission = CHANGE
    title = gettext_lazy("Edit classification marking")

    def setup_objects(self):
        self.marking = get_object_or_404(
            ClassificationMarking.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.marking

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.marking}

    def perform(self, form):
        return services.marking_update(actor=self.request.user, marking=self.marking, **form.cleaned_data)


class MarkingDeleteView(ConfirmFirstMixin, CoalitionMixin, View):
    def confirm_load(self):
        marking = get_object_or_404(
            ClassificationMarking.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            pk=self.kwargs["pk"],
        )
        if not can(self.request.user, DELETE, marking):
            raise PermissionDenied(_("You do not have permission to do this."))
        return marking

    def confirm_texts(self, target):
        return (
            _("Delete the marking “%(name)s”?") % {"name": target.label},
            _("A marking still used by a document cannot be deleted; it cannot be undone."),
        )

    def confirm_cancel_url(self, target):
        return reverse("marking-list", args=[self.coalition.slug])

    def post(self, request, *args, **kwargs):
        marking = self.confirm_load()
        try:
            services.marking_delete(actor=request.user, marking=marking)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Marking deleted."))
        return redirect("marking-list", self.coalition.slug)


class RecordOfDecisionsView(MeetingMixin, TemplateView):
    """The record of decisions of a meeting: printable page, `?format=pdf` or `?format=docx`."""

    template_name = "meetings/record.html"

    def get(self, request, *args, **kwargs):
        from meetings import record as records

        self.load_meeting()
        self.record = records.build(self.meeting)
        fmt = request.GET.get("format", "")
        if fmt == "pdf":
            return _attachment(
                records.render_pdf(self.record), "application/pdf", self.record.filename_stem + ".pdf"
            )
        if fmt == "docx":
            return _attachment(
                records.render_docx(self.record), records.DOCX_TYPE, self.record.filename_stem + ".docx"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.record
        return context


def _attachment(content: bytes, content_type: str, filename: str):
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
