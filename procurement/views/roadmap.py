"""The roadmap pages: list, timeline and item detail."""

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView
from django_filters.views import FilterView

from coalition.fastselect import fast_selects
from coalition.permissions import ADD, CHANGE, DELETE
from coalition.viewmixins import CoalitionMixin, HtmxPartialMixin
from procurement import selectors, services
from procurement.filters import RoadmapItemFilter
from procurement.models import Allocation, Delivery, Order, RoadmapItem


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
        fast_selects(filterset.form)
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
        # Up to 300 entries link their item: the URL reversed once, around a placeholder for the pk.
        placeholder = "2147483647"
        url = reverse("roadmap-item-detail", args=[self.coalition.slug, placeholder])
        context["item_url_head"], context["item_url_tail"] = url.split(placeholder)
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
