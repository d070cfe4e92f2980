"""Pledges: record, correct, move along the lifecycle, delete."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.figures import day
from coalition.models import Coalition, Participant
from coalition.permissions import ADD, CHANGE, DELETE, can, require
from coalition.services import _apply, _save
from contributions.models import Pledge
from contributions.services.common import (
    _check_donor,
    _check_meeting,
    _clean_amount,
    _clean_currency,
    _clean_reference,
    _describe,
    _locked,
    _log_transition,
    _not_in_future,
    _reset_review,
    paid_total,
)

Status = Pledge.Status

# The lifecycle: which status may follow which. Fulfilled and withdrawn are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ANNOUNCED: frozenset({Status.CONFIRMED, Status.WITHDRAWN}),
    Status.CONFIRMED: frozenset({Status.COMMITTED, Status.WITHDRAWN}),
    Status.COMMITTED: frozenset({Status.FULFILLED, Status.WITHDRAWN}),
    Status.FULFILLED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
# The date field each status sets when a pledge enters it.
STATUS_DATE_FIELD = {
    Status.ANNOUNCED: "announced_on",
    Status.CONFIRMED: "confirmed_on",
    Status.COMMITTED: "committed_on",
    Status.FULFILLED: "fulfilled_on",
    Status.WITHDRAWN: "withdrawn_on",
}
# The path from announced to each status, used when a pledge is recorded directly in a later status.
PATH = [Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED]
PAYABLE = frozenset({Status.CONFIRMED, Status.COMMITTED})

# Fields the secretariat edits with pledge_update (status changes go through pledge_transition).
EDITABLE = (
    "donor",
    "kind",
    "amount",
    "currency",
    "purpose",
    "conditions",
    "announced_on",
    "announced_at",
    "source",
    "is_illustrative",
    "note",
    "external_reference",
)


def _check_allocations(pledge: Pledge, allocations=None, **change) -> None:
    """The roadmap's allocations of this pledge stay within it (the rule lives with the allocations, in
    procurement.services; the pledge row is already locked, first, as that module's lock order says)."""
    from procurement.services import check_pledge_change

    check_pledge_change(pledge, allocations=allocations, **change)


def allowed_transitions(pledge: Pledge) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS[pledge.status]]


NEW_STATUSES = (Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED)


def pledge_problems(
    coalition: Coalition,
    *,
    donor=None,
    currency=None,
    amount=None,
    announced_on=None,
    announced_at=None,
    status=None,
    status_on=None,
) -> dict[str, list[str]]:
    """Every rule of `pledge_create` on what is given, at once: {field: [messages]} (empty: none broken).
    The form runs it beside its own checks, so a person sees all the problems in one answer."""
    problems: dict[str, list[str]] = {}

    def run(check):
        try:
            check()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems.setdefault(name, []).extend(messages)

    if currency is not None:
        run(lambda: _clean_currency(currency))
    if amount is not None:
        run(lambda: _clean_amount(amount))
    if status is not None and status not in NEW_STATUSES:
        problems["status"] = [
            _("A new pledge is announced, confirmed or committed; later steps are transitions.")
        ]
    if donor is not None:
        run(lambda: _check_donor(coalition, donor))
    run(lambda: _check_meeting(coalition, announced_at))
    run(lambda: _not_in_future(announced_on, "announced_on"))
    if status not in (None, Status.ANNOUNCED) and status_on is not None:
        run(lambda: _not_in_future(status_on, "status_on"))
        if announced_on and status_on < announced_on:
            problems.setdefault("status_on", []).append(_("A pledge cannot move on before it was announced."))
    return problems


