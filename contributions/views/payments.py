"""Payment pages: record, correct, remove."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import ServiceFormView
from contributions import services
from contributions.forms import (
    ConfirmForm,
    DisbursementForm,
)
from contributions.models import Disbursement
from contributions.views.pledges import _PledgeFormMixin


class DisbursementCreateView(_PledgeFormMixin, ServiceFormView):
    form_class = DisbursementForm
    permission = ADD
    title = gettext_lazy("Record a payment")
    success_message = gettext_lazy("Payment recorded.")

    def permission_target(self):
        return Disbursement

    def permission_kwargs(self):
        return {"coalition": self.pledge.coalition_id, "owner": self.pledge.donor_id}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pledge": self.pledge}

    def get_initial(self):
        return {"paid_on": timezone.localdate()}

    def perform(self, form):
        return services.disbursement_create(actor=self.request.user, pledge=self.pledge, **form.cleaned_data)


class _DisbursementMixin(_PledgeFormMixin):
    def setup_objects(self):
        self.disbursement = get_object_or_404(
            Disbursement.objects.visible_to(self.request.user)
            .filter(pledge__coalition__slug=self.kwargs["slug"])
            .select_related("pledge", "pledge__donor", "pledge__coalition"),
            pk=self.kwargs["pk"],
        )
        self.pledge = self.disbursement.pledge

    def permission_target(self):
        return self.disbursement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = f"{self.pledge} — {self.disbursement}"
        return context


class DisbursementEditView(_DisbursementMixin, ServiceFormView):
    form_class = DisbursementForm
    permission = CHANGE
    title = gettext_lazy("Correct a payment")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.disbursement, "pledge": self.pledge}

    def perform(self, form):
        return services.disbursement_update(
            actor=self.request.user, disbursement=self.disbursement, **form.cleaned_data
        )


class DisbursementDeleteView(_DisbursementMixin, ServiceFormView):
    permission = DELETE
    title = gettext_lazy("Remove a payment")
    success_message = gettext_lazy("Payment removed; its history is kept.")
    template_name = "contributions/confirm_delete.html"

    form_class = ConfirmForm

    def perform(self, form):
        services.disbursement_delete(actor=self.request.user, disbursement=self.disbursement)
