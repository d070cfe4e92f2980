"""The procurement roadmap of a coalition's summary: one SQL statement over per-item figures, rolled up by
stage, planned quarter and currency.

Per item (as procurement.selectors computes them for its pages): the estimate in EUR at the rate of its price
date, `funded_eur` = the sum of its allocations, each converted at its pledge's rate; the gap
`max(estimate - funded, 0)` at the low and the high end; over-funding `max(funded - high estimate, 0)`.
An item without an estimate, an estimate without a rate and an allocation without a rate are counted and
reported as such, never left out silently nor summed as zero. Totals cover the live items (every stage but
cancelled); facts and illustrations are apart as in the contributions (see figures.contributions): the facts
are the items that are not illustrative, funded by allocations of pledges that are not illustrative.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from contributions.models import Pledge
from procurement.models import Allocation, Delivery, Order, RoadmapItem
from summaries.figures.cells import Sums, difference, money, total
from summaries.sources import Source, divide, fetch, fetch_dicts, rates_cte

STAGES = tuple(RoadmapItem.Status.values)  # lifecycle order, cancelled last
LIVE = tuple(s for s in STAGES if s != RoadmapItem.Status.CANCELLED)
OVERDUE_KEPT = 10


@dataclass
class ItemSums(Sums):
    items: int
    unestimated: int
    estimates_without_rate: int
    known_estimate: int
    unfunded: int
    overdue_items: int
    overdue_deliveries: int
    allocations_without_rate: int
    estimate_low_eur: Decimal
    estimate_high_eur: Decimal
    funded_eur: Decimal
    gap_low_eur: Decimal
    gap_high_eur: Decimal
    over_funded_eur: Decimal
    unconverted_low: Decimal  # estimates without a rate, in their own currency
    unconverted_high: Decimal


SUM_COLUMNS = [
    "SUM({v}_n)",
    "SUM({v}_unestimated)",
    "SUM({v}_without_rate)",
    "COUNT({v}_low)",
    "SUM({v}_unfunded)",
    "SUM({v}_overdue)",
    "SUM({v}_late)",
    "SUM({v}_allocations_without_rate)",
    "SUM({v}_low)",
    "SUM({v}_high)",
    "SUM({v}_funded)",
    "SUM({v}_gap_low)",
    "SUM({v}_gap_high)",
    "SUM({v}_over)",
    "SUM({v}_unconverted_low)",
    "SUM({v}_unconverted_high)",
]
AGGREGATES = ", ".join(expr.format(v=v) for v in ("a", "f") for expr in SUM_COLUMNS)
WIDTH = len(SUM_COLUMNS)


def _variant(v: str, keep: str, funded: str, allocations: str, without_rate: str) -> str:
    """The per-item columns of one variant; `keep` is the SQL condition for an item to count in it."""
    gap = "CASE WHEN {e} IS NULL THEN NULL WHEN {f} >= {e} THEN 0 ELSE {e} - {f} END"
    return f"""
    CASE WHEN {keep} THEN 1 ELSE 0 END AS {v}_n,
    CASE WHEN {keep} AND e.estimated_cost_low IS NULL THEN 1 ELSE 0 END AS {v}_unestimated,
    CASE WHEN {keep} AND e.estimated_cost_low IS NOT NULL AND e.estimate_rate IS NULL THEN 1 ELSE 0 END
      AS {v}_without_rate,
    CASE WHEN {keep} AND {allocations} = 0 THEN 1 ELSE 0 END AS {v}_unfunded,
    CASE WHEN {keep} AND e.late > 0 THEN 1 ELSE 0 END AS {v}_overdue,
    CASE WHEN {keep} THEN e.late ELSE 0 END AS {v}_late,
    CASE WHEN {keep} THEN {without_rate} ELSE 0 END AS {v}_allocations_without_rate,
    CASE WHEN {keep} THEN e.low_eur END AS {v}_low,
    CASE WHEN {keep} THEN e.high_eur END AS {v}_high,
    CASE WHEN {keep} THEN {funded} ELSE 0 END AS {v}_funded,
    CASE WHEN {keep} THEN {gap.format(e="e.low_eur", f=funded)} END AS {v}_gap_low,
    CASE WHEN {keep} THEN {gap.format(e="e.high_eur", f=funded)} END AS {v}_gap_high,
    CASE WHEN {keep} AND e.high_eur IS NOT NULL AND {funded} > e.high_eur THEN {funded} - e.high_eur
      ELSE 0 END AS {v}_over,
    CASE WHEN {keep} AND e.estimate_rate IS NULL THEN e.estimated_cost_low END AS {v}_unconverted_low,
    CASE WHEN {keep} AND e.estimate_rate IS NULL THEN e.estimated_cost_high END AS {v}_unconverted_high"""


def _sql(source: Source) -> str:
    eur = lambda column, rate: f"ROUND({divide(column, rate)}, 2)"  # noqa: E731 - a local SQL helper
    live = ", ".join(f"'{s}'" for s in LIVE)
    null_int, null_text = "CAST(NULL AS INTEGER)", "CAST(NULL AS VARCHAR(16))"
    return f"""
