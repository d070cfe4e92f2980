"""Forms for allocations of pledges to roadmap items."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from contributions.models import Pledge
from procurement import services
from procurement.forms import (
    AllocationEditForm,
    AllocationForm,
    ConfirmForm,
)
from procurement.models import Allocation, RoadmapItem


class AllocationCreateView(CoalitionMixin, ServiceFormView):
    """Allocate a pledge to an item: from the item page (`pk` in the URL) or a pledge (`?pledge=<id>`)."""

    form_class = AllocationForm
    permission = ADD
    title = gettext_lazy("Allocate a pledge")
    success_message = gettext_lazy("Allocated.")

    def setup_objects(self):
        self.item = None
        self.pledge = None
        user = self.request.user
        if "pk" in self.kwargs:
            self.item = get_object_or_404(
                RoadmapItem.objects.visible_to(user).filter(coalition__slug=self.kwargs["slug"]),
                pk=self.kwargs["pk"],
            )
        pledge_id = self.request.GET.get("pledge") or self.request.POST.get("pledge")
        if pledge_id:
            if not str(pledge_id).isdigit():
                raise Http404
            self.pledge = get_object_or_404(
                Pledge.objects.visible_to(user).filter(coalition__slug=self.kwargs["slug"]), pk=pledge_id
            )

    def permission_target(self):
        return Allocation

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "coalition": self.coalition,
            "roadmap_item": self.item,
            "pledge": self.pledge,
        }

    def get_initial(self):
        initial = super().get_initial()
        if self.pledge is not None:
            initial["pledge"] = self.pledge.pk
        item_id = self.request.GET.get("item")
        if item_id and item_id.isdigit():
            initial["roadmap_item"] = int(item_id)
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        if self.item is not None:
            data["roadmap_item"] = self.item
        return services.allocation_create(actor=self.request.user, **data)

    def get_success_url(self):
        if self.item is None and self.pledge is not None:
            pledge_url = _pledge_url(self.coalition.slug, self.pledge)
            if pledge_url:
                return pledge_url
        return reverse("roadmap-item-detail", args=[self.coalition.slug, self.object.roadmap_item_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.item is not None:
            context["subject"] = self.item
            context["cancel_url"] = reverse("roadmap-item-detail", args=[self.coalition.slug, self.item.pk])
        elif self.pledge is not None:
            context["subject"] = self.pledge
            context["cancel_url"] = _pledge_url(self.coalition.slug, self.pledge)
        return context


def _pledge_url(slug, pledge):
    """The pledge page, once the contributions app defines it (else None)."""
    from django.urls import NoReverseMatch

    for args in ([slug, pledge.pk], [pledge.pk]):
        try:
            return reverse("pledge-detail", args=args)
        except NoReverseMatch:
            continue
    return None


class _AllocationMixin:
    def setup_objects(self):
        self.allocation = get_object_or_404(
            Allocation.objects.visible_to(self.request.user)
            .filter(roadmap_item__coalition__slug=self.kwargs["slug"])
            .select_related("pledge__donor", "roadmap_item"),
            pk=self.kwargs["pk"],
        )

    def permission_target(self):
        return self.allocation

    def get_success_url(self):
        return reverse("roadmap-item-detail", args=[self.kwargs["slug"], self.allocation.roadmap_item_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.allocation
        context["cancel_url"] = self.get_success_url()
        return context


class AllocationEditView(_AllocationMixin, CoalitionMixin, ServiceFormView):
    form_class = AllocationEditForm
    permission = CHANGE
    title = gettext_lazy("Edit allocation")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.allocation}

    def perform(self, form):
        return services.allocation_update(
            actor=self.request.user, allocation=self.allocation, **form.cleaned_data
        )


class AllocationDeleteView(_AllocationMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "procurement/confirm.html"
    title = gettext_lazy("Release allocation")
    success_message = gettext_lazy("Allocation released: the amount is available on the pledge again.")

    def perform(self, form):
        services.allocation_delete(actor=self.request.user, allocation=self.allocation)
        return self.allocation
