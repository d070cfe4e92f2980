"""Deliveries against orders."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.figures import day
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from procurement.models import (
    Delivery,
    Order,
)
from procurement.services._common import DELIVERY_STATUSES, _delete


def _check_delivery(order: Order, *, quantity, expected_on, delivered_on, exclude_pk=None) -> None:
    """Partial deliveries add up: together they never exceed the quantity ordered (when the order has one)."""
    errors = {}
    if delivered_on is not None and delivered_on > timezone.localdate():
        errors["delivered_on"] = _("A delivery cannot have arrived in the future.")
    if delivered_on is not None and delivered_on < order.ordered_on:
        errors["delivered_on"] = _("A delivery cannot arrive before its order (%(date)s).") % {
            "date": day(order.ordered_on)
        }
    if expected_on is not None and expected_on < order.ordered_on:
        errors["expected_on"] = _("A delivery cannot be expected before its order (%(date)s).") % {
            "date": day(order.ordered_on)
        }
    if order.quantity is not None and quantity is not None:
        others = order.deliveries.exclude(pk=exclude_pk).aggregate(total=Sum("quantity"))["total"] or 0
        if others + quantity > order.quantity:
            errors["quantity"] = _(
                "Deliveries would total %(total)s units, more than the %(ordered)s ordered "
                "(%(left)s left to deliver)."
            ) % {
                "total": others + quantity,
                "ordered": order.quantity,
                "left": max(order.quantity - others, 0),
            }
    if errors:
        raise ValidationError(errors)


DELIVERY_FIELDS = frozenset({"quantity", "expected_on", "delivered_on", "note", "source", "is_illustrative"})


@transaction.atomic
def delivery_create(*, actor, order: Order, **data) -> Delivery:
    """Schedule (or record) a delivery against an order. The order row is locked while checking the total."""
    require(actor, ADD, Delivery, coalition=order.roadmap_item.coalition_id)
    unknown = set(data) - DELIVERY_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    order = Order.objects.select_for_update().select_related("roadmap_item").get(pk=order.pk)
    if order.roadmap_item.status not in DELIVERY_STATUSES:
        raise Conflict(
            _("Deliveries are recorded once an item is contracted; this one is %(s)s.")
            % {"s": order.roadmap_item.get_status_display()}
        )
    _check_delivery(
        order,
        quantity=data.get("quantity"),
        expected_on=data.get("expected_on"),
        delivered_on=data.get("delivered_on"),
    )
    return _save(Delivery(order=order, **data), actor=actor)


@transaction.atomic
def delivery_update(*, actor, delivery: Delivery, **data) -> Delivery:
    """Correct a delivery or record its arrival (`delivered_on`)."""
    require(actor, CHANGE, delivery)
    if "order" in data and data["order"] != delivery.order:
        raise ValidationError({"order": _("A delivery cannot move to another order.")})
    data.pop("order", None)
    unknown = set(data) - DELIVERY_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    order = Order.objects.select_for_update().get(pk=delivery.order_id)
    delivery = Delivery.objects.get(pk=delivery.pk)
    merged = {
        name: data.get(name, getattr(delivery, name)) for name in ("quantity", "expected_on", "delivered_on")
    }
    _check_delivery(order, **merged, exclude_pk=delivery.pk)
    _apply(delivery, data)
    return _save(delivery, actor=actor)


@transaction.atomic
def delivery_receive(*, actor, delivery: Delivery, delivered_on: date | None = None) -> Delivery:
    """Record that a delivery arrived (today by default)."""
    if delivery.delivered_on is not None:
        raise Conflict(_("This delivery was already received on %(date)s.") % {"date": delivery.delivered_on})
    return delivery_update(actor=actor, delivery=delivery, delivered_on=delivered_on or timezone.localdate())


@transaction.atomic
def delivery_delete(*, actor, delivery: Delivery) -> None:
    require(actor, DELETE, delivery)
    _delete(delivery, actor=actor, message=_("This delivery cannot be deleted."))
