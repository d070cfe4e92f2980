"""Roadmap items, their history and capability areas, as the user may see them."""

from django.db.models import (
    Count,
    Prefetch,
)
from django.utils.translation import gettext_lazy as _

from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem, RoadmapItemTransition
from procurement.selectors.funding import allocations_with_eur, annotate_funding, orders_with_eur


def roadmap_items_for(user, coalition=None, *, figures=annotate_funding):
    """The items the user may see (of `coalition` if given), with funding figures (`figures`: the full set, or
    funding.annotate_funding_state for the timeline's few) and their relations."""
    queryset = RoadmapItem.objects.visible_to(user)
    if coalition is not None:
        queryset = queryset.filter(coalition=coalition)
    return figures(queryset.select_related("coalition", "capability_area", "expert_group", "lead")).order_by(
        "planned_year", "priority", "pk"
    )


def roadmap_item_detail(user, coalition, pk):
    """One item with its funding sources, orders (with deliveries), transition log; raises DoesNotExist."""
    deliveries = Delivery.objects.order_by("expected_on", "pk")
    return (
        roadmap_items_for(user, coalition)
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=allocations_with_eur().select_related("pledge__donor", "created_by"),
            ),
            Prefetch(
                "orders", queryset=orders_with_eur().prefetch_related(Prefetch("deliveries", deliveries))
            ),
            Prefetch("transitions", queryset=RoadmapItemTransition.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def item_history(item, limit=50):
    """The change history of an item and of its orders, deliveries and allocations, newest first."""
    entries = []
    sources = [
        (_("Item"), item.history.select_related("history_user")),
        (_("Order"), Order.history.filter(roadmap_item_id=item.pk).select_related("history_user")),
        (
            _("Delivery"),
            Delivery.history.filter(order__roadmap_item_id=item.pk).select_related("history_user"),
        ),
        (_("Allocation"), Allocation.history.filter(roadmap_item_id=item.pk).select_related("history_user")),
    ]
    for label, records in sources:
        for record in records.order_by("-history_date")[:limit]:
            entries.append({"kind": label, "record": record, "changes": _changed_fields(record)})
    entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return entries[:limit]


def _changed_fields(record):
    if record.history_type != "~":
        return []
    previous = record.prev_record
    if previous is None:
        return []
    return [change.field for change in record.diff_against(previous).changes]


def capability_areas_for(coalition):
    return CapabilityArea.objects.filter(coalition=coalition).annotate(item_count=Count("roadmap_items"))
