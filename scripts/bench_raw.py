"""The raw-SQL limit of `make bench`: a minimal WSGI app answering each list with ONE hand-written query,
serialised with the standard json module (as the portal's renderer does). No Django.

GET /<name>?user=<id>&n=<page size>[&before=<created_at>][&offset=<k>][&status=..&donor=..]
answers {"results": [...]} with the rows' columns (`x_id` columns named `x`, as the API names them).
"""

import json
import os
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import psycopg2

VISIBLE = "coalition_id IN (SELECT coalition_id FROM coalition_userrole WHERE user_id = %(user)s)"

# The pledge's figures as a DBA would write them: the page's rows first (index order, LIMIT), then one
# lateral lookup of the rate and one grouped sum of the payments per row of the page.
PLEDGES = """
WITH page AS (
  SELECT p.* FROM contributions_pledge p
  WHERE p.{visible} {where}
  ORDER BY p.created_at DESC, p.id DESC LIMIT %(n)s OFFSET %(offset)s)
SELECT page.*, d.code AS donor_code, r.rate AS fx_rate, r.date AS fx_rate_date,
       ROUND(page.amount / r.rate, 2) AS amount_eur, COALESCE(pd.paid, 0) AS paid,
       ROUND(COALESCE(pd.paid, 0) / r.rate, 2) AS paid_eur
FROM page
JOIN coalition_participant d ON d.id = page.donor_id
LEFT JOIN LATERAL (SELECT SUM(x.amount_in_pledge_currency) AS paid FROM contributions_disbursement x
                   WHERE x.pledge_id = page.id) pd ON true
LEFT JOIN LATERAL (
  SELECT 1::numeric AS rate, page.announced_on AS date WHERE page.currency = 'EUR'
  UNION ALL
  (SELECT f.rate, f.date FROM contributions_fxrate f
   WHERE page.currency <> 'EUR' AND f.currency = page.currency AND f.date <= page.announced_on
   ORDER BY f.date DESC LIMIT 1)) r ON true
ORDER BY page.created_at DESC, page.id DESC""".replace("{visible}", VISIBLE)

PLAIN = {  # name: (table, visibility, ordering)
    "disbursements": ("contributions_disbursement", VISIBLE, "created_at DESC, id DESC"),
    "allocations": (
        "procurement_allocation",
        f"pledge_id IN (SELECT id FROM contributions_pledge WHERE {VISIBLE})",  # noqa: S608
        "created_at DESC, id DESC",
    ),
    "action-items": (
        "meetings_actionitem",
        f"meeting_id IN (SELECT id FROM meetings_meeting WHERE {VISIBLE})",  # noqa: S608
        "created_at DESC, id DESC",
    ),
    "roadmap-items": ("procurement_roadmapitem", VISIBLE, "planned_year, priority, id"),
    "meetings": ("meetings_meeting", VISIBLE, "starts_at DESC, id"),
}


def query(name, params):
    args = {
        "user": int(params["user"]),
        "n": int(params.get("n", 100)),
        "offset": int(params.get("offset", 0)),
    }
    where = []
    if "before" in params:
        where.append("AND created_at < %(before)s")
        args["before"] = params["before"]
    for column in ("status", "donor_id"):
        if column in params:
            where.append(f"AND {column} = %({column})s")
            args[column] = params[column]
    if name == "pledges":
        return PLEDGES.replace("{where}", " ".join(where)), args
    table, visible, ordering = PLAIN[name]
    sql = (
        f"SELECT * FROM {table} WHERE {visible} {' '.join(where)} "  # noqa: S608 - fixed names above
        f"ORDER BY {ordering} LIMIT %(n)s OFFSET %(offset)s"
    )
    return sql, args


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value))


def fetch(cursor, name, params) -> list[dict]:
    """The rows of list `name` (a DB-API cursor: psycopg2's here, Django's in the smoke test)."""
    sql, args = query(name, params)
    cursor.execute(sql, args)
    columns = [c.name[:-3] if c.name.endswith("_id") else c.name for c in cursor.description]
    # json/jsonb arrive as text through Django's connection (psycopg2 alone decodes them): decode once.
    decode = [c.type_code in (114, 3802) for c in cursor.description]
    return [
        {
            column: json.loads(value) if json_column and isinstance(value, str) else value
            for column, value, json_column in zip(columns, row, decode, strict=True)
        }
        for row in cursor.fetchall()
    ]


def dumps(payload) -> bytes:
    return json.dumps(payload, default=_default).encode()


_connection = None


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["DATABASE_URL"])
        _connection.autocommit = True
    return _connection.cursor()


def application(environ, start_response):
    url = urlparse(environ.get("PATH_INFO", "/"))
    params = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    name = url.path.strip("/")
    if name != "pledges" and name not in PLAIN:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown list"]
    with _cursor() as cursor:
        rows = fetch(cursor, name, params)
    body = dumps({"results": rows})
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
