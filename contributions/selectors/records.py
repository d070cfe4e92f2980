"""Payments, rates and reported totals (with their reconciliation against the itemised pledges)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate

from contributions.fx import MONEY_FIELD, Cents, annotate_eur, to_eur
from contributions.models import (
    Disbursement,
    FxRate,
    Pledge,
    ReportedTotal,
)
from contributions.selectors.pledges import ZERO, annotate_payment_eur

# Payments, rates, reported totals ----------


def disbursements_for(user, coalition=None):
    """Payments the user may see, each with its EUR figure at its pledge's rate (see the package doc)."""
    queryset = Disbursement.objects.visible_to(user).select_related(
        "pledge", "pledge__donor", "pledge__coalition", "overpayment_approved_by"
    )
    if coalition is not None:
        queryset = queryset.filter(pledge__coalition=coalition)
    return annotate_payment_eur(queryset)


def fx_rates_for(user):
    return FxRate.objects.visible_to(user)


def reported_totals_for(user, coalition=None):
    """The reported totals the user may see (of `coalition` if given), annotated for reconciliation."""
    queryset = ReportedTotal.objects.visible_to(user).select_related("meeting", "meeting__coalition")
    if coalition is not None:
        queryset = queryset.filter(meeting__coalition=coalition)
    return annotate_reported_totals(queryset)


def annotate_reported_totals(queryset):
    """Reported totals with their EUR figure (rate of the meeting's day) and the itemised pledges announced
    at the same meeting: `itemised_eur` (disclosed and converted), `itemised_count`, `itemised_undisclosed`,
    `itemised_unconverted`. One query."""
    # each pledge's stored EUR amount, at its rate (contributions.figures_store)
    itemised = Pledge.objects.filter(announced_at=OuterRef("meeting")).order_by()
    grouped = itemised.values("announced_at")

    def one(expression, output_field):
        return Subquery(grouped.annotate(v=expression).values("v"), output_field=output_field)

    count_field = IntegerField()
    queryset = queryset.annotate(meeting_on=TruncDate("meeting__starts_at"))
    return annotate_eur(queryset, on="meeting_on").annotate(
        itemised_eur=Cents(
            Coalesce(one(Sum("amount_eur"), MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)
        ),
        itemised_count=Coalesce(one(Count("pk"), count_field), Value(0)),
        itemised_undisclosed=Coalesce(one(Count("pk", filter=Q(amount__isnull=True)), count_field), Value(0)),
        itemised_unconverted=Coalesce(
            one(Count("pk", filter=Q(amount__isnull=False, fx_rate__isnull=True)), count_field), Value(0)
        ),
    )


@dataclass(frozen=True)
class Reconciliation:
    """A reported total against the itemised pledges of its meeting."""

    reported_eur: Decimal | None
    itemised_eur: Decimal
    difference_eur: Decimal | None  # itemised - reported
    undisclosed: int
    unconverted: int
    verdict: str  # "consistent", "short", "over", "unknown"

    @property
    def is_complete(self) -> bool:
        return not self.undisclosed and not self.unconverted


def reconcile(total: ReportedTotal) -> Reconciliation:
    """Compare an annotated ReportedTotal (see reported_totals_for) with its meeting's itemised pledges.

    The verdict follows the qualifier: "more than X" is consistent when the itemised sum exceeds X, "at
    least" when it reaches X, "up to" when it stays at or under X, "exactly" when equal, "about" within 10%.
    With undisclosed or unconverted pledges the itemised sum is a lower bound: a sum already above X proves
    "more than"/"at least"; otherwise the verdict is "unknown".
    """
    reported = getattr(total, "amount_eur", None)
    if not hasattr(total, "amount_eur"):
        reported = to_eur(total.amount, total.currency, total.meeting.starts_at.date()).eur
    itemised = total.itemised_eur or ZERO
    undisclosed, unconverted = total.itemised_undisclosed, total.itemised_unconverted
    if reported is None:
        return Reconciliation(None, itemised, None, undisclosed, unconverted, "unknown")
    difference = itemised - reported
    complete = not undisclosed and not unconverted
    q = ReportedTotal.Qualifier
    if total.qualifier == q.MORE_THAN:
        ok = itemised > reported
    elif total.qualifier == q.AT_LEAST:
        ok = itemised >= reported
    elif total.qualifier == q.UP_TO:
        ok = itemised <= reported
    elif total.qualifier == q.ABOUT:
        ok = abs(difference) <= reported / 10
    else:
        ok = difference == 0
    if ok and (complete or total.qualifier in (q.MORE_THAN, q.AT_LEAST)):
        verdict = "consistent"
    elif not complete:
        verdict = "unknown"
    else:
        short = difference < 0 or (difference == 0 and total.qualifier == q.MORE_THAN)
        verdict = "short" if short else "over"
    return Reconciliation(reported, itemised, difference, undisclosed, unconverted, verdict)