@transaction.atomic
def pledge_create(
    *,
    actor,
    coalition: Coalition,
    donor: Participant,
    currency: str,
    announced_on: date,
    amount: Decimal | None = None,
    kind: str = Pledge.Kind.FINANCIAL,
    status: str = Status.ANNOUNCED,
    status_on: date | None = None,
    purpose: str = "",
    conditions: str = "",
    announced_at=None,
    source: str = "",
    is_illustrative: bool = False,
    note: str = "",
    external_reference: str = "",
) -> Pledge:
    """Record a pledge. The donor must be (or have been) a participant of the coalition; the amount is
    positive or left empty (undisclosed); the currency is ISO 4217 even when the amount is undisclosed.

    A pledge may be recorded directly as confirmed or committed (e.g. from an import): its status date is
    `status_on` (default: the announcement date) and the creation is logged as a transition.
    """
    require(actor, ADD, Pledge, coalition=coalition, owner=donor)
    problems = pledge_problems(
        coalition,
        donor=donor,
        currency=currency,
        amount=amount,
        announced_on=announced_on,
        announced_at=announced_at,
        status=status,
        status_on=status_on,
    )
    if problems:
        raise ValidationError(problems)
    currency = _clean_currency(currency)
    amount = _clean_amount(amount)
    pledge = Pledge(
        coalition=coalition,
        donor=donor,
        amount=amount,
        currency=currency,
        kind=kind,
        status=status,
        announced_on=announced_on,
        announced_at=announced_at,
        purpose=purpose,
        conditions=conditions,
        source=source,
        is_illustrative=is_illustrative,
        note=note,
        external_reference=_clean_reference(external_reference),
    )
    status_on = status_on or announced_on
    if status != Status.ANNOUNCED:
        _not_in_future(status_on, "status_on")
        if announced_on and status_on < announced_on:
            raise ValidationError({"status_on": _("A pledge cannot move on before it was announced.")})
        for step in PATH[1 : PATH.index(status) + 1]:
            setattr(pledge, STATUS_DATE_FIELD[step], status_on)
    _save(pledge, actor=actor)
    _log_transition(pledge, actor=actor, from_status="", to_status=status, on=status_on, note=_("Recorded."))
    return pledge


def check_update(pledge: Pledge, data: dict, *, paid: Decimal, allocations=None) -> None:
    """The figure rules of `pledge_update` on its cleaned `data` (a ValidationError or Conflict): the
    currency cannot change once payments exist, the amount cannot fall below what has been paid (nor
    become undisclosed), nor rise above it once fulfilled; the allocations must still fit. `paid`: the
    pledge's `paid_total`; `allocations`: see procurement.services.check_pledge_change."""
    if paid:
        if data.get("currency", pledge.currency) != pledge.currency:
            raise ValidationError(
                {"currency": _("This pledge has payments in %(c)s.") % {"c": pledge.currency}}
            )
        new_amount = data.get("amount", pledge.amount)
        if new_amount is None or new_amount < paid:
            raise ValidationError(
                {
                    "amount": _("%(paid)s %(c)s has already been paid; the pledge cannot be less.")
                    % {"paid": f"{paid:,.2f}", "c": pledge.currency}
                }
            )
    new_amount = data.get("amount", pledge.amount)
    if (
        pledge.status == Status.FULFILLED
        and pledge.kind == Pledge.Kind.FINANCIAL
        and new_amount is not None
        and new_amount > paid
    ):
        raise ValidationError(
            {
                "amount": _(
                    "This pledge is fulfilled with %(paid)s %(c)s paid; it cannot be raised above that "
                    "(record the further money as a new pledge)."
                )
                % {"paid": f"{paid:,.2f}", "c": pledge.currency}
            }
        )
    _check_allocations(
        pledge, amount=new_amount, currency=data.get("currency", pledge.currency), allocations=allocations
    )


def check_transition(pledge: Pledge, to_status: str, on: date, *, paid: Decimal, allocations=None) -> None:
    """The rules of one step of `pledge_transition` (a ValidationError or Conflict): a step of TRANSITIONS,
    dated `on` (not before the previous step, not in the future); a financial pledge is fulfilled only once
    fully paid; a pledge with payments cannot be withdrawn; the allocations must allow it. `paid` and
    `allocations` as for `check_update`."""
    if to_status not in Status.values:
        raise ValidationError({"to_status": _("Unknown status %(s)s.") % {"s": to_status}})
    if to_status not in TRANSITIONS[pledge.status]:
        allowed = ", ".join(str(Status(s).label) for s in allowed_transitions(pledge)) or _("none (final)")
        raise Conflict(
            _("A pledge cannot go from %(from)s to %(to)s. Allowed: %(allowed)s.")
            % {"from": Status(pledge.status).label, "to": Status(to_status).label, "allowed": allowed},
            code="illegal-transition",
        )
    _not_in_future(on, "on")
    previous = getattr(pledge, STATUS_DATE_FIELD[pledge.status]) or pledge.announced_on
    if on < previous:
        raise ValidationError(
            {"on": _("This step cannot be dated before the previous one (%(d)s).") % {"d": day(previous)}}
        )
    if to_status == Status.FULFILLED and pledge.kind == Pledge.Kind.FINANCIAL:
        if pledge.amount is None:
            raise Conflict(_("Record the pledged amount before marking a financial pledge fulfilled."))
        if paid < pledge.amount:
            raise Conflict(
                _("%(out)s %(c)s is still outstanding; record the payments first.")
                % {"out": f"{pledge.amount - paid:,.2f}", "c": pledge.currency}
            )
    if to_status == Status.WITHDRAWN and paid:
        raise Conflict(_("Payments have been made against this pledge; it cannot be withdrawn."))
    _check_allocations(pledge, status=to_status, allocations=allocations)


