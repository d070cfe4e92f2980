"""The contributions of a coalition's summary: one SQL statement over per-pledge figures, rolled up by state,
stage, currency, quarter of announcement, review and meeting.

Per pledge, in EUR at ONE rate (the latest on or before its announcement day, as contributions.fx does):
`amount_eur = ROUND(amount / rate, 2)`, `paid_eur = ROUND(paid / rate, 2)` where `paid` is what its payments
count for in the pledge's currency (`amount_in_pledge_currency`, whatever currency they were paid in); then
`unpaid = max(amount_eur - paid_eur, 0)` and `overpaid = max(paid_eur - amount_eur, 0)`, so a pledge is
never "negatively outstanding": an over-payment is its own figure. Every total of the summary is a sum of
these per-pledge figures, computed once in a materialised CTE and grouped several ways, so the roll-ups
agree with each other to the cent by construction.

Stages are kept apart: `announced` (not yet confirmed), `confirmed`, `committed`, `fulfilled` and
`withdrawn`. "Pledged" is the four live stages; "outstanding" is the unpaid balance of the pledges once
confirmed (confirmed, committed, fulfilled: the same per-pledge rule as contributions.selectors, so the
pledge list's totals and the summary agree); an announced pledge is not yet owed; withdrawn pledges are
counted apart and in no total.

Facts and illustrations: each figure is computed for all records and for facts only (a pledge that is not
illustrative, and of its payments those that are not illustrative); the illustrative part is the difference,
so `all = facts + illustrative` holds for every figure and a "facts only" view drops illustrations from every
total. Undisclosed amounts and missing rates are counted, never summed as zero (see cells.money).
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.utils import timezone

from coalition.models import Participant
from contributions.models import Disbursement, FxRate, Pledge, ReportedTotal
from contributions.selectors import reconcile
from meetings.models import Meeting
from summaries.figures.cells import CENT, Sums, decimal, difference, money, total
from summaries.sources import Source, divide, fetch, fetch_dicts, rates_cte, year_quarter

LIVE_STAGES = ("announced", "confirmed", "committed", "fulfilled")
STAGES = (*LIVE_STAGES, "withdrawn")
DUE_STAGES = ("confirmed", "committed", "fulfilled")  # owed once confirmed: contributions.selectors.DUE
REVIEWS = ("confirmed", "disputed", "needs_review")
VARIANTS = ("all", "facts", "illustrative")
REPORTED_TOTALS_KEPT = 20


@dataclass
class PledgeSums(Sums):
    """Sums over the pledges of one group, for one variant (all, or facts only)."""

    pledges: int
    undisclosed: int
    unconverted: int
    known_amount: int  # pledges with an EUR amount (disclosed and converted)
    known_paid: int  # pledges with a rate (their payments convert)
    amount_eur: Decimal
    paid_eur: Decimal
    unpaid_eur: Decimal
    overpaid_eur: Decimal
    native_amount: Decimal  # in the pledges' own currency: meaningful only within one currency
    native_paid: Decimal


SUM_COLUMNS = [
    ("pledges", "SUM({v}_n)"),
    ("undisclosed", "SUM({v}_undisclosed)"),
    ("unconverted", "SUM({v}_unconverted)"),
    ("known_amount", "COUNT({v}_amount_eur)"),
    ("known_paid", "COUNT({v}_paid_eur)"),
    ("amount_eur", "SUM({v}_amount_eur)"),
    ("paid_eur", "SUM({v}_paid_eur)"),
    ("unpaid_eur", "SUM({v}_unpaid_eur)"),
    ("overpaid_eur", "SUM({v}_overpaid_eur)"),
    ("native_amount", "SUM({v}_native_amount)"),
    ("native_paid", "SUM({v}_native_paid)"),
]
WIDTH = len(SUM_COLUMNS)


def aggregates(only=None) -> str:
    """The SELECT list of sums, all of them or `only` those named (the others NULL: a narrow grouping)."""
    return ", ".join(
        expr.format(v=v) if only is None or name in only else "NULL"
        for v in ("a", "f")
        for name, expr in SUM_COLUMNS
    )


def _sql(source: Source) -> str:
    year, quarter = year_quarter("g.announced_on")
    null_int, null_text = "CAST(NULL AS INTEGER)", "CAST(NULL AS VARCHAR(16))"
    eur = lambda column: f"ROUND({divide(column, 'r.rate')}, 2)"  # noqa: E731 - a local SQL helper
    unpaid = "CASE WHEN {a} IS NULL THEN NULL WHEN {a} > {p} THEN {a} - {p} ELSE 0 END"
    overpaid = "CASE WHEN {a} IS NULL THEN NULL WHEN {p} > {a} THEN {p} - {a} ELSE 0 END"
    facts_paid = "COALESCE(e.paid_facts_eur, e.paid_eur)"
    full = aggregates()
    counts = aggregates({"pledges"})
    itemised = aggregates({"pledges", "undisclosed", "unconverted", "known_amount", "amount_eur"})
    return f"""
