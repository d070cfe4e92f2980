"""Every write to contributions, with its rules. Pages, the API, the importer and the demo loader call these.

Rules in one place:
- a pledge moves announced → confirmed → committed → fulfilled, or to withdrawn from any open status; each
  step is dated, attributed and logged (`PledgeTransition`);
- payments are in the pledge's currency, against a disclosed pledge that is confirmed or committed; the sum
  paid may exceed the pledge only with a recorded override (reason and approver);
- the donor's delegate confirms the exact figures or disputes them with a comment; any later change by the
  secretariat to a reviewed pledge (or to its payments) resets the review to "needs review" and records what
  changed.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition, Membership, Participant
from coalition.permissions import ADD, CHANGE, DELETE, can, require
from coalition.services import _apply, _save
from contributions.currencies import ISO_4217, normalise_currency
from contributions.models import (
    REVIEW,
    Disbursement,
    FxRate,
    Pledge,
    PledgeReview,
    PledgeTransition,
    ReportedTotal,
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
)


def allowed_transitions(pledge: Pledge) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS[pledge.status]]


# Helpers ----------


def _clean_currency(value, field="currency") -> str:
    code = normalise_currency(value)
    if code not in ISO_4217:
        raise ValidationError(
            {field: _("%(code)s is not an ISO 4217 currency code.") % {"code": code or "—"}}
        )
    return code


def _clean_amount(value, *, field="amount", allow_none=True):
    if value is None or value == "":
        if allow_none:
            return None
        raise ValidationError({field: _("An amount is required.")})
    try:
        value = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({field: _("An amount must be greater than zero.")})
    return value


def _not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future; record what has happened.")})


def _check_donor(coalition: Coalition, donor: Participant) -> None:
    if not Membership.objects.filter(coalition=coalition, participant=donor).exists():
        raise ValidationError(
            {
                "donor": _("%(name)s has never been a participant of %(coalition)s.")
                % {"name": donor.name, "coalition": coalition.short_name}
            }
        )


def _check_meeting(coalition: Coalition, meeting) -> None:
    if meeting is not None and meeting.coalition_id != coalition.pk:
        raise ValidationError({"announced_at": _("This meeting belongs to another coalition.")})


def paid_total(pledge: Pledge) -> Decimal:
    return pledge.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def _display(pledge: Pledge, field: str, value) -> str:
    if value is None or value == "":
        return _("undisclosed") if field == "amount" else "—"
    if field == "amount":
        return f"{value:,.2f}"
    if field in ("kind", "status"):
        choices = dict(Pledge._meta.get_field(field).choices)
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _describe(pledge: Pledge, before: dict, changed: list[str]) -> list[str]:
    lines = []
    for name in changed:
        label = str(Pledge._meta.get_field(name).verbose_name)
        old, new = before.get(name), getattr(pledge, name)
        lines.append(f"{label}: {_display(pledge, name, old)} → {_display(pledge, name, new)}")
    return lines


def _reset_review(pledge: Pledge, *, actor, changes: list[str]) -> None:
    """A reviewed (confirmed or disputed) pledge that changes goes back to "needs review", saying why."""
    if pledge.review_status == Pledge.Review.NEEDS_REVIEW or not changes:
        return
    comment = _("Changed since the delegate's review: %(changes)s") % {"changes": "; ".join(changes)}
    pledge.review_status = Pledge.Review.NEEDS_REVIEW
    pledge.review_comment = comment
    _save(pledge, actor=actor)
    _save(
        PledgeReview(
            pledge=pledge,
            action=PledgeReview.Action.RESET,
            comment=comment,
            by=actor,
            figures=pledge.figures(paid_total(pledge)),
        ),
        actor=actor,
    )


def _locked(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().select_related("coalition", "donor").get(pk=pledge.pk)


def _log_transition(pledge, *, actor, from_status, to_status, on, note=""):
    return _save(
        PledgeTransition(
            pledge=pledge,
            from_status=from_status,
            to_status=to_status,
            effective_on=on,
            note=note,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        ),
        actor=actor,
    )


# Pledges ----------


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
) -> Pledge:
    """Record a pledge. The donor must be (or have been) a participant of the coalition; the amount is
    positive or left empty (undisclosed); the currency is ISO 4217 even when the amount is undisclosed.

    A pledge may be recorded directly as confirmed or committed (e.g. from an import): its status date is
    `status_on` (default: the announcement date) and the creation is logged as a transition.
    """
    require(actor, ADD, Pledge, coalition=coalition, owner=donor)
    currency = _clean_currency(currency)
    amount = _clean_amount(amount)
    if status not in (Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED):
        raise ValidationError(
            {"status": _("A new pledge is announced, confirmed or committed; later steps are transitions.")}
        )
    _check_donor(coalition, donor)
    _check_meeting(coalition, announced_at)
    _not_in_future(announced_on, "announced_on")
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


@transaction.atomic
def pledge_update(*, actor, pledge: Pledge, **data) -> Pledge:
    """Correct a pledge's figures and details (not its status: see `pledge_transition`).

    A change to a reviewed pledge resets its review and records what changed. The currency cannot change once
    payments exist, and the amount cannot fall below what has been paid (nor become undisclosed).
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
    paid = paid_total(pledge)
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
    if to_status not in Status.values:
        raise ValidationError({"to_status": _("Unknown status %(s)s.") % {"s": to_status}})
    if to_status not in TRANSITIONS[pledge.status]:
        allowed = ", ".join(str(Status(s).label) for s in allowed_transitions(pledge)) or _("none (final)")
        raise Conflict(
            _("A pledge cannot go from %(from)s to %(to)s. Allowed: %(allowed)s.")
            % {"from": Status(pledge.status).label, "to": Status(to_status).label, "allowed": allowed},
            code="illegal-transition",
        )
    on = on or timezone.localdate()
    _not_in_future(on, "on")
    previous = getattr(pledge, STATUS_DATE_FIELD[pledge.status]) or pledge.announced_on
    if on < previous:
        raise ValidationError(
            {
                "on": _("This step cannot be dated before the previous one (%(d)s).")
                % {"d": previous.isoformat()}
            }
        )
    paid = paid_total(pledge)
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
    from_status = pledge.status
    pledge.status = to_status
    setattr(pledge, STATUS_DATE_FIELD[to_status], on)
    _save(pledge, actor=actor)
    _log_transition(pledge, actor=actor, from_status=from_status, to_status=to_status, on=on, note=note)
    _reset_review(
        pledge,
        actor=actor,
        changes=[f"{_('status')}: {Status(from_status).label} → {Status(to_status).label}"],
    )
    return pledge


