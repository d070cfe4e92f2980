"""Totals reported at meetings."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from coalition.permissions import ADD, CHANGE
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from contributions import services
from contributions.forms import (
    ReportedTotalForm,
)
from contributions.models import ReportedTotal


class ReportedTotalCreateView(CoalitionMixin, ServiceFormView):
    form_class = ReportedTotalForm
    permission = ADD
    title = gettext_lazy("Record a reported total")

    def permission_target(self):
        return ReportedTotal

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.reported_total_create(actor=self.request.user, meeting=data.pop("meeting"), **data)

    def get_success_url(self):
        return reverse("pledge-summary", args=[self.coalition.slug])


class ReportedTotalEditView(ReportedTotalCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit a reported total")

    def setup_objects(self):
        self.reported_total = get_object_or_404(
            ReportedTotal.objects.visible_to(self.request.user)
            .filter(meeting__coalition__slug=self.kwargs["slug"])
            .select_related("meeting"),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.reported_total

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.reported_total}

    def perform(self, form):
        return services.reported_total_update(
            actor=self.request.user, reported_total=self.reported_total, **form.cleaned_data
        )
