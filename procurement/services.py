"""Every write to the procurement roadmap, with its rules. Pages and the API both call these functions.

Only the secretariat of a coalition writes its roadmap (the models keep the default `secretariat_actions`
and give delegates nothing); delegates and observers read.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.selectors import current_memberships_q
from coalition.services import _apply, _save
from contributions.currencies import normalise_currency
from contributions.models import Pledge
from procurement.models import (
    Allocation,
    CapabilityArea,
    Delivery,
    Order,
    RoadmapItem,
    RoadmapItemTransition,
)

Status = RoadmapItem.Status

# The lifecycle (Open Contracting stages): one step forward, or cancellation before delivery is complete.
NEXT = {
    Status.IDENTIFIED: Status.REQUIREMENTS,
    Status.REQUIREMENTS: Status.TENDERING,
    Status.TENDERING: Status.CONTRACTED,
    Status.CONTRACTED: Status.DELIVERING,
    Status.DELIVERING: Status.DELIVERED,
    Status.DELIVERED: Status.CLOSED,
}
CANCELLABLE = frozenset(
    {Status.IDENTIFIED, Status.REQUIREMENTS, Status.TENDERING, Status.CONTRACTED, Status.DELIVERING}
)
ALLOWED_TRANSITIONS = {
    status: ({NEXT[status]} if status in NEXT else set())
    | ({Status.CANCELLED} if status in CANCELLABLE else set())
    for status in Status
}
# Orders and deliveries are recorded from tendering (the contract being placed) until delivery is complete.
ORDERING_STATUSES = frozenset({Status.TENDERING, Status.CONTRACTED, Status.DELIVERING})
DELIVERY_STATUSES = frozenset({Status.CONTRACTED, Status.DELIVERING, Status.DELIVERED})


def allowed_transitions(item: RoadmapItem) -> list[str]:
    """The statuses `item` may move to next, in lifecycle order."""
    return [status for status in Status.values if status in ALLOWED_TRANSITIONS[Status(item.status)]]


def _delete(instance, *, actor, message):
    try:
        instance._history_user = actor
        instance.delete()
    except ProtectedError:
        raise Conflict(message) from None


def _same_coalition(errors: dict, name: str, value, coalition_id) -> None:
    if value is not None and value.coalition_id != coalition_id:
        errors[name] = _("This belongs to another coalition.")


# Capability areas ------------------------------------------------------------------------------------------


@transaction.atomic
def capability_area_create(*, actor, coalition: Coalition, name: str, description: str = "", position=0):
    """A managed list per coalition: names are unique within the coalition."""
    require(actor, ADD, CapabilityArea, coalition=coalition)
    area = CapabilityArea(
        coalition=coalition, name=(name or "").strip(), description=description, position=position or 0
    )
    return _save(area, actor=actor)


@transaction.atomic
def capability_area_update(*, actor, capability_area: CapabilityArea, **data) -> CapabilityArea:
    require(actor, CHANGE, capability_area)
    if "coalition" in data and data["coalition"] != capability_area.coalition:
        raise ValidationError({"coalition": _("A capability area cannot move to another coalition.")})
    data.pop("coalition", None)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    _apply(capability_area, data)
    return _save(capability_area, actor=actor)


@transaction.atomic
def capability_area_delete(*, actor, capability_area: CapabilityArea) -> None:
    """An area still used by roadmap items is kept."""
    require(actor, DELETE, capability_area)
    _delete(
        capability_area,
        actor=actor,
        message=_("Roadmap items still use this capability area; move them to another area first."),
    )


# Roadmap items ---------------------------------------------------------------------------------------------

ITEM_FIELDS = frozenset(
    {
        "title",
        "description",
        "capability_area",
        "priority",
        "planned_year",
        "planned_quarter",
        "expert_group",
        "lead",
        "estimated_cost_low",
        "estimated_cost_high",
        "currency",
        "estimated_on",
        "quantity",
        "unit",
        "note",
        "source",
        "is_illustrative",
    }
)


def _check_item(coalition: Coalition, data: dict) -> None:
    """Related records belong to the item's coalition; the lead is a current member; a range has two ends."""
    errors = {}
    _same_coalition(errors, "capability_area", data.get("capability_area"), coalition.pk)
    _same_coalition(errors, "expert_group", data.get("expert_group"), coalition.pk)
    lead = data.get("lead")
    if (
        lead is not None
        and not coalition.memberships.filter(current_memberships_q(), participant=lead).exists()
    ):
        errors["lead"] = _("%(name)s is not a current member of the coalition.") % {"name": lead.name}
    low, high = data.get("estimated_cost_low"), data.get("estimated_cost_high")
    if (low is None) != (high is None):
        missing = "estimated_cost_high" if high is None else "estimated_cost_low"
        errors[missing] = _("Give both ends of the estimate (the same figure twice for a point estimate).")
    elif low is not None and high < low:
        errors["estimated_cost_high"] = _("The high end cannot be below the low end.")
    if errors:
        raise ValidationError(errors)


