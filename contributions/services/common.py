"""Helpers shared by the contributions services: input cleaning, locking, what a pledge has paid, and the
reset of a delegate's review when the figures change."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Coalition, Membership, Participant
from coalition.services import _save
from contributions.currencies import ISO_4217, normalise_currency
from contributions.models import Disbursement, Pledge, PledgeReview, PledgeTransition


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


CENT = Decimal("0.01")


def paid_total(pledge: Pledge) -> Decimal:
    """What the payments count for against the pledge, in its currency. Quantized: SQLite (development)
    sums decimals in floating point, so 0.02 - paid could otherwise carry binary noise into a new row."""
    total = pledge.disbursements.aggregate(total=Sum("amount_in_pledge_currency"))["total"]
    return (total or Decimal(0)).quantize(CENT)


def paid_totals(pledge_ids) -> dict[int, Decimal]:
    """`paid_total` of many pledges at once (one query), by pledge id; a pledge without payments is absent."""
    rows = (
        Disbursement.objects.filter(pledge_id__in=list(pledge_ids))
        .values("pledge_id")
        .annotate(total=Sum("amount_in_pledge_currency"))
        .values_list("pledge_id", "total")
    )
    return {pk: (total or Decimal(0)).quantize(CENT) for pk, total in rows}


def _clean_reference(value) -> str:
    return (value or "").strip()


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


def review_reset(pledge: Pledge, *, actor, changes: list[str], paid: Decimal) -> PledgeReview | None:
    """The reset rule: a reviewed (confirmed or disputed) pledge that changes goes back to "needs review",
    saying why. Sets it on `pledge` and returns the reset's review row, both unsaved (None: no reset)."""
    if pledge.review_status == Pledge.Review.NEEDS_REVIEW or not changes:
        return None
    comment = _("Changed since the delegate's review: %(changes)s") % {"changes": "; ".join(changes)}
    pledge.review_status = Pledge.Review.NEEDS_REVIEW
    pledge.review_comment = comment
    return PledgeReview(
        pledge=pledge,
        action=PledgeReview.Action.RESET,
        comment=comment,
        by=actor,
        figures=pledge.figures(paid),
    )


def _reset_review(pledge: Pledge, *, actor, changes: list[str]) -> None:
    """A reviewed pledge that changes goes back to "needs review" (`review_reset`); its delegates are told
    by e-mail (contributions.notifications) and on their start page."""
    review = review_reset(pledge, actor=actor, changes=changes, paid=paid_total(pledge))
    if review is None:
        return
    _save(pledge, actor=actor)
    review = _save(review, actor=actor)
    from contributions.notifications import queue_review_reset

    queue_review_reset(review.pk)  # the delegates are told, after the commit


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
