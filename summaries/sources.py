"""Where a summary reads its rows from: the live tables, or the change history as it stood at a moment.

The figures are hand-written, set-based SQL (see `summaries.figures`). Each query names its tables through a
`Source`, so the very same query computes today's figures from the tables and a past meeting's figures from
django-simple-history's tables: for each record, its latest historical version written at or before the
moment, unless that version is a deletion (what `Model.history.as_of(moment)` returns, as one derived table).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

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

    On the live table each pair is one index lookup on (currency, date). On the history, where no index
    applies, the rates as of the moment are read once and joined by range.
    """
    from contributions.models import FxRate

    if not source.is_history:
        return f"""rates AS MATERIALIZED (
  SELECT k.currency, k.on_date,
    CASE WHEN k.currency = 'EUR' THEN 1 ELSE (
      SELECT r.rate FROM {source.table(FxRate)} r WHERE r.currency = k.currency AND r.date <= k.on_date
      ORDER BY r.date DESC LIMIT 1) END AS rate
  FROM {pairs} k)"""  # noqa: S608 - the table name comes from the model
    return f"""fx AS MATERIALIZED (SELECT x.currency, x.date, x.rate FROM {source.table(FxRate)} x),
rate_dates AS MATERIALIZED (
  SELECT k.currency, k.on_date, MAX(r.date) AS rate_date FROM {pairs} k
  JOIN fx r ON r.currency = k.currency AND r.date <= k.on_date GROUP BY k.currency, k.on_date),
rates AS MATERIALIZED (
  SELECT k.currency, k.on_date, CASE WHEN k.currency = 'EUR' THEN 1 ELSE r.rate END AS rate
  FROM {pairs} k LEFT JOIN rate_dates rd ON rd.currency = k.currency AND rd.on_date = k.on_date
  LEFT JOIN fx r ON r.currency = rd.currency AND r.date = rd.rate_date)"""  # noqa: S608 - as above
