"""Totals of pledges on PostgreSQL with every per-pledge figure computed ONCE (issue 12).

The ORM's totals (`stage_aggregates` over `annotate_figures`) inline each annotation where it is used, in
some thirty filtered aggregates per row. Here the filtered queryset's rows are read once, with only the
columns needed; each pledge's EUR figures are stored (`amount_eur`, `paid_eur`, at its stored rate:
contributions.figures_store, so no rate lookup, no pass over the payments, no division); the rows are
summed in one grouped pass by status (by donor and status for the state summary), and the totals of
`stage_aggregates()` are folded from the five status cells here: the same figures as the ORM's (the rules of
contributions.selectors.pledges._stage_figures), to the cent. Callers fall back to the ORM on other
databases.
"""

from itertools import groupby

from django.db import connection

from contributions.models import Pledge

Status = Pledge.Status
OPEN = ("announced", "confirmed", "committed", "fulfilled")
CONFIRMED = ("confirmed", "committed", "fulfilled")
COMMITTED = ("committed", "fulfilled")
DUE = CONFIRMED

# The filtered queryset's own rows, with only the columns the totals need (one scan, no id list).
ROW_COLUMNS = ("id", "donor_id", "status", "amount", "fx_rate", "amount_eur", "paid_eur")


def _in(statuses) -> str:
    return "status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


FIGURES = f"""
WITH eur AS (  -- the stored EUR figures (contributions.figures_store): no lookup, no payments pass
  SELECT p.donor_id, p.status, p.amount, p.fx_rate, p.amount_eur, p.paid_eur FROM ({{rows}}) p),
f AS (
  SELECT eur.*,
    CASE WHEN {_in(DUE)} AND paid_eur >= amount_eur THEN 0
         WHEN {_in(DUE)} THEN amount_eur - paid_eur END AS outstanding_eur,
    CASE WHEN paid_eur > amount_eur THEN paid_eur - amount_eur
         WHEN amount_eur IS NULL OR paid_eur IS NULL THEN NULL ELSE 0 END AS overpaid_eur
  FROM eur)
"""  # noqa: S608 - fixed text and the ORM's own SQL of the rows; values are parameters

CELLS = """COUNT(*) AS n, SUM(amount_eur) AS amount_eur, SUM(paid_eur) AS paid_eur,
  SUM(outstanding_eur) AS outstanding_eur, SUM(overpaid_eur) AS overpaid_eur,
  COUNT(*) FILTER (WHERE amount IS NULL) AS undisclosed,
  COUNT(*) FILTER (WHERE amount IS NOT NULL AND fx_rate IS NULL) AS unconverted"""


def usable() -> bool:
    return connection.vendor == "postgresql"


def _run(queryset, sql_tail: str):
    rows_sql, params = queryset.order_by().values(*ROW_COLUMNS).query.sql_with_params()
    sql = FIGURES.replace("{rows}", rows_sql) + sql_tail
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _add(total, value):
    """A SUM's rule: NULL (None) until some value is added."""
    if value is None:
        return total
    return value if total is None else total + value


def _sum(cells: dict, statuses, key):
    total = None
    for status in statuses:
        total = _add(total, cells[status][key] if status in cells else None)
    return total


def _count(cells: dict, statuses, key) -> int:
    return sum(cells[status][key] for status in statuses if status in cells)


def fold(cells: dict) -> dict:
    """`stage_aggregates()` (the keys and values of the ORM's row) from the per-status cells."""
    every = Status.values
    row = {
        "pledges": _count(cells, every, "n"),
        "pledged_eur": _sum(cells, OPEN, "amount_eur"),
        "confirmed_eur": _sum(cells, CONFIRMED, "amount_eur"),
        "committed_eur": _sum(cells, COMMITTED, "amount_eur"),
        "unconfirmed_eur": _sum(cells, ["announced"], "amount_eur"),
        "paid_eur": _sum(cells, OPEN, "paid_eur"),
        "outstanding_eur": _sum(cells, every, "outstanding_eur"),
        "overpaid_eur": _sum(cells, every, "overpaid_eur"),
        "undisclosed": _count(cells, OPEN, "undisclosed"),
        "unconverted": _count(cells, OPEN, "unconverted"),
        "withdrawn": _count(cells, ["withdrawn"], "n"),
    }
    for status in every:
        row[f"status_{status}_count"] = _count(cells, [status], "n")
        row[f"status_{status}_eur"] = _sum(cells, [status], "amount_eur")
        row[f"status_{status}_undisclosed"] = _count(cells, [status], "undisclosed")
        row[f"status_{status}_unconverted"] = _count(cells, [status], "unconverted")
    return row


def totals_row(queryset) -> dict:
    """`stage_aggregates()` of the pledges of `queryset`, one row."""
    cells = _run(queryset, f"SELECT status, {CELLS} FROM f GROUP BY status")  # noqa: S608 - fixed text
    return fold({cell["status"]: cell for cell in cells})


def _donor_cells(queryset) -> list[dict]:
    """The per-(donor, status) cells of `queryset`, with the donor's name and code, by donor name."""
    return _run(
        queryset,
        f"SELECT g.*, d.name AS donor__name, d.code AS donor__code FROM ("  # noqa: S608 - fixed text
        f"SELECT donor_id, status, {CELLS} FROM f GROUP BY donor_id, status) g "
        "JOIN coalition_participant d ON d.id = g.donor_id ORDER BY d.name, g.donor_id",
    )


def _by_donor(cells: list[dict]) -> list[dict]:
    rows = []
    for (donor_id, name, code), group in groupby(
        cells, key=lambda cell: (cell["donor_id"], cell["donor__name"], cell["donor__code"])
    ):
        row = {"donor_id": donor_id, "donor__name": name, "donor__code": code}
        rows.append(row | fold({cell["status"]: cell for cell in group}))
    return rows


CELL_KEYS = ("n", "amount_eur", "paid_eur", "outstanding_eur", "overpaid_eur", "undisclosed", "unconverted")


def _by_status(cells: list[dict]) -> dict:
    """The per-status cells of the whole set, summed from its per-(donor, status) cells (SUM's NULL rule)."""
    merged: dict = {}
    for cell in cells:
        into = merged.setdefault(cell["status"], dict.fromkeys(CELL_KEYS))
        for key in CELL_KEYS:
            into[key] = _add(into[key], cell[key])
    return merged


def totals_by_donor(queryset) -> list[dict]:
    """`stage_aggregates()` per donor, with `donor_id`, `donor__name`, `donor__code`, by donor name."""
    return _by_donor(_donor_cells(queryset))


def totals_by_donor_and_total(queryset) -> tuple[list[dict], dict]:
    """`totals_by_donor(queryset)` and `totals_row(queryset)` from ONE scan: the set's cells are the sums
    of its donors' cells (every pledge has a donor)."""
    cells = _donor_cells(queryset)
    return _by_donor(cells), fold(_by_status(cells))
