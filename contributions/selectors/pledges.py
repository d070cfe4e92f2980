"""Per-pledge figures (pledged, paid, outstanding, in EUR at the pledge's rate) and the lists of pledges a
user may see."""

from decimal import Decimal

from django.db.models import (
    Case,
    F,
    Prefetch,
    Q,
    Value,
    When,
)

from contributions.fx import MONEY_FIELD, Cents, eur_expression
from contributions.models import (
    Disbursement,
    Pledge,
    PledgeReview,
    PledgeTransition,
)

Status = Pledge.Status
ZERO = Decimal("0.00")

OPEN_OR_FULFILLED = Q(status__in=[Status.ANNOUNCED, Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED])
CONFIRMED_OR_FURTHER = Q(status__in=[Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED])
COMMITTED_OR_FURTHER = Q(status__in=[Status.COMMITTED, Status.FULFILLED])


# Per-pledge figures ----------


DUE = [Status.CONFIRMED, Status.COMMITTED, Status.FULFILLED]  # the stages in which money is owed


def _money_case(*whens, default=None):
    default = (
        Value(default, output_field=MONEY_FIELD)
        if default is None or isinstance(default, Decimal)
        else default
    )
    return Cents(Case(*whens, default=default, output_field=MONEY_FIELD))


def _stage_figures(amount, paid, *, suffix=""):
    """The per-pledge figures of one denomination (the pledge's currency, or EUR with `suffix="_eur"`).

    - `outstanding`: what is still owed, never negative; only once a pledge is confirmed (confirmed,
      committed, fulfilled); NULL for an announced or withdrawn pledge and for an undisclosed amount;
    - `overpaid`: what was paid beyond the amount (0 when none): its own figure, never a negative balance;
    - `unconfirmed`: the amount of a pledge announced and not yet confirmed (NULL otherwise).

    So for a confirmed-or-further pledge with a figure: paid - overpaid + outstanding = amount, exactly (in
    EUR too: both sides come from the same rounded figures).
    """
    due, paid_up = Q(status__in=DUE), Q(**{f"{paid}__gte": F(amount)})
    return {
        f"outstanding{suffix}": _money_case(
            When(due & paid_up, then=Value(ZERO, output_field=MONEY_FIELD)),
            When(due, then=F(amount) - F(paid)),
        ),
        f"overpaid{suffix}": _money_case(
            When(Q(**{f"{paid}__gt": F(amount)}), then=F(paid) - F(amount)),
            When(Q(**{f"{amount}__isnull": True}) | Q(**{f"{paid}__isnull": True}), then=Value(None)),
            default=ZERO,
        ),
        f"unconfirmed{suffix}": _money_case(When(status=Status.ANNOUNCED, then=F(amount))),
    }


def annotate_paid(queryset):
    """The stage figures of `_stage_figures` in the pledge's currency (`outstanding`, `overpaid`,
    `unconfirmed`) from the stored `paid` (what the payments count for in the pledge's currency, kept by
    contributions.figures_store; 0 when none). No subquery, no per-row query."""
    return queryset.annotate(**_stage_figures("amount", "paid"))


def annotate_figures(queryset):
    """Every per-pledge figure a list, a page or a total needs, in the list's own query, in the pledge's
    currency and in EUR at the pledge's one rate: `amount`/`amount_eur`, `paid`/`paid_eur`,
    `outstanding`/`outstanding_eur`, `overpaid`/`overpaid_eur`, `unconfirmed`/`unconfirmed_eur` (see
    `_stage_figures`). The rate (`fx_rate` of `fx_rate_date`, `fx_rate_places`), `paid`, `amount_eur` and
    `paid_eur` are stored on the pledge (contributions.figures_store): the stage figures are arithmetic on
    the row, no lookup. Summing any
    of them over pledges gives the total of that figure: no per-pledge figure is ever negative."""
    return annotate_paid(queryset).annotate(**_stage_figures("amount_eur", "paid_eur", suffix="_eur"))


def annotate_payment_eur(queryset):
    """A payment's EUR figure: what it counts for in its pledge's currency, at the pledge's rate (the rate of
    the announcement date, stored on the pledge), so a pledge's payments and outstanding balance are in EUR
    at one rate. Annotates `eur_rate`, `eur_rate_date` and `amount_eur` (NULL without a rate)."""
    return queryset.annotate(eur_rate=F("pledge__fx_rate"), eur_rate_date=F("pledge__fx_rate_date")).annotate(
        amount_eur=eur_expression("amount_in_pledge_currency", "eur_rate")
    )


def pledges_for(user, coalition=None):
    """Pledges the user may see (in `coalition` when given), with donor, meeting and every figure."""
    queryset = Pledge.objects.visible_to(user).select_related("donor", "announced_at", "coalition")
    if coalition is not None:
        # The model's order without its first key (the coalition's name: one coalition here), so the
        # (coalition, announced_on) index gives a page without sorting every pledge of the coalition.
        queryset = queryset.filter(coalition=coalition).order_by("-announced_on", "donor__name", "pk")
    return annotate_figures(queryset)


def pledge_detail(user, coalition, pk):
    """One pledge with its payments, lifecycle, reviews and change history (a fixed number of queries)."""
    return (
        pledges_for(user, coalition)
        .prefetch_related(
            Prefetch(
                "disbursements",
                queryset=annotate_payment_eur(
                    Disbursement.objects.select_related("overpayment_approved_by", "pledge")
                ),
            ),
            Prefetch("transitions", queryset=PledgeTransition.objects.select_related("recorded_by")),
            Prefetch(
                "reviews",
                queryset=PledgeReview.objects.select_related("by", "recorded_by").order_by("-at", "-pk"),
            ),
        )
        .select_related("reviewed_by")
        .get(pk=pk)
    )