WITH it AS MATERIALIZED (
  SELECT x.id, x.status, x.planned_year, x.planned_quarter, x.is_illustrative, x.currency,
         x.estimated_cost_low, x.estimated_cost_high, x.estimated_on
  FROM {source.table(RoadmapItem)} x WHERE x.coalition_id = %(coalition)s),
al AS MATERIALIZED (
  SELECT a.roadmap_item_id, a.amount, p.currency, p.announced_on, p.is_illustrative
  FROM {source.table(Allocation)} a JOIN it ON it.id = a.roadmap_item_id
  JOIN {source.table(Pledge)} p ON p.id = a.pledge_id),
pairs AS MATERIALIZED (
  SELECT currency, estimated_on AS on_date FROM it UNION SELECT currency, announced_on FROM al),
{rates_cte(source)},
funding AS MATERIALIZED (
  SELECT al.roadmap_item_id, COUNT(*) AS allocations,
    SUM(CASE WHEN al.is_illustrative THEN 0 ELSE 1 END) AS allocations_facts,
    SUM(CASE WHEN r.rate IS NULL THEN 1 ELSE 0 END) AS without_rate,
    SUM(CASE WHEN r.rate IS NULL AND NOT al.is_illustrative THEN 1 ELSE 0 END) AS without_rate_facts,
    SUM({eur("al.amount", "r.rate")}) AS funded_eur,
    SUM(CASE WHEN al.is_illustrative THEN 0 ELSE {eur("al.amount", "r.rate")} END) AS funded_facts_eur
  FROM al LEFT JOIN rates r ON r.currency = al.currency AND r.on_date = al.announced_on
  GROUP BY al.roadmap_item_id),
late AS MATERIALIZED (
  SELECT o.roadmap_item_id, COUNT(*) AS deliveries
  FROM {source.table(Delivery)} d JOIN {source.table(Order)} o ON o.id = d.order_id
  JOIN it ON it.id = o.roadmap_item_id
  WHERE d.delivered_on IS NULL AND d.expected_on < %(today)s GROUP BY o.roadmap_item_id),
e AS MATERIALIZED (
  SELECT it.*, NOT it.is_illustrative AS fact, er.rate AS estimate_rate,
    {eur("it.estimated_cost_low", "er.rate")} AS low_eur,
    {eur("it.estimated_cost_high", "er.rate")} AS high_eur,
    COALESCE(fu.allocations, 0) AS allocations, COALESCE(fu.allocations_facts, 0) AS allocations_facts,
    COALESCE(fu.without_rate, 0) AS without_rate, COALESCE(fu.without_rate_facts, 0) AS without_rate_facts,
    COALESCE(fu.funded_eur, 0) AS funded_eur, COALESCE(fu.funded_facts_eur, 0) AS funded_facts_eur,
    COALESCE(late.deliveries, 0) AS late
  FROM it LEFT JOIN rates er ON er.currency = it.currency AND er.on_date = it.estimated_on
  LEFT JOIN funding fu ON fu.roadmap_item_id = it.id LEFT JOIN late ON late.roadmap_item_id = it.id),
g AS MATERIALIZED (
  SELECT e.id, e.status, e.planned_year, e.planned_quarter, e.currency,
    {_variant("a", "1 = 1", "e.funded_eur", "e.allocations", "e.without_rate")},
    {_variant("f", "e.fact", "e.funded_facts_eur", "e.allocations_facts", "e.without_rate_facts")}
  FROM e)
SELECT 'status', {null_int}, {null_int}, g.status, {AGGREGATES} FROM g GROUP BY g.status
UNION ALL
SELECT 'quarter', g.planned_year, g.planned_quarter, {null_text}, {AGGREGATES} FROM g
  WHERE g.status IN ({live}) GROUP BY g.planned_year, g.planned_quarter
