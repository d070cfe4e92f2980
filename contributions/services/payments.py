"""Payments against pledges."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.figures import day
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from contributions.fx import MAX_RATE_AGE, cross_rate_on
from contributions.models import Disbursement, Pledge
from contributions.services.common import (
    _clean_amount,
    _clean_currency,
    _clean_reference,
    _locked,
    _not_in_future,
    _reset_review,
    paid_total,
)
from contributions.services.pledges import PAYABLE, Status


def _check_overpayment(pledge: Pledge, *, others: Decimal, amount: Decimal, reason: str) -> None:
    """`amount` is what the payment counts for in the pledge's currency; `others` the rest paid."""
    if pledge.amount is not None and others + amount > pledge.amount and not reason.strip():
        message = _(
            "This payment takes the total paid to %(total)s %(c)s, above the pledge of %(pledged)s "
            "%(c)s (outstanding %(out)s). Record an over-payment reason to override."
        ) % {
            "total": f"{others + amount:,.2f}",
            "pledged": f"{pledge.amount:,.2f}",
            "out": f"{max(pledge.amount - others, Decimal(0)):,.2f}",
            "c": pledge.currency,
        }
        raise ValidationError({"amount": ValidationError(message, code="over-payment")})


def _check_paid_on(pledge: Pledge, paid_on) -> None:
    if paid_on is None:
        raise ValidationError({"paid_on": _("This field is required.")})
    _not_in_future(paid_on, "paid_on")
    if paid_on < pledge.announced_on:
        raise ValidationError({"paid_on": _("A payment cannot precede the pledge's announcement.")})


def _conversion(pledge: Pledge, *, amount: Decimal, currency: str, paid_on) -> dict:
    """What a payment counts for against its pledge, with the rates used (the model's fields).

    In the pledge's currency: its own amount, no rate. In another: converted at the ECB rates of both
    currencies of one day, the latest on or before the payment date (see contributions.fx.cross_rate_on);
    missing rates, or rates more than a week older than the payment, are refused — never guessed.
    """
    if currency == pledge.currency:
        return {
            "amount_in_pledge_currency": amount,
            "fx_rate_paid": None,
            "fx_rate_pledge": None,
            "fx_rate_date": None,
        }
    found = cross_rate_on(currency, pledge.currency, paid_on)
    names = {"paid": currency, "pledge": pledge.currency, "on": day(paid_on)}
    if found is None:
        raise ValidationError(
            {
                "currency": _(
                    "There are no %(paid)s and %(pledge)s reference rates of one day on or before %(on)s, so "
                    "the payment cannot be converted to the pledge's currency. Load the exchange rates first."
                )
                % names
            }
        )
    if paid_on - found.on > MAX_RATE_AGE:
        raise ValidationError(
            {
                "currency": _(
                    "The latest %(paid)s and %(pledge)s reference rates are of %(day)s, more than a week "
                    "before the payment (%(on)s). Load the current exchange rates first."
                )
                % {**names, "day": day(found.on)}
            }
        )
    counted = found.convert(amount)
    if counted <= 0:
        raise ValidationError(
            {"amount": _("This payment is worth less than a cent in %(c)s.") % {"c": pledge.currency}}
        )
    return {
        "amount_in_pledge_currency": counted,
        "fx_rate_paid": found.paid_rate,
        "fx_rate_pledge": found.pledge_rate,
        "fx_rate_date": found.on,
    }


def _paid_text(pledge: Pledge, amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}" if currency != pledge.currency else ""


