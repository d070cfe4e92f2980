"""Where a summary reads its rows from: the live tables, or the change history as it stood at a moment.

The figures are hand-written, set-based SQL (see `summaries.figures`). Each query names its tables through a
`Source`, so the very same query computes today's figures from the tables and a past meeting's figures from
django-simple-history's tables: for each record, its latest historical version written at or before the
moment, unless that version is a deletion (what `Model.history.as_of(moment)` returns, as one derived table).
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

HISTORY_AS_OF = """(SELECT * FROM (
    SELECT h.*, ROW_NUMBER() OVER (PARTITION BY h.id ORDER BY h.history_date DESC, h.history_id DESC)
        AS history_rank
    FROM {table} h WHERE h.history_date <= %(history_as_of)s) v
  WHERE v.history_rank = 1 AND v.history_type <> '-')"""


@dataclass(frozen=True)
class Source:
    """`history_as_of=None`: the live tables. Otherwise the records as they stood at that moment."""

    history_as_of: datetime | None = None

    @property
    def is_history(self) -> bool:
        return self.history_as_of is not None

    @property
    def inline(self) -> str:
        """The hint for a CTE that only filters a table: inlined on the live table, so that PostgreSQL
        plans with the table's statistics; computed once on the history, where each use would repeat the
        window over the whole history table."""
        return "MATERIALIZED" if self.is_history else "NOT MATERIALIZED"

    def table(self, model) -> str:
        """The SQL to put in a FROM clause for `model`'s rows (a table name or a derived table)."""
        if not self.is_history:
            return connection.ops.quote_name(model._meta.db_table)
        historical = model.history.model._meta.db_table
        return HISTORY_AS_OF.format(table=connection.ops.quote_name(historical))

    def query_params(self, **params) -> dict:
        if self.is_history:
            params["history_as_of"] = self.history_as_of
        return params


def divide(numerator: str, denominator: str) -> str:
    """Exact division on PostgreSQL (numeric); on SQLite, where a whole-number rate or amount is stored as an
    integer, force real division so that 15000000 / 7 is not 2142857."""
    if connection.vendor == "postgresql":
        return f"{numerator} / {denominator}"
    return f"CAST({numerator} AS REAL) / {denominator}"


def year_quarter(column: str) -> tuple[str, str]:
    """SQL expressions for the calendar year and quarter (1-4) of a date column, per database."""
    if connection.vendor == "postgresql":
        return (
            f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)",
            f"CAST(EXTRACT(QUARTER FROM {column}) AS INTEGER)",
        )
    return (
        f"CAST(strftime('%%Y', {column}) AS INTEGER)",
        f"((CAST(strftime('%%m', {column}) AS INTEGER) + 2) / 3)",
    )


@contextmanager
def tuned():
    """One transaction for a whole summary. On PostgreSQL, when the summary is its own transaction (a job),
    it is REPEATABLE READ: every statement reads the same state, so the roadmap's allocations and the
    pledges they come from agree. And for that transaction only: no JIT (it compiles for seconds plans
    that run in a fraction of that: the row estimates of CTEs are far too high) and enough memory to sort
    and hash in memory."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
        yield


def fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_dicts(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rates_cte(source: Source, pairs: str = "pairs") -> str:
    """The CTE `rates(currency, on_date, rate)`: for each (currency, on_date) row of the CTE `pairs`, the
    latest rate on or before that day (units per EUR, see contributions.fx), 1 for EUR, NULL when none.

    Set-based, for the live table and the history alike: the pairs are merged into the rates of their
    currencies in date order (a rate sorts before a pair of the same day), and each pair takes the rate of
    the group it falls in (`COUNT(rate)` so far). One pass over the rates, no lookup per pair.
    """
    from contributions.models import FxRate

    return f"""fx AS MATERIALIZED (
  SELECT x.currency, x.date, x.rate FROM {source.table(FxRate)} x
  WHERE x.currency IN (SELECT currency FROM {pairs}) AND x.date <= (SELECT MAX(on_date) FROM {pairs})),
rate_groups AS MATERIALIZED (
  SELECT u.currency, u.on_date, u.rate, u.is_pair,
         COUNT(u.rate) OVER (PARTITION BY u.currency ORDER BY u.on_date, u.is_pair ROWS UNBOUNDED PRECEDING)
           AS grp
  FROM (SELECT currency, date AS on_date, rate, 0 AS is_pair FROM fx
        UNION ALL
        SELECT currency, on_date, CAST(NULL AS DECIMAL(20, 8)), 1 FROM {pairs}) u),
rates AS MATERIALIZED (
  SELECT v.currency, v.on_date, CASE WHEN v.currency = 'EUR' THEN 1 ELSE v.rate END AS rate
  FROM (SELECT g.currency, g.on_date, g.is_pair, MAX(g.rate) OVER (PARTITION BY g.currency, g.grp) AS rate
        FROM rate_groups g) v
  WHERE v.is_pair = 1)"""  # noqa: S608 - the table name comes from the model