WITH pl AS {source.inline} (
  SELECT x.id, x.donor_id, x.status, x.review_status, x.currency, x.amount, x.announced_on,
         x.announced_at_id, x.is_illustrative
  FROM {source.table(Pledge)} x WHERE x.coalition_id = %(coalition)s),
pairs AS MATERIALIZED (SELECT DISTINCT currency, announced_on AS on_date FROM pl),
{rates_cte(source)},
paid AS MATERIALIZED (
  SELECT d.pledge_id, SUM(d.amount_in_pledge_currency) AS paid,
         SUM(CASE WHEN d.is_illustrative THEN 0 ELSE d.amount_in_pledge_currency END) AS paid_facts
  FROM {source.table(Disbursement)} d WHERE d.pledge_id IN (SELECT id FROM pl) GROUP BY d.pledge_id),
e AS MATERIALIZED (
  SELECT pl.id, pl.donor_id, pl.status, pl.review_status, pl.currency, pl.amount, pl.announced_on,
         pl.announced_at_id, NOT pl.is_illustrative AS fact, r.rate,
         COALESCE(pd.paid, 0) AS paid, COALESCE(pd.paid_facts, 0) AS paid_facts,
         {eur("pl.amount")} AS amount_eur, {eur("COALESCE(pd.paid, 0)")} AS paid_eur,
         -- NULL unless some payment is illustrative (most pledges: no second division, see g)
         CASE WHEN pd.paid IS NULL OR pd.paid_facts = pd.paid THEN NULL
              ELSE {eur("pd.paid_facts")} END AS paid_facts_eur
  FROM pl LEFT JOIN paid pd ON pd.pledge_id = pl.id
  LEFT JOIN rates r ON r.currency = pl.currency AND r.on_date = pl.announced_on),
g AS MATERIALIZED (
  SELECT e.donor_id, e.status, e.review_status, e.currency, e.announced_on, e.announced_at_id,
    1 AS a_n, CASE WHEN e.fact THEN 1 ELSE 0 END AS f_n,
    CASE WHEN e.amount IS NULL THEN 1 ELSE 0 END AS a_undisclosed,
    CASE WHEN e.fact AND e.amount IS NULL THEN 1 ELSE 0 END AS f_undisclosed,
    CASE WHEN e.amount IS NOT NULL AND e.rate IS NULL THEN 1 ELSE 0 END AS a_unconverted,
    CASE WHEN e.fact AND e.amount IS NOT NULL AND e.rate IS NULL THEN 1 ELSE 0 END AS f_unconverted,
    e.amount_eur AS a_amount_eur, CASE WHEN e.fact THEN e.amount_eur END AS f_amount_eur,
    e.paid_eur AS a_paid_eur, CASE WHEN e.fact THEN {facts_paid} END AS f_paid_eur,
    {unpaid.format(a="e.amount_eur", p="e.paid_eur")} AS a_unpaid_eur,
    CASE WHEN e.fact THEN {unpaid.format(a="e.amount_eur", p=facts_paid)} END AS f_unpaid_eur,
    {overpaid.format(a="e.amount_eur", p="e.paid_eur")} AS a_overpaid_eur,
    CASE WHEN e.fact THEN {overpaid.format(a="e.amount_eur", p=facts_paid)} END AS f_overpaid_eur,
    e.amount AS a_native_amount, CASE WHEN e.fact THEN e.amount END AS f_native_amount,
    e.paid AS a_native_paid, CASE WHEN e.fact THEN e.paid_facts ELSE 0 END AS f_native_paid
  FROM e)