@transaction.atomic
def pledge_delete(*, actor, pledge: Pledge) -> None:
    """A pledge with payments is kept (a Conflict); otherwise it is deleted and its history stays."""
    require(actor, DELETE, pledge)
    pledge = _locked(pledge)
    try:
        pledge._history_user = actor
        pledge.delete()
    except ProtectedError:
        raise Conflict(_("This pledge has payments; it cannot be deleted.")) from None


# The delegate's review ----------


def _check_seen(pledge: Pledge, current: dict, seen: dict | None) -> None:
    if seen is None:
        return
    stale = [k for k, v in seen.items() if k in current and current[k] != v]
    if stale:
        raise Conflict(
            _("The figures changed since you loaded them (%(fields)s); check them again.")
            % {"fields": ", ".join(sorted(stale))}
        )


@transaction.atomic
def pledge_confirm_figures(*, actor, pledge: Pledge, seen: dict | None = None, comment: str = "") -> Pledge:
    """The donor's delegate confirms the secretariat's figures. The exact figures confirmed are recorded.

    Only the delegate of the donor may review (the secretariat cannot confirm on a state's behalf). `seen`
    (the figures shown to the delegate) guards against confirming figures that changed meanwhile.
    """
    require(actor, REVIEW, pledge)
    return _record_review(
        actor, pledge, Pledge.Review.CONFIRMED, PledgeReview.Action.CONFIRMED, comment=comment, seen=seen
    )


@transaction.atomic
def pledge_dispute(*, actor, pledge: Pledge, comment: str, seen: dict | None = None) -> Pledge:
    """The donor's delegate disputes the figures; a comment saying what is wrong is required."""
    require(actor, REVIEW, pledge)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what is wrong with the figures.")})
    return _record_review(
        actor, pledge, Pledge.Review.DISPUTED, PledgeReview.Action.DISPUTED, comment=comment, seen=seen
    )


def _record_review(
    actor, pledge: Pledge, status: str, action: str, *, comment: str, seen: dict | None
) -> Pledge:
    """Record a delegate's verdict on the figures as they stand now (locked), in the pledge and its log."""
    pledge = _locked(pledge)
    figures = pledge.figures(paid_total(pledge))
    _check_seen(pledge, figures, seen)
    pledge.review_status = status
    pledge.review_comment = comment
    pledge.reviewed_by = actor
    pledge.reviewed_at = timezone.now()
    pledge.reviewed_figures = figures
    _save(pledge, actor=actor)
    _save(PledgeReview(pledge=pledge, action=action, comment=comment, figures=figures, by=actor), actor=actor)
    return pledge


# Payments ----------


