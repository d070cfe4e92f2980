"""Payments against pledges."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
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
    external_reference: str = "",
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
            coalition_id=pledge.coalition_id,
            amount=amount,
            currency=currency,
            amount_in_pledge_currency=amount,
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
    "external_reference",
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
    if "external_reference" in data:
        data["external_reference"] = _clean_reference(data["external_reference"])
    others = paid_total(pledge) - disbursement.amount_in_pledge_currency
    amount = data.get("amount", disbursement.amount)
    if "amount" in data:
        data["amount_in_pledge_currency"] = amount
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
        changes=[
            f"{_('paid')}: {before:,.2f} → {before - disbursement.amount_in_pledge_currency:,.2f} "
            f"{pledge.currency}"
        ],
    )