SELECT 'state', g.donor_id, {null_int}, {null_text}, g.status, {full} FROM g
  GROUP BY g.donor_id, g.status
UNION ALL
SELECT 'currency', {null_int}, {null_int}, g.currency, g.status, {full} FROM g
  GROUP BY g.currency, g.status
UNION ALL
SELECT 'quarter', {year}, {quarter}, {null_text}, g.status, {full} FROM g
  GROUP BY {year}, {quarter}, g.status
UNION ALL
SELECT 'review', g.donor_id, {null_int}, g.review_status, g.status, {counts} FROM g
  GROUP BY g.donor_id, g.review_status, g.status
UNION ALL
SELECT 'meeting', g.announced_at_id, {null_int}, {null_text}, g.status, {itemised} FROM g
  WHERE g.announced_at_id IS NOT NULL GROUP BY g.announced_at_id, g.status
"""  # noqa: S608 - table names come from the models, values are bound parameters


def figures(cells: dict[str, PledgeSums]) -> dict:
    """The figures of a set of pledges from its per-stage sums (missing stages are empty)."""
    cells = {stage: cells.get(stage) or PledgeSums.zero() for stage in STAGES}
    live = total((cells[s] for s in LIVE_STAGES), PledgeSums)
    due = total((cells[s] for s in DUE_STAGES), PledgeSums)
    return {
        "pledges": live.pledges,
        "undisclosed": live.undisclosed,
        "unconverted": live.unconverted,
        "pledged_eur": money(live.amount_eur, live.pledges, live.known_amount),
        "paid_eur": money(live.paid_eur, live.pledges, live.known_paid),
        "outstanding_eur": money(due.unpaid_eur, due.pledges, due.known_amount),
        "overpaid_eur": money(live.overpaid_eur, live.pledges, live.known_amount),
        "stages": [_stage(stage, cells[stage]) for stage in STAGES],
    }


def _stage(stage: str, cell: PledgeSums) -> dict:
    return {
        "stage": stage,
        "pledges": cell.pledges,
        "undisclosed": cell.undisclosed,
        "unconverted": cell.unconverted,
        "amount_eur": money(cell.amount_eur, cell.pledges, cell.known_amount),
        "paid_eur": money(cell.paid_eur, cell.pledges, cell.known_paid),
        "unpaid_eur": money(cell.unpaid_eur, cell.pledges, cell.known_amount),
        "overpaid_eur": money(cell.overpaid_eur, cell.pledges, cell.known_amount),
    }


def breakdown(all_cells: dict, facts_cells: dict) -> dict:
    """{"all", "facts", "illustrative"} figures of one group; illustrative = all - facts, stage by stage."""
    every, facts = figures(all_cells), figures(facts_cells)
    return {"all": every, "facts": facts, "illustrative": difference(every, facts)}


def _native(all_cells: dict, facts_cells: dict) -> dict:
    """Pledged and paid in the currency itself (live stages), for each variant."""
    out = {}
    for variant, cells in (("all", all_cells), ("facts", facts_cells)):
        live = total((cells.get(s) or PledgeSums.zero() for s in LIVE_STAGES), PledgeSums)
        out[variant] = {
            "pledged": money(live.native_amount, live.pledges, live.pledges - live.undisclosed),
            "paid": str(live.native_paid.quantize(CENT)),
        }
    out["illustrative"] = difference(out["all"], out["facts"])
    return out


def _no_reviews(illustrative=False) -> dict:
    variants = VARIANTS if illustrative else ("all", "facts")
    return {variant: dict.fromkeys(REVIEWS, 0) for variant in variants}


class _Groups:
    """The statement's rows: (dimension, key) -> {variant: {stage: PledgeSums}}."""

    def __init__(self, rows):
        self.groups: dict[tuple, dict] = {}
        for dim, k1, k2, k3, stage, *values in rows:
            group = self.groups.setdefault((dim, k1, k2, k3), {"all": {}, "facts": {}})
            group["all"][stage] = PledgeSums.from_row(values[:WIDTH])
            group["facts"][stage] = PledgeSums.from_row(values[WIDTH:])

    def of(self, dim):
        return [(key[1:], cells) for key, cells in self.groups.items() if key[0] == dim]