UNION ALL
SELECT 'currency', {null_int}, {null_int}, g.currency, {AGGREGATES} FROM g
  WHERE g.status IN ({live}) GROUP BY g.currency
"""  # noqa: S608 - table names come from the models, values are bound parameters


def figures(sums: ItemSums) -> dict:
    return {
        "items": sums.items,
        "unestimated": sums.unestimated,
        "estimates_without_rate": sums.estimates_without_rate,
        "unfunded_items": sums.unfunded,
        "overdue_items": sums.overdue_items,
        "overdue_deliveries": sums.overdue_deliveries,
        "allocations_without_rate": sums.allocations_without_rate,
        "estimate_low_eur": money(sums.estimate_low_eur, sums.items, sums.known_estimate),
        "estimate_high_eur": money(sums.estimate_high_eur, sums.items, sums.known_estimate),
        "funded_eur": money(sums.funded_eur, 0, 0),
        "gap_low_eur": money(sums.gap_low_eur, sums.items, sums.known_estimate),
        "gap_high_eur": money(sums.gap_high_eur, sums.items, sums.known_estimate),
        "over_funded_eur": money(sums.over_funded_eur, 0, 0),
    }


def breakdown(all_sums: ItemSums, facts_sums: ItemSums) -> dict:
    every, facts = figures(all_sums), figures(facts_sums)
    return {"all": every, "facts": facts, "illustrative": difference(every, facts)}


def section(coalition, source: Source, as_of) -> dict:
    today = timezone.localdate(as_of)
    rows = fetch(_sql(source), source.query_params(coalition=coalition.pk, today=today))
    groups: dict[tuple, tuple[ItemSums, ItemSums]] = {}
    for dim, k1, k2, k3, *values in rows:
        groups[(dim, k1, k2, k3)] = (ItemSums.from_row(values[:WIDTH]), ItemSums.from_row(values[WIDTH:]))
    status = {key[3]: sums for key, sums in groups.items() if key[0] == "status"}
    zero = (ItemSums.zero(), ItemSums.zero())
    live_all = total((status.get(s, zero)[0] for s in LIVE), ItemSums)
    live_facts = total((status.get(s, zero)[1] for s in LIVE), ItemSums)
    by_quarter = sorted(
        (
            {"year": key[1], "quarter": key[2], **breakdown(*sums)}
            for key, sums in groups.items()
            if key[0] == "quarter"
        ),
        key=lambda row: (row["year"], row["quarter"] is None, row["quarter"] or 0),
    )
    unconverted = sorted(
        (
            {
                "currency": key[3],
                "items": sums[0].estimates_without_rate,
                "estimate_low": str(sums[0].unconverted_low),
                "estimate_high": str(sums[0].unconverted_high),
            }
            for key, sums in groups.items()
            if key[0] == "currency" and sums[0].estimates_without_rate
        ),
        key=lambda row: row["currency"],
    )
    return {
        "totals": breakdown(live_all, live_facts),
        "by_stage": [{"stage": s, **breakdown(*status.get(s, zero))} for s in STAGES],
        "by_quarter": by_quarter,
        "unconverted_estimates": unconverted,
        "overdue_deliveries": _overdue_deliveries(coalition, source, today, live_all.overdue_deliveries),
    }


def _overdue_deliveries(coalition, source: Source, today, count: int) -> dict:
    """The OVERDUE_KEPT deliveries most overdue (of live items), beside the count of all of them."""
    live = ", ".join(f"'{s}'" for s in LIVE)
    sql = f"""
SELECT d.id, d.expected_on, d.quantity, i.id AS item_id, i.title
FROM {source.table(Delivery)} d JOIN {source.table(Order)} o ON o.id = d.order_id
JOIN {source.table(RoadmapItem)} i ON i.id = o.roadmap_item_id
WHERE i.coalition_id = %(coalition)s AND i.status IN ({live})
  AND d.delivered_on IS NULL AND d.expected_on < %(today)s
ORDER BY d.expected_on, d.id LIMIT {OVERDUE_KEPT}"""  # noqa: S608 - table names from the models
    rows = fetch_dicts(sql, source.query_params(coalition=coalition.pk, today=today))
    return {
        "count": count,
        "first": [
            {
                "id": row["id"],
                "roadmap_item": {"id": row["item_id"], "title": row["title"]},
                "expected_on": _iso(row["expected_on"]),
                "quantity": row["quantity"],
            }
            for row in rows
        ],
    }


def _iso(value) -> str:
    return value if isinstance(value, str) else value.isoformat()
