"""The pledge import's update rows: checked together once every row is handled, with the services' rule
functions on the locked pledges (see `transfer.pledges`), and the helpers both kinds of row share."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, can
from coalition.services import _apply
from contributions import services
from contributions.models import Pledge
from contributions.services.common import _describe, _display, paid_totals, review_reset
from contributions.services.pledges import (
    STATUS_DATE_FIELD,
    apply_transition,
    check_transition,
    check_update,
    status_change,
)
from contributions.transfer.bulk import BATCH
from contributions.transfer.cells import errors_of

# Service field -> file column, for errors.
COLUMN_OF = {"announced_at": "meeting", "to_status": "status", "on": "status_on"}
Status = Pledge.Status
# The columns a bulk update writes (the service's editable fields, the status and its dates, the review).
UPDATE_FIELDS = [
    *(name for name in services.EDITABLE if name != "external_reference"),
    "status",
    *(name for name in STATUS_DATE_FIELD.values() if name != "announced_on"),
    "review_status",
    "review_comment",
]
ZERO = Decimal("0.00")


def may(actor, context, action, donor, pledge=None) -> bool:
    key = (action, donor.pk)
    if key not in context["may"]:
        if pledge is None:
            context["may"][key] = can(actor, ADD, Pledge, coalition=context["coalition"], owner=donor)
        else:
            context["may"][key] = can(actor, CHANGE, pledge, owner=donor)
    return context["may"][key]


def record_text(context, donor, amount, currency, status) -> str:
    """What `str(pledge)` says, without a pledge (the labels translated once per import)."""
    figure = f"{amount:,.2f} {currency}" if amount is not None else context["undisclosed"]
    return f"{donor} — {figure} ({context['labels'][status]})"


def settle_updates(actor):
    def settle(report, context):
        """Check the update rows together: their pledges locked (as the services lock one), their payments
        and allocations read once, then each row through the services' rules, in memory."""
        from procurement.services import allocations_by_pledge

        updates = context["updates"]
        if not updates:  # the other rows' errors too: every error of every row at once
            return
        ids = sorted(pk for _row, pk, *_rest in updates)
        locked = {}
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            query = Pledge.objects.select_for_update(of=("self",)).select_related("donor", "coalition")
            locked.update((pledge.pk, pledge) for pledge in query.filter(pk__in=batch))
        paid, allocations = paid_totals(ids), allocations_by_pledge(ids)
        for row, pk, data, steps, status_on in updates:
            pledge = locked.get(pk)
            if pledge is None:  # deleted since the references were read (a message the catalogue has)
                message = _("Another record with these values was written meanwhile; check the file again.")
                row.errors.append(("external_reference", message))
                continue
            _update(
                row,
                actor,
                context,
                pledge,
                data,
                steps,
                status_on,
                paid.get(pk, ZERO),
                allocations.get(pk, []),
            )

    return settle


def _update(row, actor, context, pledge, data, steps, status_on, paid, allocations):
    """What `services.pledge_update` then `pledge_transition` (each step) check and change, on the locked
    `pledge` in memory: written with the others by `_finish`."""
    changed = {name: value for name, value in data.items() if getattr(pledge, name) != value}
    verbose, labels = context["verbose"], context["labels"]
    row.changes = [
        (verbose[name], _display(pledge, name, getattr(pledge, name)), _display(pledge, name, value))
        for name, value in changed.items()
    ]
    if steps:
        row.changes.append((verbose["status"], labels[pledge.status], " → ".join(labels[s] for s in steps)))
    row.action = "changed" if row.changes else "unchanged"
    if not row.changes:
        row.record = record_text(context, pledge.donor, pledge.amount, pledge.currency, pledge.status)
        return
    transitions, reviews = [], []
    try:
        if not may(actor, context, CHANGE, pledge.donor, pledge):
            raise PermissionDenied(_("You do not have permission to do this."))
        if changed:
            if "donor" in changed and not may(actor, context, CHANGE, changed["donor"], pledge):
                raise PermissionDenied(_("You do not have permission to do this."))
            check_update(pledge, changed, paid=paid, allocations=allocations)
            before = {name: getattr(pledge, name) for name in changed}
            _apply(pledge, changed)
            if "announced_on" in changed:  # the dates' check constraints (a query each: only here)
                pledge.validate_constraints(exclude={"external_reference"})
            reviews.append(
                review_reset(pledge, actor=actor, changes=_describe(pledge, before, list(changed)), paid=paid)
            )
        for step in steps:
            on = status_on or context["today"]
            check_transition(pledge, step, on, paid=paid, allocations=allocations)
            from_status = pledge.status
            apply_transition(pledge, step, on)
            transitions.append(transition_row(actor, pledge.pk, from_status, step, on, ""))
            reviews.append(
                review_reset(pledge, actor=actor, changes=[status_change(from_status, step)], paid=paid)
            )
    except (ValidationError, Conflict, PermissionDenied) as exc:
        row.errors.extend(errors_of(exc, COLUMN_OF))
        return
    context["changed"].append(pledge)
    context["transitions"].extend(transitions)
    context["reviews"].extend(review for review in reviews if review is not None)
    row.record = record_text(context, pledge.donor, pledge.amount, pledge.currency, pledge.status)


def transition_row(actor, pledge_id, from_status, to_status, on, note) -> dict:
    return {
        "pledge_id": pledge_id,
        "from_status": from_status,
        "to_status": to_status,
        "effective_on": on,
        "note": note,
        "recorded_by_id": actor.pk if getattr(actor, "pk", None) else None,
    }
