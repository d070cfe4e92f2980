"""Forms for roadmap items: create, edit, delete, transition."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import CoalitionMixin, ServiceFormView
from procurement import services
from procurement.forms import (
    ConfirmForm,
    RoadmapItemForm,
    TransitionForm,
)
from procurement.models import RoadmapItem

# Forms -----------------------------------------------------------------------------------------------------


class _ItemMixin:
    """Loads `self.item` from the URL's pk within the page's coalition (404 when hidden)."""

    def setup_objects(self):
        self.item = get_object_or_404(
            RoadmapItem.objects.visible_to(self.request.user).filter(coalition__slug=self.kwargs["slug"]),
            pk=self.kwargs["pk"],
        )

    def item_url(self, item=None):
        item = item or self.item
        return reverse("roadmap-item-detail", args=[self.kwargs["slug"], item.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.item
        context["cancel_url"] = self.item_url()
        return context


class RoadmapItemCreateView(CoalitionMixin, ServiceFormView):
    form_class = RoadmapItemForm
    permission = ADD
    title = gettext_lazy("Add roadmap item")

    def permission_target(self):
        return RoadmapItem

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_initial(self):
        return {"currency": "EUR", **super().get_initial()}

    def perform(self, form):
        return services.roadmap_item_create(
            actor=self.request.user, coalition=self.coalition, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("roadmap-item-detail", args=[self.coalition.slug, self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = context.get("cancel_url") or reverse(
            "roadmap-list", args=[self.coalition.slug]
        )
        return context


class RoadmapItemEditView(_ItemMixin, RoadmapItemCreateView):
    permission = CHANGE
    title = gettext_lazy("Edit roadmap item")

    def permission_target(self):
        return self.item

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def perform(self, form):
        return services.roadmap_item_update(
            actor=self.request.user, roadmap_item=self.item, **form.cleaned_data
        )


class RoadmapItemDeleteView(_ItemMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "procurement/confirm.html"
    title = gettext_lazy("Delete roadmap item")
    success_message = gettext_lazy("Roadmap item deleted.")

    def permission_target(self):
        return self.item

    def perform(self, form):
        services.roadmap_item_delete(actor=self.request.user, roadmap_item=self.item)
        return self.item

    def get_success_url(self):
        return reverse("roadmap-list", args=[self.coalition.slug])


class RoadmapItemTransitionView(_ItemMixin, CoalitionMixin, ServiceFormView):
    form_class = TransitionForm
    permission = CHANGE
    title = gettext_lazy("Move to the next stage")
    success_message = gettext_lazy("Status changed; the move is in the transition log.")

    def permission_target(self):
        return self.item

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "roadmap_item": self.item}

    def get_initial(self):
        return {"to_status": self.request.GET.get("to", "")}

    def perform(self, form):
        return services.roadmap_item_transition(
            actor=self.request.user, roadmap_item=self.item, **form.cleaned_data
        )

    def get_success_url(self):
        return self.item_url()