def section(coalition, source: Source, as_of) -> dict:
    rows = fetch(_sql(source), source.query_params(coalition=coalition.pk))
    groups = _Groups(rows)
    total_cells = {"all": {}, "facts": {}}  # every pledge has a donor: the totals are the states' sums
    for _key, cells in groups.of("state"):
        for variant in ("all", "facts"):
            for stage, cell in cells[variant].items():
                total_cells[variant][stage] = total_cells[variant].get(stage, PledgeSums.zero()) + cell

    donors = {key[0] for key, _cells in groups.of("state")}
    names = {
        p["id"]: p for p in Participant.objects.filter(pk__in=donors).values("id", "code", "name").order_by()
    }
    reviews: dict[int, dict] = {}
    for (donor, _k2, review), cells in groups.of("review"):
        counts = reviews.setdefault(donor, _no_reviews())
        for variant in ("all", "facts"):
            counts[variant][review] += sum(
                cell.pledges for stage, cell in cells[variant].items() if stage != "withdrawn"
            )
    for counts in reviews.values():
        counts["illustrative"] = difference(counts["all"], counts["facts"])
    by_state = sorted(
        (
            {
                "participant": names.get(donor) or {"id": donor, "code": "", "name": f"#{donor}"},
                **breakdown(cells["all"], cells["facts"]),
                "review": reviews.get(donor) or _no_reviews(illustrative=True),
            }
            for (donor, _k2, _k3), cells in groups.of("state")
        ),
        key=lambda row: (row["participant"]["name"], row["participant"]["id"]),
    )
    by_currency = sorted(
        (
            {
                "currency": currency,
                **breakdown(cells["all"], cells["facts"]),
                "native": _native(cells["all"], cells["facts"]),
            }
            for (_k1, _k2, currency), cells in groups.of("currency")
        ),
        key=lambda row: row["currency"],
    )
    by_quarter = sorted(
        (
            {"year": year, "quarter": quarter, **breakdown(cells["all"], cells["facts"])}
            for (year, quarter, _k3), cells in groups.of("quarter")
        ),
        key=lambda row: (row["year"], row["quarter"]),
    )
    unconverted = sorted(
        row["currency"]
        for row in by_currency
        if row["all"]["unconverted"] or any(s["unconverted"] for s in row["all"]["stages"])
    )
    review_totals = _no_reviews(illustrative=True)
    for counts in reviews.values():
        for variant in VARIANTS:
            for key in REVIEWS:
                review_totals[variant][key] += counts[variant][key]
    itemised = {key[0]: cells["all"] for key, cells in groups.of("meeting")}
    return {
        "totals": breakdown(total_cells["all"], total_cells["facts"]),
        "by_state": by_state,
        "by_currency": by_currency,
        "by_quarter": by_quarter,
        "unconverted_currencies": unconverted,
        "review": review_totals,
        "reported_totals": reported_totals(coalition, source, as_of, itemised),
    }