def _unknown_fields(data: dict) -> None:
    unknown = set(data) - ITEM_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})


@transaction.atomic
def roadmap_item_create(*, actor, coalition: Coalition, **data) -> RoadmapItem:
    """Add an item in status `identified`. Priority is unique within the year among items not cancelled."""
    require(actor, ADD, RoadmapItem, coalition=coalition)
    data.pop("status", None)  # a new item starts at the beginning of the lifecycle
    _unknown_fields(data)
    if "currency" in data:
        data["currency"] = normalise_currency(data["currency"])
    _check_item(coalition, data)
    today = timezone.localdate()
    if data.get("estimated_on") is None:
        data["estimated_on"] = today
    item = RoadmapItem(coalition=coalition, status=Status.IDENTIFIED, status_changed_on=today, **data)
    return _save(item, actor=actor)


@transaction.atomic
def roadmap_item_update(*, actor, roadmap_item: RoadmapItem, **data) -> RoadmapItem:
    """Edit an item's plan. The status changes only through `roadmap_item_transition`."""
    require(actor, CHANGE, roadmap_item)
    if "status" in data and data["status"] != roadmap_item.status:
        raise ValidationError(
            {"status": _("The status changes with a transition, which is dated and logged.")}
        )
    if "coalition" in data and data["coalition"] != roadmap_item.coalition:
        raise ValidationError({"coalition": _("An item cannot move to another coalition.")})
    data.pop("status", None)
    data.pop("coalition", None)
    _unknown_fields(data)
    if "currency" in data:
        data["currency"] = normalise_currency(data["currency"])
    if data.get("estimated_on", "") is None:
        data["estimated_on"] = roadmap_item.estimated_on
    merged = {name: getattr(roadmap_item, name) for name in ITEM_FIELDS} | data
    _check_item(roadmap_item.coalition, merged)
    _apply(roadmap_item, data)
    return _save(roadmap_item, actor=actor)


@transaction.atomic
def roadmap_item_delete(*, actor, roadmap_item: RoadmapItem) -> None:
    """Only an item entered by mistake is deleted: one with orders or allocations is cancelled instead."""
    require(actor, DELETE, roadmap_item)
    _delete(
        roadmap_item,
        actor=actor,
        message=_("This item has orders or allocations; cancel it instead of deleting it."),
    )


def _transition_guard(item: RoadmapItem, target: str) -> str | None:
    """Why `item` cannot move to `target` in its current state (None when it can)."""
    if target == Status.CONTRACTED and not item.orders.exists():
        return _("Record the order (contract) before marking the item contracted.")
    if target == Status.DELIVERED:
        deliveries = Delivery.objects.filter(order__roadmap_item=item)
        if not deliveries.exists():
            return _("Record the deliveries before marking the item delivered.")
        if deliveries.filter(delivered_on__isnull=True).exists():
            return _("Some deliveries are still on the way; record their arrival first.")
        if item.quantity:
            delivered = deliveries.aggregate(total=Sum("quantity"))["total"] or 0
            if delivered < item.quantity:
                return _("Only %(delivered)s of %(quantity)s %(unit)s have been delivered.") % {
                    "delivered": delivered,
                    "quantity": item.quantity,
                    "unit": item.unit,
                }
    if target == Status.CANCELLED:
        if item.allocations.exists():
            return _("This item still holds pledge allocations; release them before cancelling it.")
        if Delivery.objects.filter(order__roadmap_item=item, delivered_on__isnull=True).exists():
            return _("Deliveries are still on the way; record or remove them before cancelling the item.")
    return None


