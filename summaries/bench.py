"""A quick benchmark of one status summary against hand-written SQL (issue 12's target: within 2x, under
150 MB peak at scale 1). PostgreSQL only. `python manage.py bench_summary --help`.

The generator bulk-inserts in SQL (`INSERT ... SELECT generate_series`), seeded, into the database of
DATABASE_URL: at scale 1, 6 coalitions (the largest holding about 35 % of the rows), 100,000 pledges in 6
currencies, 200,000 payments, 20,000 roadmap items, 50,000 allocations, 2,000 meetings, 50,000 action items.
No history rows: a summary reads the live tables. The official generator (issue 12, `generate_benchmark_data`)
is the perf engineer's; this one exists so the summary's target can be measured now.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

CURRENCIES = {"USD": 1.08, "GBP": 0.86, "DKK": 7.46, "PLN": 4.31, "SEK": 11.2}
SHARES = [0.35, 0.2, 0.15, 0.12, 0.1, 0.08]  # of the rows, per coalition: one large, five smaller


def _columns(model, given: dict[str, str]):
    """Column list and SQL expressions for `model`: the given ones, the others from the field's default
    (so a field another app adds later does not break the generator)."""
    names, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(connection.ops.quote_name(field.column))
        if field.name in given or field.column in given:
            # Given expressions hold no placeholders: a modulo is a literal % for the driver.
            expressions.append(given.get(field.name, given.get(field.column)).replace("%", "%%"))
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expressions.append("now()")
            continue
        value = field.get_default() if field.has_default() else (None if field.null else "")
        if isinstance(field, models.JSONField):
            value = json.dumps(value)
        expressions.append("%s")
        params.append(value)
    return ", ".join(names), ", ".join(expressions), params


def insert(model, given: dict[str, str], source_sql: str, params=()):
    names, expressions, defaults = _columns(model, given)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {expressions} {source_sql}",
            [*defaults, *params],
        )
        return cursor.rowcount


def generate(scale: float, seed: int, out=print, analyze=True):
    from coalition.models import Coalition, Participant
    from contributions.models import Disbursement, FxRate, Pledge
    from meetings.models import ActionItem, Meeting
    from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem

    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark needs PostgreSQL (DATABASE_URL).")
    n = lambda count: max(1, int(count * scale))  # noqa: E731
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [((seed % 1000) / 1000.0)])
        coalitions = [
            Coalition.objects.create(name=f"Bench coalition {i}", short_name=f"BC{i}", slug=f"bench-{i}")
            for i in range(len(SHARES))
        ]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        Participant.objects.bulk_create(
            Participant(
                kind="state", code=f"{letters[i // 26]}{letters[i % 26]}", name=f"Bench state {i:02d}"
            )
            for i in range(40)
        )
        donors = list(Participant.objects.filter(name__startswith="Bench state").values_list("id", flat=True))
        rows = insert(
            FxRate,
            {
                "currency": "c.code",
                "date": "d::date",
                "rate": "round((c.base * (0.9 + random() * 0.2))::numeric, 4)",
            },
            """FROM (VALUES """
            + ", ".join(f"('{code}', {base})" for code, base in CURRENCIES.items())
            + """) c(code, base), generate_series('2022-01-03'::date, '2025-12-31'::date, '1 day') d
            WHERE extract(isodow FROM d) < 6""",
        )
        out(f"rates: {rows}")
        currencies = ["EUR", *CURRENCIES]
        for index, coalition in enumerate(coalitions):
            share = SHARES[index]
            count = n(100_000 * share)
            insert(
                Pledge,
                {
                    "coalition": str(coalition.pk),
                    "donor": f"(ARRAY{donors})[1 + floor(random() * {len(donors)})::int]",
                    "amount": "CASE WHEN random() < 0.15 THEN NULL "
                    "ELSE round((1000 + random() * 5000000)::numeric, 2) END",
                    "currency": f"(ARRAY{currencies})[1 + floor(random() * {len(currencies)})::int]",
                    "status": "(ARRAY['announced','confirmed','committed','fulfilled','withdrawn'])"
                    "[1 + floor(random() * 5)::int]",
                    "review_status": "(ARRAY['needs_review','confirmed','disputed'])"
                    "[1 + floor(random() * 3)::int]",
                    "announced_on": "'2022-01-03'::date + floor(random() * 1400)::int",
                    "is_illustrative": "random() < 0.2",
                },
                "FROM generate_series(1, %s)",
                [count],
            )
            area = CapabilityArea.objects.create(coalition=coalition, name="Bench", position=1)
            items = n(20_000 * share)
            insert(
                RoadmapItem,
                {
                    "coalition": str(coalition.pk),
                    "title": "'Bench item ' || g",
                    "capability_area": str(area.pk),
                    "priority": "g",
                    "planned_year": "2024 + (g % 4)",
                    "planned_quarter": "CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 4 END",
                    "estimated_cost_low": "CASE WHEN g % 7 = 0 THEN NULL ELSE (10000 + g * 10)::numeric END",
                    "estimated_cost_high": "CASE WHEN g % 7 = 0 THEN NULL ELSE (20000 + g * 15)::numeric END",
                    "currency": f"(ARRAY{currencies})[1 + g % {len(currencies)}]",
                    "estimated_on": "'2023-01-02'::date + (g % 900)",
                    "status": "(ARRAY['identified','requirements','tendering','contracted','delivering',"
                    "'delivered','closed','cancelled'])[1 + g % 8]",
                    "is_illustrative": "g % 5 = 0",
                },
                "FROM generate_series(1, %s) g",
                [items],
            )
            insert(
                Meeting,
                {
                    "coalition": str(coalition.pk),
                    "number": "g",
                    "title": "'Bench meeting ' || g",
                    "starts_at": "'2022-01-10'::timestamptz + g * interval '5 days'",
                    "ends_at": "'2022-01-10'::timestamptz + g * interval '5 days' + interval '3 hours'",
                    "status": "CASE WHEN '2022-01-10'::timestamptz + g * interval '5 days' < now() "
                    "THEN 'held' ELSE 'planned' END",
                },
                "FROM generate_series(1, %s) g",
                [n(2_000 * share)],
            )
        out(f"pledges, items, meetings: {time.monotonic() - started:.1f} s")
        # About two payments a pledge, some above what is left (over-payments).
        rows = insert(
            Disbursement,
            {
                "pledge": "x.id",
                "coalition": "x.coalition_id",
                "amount": "x.paid",
                "amount_in_pledge_currency": "x.paid",
                "currency": "x.currency",
                "paid_on": "x.announced_on + floor(random() * 200)::int",
                "is_illustrative": "random() < 0.05",
            },
            """FROM (SELECT p.id, p.coalition_id, p.currency, p.announced_on,
                       round((COALESCE(p.amount, 100000) * (0.05 + random() * 0.6))::numeric, 2)
                         + 0.01 AS paid
                FROM contributions_pledge p
                JOIN coalition_coalition c ON c.id = p.coalition_id AND c.slug LIKE 'bench-%%',
                generate_series(1, 1 + (floor(random() * 2.98) + p.id * 0)::int)) x""",  # 1-3 a pledge
        )
        out(f"payments: {rows}")
        rows = insert(
            Allocation,
            {"pledge": "p.id", "roadmap_item": "i.id", "amount": "round((p.amount / 10)::numeric, 2)"},
            """FROM (SELECT id, coalition_id, amount,
                            row_number() OVER (PARTITION BY coalition_id ORDER BY random()) AS rn
                     FROM contributions_pledge WHERE amount IS NOT NULL AND status <> 'withdrawn'
                       AND coalition_id IN (SELECT id FROM coalition_coalition WHERE slug LIKE 'bench-%%')) p
               JOIN (SELECT id, coalition_id, row_number() OVER (PARTITION BY coalition_id ORDER BY id) AS rn,
                            count(*) OVER (PARTITION BY coalition_id) AS n
                     FROM procurement_roadmapitem) i
                 ON i.coalition_id = p.coalition_id AND i.rn = 1 + p.rn %% i.n
               WHERE p.rn <= 2.5 * i.n""",  # 2.5 allocations an item: 50,000 for 20,000 items
        )
        out(f"allocations: {rows}")
        insert(
            Order,
            {
                "roadmap_item": "i.id",
                "supplier": "'Bench supplier'",
                "value": "10000",
                "ordered_on": "'2024-01-02'::date",
                "quantity": "2",
            },
            "FROM procurement_roadmapitem i WHERE i.id %% 4 = 0 AND i.status IN ('contracted', 'delivering')",
        )
        insert(
            Delivery,
            {
                "order": "o.id",
                "quantity": "1",
                "expected_on": "'2024-01-02'::date + (o.id % 900)::int",
                "delivered_on": "CASE WHEN o.id % 3 = 0 THEN '2024-06-01'::date END",
            },
            "FROM procurement_order o, generate_series(1, 2)",
        )
        rows = insert(
            ActionItem,
            {
                "meeting": "m.id",
                "title": "'Bench action ' || g",
                "owner_participant": f"(ARRAY{donors})[1 + g % {len(donors)}]",
                "due_on": "m.starts_at::date + 30",
                "status": "CASE WHEN g % 3 = 0 THEN 'open' ELSE 'done' END",
                "closed_at": "CASE WHEN g % 3 = 0 THEN NULL ELSE m.starts_at + interval '20 days' END",
            },
            "FROM meetings_meeting m JOIN coalition_coalition c ON c.id = m.coalition_id "
            "AND c.slug LIKE 'bench-%%', generate_series(1, %s) g",
            [max(1, round(50_000 / 2_000))],
        )
        out(f"action items: {rows}")
    if analyze:  # fresh statistics, as after a nightly autovacuum
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out(f"generated in {time.monotonic() - started:.1f} s")
    return coalitions[0]


# The limit: per-state totals computed the way a DBA would write them (payments grouped once, the rate
# by a lateral index lookup, every figure in one grouped pass).
HAND_WRITTEN = """
WITH paid AS (
  SELECT d.pledge_id, SUM(d.amount) AS paid FROM contributions_disbursement d
  JOIN contributions_pledge p ON p.id = d.pledge_id WHERE p.coalition_id = %(c)s GROUP BY d.pledge_id),
