"""Roadmap pages. Views are configuration: rules live in services, reads in selectors."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters.views import FilterView

from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin, ServiceFormView
from contributions.models import Pledge
from procurement import selectors, services
from procurement.filters import RoadmapItemFilter
from procurement.forms import (
    AllocationEditForm,
    AllocationForm,
    CapabilityAreaForm,
    ConfirmForm,
    DeliveryForm,
    OrderForm,
    RoadmapItemForm,
    TransitionForm,
)
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem


class RoadmapListView(CoalitionMixin, HtmxPartialMixin, FilterView):
    filterset_class = RoadmapItemFilter
    template_name = "procurement/roadmap_list.html"
    partial_template_name = "procurement/_roadmap_table.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.roadmap_items_for(self.request.user, self.coalition)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["coalition"] = self.coalition
        return kwargs

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        del filterset.form.fields["coalition"]  # given by the page
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.can(ADD, RoadmapItem)
        context["can_allocate"] = self.can(ADD, Allocation)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class RoadmapTimelineView(CoalitionMixin, TemplateView):
    """The roadmap by year and quarter, from 2024 on: one screen for the steering group. Bounded: one year
    at a time (`?year=`, with links to the others) once the items do not fit on one page, and at most
    `selectors.TIMELINE_MAX_ITEMS` items, the rest linked to the roadmap list of that year."""

    template_name = "procurement/roadmap_timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        include_cancelled = self.request.GET.get("cancelled") == "1"
        try:
            year = int(self.request.GET["year"])
        except (KeyError, ValueError):
            year = None
        page = selectors.timeline_page(
            self.request.user,
            self.coalition,
            year=year,
            include_cancelled=include_cancelled,
            limit=selectors.TIMELINE_MAX_ITEMS,
        )
        context["page"] = page
        context["rows"] = page.rows
        context["previous_year"], context["next_year"] = page.neighbours()
        context["include_cancelled"] = include_cancelled
        context["quarters"] = ["Q1", "Q2", "Q3", "Q4"]
        return context


class RoadmapItemDetailView(CoalitionMixin, TemplateView):
    template_name = "procurement/roadmap_item_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            item = selectors.roadmap_item_detail(self.request.user, self.coalition, self.kwargs["pk"])
        except RoadmapItem.DoesNotExist:
            raise Http404 from None
        context["item"] = item
        context["history"] = selectors.item_history(item)
        context["allowed_transitions"] = services.allowed_transitions(item)
        context["can_edit"] = self.can(CHANGE, item)
        context["can_allocate"] = self.can(ADD, Allocation)
        context["can_order"] = self.can(ADD, Order) and item.status in services.ORDERING_STATUSES
        context["can_deliver"] = self.can(ADD, Delivery) and item.status in services.DELIVERY_STATUSES
        context["can_delete"] = self.can(DELETE, item)
        return context


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


class OrderCreateView(_ItemMixin, CoalitionMixin, ServiceFormView):
    form_class = OrderForm
    permission = ADD
    title = gettext_lazy("Add order")

    def permission_target(self):
        return Order

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def get_initial(self):
        return {"currency": self.item.currency}

    def perform(self, form):
        return services.order_create(actor=self.request.user, roadmap_item=self.item, **form.cleaned_data)

    def get_success_url(self):
        return self.item_url()


class _OrderMixin(_ItemMixin):
    def setup_objects(self):
        self.order = get_object_or_404(
            Order.objects.visible_to(self.request.user)
            .filter(roadmap_item__coalition__slug=self.kwargs["slug"])
            .select_related("roadmap_item"),
            pk=self.kwargs["pk"],
        )
        self.item = self.order.roadmap_item

    def permission_target(self):
        return self.order

    def get_success_url(self):
        return self.item_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = f"{self.order} — {self.item}"
        return context


class OrderEditView(_OrderMixin, CoalitionMixin, ServiceFormView):
    form_class = OrderForm
    permission = CHANGE
    title = gettext_lazy("Edit order")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.order}

    def perform(self, form):
        return services.order_update(actor=self.request.user, order=self.order, **form.cleaned_data)


class OrderDeleteView(_OrderMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "procurement/confirm.html"
    title = gettext_lazy("Delete order")
    success_message = gettext_lazy("Order deleted.")

    def perform(self, form):
        services.order_delete(actor=self.request.user, order=self.order)
        return self.order


class DeliveryCreateView(_OrderMixin, CoalitionMixin, ServiceFormView):
    form_class = DeliveryForm
    permission = ADD
    title = gettext_lazy("Add delivery")

    def permission_target(self):
        return Delivery

    def permission_kwargs(self):
        return {"coalition": self.coalition}

    def perform(self, form):
        return services.delivery_create(actor=self.request.user, order=self.order, **form.cleaned_data)


class _DeliveryMixin(_ItemMixin):
    def setup_objects(self):
        self.delivery = get_object_or_404(
            Delivery.objects.visible_to(self.request.user)
            .filter(order__roadmap_item__coalition__slug=self.kwargs["slug"])
            .select_related("order__roadmap_item"),
            pk=self.kwargs["pk"],
        )
        self.item = self.delivery.order.roadmap_item

    def permission_target(self):
        return self.delivery

    def get_success_url(self):
        return self.item_url()


class DeliveryEditView(_DeliveryMixin, CoalitionMixin, ServiceFormView):
    form_class = DeliveryForm
    permission = CHANGE
    title = gettext_lazy("Edit delivery")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.delivery}

    def perform(self, form):
        return services.delivery_update(actor=self.request.user, delivery=self.delivery, **form.cleaned_data)


class DeliveryDeleteView(_DeliveryMixin, CoalitionMixin, ServiceFormView):
    form_class = ConfirmForm
    permission = DELETE
    template_name = "procurement/confirm.html"
    title = gettext_lazy("Delete delivery")
    success_message = gettext_lazy("Delivery deleted.")

    def perform(self, form):
        services.delivery_delete(actor=self.request.user, delivery=self.delivery)
        return self.delivery


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
