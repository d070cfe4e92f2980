"""Delegation pages: each participant's contacts, their CSV import and export, distribution lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, can
from coalition.viewmixins import CoalitionMixin, ConfirmFirstMixin, ServiceFormView
from meetings import selectors, services
from meetings.forms import ContactForm, ContactImportForm, DistributionListForm
from meetings.models import Contact, DistributionList
from meetings.services import contacts_transfer


class DelegationListView(CoalitionMixin, TemplateView):
    """Every delegation with its contacts; a warning for each one that no e-mail would reach."""

    template_name = "meetings/delegation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = selectors.delegations(user, self.coalition)
        role = self.user_role
        is_secretariat = user.is_superuser or (role is not None and role.kind == "secretariat")
        if not is_secretariat:
            own = role.participant_id if role is not None and role.kind == "delegate" else None
            rows = [(m, contacts) for m, contacts in rows if m.participant_id == own]
        unreachable = {
            p.pk
            for p in selectors.unreachable_participants(self.coalition, [m.participant for m, _c in rows])
        }
        context.update(
            rows=[(m, contacts, m.participant_id in unreachable) for m, contacts in rows],
            unreachable_count=len(unreachable),
            can_add=self.can(ADD, Contact, owner=role.participant_id if role else None),
            is_secretariat=is_secretariat,
        )
        return context


class _ContactMixin(CoalitionMixin):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_success_url(self):
        return (
            reverse("delegation-list", args=[self.coalition.slug])
            + f"#delegation-{self.object.participant.code}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("delegation-list", args=[self.coalition.slug])
        return context


class ContactCreateView(_ContactMixin, ServiceFormView):
    form_class = ContactForm
    permission = ADD
    title = gettext_lazy("Add a contact")
    success_message = gettext_lazy("Contact saved.")

    def permission_target(self):
        return Contact

    def permission_kwargs(self):
        role = self.user_role
        return {"coalition": self.coalition, "owner": role.participant_id if role else None}

    def perform(self, form):
        return services.contact_create(actor=self.request.user, coalition=self.coalition, **form.cleaned_data)


class ContactEditView(_ContactMixin, ServiceFormView):
    form_class = ContactForm
    permission = CHANGE
    title = gettext_lazy("Edit contact")
    success_message = gettext_lazy("Contact saved.")

    def setup_objects(self):
        self.contact = get_object_or_404(
            Contact.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.contact

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.contact}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.contact.participant.name
        return context

    def perform(self, form):
        return services.contact_update(actor=self.request.user, contact=self.contact, **form.cleaned_data)


class ContactDeleteView(ConfirmFirstMixin, CoalitionMixin, View):
    confirm_button = gettext_lazy("Remove")

    def confirm_load(self):
        contact = get_object_or_404(
            Contact.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            pk=self.kwargs["pk"],
        )
        if not can(self.request.user, DELETE, contact):
            raise PermissionDenied(_("You do not have permission to do this."))
        return contact

    def confirm_texts(self, target):
        return (
            _("Remove %(name)s from the delegation list?") % {"name": target.name},
            _("Delete this for good? It cannot be undone."),
        )

    def confirm_cancel_url(self, target):
        return reverse("delegation-list", args=[self.coalition.slug])

    def post(self, request, *args, **kwargs):
        contact = self.confirm_load()
        services.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("%(name)s removed from the delegation list.") % {"name": contact.name})
        return redirect("delegation-list", self.coalition.slug)


class ContactExportView(CoalitionMixin, View):
    """The contacts the user sees, as CSV."""

    def get(self, request, *args, **kwargs):
        contacts = selectors.contacts_for(request.user, self.coalition)
        response = HttpResponse(
            contacts_transfer.export_contacts(contacts), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.coalition.slug}-contacts.csv"'
        return response


class ContactImportView(CoalitionMixin, FormView):
    """Upload a CSV: checked row by row; written only when every row is valid and 'only check' is off."""

    form_class = ContactImportForm
    template_name = "meetings/contact_import.html"

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self):
        role = self.user_role
        if not self.can(ADD, Contact, owner=role.participant_id if role else None):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > contacts_transfer.MAX_BYTES:
            form.add_error("file", _("The file is larger than 1 MB; split it."))
            return self.form_invalid(form)
        report = contacts_transfer.import_contacts(
            actor=self.request.user,
            coalition=self.coalition,
            content=upload.read(),
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.written:
            messages.success(
                self.request,
                _("Contacts imported: %(created)s added, %(updated)s updated.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect("delegation-list", self.coalition.slug)
        return self.render_to_response(self.get_context_data(form=form, report=report))


# Distribution lists ----------------------------------------------------------------------------------------


class DistributionListListView(CoalitionMixin, TemplateView):
    template_name = "meetings/distribution_list_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lists = list(selectors.distribution_lists_for(self.request.user, self.coalition))
        context.update(
            lists=[(dl, selectors.list_reach(dl)) for dl in lists],
            can_add=self.can(ADD, DistributionList),
        )
        return context


class DistributionListDetailView(CoalitionMixin, TemplateView):
    template_name = "meetings/distribution_list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        distribution_list = get_object_or_404(
            selectors.distribution_lists_for(self.request.user, self.coalition), pk=self.kwargs["pk"]
        )
        context.update(
            distribution_list=distribution_list,
            reach=selectors.list_reach(distribution_list),
            can_change=self.can(CHANGE, distribution_list),
        )
        return context


class _ListFormMixin(CoalitionMixin):
    form_class = DistributionListForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_success_url(self):
        return reverse("distribution-list-detail", args=[self.coalition.slug, self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("distribution-list-list", args=[self.coalition.slug])
        return context


class DistributionListCreateView(_ListFormMixin, ServiceFormView):
    permission = ADD
    title = gettext_lazy("New distribution list")

    def permission_target(self):
        return DistributionList

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def perform(self, form):
        return services.distribution_list_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )


class DistributionListEditView(_ListFormMixin, ServiceFormView):
    permission = CHANGE
    title = gettext_lazy("Edit distribution list")

    def setup_objects(self):
        self.distribution_list = get_object_or_404(
            DistributionList.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.distribution_list

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.distribution_list}

    def perform(self, form):
        return services.distribution_list_update(
            actor=self.request.user, distribution_list=self.distribution_list, **form.cleaned_data
        )


class DistributionListDeleteView(ConfirmFirstMixin, CoalitionMixin, View):
    def confirm_load(self):
        distribution_list = get_object_or_404(
            DistributionList.objects.visible_to(self.request.user).filter(coalition=self.coalition),
            pk=self.kwargs["pk"],
        )
        if not can(self.request.user, DELETE, distribution_list):
            raise PermissionDenied(_("You do not have permission to do this."))
        return distribution_list

    def confirm_texts(self, target):
        return (
            _("Delete the distribution list “%(name)s”?") % {"name": target.name},
            _("Delete this for good? It cannot be undone."),
        )

    def confirm_cancel_url(self, target):
        return reverse("distribution-list-detail", args=[self.coalition.slug, target.pk])

    def post(self, request, *args, **kwargs):
        distribution_list = self.confirm_load()
        try:
            services.distribution_list_delete(actor=request.user, distribution_list=distribution_list)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("distribution-list-detail", self.coalition.slug, distribution_list.pk)
        messages.success(request, _("Distribution list deleted."))
        return redirect("distribution-list-list", self.coalition.slug)