f AS (
  SELECT p.donor_id, p.status, p.amount, ROUND(p.amount / r.rate, 2) AS amount_eur,
         ROUND(COALESCE(pd.paid, 0) / r.rate, 2) AS paid_eur
  FROM contributions_pledge p
  LEFT JOIN paid pd ON pd.pledge_id = p.id
  LEFT JOIN LATERAL (
    SELECT CASE WHEN p.currency = 'EUR' THEN 1 ELSE (
      SELECT x.rate FROM contributions_fxrate x WHERE x.currency = p.currency AND x.date <= p.announced_on
      ORDER BY x.date DESC LIMIT 1) END AS rate) r ON true
  WHERE p.coalition_id = %(c)s)
SELECT donor_id,
  SUM(amount_eur) FILTER (WHERE status <> 'withdrawn') AS pledged,
  SUM(paid_eur) FILTER (WHERE status <> 'withdrawn') AS paid,
  SUM(GREATEST(amount_eur - paid_eur, 0)) FILTER (WHERE status IN ('confirmed', 'committed', 'fulfilled'))
    AS outstanding,
  SUM(GREATEST(paid_eur - amount_eur, 0)) FILTER (WHERE status <> 'withdrawn') AS overpaid,
  COUNT(*) FILTER (WHERE status <> 'withdrawn' AND amount IS NULL) AS undisclosed