def _check_overpayment(pledge: Pledge, *, others: Decimal, amount: Decimal, reason: str) -> None:
    if pledge.amount is not None and others + amount > pledge.amount and not reason.strip():
        message = _(
            "This payment takes the total paid to %(total)s %(c)s, above the pledge of %(pledged)s "
            "%(c)s (outstanding %(out)s). Record an over-payment reason to override."
        ) % {
            "total": f"{others + amount:,.2f}",
            "pledged": f"{pledge.amount:,.2f}",
            "out": f"{pledge.amount - others:,.2f}",
            "c": pledge.currency,
        }
        raise ValidationError({"amount": ValidationError(message, code="over-payment")})


@transaction.atomic
def disbursement_create(
    *,
    actor,
    pledge: Pledge,
    amount: Decimal,
    paid_on: date,
    currency: str = "",
    reference: str = "",
    note: str = "",
    source: str = "",
    is_illustrative: bool = False,
    overpayment_reason: str = "",
) -> Disbursement:
    """Record a payment against a confirmed or committed pledge with a disclosed amount, in its currency.

    The total paid may not exceed the pledge unless `overpayment_reason` is given: the override is recorded
    with its reason and who approved it. The pledge's review is reset (its paid figure changed).
    """
    require(actor, ADD, Disbursement, coalition=pledge.coalition_id, owner=pledge.donor_id)
    pledge = _locked(pledge)
    amount = _clean_amount(amount, allow_none=False)
    currency = _clean_currency(currency or pledge.currency)
    if currency != pledge.currency:
        raise ValidationError(
            {
                "currency": _("Payments are recorded in the pledge's currency (%(c)s).")
                % {"c": pledge.currency}
            }
        )
    if pledge.status not in PAYABLE:
        raise Conflict(
            _("Payments are recorded against confirmed or committed pledges; this one is %(s)s.")
            % {"s": pledge.get_status_display().lower()}
        )
    if pledge.amount is None:
        raise Conflict(_("Record the pledged amount before recording payments against it."))
    if paid_on is None:
        raise ValidationError({"paid_on": _("This field is required.")})
    _not_in_future(paid_on, "paid_on")
    if paid_on < pledge.announced_on:
        raise ValidationError({"paid_on": _("A payment cannot precede the pledge's announcement.")})
    others = paid_total(pledge)
    overpayment_reason = (overpayment_reason or "").strip()
    _check_overpayment(pledge, others=others, amount=amount, reason=overpayment_reason)
    is_override = pledge.amount is not None and others + amount > pledge.amount
    disbursement = _save(
        Disbursement(
            pledge=pledge,
            amount=amount,
            currency=currency,
            paid_on=paid_on,
            reference=reference,
            note=note,
            source=source,
            is_illustrative=is_illustrative,
            overpayment_reason=overpayment_reason if is_override else "",
            overpayment_approved_by=actor if is_override and getattr(actor, "pk", None) else None,
        ),
        actor=actor,
    )
    _reset_review(
        pledge,
        actor=actor,
        changes=[f"{_('paid')}: {others:,.2f} → {others + amount:,.2f} {pledge.currency}"],
    )
    return disbursement


DISBURSEMENT_EDITABLE = (
    "amount",
    "paid_on",
    "reference",
    "note",
    "source",
    "is_illustrative",
    "overpayment_reason",
    "currency",
)


