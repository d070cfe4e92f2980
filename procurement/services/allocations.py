"""Allocations of pledges to roadmap items, and the allocation invariant on the pledge's side."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from contributions.models import Pledge
from procurement.models import (
    Allocation,
    RoadmapItem,
)
from procurement.services._common import Status

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


def allocations_by_pledge(pledge_ids) -> dict[int, list]:
    """The allocations of these pledges, by pledge id, as `check_pledge_change` reads them (one query: a
    bulk import checks many pledges; their rows are locked first, as for one)."""
    found: dict[int, list] = {}
    for allocation in (
        Allocation.objects.filter(pledge_id__in=list(pledge_ids))
        .select_related("roadmap_item", "pledge")
        .order_by("pk")
    ):
        found.setdefault(allocation.pledge_id, []).append(allocation)
    return found


def check_pledge_change(
    pledge: Pledge, *, amount=..., currency=..., status=..., deleting=False, allocations=None
) -> None:
    """The allocation invariant on the pledge's side: whatever is edited, a pledge's allocations never exceed
    its amount. Called by the pledge's services, with the pledge row locked (see the lock order above),
    with the values about to be written (`...` = unchanged). A change that would break it is a Conflict
    (409) naming the allocations to release first: lowering the amount below what is allocated, making it
    undisclosed, changing its currency (allocations are in it), withdrawing or deleting it. `allocations`:
    the pledge's, read beforehand (`allocations_by_pledge`), else read here."""
    if allocations is None:  # else given by `allocations_by_pledge` (a bulk import)
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