@transaction.atomic
def roadmap_item_transition(
    *, actor, roadmap_item: RoadmapItem, to_status: str, on: date | None = None, note: str = ""
) -> RoadmapItemTransition:
    """Move an item one stage forward (identified → requirements → tendering → contracted → delivering →
    delivered → closed) or cancel it before delivery is complete; any other move is refused (409).

    Each move is dated (`on`, default today; never in the future nor before the previous move) and logged
    with its actor. A cancellation needs a reason. Contracted needs an order; delivered needs every delivery
    received (and the planned quantity, if any).
    """
    require(actor, CHANGE, roadmap_item)
    item = RoadmapItem.objects.select_for_update().get(pk=roadmap_item.pk)
    today = timezone.localdate()
    on = on or today
    note = (note or "").strip()
    if to_status not in Status.values:
        raise ValidationError({"to_status": _("Unknown status %(status)s.") % {"status": to_status}})
    if to_status == item.status:
        raise Conflict(
            _("The item is already %(status)s.") % {"status": item.get_status_display()},
            code="illegal-transition",
        )
    if to_status not in ALLOWED_TRANSITIONS[Status(item.status)]:
        allowed = ", ".join(str(Status(s).label) for s in allowed_transitions(item)) or _("none (final)")
        raise Conflict(
            _("An item cannot move from %(from)s to %(to)s. Allowed next: %(allowed)s.")
            % {"from": item.get_status_display(), "to": Status(to_status).label, "allowed": allowed},
            code="illegal-transition",
        )
    if on > today:
        raise ValidationError({"on": _("A transition cannot be dated in the future.")})
    if on < item.status_changed_on:
        raise ValidationError(
            {
                "on": _("The item has been %(status)s since %(date)s; the move cannot be dated earlier.")
                % {"status": item.get_status_display(), "date": item.status_changed_on.isoformat()}
            }
        )
    if to_status == Status.CANCELLED and not note:
        raise ValidationError({"note": _("Give the reason for the cancellation.")})
    reason = _transition_guard(item, to_status)
    if reason:
        raise Conflict(reason)
    transition = RoadmapItemTransition(
        roadmap_item=item, from_status=item.status, to_status=to_status, on=on, note=note, actor=actor
    )
    _save(transition, actor=actor)
    item.status = to_status
    item.status_changed_on = on
    _save(item, actor=actor)
    roadmap_item.status, roadmap_item.status_changed_on = item.status, item.status_changed_on
    return transition


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


def _check_delivery(order: Order, *, quantity, expected_on, delivered_on, exclude_pk=None) -> None:
    """Partial deliveries add up: together they never exceed the quantity ordered (when the order has one)."""
    errors = {}
    if delivered_on is not None and delivered_on > timezone.localdate():
        errors["delivered_on"] = _("A delivery cannot have arrived in the future.")
    if delivered_on is not None and delivered_on < order.ordered_on:
        errors["delivered_on"] = _("A delivery cannot arrive before its order (%(date)s).") % {
            "date": order.ordered_on.isoformat()
        }
    if expected_on is not None and expected_on < order.ordered_on:
        errors["expected_on"] = _("A delivery cannot be expected before its order (%(date)s).") % {
            "date": order.ordered_on.isoformat()
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


# Allocations -----------------------------------------------------------------------------------------------


# Lock order, on every path that touches allocations: the pledge row first, then the roadmap item row. The
# pledge's own services (contributions.services: edit, transition, delete) lock the pledge and check
# `check_pledge_change` in the same transaction; a roadmap item's transition locks only its item. So no two
# transactions ever wait on each other in opposite orders (no deadlock), and every check reads totals that
# no concurrent writer can change before it commits.


def _locked_pledge(pledge) -> Pledge:
    """The pledge row, locked until the end of the transaction: a concurrent allocation of the same pledge
    (or a concurrent edit of the pledge) waits here, then sees this one's result."""
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


def _locked_item(item) -> RoadmapItem:
    """The item row, locked after its pledge (see the lock order above): a concurrent cancellation or
    closing of the item cannot slip between the status check and the allocation."""
    return RoadmapItem.objects.select_for_update().get(pk=item.pk)


def _allocation_list(allocations) -> str:
    return "; ".join(
        _("%(amount)s %(currency)s to “%(item)s” (allocation %(id)s)")
        % {
            "amount": f"{a.amount:,.2f}",
            "currency": a.pledge.currency,
            "item": a.roadmap_item.title,
            "id": a.pk,
        }
        for a in allocations
    )


def check_pledge_change(pledge: Pledge, *, amount=..., currency=..., status=..., deleting=False) -> None:
    """The allocation invariant on the pledge's side: whatever is edited, a pledge's allocations never exceed
    its amount. Called by the pledge's services, with the pledge row locked (see the lock order above),
    with the values about to be written (`...` = unchanged). A change that would break it is a Conflict
    (409) naming the allocations to release first: lowering the amount below what is allocated, making it
    undisclosed, changing its currency (allocations are in it), withdrawing or deleting it."""
    allocations = list(
        Allocation.objects.filter(pledge=pledge).select_related("roadmap_item", "pledge").order_by("pk")
    )
    if not allocations:
        return
    allocated = sum((a.amount for a in allocations), Decimal("0.00"))
    names = {"list": _allocation_list(allocations), "total": f"{allocated:,.2f}", "c": pledge.currency}
    if deleting:
        reason = _("This pledge is allocated to the roadmap; release its allocations before deleting it")
    elif status is not ... and status == Pledge.Status.WITHDRAWN:
        reason = _("This pledge is allocated to the roadmap; release its allocations before withdrawing it")
    elif amount is not ... and amount is None:
        reason = _("An allocated pledge cannot become undisclosed; release its allocations first")
    elif currency is not ... and currency != pledge.currency:
        reason = _("Its allocations are in %(c)s; release them before changing the pledge's currency") % names
    elif amount is not ... and amount < allocated:
        reason = _(
            "%(total)s %(c)s of this pledge is allocated, more than %(amount)s %(c)s; release or reduce its "
            "allocations first"
        ) % {**names, "amount": f"{amount:,.2f}"}
    else:
        return
    raise Conflict(
        _("%(reason)s: %(list)s.") % {"reason": reason, "list": names["list"]}, code="pledge-allocated"
    )


def pledge_allocated(pledge, *, exclude_pk=None) -> Decimal:
    """The pledge's allocated total, to the cent (SQLite sums decimals in floating point)."""
    total = Allocation.objects.filter(pledge=pledge).exclude(pk=exclude_pk).aggregate(total=Sum("amount"))
    return (total["total"] or Decimal(0)).quantize(Decimal("0.01"))


def _check_allocation(pledge: Pledge, item: RoadmapItem, amount, *, exclude_pk=None) -> None:
    """A pledge is allocated only with a figure, while not withdrawn, within its amount, to its coalition's
    open items."""
    if pledge.coalition_id != item.coalition_id:
        raise ValidationError({"pledge": _("This pledge was made to another coalition.")})
    if pledge.status == Pledge.Status.WITHDRAWN:
        raise ValidationError({"pledge": _("This pledge was withdrawn: it cannot be allocated.")})
    if pledge.amount is None:
        raise ValidationError(
            {"pledge": _("This pledge is undisclosed: record its amount before allocating it.")}
        )
    if item.status in (Status.CANCELLED, Status.CLOSED):
        raise Conflict(
            _("The item is %(status)s: it takes no more funding.") % {"status": item.get_status_display()}
        )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("An allocation must be greater than zero.")})
    allocated = pledge_allocated(pledge, exclude_pk=exclude_pk)
    available = pledge.amount - allocated
    if amount > available:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(available)s %(currency)s of this pledge is unallocated "
                    "(%(allocated)s of %(total)s already allocated)."
                )
                % {
                    "available": f"{max(available, 0):,.2f}",
                    "currency": pledge.currency,
                    "allocated": f"{allocated:,.2f}",
                    "total": f"{pledge.amount:,.2f}",
                }
            }
        )