def _paid_change(pledge: Pledge, before: Decimal, after: Decimal, *, paid: str = "") -> list[str]:
    line = f"{_('paid')}: {before:,.2f} → {after:,.2f} {pledge.currency}"
    return [f"{line} ({paid})" if paid else line]


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
    external_reference: str = "",
) -> Disbursement:
    """Record a payment against a confirmed or committed pledge with a disclosed amount, in any currency
    (default: the pledge's). A payment in another currency is converted to the pledge's at the reference
    rates of its date (see `_conversion`); both amounts and the rates are stored.

    The total counted against the pledge may not exceed it unless `overpayment_reason` is given: the override
    is recorded with its reason and who approved it. The pledge's review is reset (its paid figure changed).
    """
    require(actor, ADD, Disbursement, coalition=pledge.coalition_id, owner=pledge.donor_id)
    pledge = _locked(pledge)
    amount = _clean_amount(amount, allow_none=False)
    currency = _clean_currency(currency or pledge.currency)
    if pledge.status not in PAYABLE:
        raise Conflict(
            _("Payments are recorded against confirmed or committed pledges; this one is %(s)s.")
            % {"s": pledge.get_status_display().lower()}
        )
    if pledge.amount is None:
        raise Conflict(_("Record the pledged amount before recording payments against it."))
    _check_paid_on(pledge, paid_on)
    conversion = _conversion(pledge, amount=amount, currency=currency, paid_on=paid_on)
    counted = conversion["amount_in_pledge_currency"]
    others = paid_total(pledge)
    overpayment_reason = (overpayment_reason or "").strip()
    _check_overpayment(pledge, others=others, amount=counted, reason=overpayment_reason)
    is_override = others + counted > pledge.amount
    disbursement = _save(
        Disbursement(
            pledge=pledge,
            coalition_id=pledge.coalition_id,
            amount=amount,
            currency=currency,
            **conversion,
            paid_on=paid_on,
            reference=reference,
            external_reference=_clean_reference(external_reference),
            note=note,
            source=source,
            is_illustrative=is_illustrative,
            overpayment_reason=overpayment_reason if is_override else "",
            overpayment_approved_by=actor if is_override and getattr(actor, "pk", None) else None,
        ),
        actor=actor,
    )
    paid = _paid_text(pledge, amount, currency)
    _reset_review(pledge, actor=actor, changes=_paid_change(pledge, others, others + counted, paid=paid))
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
    "external_reference",
)
# A change to any of these converts the payment again at the rates of its (new) date.
CONVERSION_INPUTS = ("amount", "currency", "paid_on")


@transaction.atomic
def disbursement_update(*, actor, disbursement: Disbursement, **data) -> Disbursement:
    """Correct a payment. A new amount, currency or date converts it again (at the rates of its date); the
    over-payment rule applies to the corrected total, and a fulfilled pledge cannot be left short by a
    correction. The review is reset when what the payment counts for changes."""
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
    if "paid_on" in data:
        _check_paid_on(pledge, data["paid_on"])
    if "external_reference" in data:
        data["external_reference"] = _clean_reference(data["external_reference"])
    merged = {name: data.get(name, getattr(disbursement, name)) for name in CONVERSION_INPUTS}
    if any(merged[name] != getattr(disbursement, name) for name in CONVERSION_INPUTS):
        data.update(_conversion(pledge, **merged))
    before = paid_total(pledge)
    others = before - disbursement.amount_in_pledge_currency
    counted = data.get("amount_in_pledge_currency", disbursement.amount_in_pledge_currency)
    reason = (data.get("overpayment_reason", disbursement.overpayment_reason) or "").strip()
    _check_overpayment(pledge, others=others, amount=counted, reason=reason)
    if _fulfilled(pledge) and others + counted < pledge.amount:
        raise Conflict(
            _("This pledge is fulfilled; the correction would leave %(out)s %(c)s outstanding.")
            % {"out": f"{pledge.amount - others - counted:,.2f}", "c": pledge.currency}
        )
    is_override = pledge.amount is not None and others + counted > pledge.amount
    data["overpayment_reason"] = reason if is_override else ""
    changed = _apply(disbursement, data)
    if is_override and "overpayment_reason" in changed:
        disbursement.overpayment_approved_by = actor
    elif not is_override:
        disbursement.overpayment_approved_by = None
    if not changed:
        return disbursement
    _save(disbursement, actor=actor)
    if "amount_in_pledge_currency" in changed:
        paid = _paid_text(pledge, merged["amount"], merged["currency"])
        _reset_review(pledge, actor=actor, changes=_paid_change(pledge, before, others + counted, paid=paid))
    return disbursement


def _fulfilled(pledge: Pledge) -> bool:
    return pledge.status == Status.FULFILLED and pledge.kind == Pledge.Kind.FINANCIAL


@transaction.atomic
def disbursement_delete(*, actor, disbursement: Disbursement) -> None:
    """Remove a payment recorded in error; its history stays and the pledge's review is reset."""
    require(actor, DELETE, disbursement)
    pledge = _locked(disbursement.pledge)
    if _fulfilled(pledge):
        raise Conflict(_("This pledge is fulfilled; its payments cannot be removed."))
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    before = paid_total(pledge)
    disbursement._history_user = actor
    disbursement.delete()
    after = before - disbursement.amount_in_pledge_currency
    _reset_review(pledge, actor=actor, changes=_paid_change(pledge, before, after))
