"""Capability areas: the list and its forms."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from coalition.permissions import ADD, CHANGE
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from procurement import selectors, services
from procurement.forms import (
    CapabilityAreaForm,
)
from procurement.models import CapabilityArea

# Capability areas ------------------------------------------------------------------------------------------


class CapabilityAreaListView(CoalitionMixin, TemplateView):
    template_name = "procurement/capability_area_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["areas"] = selectors.capability_areas_for(self.coalition)
        context["can_add"] = self.can(ADD, CapabilityArea)
        return context


class CapabilityAreaCreateView(CoalitionMixin, ServiceFormView):
    form_class = CapabilityAreaForm
    permission = ADD
    title = gettext_lazy("Add capability area")

    def permission_target(self):
        return CapabilityArea

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def perform(self, form):
        return services.capability_area_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("capability-area-list", args=[self.coalition.slug])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.get_success_url()
        return context


class CapabilityAreaEditView(CapabilityAreaCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit capability area")

    def setup_objects(self):
        self.area = get_object_or_404(
            CapabilityArea.objects.visible_to(self.request.user).filter(coalition__slug=self.kwargs["slug"]),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.area

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.area}

    def perform(self, form):
        return services.capability_area_update(
            actor=self.request.user, capability_area=self.area, **form.cleaned_data
        )