@transaction.atomic
def disbursement_update(*, actor, disbursement: Disbursement, **data) -> Disbursement:
    """Correct a payment. The over-payment rule applies to the corrected total; the review is reset."""
    require(actor, CHANGE, disbursement)
    unknown = set(data) - set(DISBURSEMENT_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    pledge = _locked(disbursement.pledge)
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if "amount" in data:
        data["amount"] = _clean_amount(data["amount"], allow_none=False)
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"] or pledge.currency)
        if data["currency"] != pledge.currency:
            raise ValidationError(
                {
                    "currency": _("Payments are recorded in the pledge's currency (%(c)s).")
                    % {"c": pledge.currency}
                }
            )
    if "paid_on" in data:
        _not_in_future(data["paid_on"], "paid_on")
        if data["paid_on"] < pledge.announced_on:
            raise ValidationError({"paid_on": _("A payment cannot precede the pledge's announcement.")})
    others = paid_total(pledge) - disbursement.amount
    amount = data.get("amount", disbursement.amount)
    reason = (data.get("overpayment_reason", disbursement.overpayment_reason) or "").strip()
    _check_overpayment(pledge, others=others, amount=amount, reason=reason)
    is_override = pledge.amount is not None and others + amount > pledge.amount
    data["overpayment_reason"] = reason if is_override else ""
    old_amount = disbursement.amount
    changed = _apply(disbursement, data)
    if is_override and "overpayment_reason" in changed:
        disbursement.overpayment_approved_by = actor
    elif not is_override:
        disbursement.overpayment_approved_by = None
    if not changed:
        return disbursement
    _save(disbursement, actor=actor)
    if "amount" in changed:
        _reset_review(
            pledge,
            actor=actor,
            changes=[f"{_('paid')}: {others + old_amount:,.2f} → {others + amount:,.2f} {pledge.currency}"],
        )
    return disbursement


@transaction.atomic
def disbursement_delete(*, actor, disbursement: Disbursement) -> None:
    """Remove a payment recorded in error; its history stays and the pledge's review is reset."""
    require(actor, DELETE, disbursement)
    pledge = _locked(disbursement.pledge)
    if pledge.status == Status.FULFILLED and pledge.kind == Pledge.Kind.FINANCIAL:
        raise Conflict(_("This pledge is fulfilled; its payments cannot be removed."))
    before = paid_total(pledge)
    disbursement._history_user = actor
    disbursement.delete()
    _reset_review(
        pledge,
        actor=actor,
        changes=[f"{_('paid')}: {before:,.2f} → {before - disbursement.amount:,.2f} {pledge.currency}"],
    )


# Exchange rates ----------


def _require_fx(actor, action, target=FxRate) -> None:
    """Rates are shared by every coalition: only staff and registry managers write them (a secretariat
    proposes a rate: coalition.proposals)."""
    require(actor, action, target)


@transaction.atomic
def fx_rate_create(*, actor, currency: str, date: date, rate: Decimal, source: str = "") -> FxRate:
    """Add a rate: units of `currency` per 1 EUR on `date` (the ECB direction). EUR itself has no rate."""
    _require_fx(actor, ADD)
    currency = _clean_currency(currency)
    if currency == "EUR":
        raise ValidationError({"currency": _("The euro is the base currency: it has no rate.")})
    rate = _clean_amount(rate, field="rate", allow_none=False)
    fx = FxRate(currency=currency, date=date, rate=rate)
    if source:
        fx.source = source
    return _save(fx, actor=actor)


@transaction.atomic
def fx_rate_update(*, actor, fx_rate: FxRate, **data) -> FxRate:
    _require_fx(actor, CHANGE, fx_rate)
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"])
        if data["currency"] == "EUR":
            raise ValidationError({"currency": _("The euro is the base currency: it has no rate.")})
    if "rate" in data:
        data["rate"] = _clean_amount(data["rate"], field="rate", allow_none=False)
    if _apply(fx_rate, data):
        _save(fx_rate, actor=actor)
    return fx_rate


@transaction.atomic
def fx_rate_delete(*, actor, fx_rate: FxRate) -> None:
    _require_fx(actor, DELETE, fx_rate)
    fx_rate._history_user = actor
    fx_rate.delete()


@transaction.atomic
def fx_rates_load(*, actor, rates, source: str = "ECB euro reference rates") -> dict:
    """Upsert rates from (currency, date, rate) triples: new rows are added, changed rates corrected, the
    rest left alone (a second load of the same file changes nothing). `actor=None` is a trusted command-line
    run (manage.py load_fx_rates); otherwise staff or secretariat.

    Returns counts: {"created": n, "updated": n, "unchanged": n}.
    """
    if actor is not None:
        _require_fx(actor, ADD)
    rates = list(rates)
    existing = {
        (fx.currency, fx.date): fx
        for fx in FxRate.objects.filter(
            currency__in={c for c, _d, _r in rates}, date__in={d for _c, d, _r in rates}
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for currency, day, rate in rates:
        fx = existing.get((currency, day))
        if fx is None:
            fx = FxRate(currency=currency, date=day, rate=rate, source=source)
            counts["created"] += 1
        elif fx.rate != rate:
            fx.rate = rate
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        _save(fx, actor=actor)
    return counts


# Reported totals ----------


def _reported_total_fields(data):
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"])
    if "amount" in data:
        data["amount"] = _clean_amount(data["amount"], allow_none=False)
    return data


@transaction.atomic
def reported_total_create(*, actor, meeting, **data) -> ReportedTotal:
    """Record a total announced at a meeting (e.g. "more than €30 million"), to reconcile with the pledges."""
    require(actor, ADD, ReportedTotal, coalition=meeting.coalition_id)
    data = _reported_total_fields(data)
    if data.get("amount") is None:
        raise ValidationError({"amount": _("An amount is required.")})
    return _save(ReportedTotal(meeting=meeting, **data), actor=actor)


@transaction.atomic
def reported_total_update(*, actor, reported_total: ReportedTotal, **data) -> ReportedTotal:
    require(actor, CHANGE, reported_total)
    if "meeting" in data and data["meeting"].coalition_id != reported_total.meeting.coalition_id:
        raise ValidationError({"meeting": _("This meeting belongs to another coalition.")})
    if _apply(reported_total, _reported_total_fields(data)):
        _save(reported_total, actor=actor)
    return reported_total


@transaction.atomic
def reported_total_delete(*, actor, reported_total: ReportedTotal) -> None:
    require(actor, DELETE, reported_total)
    reported_total._history_user = actor
    reported_total.delete()
