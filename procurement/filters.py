"""One FilterSet per model, used by the list pages and the API endpoints alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.filters import IdChoiceFilter
from coalition.models import Coalition, ExpertGroup, Participant
from contributions.models import Pledge
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem
from procurement.selectors import FundingState

QUARTERS = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


def _visible(model, request):
    return model.objects.visible_to(getattr(request, "user", None))


class CapabilityAreaFilter(django_filters.FilterSet):
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    ordering = django_filters.OrderingFilter(fields=("position", "name"))

    class Meta:
        model = CapabilityArea
        fields = ["coalition", "q"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["coalition"].queryset = _visible(Coalition, request)


class RoadmapItemFilter(django_filters.FilterSet):
    """Filters of the roadmap list page and /api/v1/roadmap-items/. `funding_state` and `overdue` filter on
    the funding annotations (procurement.selectors.annotate_funding), so in SQL."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    coalition = django_filters.ModelChoiceFilter(queryset=Coalition.objects.all(), label=_("Coalition"))
    planned_year = django_filters.NumberFilter(label=_("Year"))
    planned_quarter = django_filters.ChoiceFilter(choices=QUARTERS, label=_("Quarter"))
    capability_area = django_filters.ModelChoiceFilter(
        queryset=CapabilityArea.objects.all(), label=_("Capability area")
    )
    status = django_filters.ChoiceFilter(choices=RoadmapItem.Status.choices, label=_("Status"))
    expert_group = django_filters.ModelChoiceFilter(
        queryset=ExpertGroup.objects.all(), label=_("Expert group")
    )
    lead = django_filters.ModelChoiceFilter(queryset=Participant.objects.all(), label=_("Lead participant"))
    funding_state = django_filters.ChoiceFilter(
        choices=FundingState.choices, field_name="funding_state", label=_("Funding")
    )
    overdue = django_filters.BooleanFilter(field_name="is_overdue", label=_("Overdue deliveries"))
    is_illustrative = django_filters.BooleanFilter(label=_("Illustrative"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("planned_year", "planned_year"),
            ("priority", "priority"),
            ("title", "title"),
            ("status", "status"),
            ("estimated_cost_high", "estimated_cost_high"),
            ("funded_eur", "funded_eur"),
            ("gap_high_eur", "gap_high_eur"),
        ),
        label=_("Order by"),
    )

    class Meta:
        model = RoadmapItem
        fields = [
            "q",
            "coalition",
            "planned_year",
            "planned_quarter",
            "capability_area",
            "status",
            "expert_group",
            "lead",
            "funding_state",
            "overdue",
            "is_illustrative",
        ]

    def __init__(self, *args, request=None, coalition=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["coalition"].queryset = _visible(Coalition, request)
        areas = _visible(CapabilityArea, request)
        groups = _visible(ExpertGroup, request)
        if coalition is not None:
            areas, groups = areas.filter(coalition=coalition), groups.filter(coalition=coalition)
        self.filters["capability_area"].queryset = areas
        self.filters["expert_group"].queryset = groups
        self.filters["lead"].queryset = Participant.objects.visible_to(getattr(request, "user", None))

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class AllocationFilter(django_filters.FilterSet):
    coalition = IdChoiceFilter(
        queryset=Coalition.objects.all(), field_name="roadmap_item__coalition", label=_("Coalition")
    )
    pledge = IdChoiceFilter(queryset=Pledge.objects.all(), label=_("Pledge"))
    roadmap_item = IdChoiceFilter(queryset=RoadmapItem.objects.all(), label=_("Roadmap item"))
    donor = django_filters.ModelChoiceFilter(
        field_name="pledge__donor", queryset=Participant.objects.all(), label=_("Donor")
    )
    planned_year = django_filters.NumberFilter(field_name="roadmap_item__planned_year", label=_("Year"))
    capability_area = django_filters.ModelChoiceFilter(
        field_name="roadmap_item__capability_area",
        queryset=CapabilityArea.objects.all(),
        label=_("Capability area"),
    )
    ordering = django_filters.OrderingFilter(fields=("created_at", "amount"))

    class Meta:
        model = Allocation
        fields = ["coalition", "pledge", "roadmap_item", "donor", "planned_year", "capability_area"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for name, model in (
            ("coalition", Coalition),
            ("pledge", Pledge),
            ("roadmap_item", RoadmapItem),
            ("capability_area", CapabilityArea),
        ):
            self.filters[name].queryset = _visible(model, request)
        self.filters["donor"].queryset = Participant.objects.visible_to(getattr(request, "user", None))


class OrderFilter(django_filters.FilterSet):
    coalition = IdChoiceFilter(
        queryset=Coalition.objects.all(), field_name="roadmap_item__coalition", label=_("Coalition")
    )
    roadmap_item = IdChoiceFilter(queryset=RoadmapItem.objects.all(), label=_("Roadmap item"))
    supplier = django_filters.CharFilter(lookup_expr="icontains", label=_("Supplier"))
    ordered_after = django_filters.DateFilter(
        field_name="ordered_on", lookup_expr="gte", label=_("Ordered from")
    )
    ordered_before = django_filters.DateFilter(
        field_name="ordered_on", lookup_expr="lte", label=_("Ordered until")
    )
    planned_year = django_filters.NumberFilter(field_name="roadmap_item__planned_year", label=_("Year"))
    capability_area = django_filters.ModelChoiceFilter(
        field_name="roadmap_item__capability_area",
        queryset=CapabilityArea.objects.all(),
        label=_("Capability area"),
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="roadmap_item__status", choices=RoadmapItem.Status.choices, label=_("Item status")
    )
    ordering = django_filters.OrderingFilter(fields=("ordered_on", "value", "supplier"))

    class Meta:
        model = Order
        fields = ["coalition", "roadmap_item", "supplier", "planned_year", "capability_area", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for name, model in (
            ("coalition", Coalition),
            ("roadmap_item", RoadmapItem),
            ("capability_area", CapabilityArea),
        ):
            self.filters[name].queryset = _visible(model, request)


class DeliveryFilter(django_filters.FilterSet):
    coalition = IdChoiceFilter(
        queryset=Coalition.objects.all(), field_name="order__roadmap_item__coalition", label=_("Coalition")
    )
    order = IdChoiceFilter(queryset=Order.objects.all(), label=_("Order"))
    roadmap_item = IdChoiceFilter(
        queryset=RoadmapItem.objects.all(), field_name="order__roadmap_item", label=_("Roadmap item")
    )
    delivered = django_filters.BooleanFilter(
        field_name="delivered_on", lookup_expr="isnull", exclude=True, label=_("Delivered")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    expected_after = django_filters.DateFilter(
        field_name="expected_on", lookup_expr="gte", label=_("Expected from")
    )
    expected_before = django_filters.DateFilter(
        field_name="expected_on", lookup_expr="lte", label=_("Expected until")
    )
    ordering = django_filters.OrderingFilter(fields=("expected_on", "delivered_on", "quantity"))

    class Meta:
        model = Delivery
        fields = ["coalition", "order", "roadmap_item", "delivered", "overdue"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for name, model in (("coalition", Coalition), ("order", Order), ("roadmap_item", RoadmapItem)):
            self.filters[name].queryset = _visible(model, request)

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = Q(delivered_on__isnull=True, expected_on__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