FROM f GROUP BY donor_id ORDER BY donor_id"""


def hand_written(coalition_id):
    """Run with the summary's own session settings (no JIT, the same work_mem): the fastest it goes."""
    from summaries.sources import tuned

    with tuned(), connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN, {"c": coalition_id})
        return cursor.fetchall()


def check_equal(coalition, payload):
    """The baseline and the summary agree to the cent before anything is timed."""
    by_state = {row["participant"]["id"]: row["all"] for row in payload["contributions"]["by_state"]}
    keys = ("pledged_eur", "paid_eur", "outstanding_eur", "overpaid_eur")
    for donor, *figures, undisclosed in hand_written(coalition.pk):
        theirs = [Decimal(value or 0) for value in figures]
        mine = [Decimal(by_state[donor][key] or 0) for key in keys]
        if theirs != mine or undisclosed != by_state[donor]["undisclosed"]:
            raise SystemExit(f"state {donor}: hand-written {theirs}, summary {mine}")


def run(coalition, repeats: int, out=print):
    from summaries.figures import compute_payload

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM contributions_pledge WHERE coalition_id = %s", [coalition.pk])
        (pledges,) = cursor.fetchone()
    payload = compute_payload(coalition, as_of=timezone.now())
    check_equal(coalition, payload)
    summary, baseline = [], []
    for _ in range(repeats):  # alternating A B A B, as the machines are shared
        started = time.perf_counter()
        payload = compute_payload(coalition, as_of=timezone.now())
        json.dumps(payload)
        summary.append(time.perf_counter() - started)
        started = time.perf_counter()
        hand_written(coalition.pk)
        baseline.append(time.perf_counter() - started)
    a, b = statistics.median(summary), statistics.median(baseline)
    out(f"coalition {coalition.slug}: {pledges} pledges; payload {len(json.dumps(payload)) / 1024:.0f} KiB")
    out(f"summary (all sections) median {a * 1000:.0f} ms; hand-written per-state SQL {b * 1000:.0f} ms")
    out(f"ratio summary / hand-written: {a / b:.2f} (target <= 2.0)")
    return a / b


def peak_memory(coalition_id) -> float:
    """Peak RSS in MiB of a fresh process that sets Django up, computes the summary and serialises it."""
    code = (
        "import django, json, resource; django.setup(); "
        "from django.utils import timezone; from coalition.models import Coalition; "
        "from summaries.figures import compute_payload; "
        f"c = Coalition.objects.get(pk={int(coalition_id)}); "
        "json.dumps(compute_payload(c, as_of=timezone.now())); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coalition.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def baseline_memory() -> float:
    code = (
        "import django, resource; django.setup(); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coalition.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return int(result.stdout.strip().splitlines()[-1]) / 1024