def apply_transition(pledge: Pledge, to_status: str, on: date) -> None:
    """Move `pledge` (unsaved) to `to_status`, dated `on`, once `check_transition` allowed it."""
    pledge.status = to_status
    setattr(pledge, STATUS_DATE_FIELD[to_status], on)


def status_change(from_status: str, to_status: str) -> str:
    """A step as the review reset describes it."""
    return f"{_('status')}: {Status(from_status).label} → {Status(to_status).label}"


@transaction.atomic
def pledge_update(*, actor, pledge: Pledge, **data) -> Pledge:
    """Correct a pledge's figures and details (not its status: see `pledge_transition`).

    A change to a reviewed pledge resets its review and records what changed. The currency cannot change once
    payments exist, the amount cannot fall below what has been paid (nor become undisclosed), nor rise
    above it once fulfilled; and the roadmap's allocations of the pledge must still fit (a Conflict naming
    them otherwise: see procurement.services.check_pledge_change).
    """
    require(actor, CHANGE, pledge)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    pledge = _locked(pledge)
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"])
    if "amount" in data:
        data["amount"] = _clean_amount(data["amount"])
    if "donor" in data and data["donor"] != pledge.donor:
        _check_donor(pledge.coalition, data["donor"])
        if not can(actor, CHANGE, pledge, owner=data["donor"]):
            raise PermissionDenied(_("You do not have permission to do this."))
    if "announced_at" in data:
        _check_meeting(pledge.coalition, data["announced_at"])
    if "announced_on" in data:
        _not_in_future(data["announced_on"], "announced_on")
    if "external_reference" in data:
        data["external_reference"] = _clean_reference(data["external_reference"])
    check_update(pledge, data, paid=paid_total(pledge))
    before = {name: getattr(pledge, name) for name in EDITABLE}
    changed = _apply(pledge, data)
    if not changed:
        return pledge
    _save(pledge, actor=actor)
    _reset_review(pledge, actor=actor, changes=_describe(pledge, before, changed))
    return pledge


@transaction.atomic
def pledge_transition(
    *, actor, pledge: Pledge, to_status: str, on: date | None = None, note: str = ""
) -> Pledge:
    """Move a pledge one step along its lifecycle (see TRANSITIONS); anything else is a Conflict.

    The step is dated (`on`, default today; not before the previous step, not in the future) and logged with
    who recorded it. A financial pledge is fulfilled only once fully paid; a pledge with payments cannot be
    withdrawn (the money has moved).
    """
    require(actor, CHANGE, pledge)
    pledge = _locked(pledge)
    on = on or timezone.localdate()
    check_transition(pledge, to_status, on, paid=paid_total(pledge))
    from_status = pledge.status
    apply_transition(pledge, to_status, on)
    _save(pledge, actor=actor)
    _log_transition(pledge, actor=actor, from_status=from_status, to_status=to_status, on=on, note=note)
    _reset_review(pledge, actor=actor, changes=[status_change(from_status, to_status)])
    return pledge


@transaction.atomic
def pledge_delete(*, actor, pledge: Pledge) -> None:
    """A pledge with payments or allocations is kept (a Conflict naming them); otherwise it is deleted and
    its history stays."""
    require(actor, DELETE, pledge)
    pledge = _locked(pledge)
    _check_allocations(pledge, deleting=True)
    try:
        pledge._history_user = actor
        pledge.delete()
    except ProtectedError:
        raise Conflict(_("This pledge has payments; it cannot be deleted.")) from None
