"""Orders (contracts) for roadmap items."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from contributions.currencies import normalise_currency
from procurement.models import (
    Order,
    RoadmapItem,
)
from procurement.services._common import ORDERING_STATUSES, _delete

# Orders and deliveries -------------------------------------------------------------------------------------

ORDER_FIELDS = frozenset(
    {"supplier", "contract_reference", "value", "currency", "ordered_on", "quantity", "note", "source"}
    | {"is_illustrative"}
)


def _check_order_item(item: RoadmapItem) -> None:
    if item.status not in ORDERING_STATUSES:
        raise Conflict(
            _("Orders are recorded while an item is tendering, contracted or delivering; this one is %(s)s.")
            % {"s": item.get_status_display()}
        )


def _check_order_dates_and_quantity(item: RoadmapItem, data: dict, *, order=None) -> None:
    errors = {}
    if data.get("ordered_on") and data["ordered_on"] > timezone.localdate():
        errors["ordered_on"] = _("An order date cannot be in the future.")
    quantity = data.get("quantity")
    if order is not None and quantity is not None:
        scheduled = order.deliveries.aggregate(total=Sum("quantity"))["total"] or 0
        if quantity < scheduled:
            errors["quantity"] = _("Deliveries of %(n)s units are already recorded against this order.") % {
                "n": scheduled
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def order_create(*, actor, roadmap_item: RoadmapItem, **data) -> Order:
    """Record an order (contract) for an item that is tendering, contracted or delivering."""
    require(actor, ADD, Order, coalition=roadmap_item.coalition_id)
    unknown = set(data) - ORDER_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    item = RoadmapItem.objects.select_for_update().get(pk=roadmap_item.pk)
    _check_order_item(item)
    if "currency" in data:
        data["currency"] = normalise_currency(data["currency"])
    _check_order_dates_and_quantity(item, data)
    return _save(Order(roadmap_item=item, **data), actor=actor)


@transaction.atomic
def order_update(*, actor, order: Order, **data) -> Order:
    require(actor, CHANGE, order)
    if "roadmap_item" in data and data["roadmap_item"] != order.roadmap_item:
        raise ValidationError({"roadmap_item": _("An order cannot move to another item.")})
    data.pop("roadmap_item", None)
    unknown = set(data) - ORDER_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    order = Order.objects.select_for_update().select_related("roadmap_item").get(pk=order.pk)
    if "currency" in data:
        data["currency"] = normalise_currency(data["currency"])
    _check_order_dates_and_quantity(order.roadmap_item, data, order=order)
    _apply(order, data)
    return _save(order, actor=actor)


@transaction.atomic
def order_delete(*, actor, order: Order) -> None:
    """An order with deliveries is kept."""
    require(actor, DELETE, order)
    _delete(order, actor=actor, message=_("This order has deliveries; remove them first."))