def reported_totals(coalition, source: Source, as_of, itemised: dict) -> dict:
    """Totals stated at meetings (the latest REPORTED_TOTALS_KEPT), each reconciled with the pledges
    announced at the same meeting by contributions.selectors.reconcile (the rule lives there)."""
    sql = f"""
SELECT t.id, t.amount, t.currency, t.qualifier, t.stated_text, t.is_illustrative,
       m.id AS meeting_id, m.number, m.title, m.starts_at
FROM {source.table(ReportedTotal)} t JOIN {source.table(Meeting)} m ON m.id = t.meeting_id
WHERE m.coalition_id = %(coalition)s AND m.starts_at <= %(as_of)s
ORDER BY m.starts_at DESC, t.id DESC"""  # noqa: S608 - table names from the models
    rows = fetch_dicts(sql, source.query_params(coalition=coalition.pk, as_of=as_of))
    kept = rows[:REPORTED_TOTALS_KEPT]
    rates = _rates_for({row["currency"] for row in kept}, source)
    out = []
    for row in reversed(kept):
        starts_at = _aware(row["starts_at"])
        on = timezone.localdate(starts_at)
        rate = _rate(rates, row["currency"], on)
        amount = decimal(row["amount"])
        cells = itemised.get(row["meeting_id"], {})
        all_stages = total(cells.values(), PledgeSums)
        annotated = SimpleNamespace(
            qualifier=row["qualifier"],
            amount_eur=None if rate is None else (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP),
            itemised_eur=all_stages.amount_eur,
            itemised_undisclosed=all_stages.undisclosed,
            itemised_unconverted=all_stages.unconverted,
        )
        verdict = reconcile(annotated)
        itemised_eur = money(all_stages.amount_eur, all_stages.pledges, all_stages.known_amount)
        out.append(
            {
                "id": row["id"],
                "meeting": {"id": row["meeting_id"], "number": row["number"], "title": row["title"]},
                "stated_text": row["stated_text"],
                "qualifier": row["qualifier"],
                "amount": str(amount),
                "currency": row["currency"],
                "is_illustrative": bool(row["is_illustrative"]),
                "reported_eur": None if verdict.reported_eur is None else str(verdict.reported_eur),
                "itemised_eur": itemised_eur,
                "itemised_pledges": all_stages.pledges,
                "difference_eur": (
                    None
                    if verdict.difference_eur is None or itemised_eur is None
                    else str(verdict.difference_eur)
                ),
                "undisclosed": verdict.undisclosed,
                "unconverted": verdict.unconverted,
                "verdict": verdict.verdict,
            }
        )
    return {"count": len(rows), "items": out}


def _aware(value):
    """SQLite hands raw queries' timestamps back naive (they are stored in UTC)."""
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def _rates_for(currencies, source: Source) -> dict[str, list]:
    """Every rate of these currencies as of the source (few currencies; bounded by the rate table)."""
    wanted = sorted(c for c in currencies if c != "EUR")
    if not wanted:
        return {}
    placeholders = ", ".join(f"%(c{i})s" for i in range(len(wanted)))
    sql = f"""SELECT r.currency, r.date, r.rate FROM {source.table(FxRate)} r
WHERE r.currency IN ({placeholders}) ORDER BY r.currency, r.date"""  # noqa: S608 - placeholders only
    params = source.query_params(**{f"c{i}": c for i, c in enumerate(wanted)})
    rates: dict[str, list] = {}
    for currency, on, rate in fetch(sql, params):
        dates, values = rates.setdefault(currency, ([], []))
        dates.append(on if not isinstance(on, str) else _parse_date(on))
        values.append(Decimal(repr(rate)) if isinstance(rate, float) else Decimal(rate))
    return rates


def _parse_date(text):
    return date.fromisoformat(text)


def _rate(rates, currency, on):
    if currency == "EUR":
        return Decimal(1)
    if currency not in rates:
        return None
    dates, values = rates[currency]
    index = bisect_right(dates, on)
    return values[index - 1] if index else None
