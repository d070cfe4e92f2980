"""Roadmap items: their plan and their lifecycle transitions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.figures import day
from coalition.models import Coalition
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.selectors import current_memberships_q
from coalition.services import _apply, _save
from contributions.currencies import normalise_currency
from procurement.models import (
    Delivery,
    RoadmapItem,
    RoadmapItemTransition,
)
from procurement.services._common import (
    ALLOWED_TRANSITIONS,
    Status,
    _delete,
    _same_coalition,
    allowed_transitions,
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
                % {"status": item.get_status_display(), "date": day(item.status_changed_on)}
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
