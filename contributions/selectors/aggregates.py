"""Totals of pledges by stage, by state and for a coalition, and the review status by state."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
    Sum,
)

from coalition.querysets import aggregate_row
from contributions import figure_sql
from contributions.fx import CENT
from contributions.models import (
    Pledge,
)
from contributions.selectors.pledges import (
    COMMITTED_OR_FURTHER,
    CONFIRMED_OR_FURTHER,
    DUE,
    OPEN_OR_FULFILLED,
    ZERO,
    Status,
    pledges_for,
)

# Totals ----------


def stage_aggregates(prefix=""):
    """Aggregates of annotated pledges (see annotate_figures) by stage, in EUR, with the counts that keep
    undisclosed amounts and missing rates visible."""
    disclosed = Q(amount__isnull=False)
    converted = Q(fx_rate__isnull=False)
    aggregates = {
        "pledges": Count("pk"),
        "pledged_eur": Sum("amount_eur", filter=OPEN_OR_FULFILLED),
        "confirmed_eur": Sum("amount_eur", filter=CONFIRMED_OR_FURTHER),
        "committed_eur": Sum("amount_eur", filter=COMMITTED_OR_FURTHER),
        "unconfirmed_eur": Sum("unconfirmed_eur"),
        "paid_eur": Sum("paid_eur", filter=OPEN_OR_FULFILLED),
        "outstanding_eur": Sum("outstanding_eur"),
        "overpaid_eur": Sum("overpaid_eur"),
        "undisclosed": Count("pk", filter=OPEN_OR_FULFILLED & ~disclosed),
        "unconverted": Count("pk", filter=OPEN_OR_FULFILLED & disclosed & ~converted),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN)),
    }
    for status in Status.values:
        aggregates[f"status_{status}_count"] = Count("pk", filter=Q(status=status))
        aggregates[f"status_{status}_eur"] = Sum("amount_eur", filter=Q(status=status))
        aggregates[f"status_{status}_undisclosed"] = Count("pk", filter=Q(status=status) & ~disclosed)
        aggregates[f"status_{status}_unconverted"] = Count(
            "pk", filter=Q(status=status) & disclosed & ~converted
        )
    return aggregates


MONEY_KEYS = (
    "pledged_eur",
    "unconfirmed_eur",
    "confirmed_eur",
    "committed_eur",
    "paid_eur",
    "outstanding_eur",
    "overpaid_eur",
    *(f"status_{s}_eur" for s in Status.values),
)


def _zero_money(row: dict) -> dict:
    """A sum over no disclosed, converted pledge is 0.00 (the counts say how many were left out)."""
    for key in MONEY_KEYS:
        value = row.get(key)
        row[key] = ZERO if value is None else Decimal(value).quantize(CENT)
    return row


@dataclass
class StageTotal:
    status: str
    label: str
    count: int
    eur: Decimal
    undisclosed: int
    unconverted: int


@dataclass
class Totals:
    """Totals in EUR of a set of annotated pledges, stages kept apart."""

    pledges: int
    pledged_eur: Decimal
    confirmed_eur: Decimal
    committed_eur: Decimal
    paid_eur: Decimal
    outstanding_eur: Decimal
    undisclosed: int
    unconverted: int
    withdrawn: int
    by_status: list[StageTotal] = field(default_factory=list)
    unconverted_currencies: list[str] = field(default_factory=list)
    unconfirmed_eur: Decimal = ZERO  # announced, not yet confirmed: not owed, so not outstanding
    overpaid_eur: Decimal = ZERO  # paid beyond the pledges' amounts: apart, never netted off outstanding

    def _left_out(self, kind: str, statuses) -> int:
        return sum(getattr(stage, kind) for stage in self.by_status if stage.status in statuses)

    # How many pledges each partial total leaves out (undisclosed or without a rate): a total over them
    # reads "at least ... + n undisclosed", never a bare sum.
    @property
    def unconfirmed_undisclosed(self) -> int:
        return self._left_out("undisclosed", [Status.ANNOUNCED])

    @property
    def unconfirmed_unconverted(self) -> int:
        return self._left_out("unconverted", [Status.ANNOUNCED])

    @property
    def confirmed_undisclosed(self) -> int:
        return self._left_out("undisclosed", DUE)

    @property
    def confirmed_unconverted(self) -> int:
        return self._left_out("unconverted", DUE)

    @property
    def committed_undisclosed(self) -> int:
        return self._left_out("undisclosed", [Status.COMMITTED, Status.FULFILLED])

    @property
    def committed_unconverted(self) -> int:
        return self._left_out("unconverted", [Status.COMMITTED, Status.FULFILLED])

    @classmethod
    def from_row(cls, row: dict, currencies=()):
        row = _zero_money(dict(row))
        return cls(
            pledges=row["pledges"],
            pledged_eur=row["pledged_eur"],
            confirmed_eur=row["confirmed_eur"],
            committed_eur=row["committed_eur"],
            paid_eur=row["paid_eur"],
            outstanding_eur=row["outstanding_eur"],
            unconfirmed_eur=row["unconfirmed_eur"],
            overpaid_eur=row["overpaid_eur"],
            undisclosed=row["undisclosed"],
            unconverted=row["unconverted"],
            withdrawn=row["withdrawn"],
            by_status=[
                StageTotal(
                    status=value,
                    label=str(label),
                    count=row[f"status_{value}_count"],
                    eur=row[f"status_{value}_eur"],
                    undisclosed=row[f"status_{value}_undisclosed"],
                    unconverted=row[f"status_{value}_unconverted"],
                )
                for value, label in Status.choices
            ],
            unconverted_currencies=sorted(currencies),
        )


def totals(queryset) -> Totals:
    """Totals of an annotated pledge queryset (e.g. a filtered list): one aggregate query, plus one for the
    currencies that have no rate when some pledge could not be converted. On PostgreSQL each pledge's
    figures are computed once for all the totals (contributions.figure_sql)."""
    row = (
        figure_sql.totals_row(queryset)
        if figure_sql.usable()
        else aggregate_row(queryset, stage_aggregates())
    )
    return _totals_of(queryset, row)


def _totals_of(queryset, row: dict) -> Totals:
    """Totals from the `stage_aggregates()` row of `queryset` (plus the currencies without a rate)."""
    currencies = ()
    if row["unconverted"] or any(row[f"status_{s}_unconverted"] for s in Status.values):
        currencies = set(
            queryset.order_by()
            .filter(amount__isnull=False, fx_rate__isnull=True)
            .values_list("currency", flat=True)
            .distinct()
        )
    return Totals.from_row(row, currencies)


def _facts(queryset, facts_only: bool):
    return queryset.filter(is_illustrative=False) if facts_only else queryset


def state_summary(user, coalition, *, facts_only=False) -> list[dict]:
    """Per donor: pledged / confirmed / committed / paid / outstanding in EUR, with counts of undisclosed
    and unconverted pledges (illustrative pledges left out with `facts_only`). One grouped query."""
    if figure_sql.usable():
        rows = figure_sql.totals_by_donor(_facts(pledges_for(user, coalition), facts_only))
        return [_with_left_out(_zero_money(row)) for row in rows]
    rows = (
        _facts(pledges_for(user, coalition), facts_only)
        .order_by()
        .values("donor_id", "donor__name", "donor__code")
        .annotate(**stage_aggregates())
        .order_by("donor__name")
    )
    return [_with_left_out(_zero_money(dict(row))) for row in rows]


_PARTIAL_TOTALS = {
    "unconfirmed": [Status.ANNOUNCED],
    "confirmed": DUE,
    "committed": [Status.COMMITTED, Status.FULFILLED],
}


def _with_left_out(row: dict) -> dict:
    """Per partial total, how many pledges it leaves out (the names of Totals' properties)."""
    for name, statuses in _PARTIAL_TOTALS.items():
        for kind in ("undisclosed", "unconverted"):
            row[f"{name}_{kind}"] = sum(row[f"status_{s}_{kind}"] for s in statuses)
    return row


def coalition_summary(user, coalition, *, facts_only=False) -> Totals:
    return totals(_facts(pledges_for(user, coalition), facts_only))


def state_summary_with_totals(user, coalition, *, facts_only=False) -> tuple[list[dict], Totals]:
    """`state_summary` and `coalition_summary` together. On PostgreSQL from one scan of the pledges: the
    coalition's totals are folded from the per-donor cells."""
    if not figure_sql.usable():
        return (
            state_summary(user, coalition, facts_only=facts_only),
            coalition_summary(user, coalition, facts_only=facts_only),
        )
    queryset = _facts(pledges_for(user, coalition), facts_only)
    rows, total = figure_sql.totals_by_donor_and_total(queryset)
    return [_with_left_out(_zero_money(row)) for row in rows], _totals_of(queryset, total)


def review_status_by_state(user, coalition) -> list[dict]:
    """Per donor: how many pledges the delegate confirmed, disputed, or has still to review (withdrawn
    pledges left out), with the disputed pledges and their comments. Two queries."""
    rows = list(
        Pledge.objects.visible_to(user)
        .filter(coalition=coalition)
        .exclude(status=Status.WITHDRAWN)
        .order_by()
        .values("donor_id", "donor__name", "donor__code")
        .annotate(
            confirmed=Count("pk", filter=Q(review_status=Pledge.Review.CONFIRMED)),
            disputed=Count("pk", filter=Q(review_status=Pledge.Review.DISPUTED)),
            needs_review=Count("pk", filter=Q(review_status=Pledge.Review.NEEDS_REVIEW)),
            total=Count("pk"),
        )
        .order_by("donor__name")
    )
    disputed = (
        Pledge.objects.visible_to(user)
        .filter(coalition=coalition, review_status=Pledge.Review.DISPUTED)
        .exclude(status=Status.WITHDRAWN)
        .select_related("reviewed_by")
        .order_by("announced_on", "pk")
    )
    by_donor: dict[int, list] = {}
    for pledge in disputed:
        by_donor.setdefault(pledge.donor_id, []).append(pledge)
    for row in rows:
        row["disputes"] = by_donor.get(row["donor_id"], [])
    return rows