@transaction.atomic
def allocation_create(
    *, actor, pledge: Pledge, roadmap_item: RoadmapItem, amount: Decimal, note: str = ""
) -> Allocation:
    """Assign `amount` (in the pledge's currency) of `pledge` to `roadmap_item`.

    Refused when the pledge is withdrawn or undisclosed (no amount), belongs to another coalition, or would
    be allocated beyond its amount. The pledge row is locked (`select_for_update`) before the total is read,
    so two concurrent allocations of the same pledge cannot both pass the check.
    """
    require(actor, ADD, Allocation, coalition=roadmap_item.coalition_id)
    locked = _locked_pledge(pledge)
    item = _locked_item(roadmap_item)
    _check_allocation(locked, item, amount)
    allocation = Allocation(pledge=locked, roadmap_item=item, amount=amount, note=note, created_by=actor)
    return _save(allocation, actor=actor)


@transaction.atomic
def allocation_update(*, actor, allocation: Allocation, **data) -> Allocation:
    """Change an allocation's amount or note (same rules as creating it; pledge and item are fixed)."""
    require(actor, CHANGE, allocation)
    for fixed in ("pledge", "roadmap_item"):
        if fixed in data and data[fixed] != getattr(allocation, fixed):
            raise ValidationError(
                {fixed: _("This cannot be changed; release the allocation and make another.")}
            )
        data.pop(fixed, None)
    unknown = set(data) - {"amount", "note"}
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    locked = _locked_pledge(allocation.pledge)
    allocation = Allocation.objects.get(pk=allocation.pk)
    item = _locked_item(allocation.roadmap_item)
    if "amount" in data:
        _check_allocation(locked, item, data["amount"], exclude_pk=allocation.pk)
    _apply(allocation, data)
    return _save(allocation, actor=actor)


@transaction.atomic
def allocation_delete(*, actor, allocation: Allocation) -> None:
    """Release an allocation: the amount returns to the pledge. The change history keeps the record."""
    require(actor, DELETE, allocation)
    _locked_pledge(allocation.pledge)
    allocation._history_user = actor
    allocation.delete()
