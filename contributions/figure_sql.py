"""Totals of pledges on PostgreSQL with every per-pledge figure computed ONCE (issue 12).

The ORM's totals (`stage_aggregates` over `annotate_figures`) inline each annotation where it is used. Here
the set is taken as the filtered queryset's ids; each pledge's EUR figures are computed once, in a
materialised step, from its stored rate and paid sum (`fx_rate`, `paid`: contributions.figures_store, so
no rate lookup and no pass over the payments), and every total in one grouped pass: the same figures as the
ORM's (the rules of contributions.selectors.pledges._stage_figures), to the cent. Callers fall back to the
ORM on other databases.
"""

from django.db import connection

from contributions.models import Pledge

Status = Pledge.Status
OPEN = ("announced", "confirmed", "committed", "fulfilled")
CONFIRMED = ("confirmed", "committed", "fulfilled")
COMMITTED = ("committed", "fulfilled")
DUE = CONFIRMED


def _in(statuses) -> str:
    return "status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


def _aggregates() -> list[str]:
    disclosed, converted = "amount IS NOT NULL", "fx_rate IS NOT NULL"
    columns = [
        "COUNT(*) AS pledges",
        f"SUM(amount_eur) FILTER (WHERE {_in(OPEN)}) AS pledged_eur",
        f"SUM(amount_eur) FILTER (WHERE {_in(CONFIRMED)}) AS confirmed_eur",
        f"SUM(amount_eur) FILTER (WHERE {_in(COMMITTED)}) AS committed_eur",
        "SUM(unconfirmed_eur) AS unconfirmed_eur",
        f"SUM(paid_eur) FILTER (WHERE {_in(OPEN)}) AS paid_eur",
        "SUM(outstanding_eur) AS outstanding_eur",
        "SUM(overpaid_eur) AS overpaid_eur",
        f"COUNT(*) FILTER (WHERE {_in(OPEN)} AND NOT ({disclosed})) AS undisclosed",
        f"COUNT(*) FILTER (WHERE {_in(OPEN)} AND {disclosed} AND NOT ({converted})) AS unconverted",
        "COUNT(*) FILTER (WHERE status = 'withdrawn') AS withdrawn",
    ]
    for status in Status.values:
        is_status = f"status = '{status}'"
        columns += [
            f"COUNT(*) FILTER (WHERE {is_status}) AS status_{status}_count",
            f"SUM(amount_eur) FILTER (WHERE {is_status}) AS status_{status}_eur",
            f"COUNT(*) FILTER (WHERE {is_status} AND NOT ({disclosed})) AS status_{status}_undisclosed",
            f"COUNT(*) FILTER (WHERE {is_status} AND {disclosed} AND NOT ({converted})) "
            f"AS status_{status}_unconverted",
        ]
    return columns


FIGURES = f"""
WITH ids AS MATERIALIZED ({{ids}}),
eur AS MATERIALIZED (  -- the stored rate and paid (contributions.figures_store): no lookup, no payments pass
  SELECT p.id, p.donor_id, p.status, p.amount, p.fx_rate,
    ROUND(p.amount / p.fx_rate, 2) AS amount_eur, ROUND(p.paid / p.fx_rate, 2) AS paid_eur
  FROM contributions_pledge p WHERE p.id IN (SELECT * FROM ids)),
f AS (
  SELECT eur.*,
    CASE WHEN {_in(DUE)} AND paid_eur >= amount_eur THEN 0
         WHEN {_in(DUE)} THEN amount_eur - paid_eur END AS outstanding_eur,
    CASE WHEN paid_eur > amount_eur THEN paid_eur - amount_eur
         WHEN amount_eur IS NULL OR paid_eur IS NULL THEN NULL ELSE 0 END AS overpaid_eur,
    CASE WHEN status = 'announced' THEN amount_eur END AS unconfirmed_eur
  FROM eur)
"""  # noqa: S608 - fixed text and the ORM's own SQL of the ids; values are parameters


def usable() -> bool:
    return connection.vendor == "postgresql"


def _run(queryset, select: str, tail: str = ""):
    ids_sql, params = queryset.order_by().values("pk").query.sql_with_params()
    sql = FIGURES.replace("{ids}", ids_sql) + f"SELECT {select} FROM f {tail}"  # noqa: S608 - fixed text
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def totals_row(queryset) -> dict:
    """`stage_aggregates()` of the pledges of `queryset`, one row."""
    return _run(queryset, ", ".join(_aggregates()))[0]


def totals_by_donor(queryset) -> list[dict]:
    """`stage_aggregates()` per donor, with `donor_id`, `donor__name`, `donor__code`, by donor name."""
    select = "f.donor_id, d.name AS donor__name, d.code AS donor__code, " + ", ".join(_aggregates())
    tail = (
        "JOIN coalition_participant d ON d.id = f.donor_id GROUP BY f.donor_id, d.name, d.code "
        "ORDER BY d.name"
    )
    return _run(queryset, select, tail)
