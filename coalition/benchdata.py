"""The benchmark dataset of issue 12 (`python manage.py generate_benchmark_data --scale N --seed S`).

Scale 1: 6 coalitions (the largest with about 35 % of the rows), 100,000 pledges in 6 currencies, 200,000
payments, 20,000 roadmap items, 50,000 allocations, 2,000 meetings, 50,000 action items; with them the
pledges' and items' transitions, orders and deliveries, decisions, invitations, memberships, and one
history row ("created") for every record of a model that keeps history. Everything is inserted in SQL
(`INSERT ... SELECT generate_series`), seeded, in one transaction, then ANALYZEd. PostgreSQL only.

The pledges, payments, items, meetings and action items come from the summary benchmark's generator
(summaries.bench.generate), so both benchmarks measure the same data. Records get distinct creation times
spread over the years (a real portal's rows were not all created in one second): the API's cursor lists
walk by `created_at`.

`bench` (a secretariat user of every coalition, password "bench-password"), with a read API token (printed),
and `bench-admin` (a superuser, same password, for the Django admin changelists) are created.
"""

import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from summaries import bench as summary_bench

BENCH_USERNAME = "bench"
BENCH_PASSWORD = "bench-password"  # noqa: S105 - a local benchmark login, printed by the command


def _execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _spread_creation_times(out):
    """created_at/updated_at from the record's own dates, plus a second offset that keeps them distinct."""
    from contributions.models import Disbursement, Pledge
    from meetings.models import ActionItem, Meeting
    from procurement.models import Allocation, RoadmapItem

    spreads = [
        (Pledge, "announced_on::timestamptz"),
        (Disbursement, "paid_on::timestamptz"),
        (RoadmapItem, "estimated_on::timestamptz"),
        (Meeting, "starts_at - interval '30 days'"),
        (ActionItem, "(due_on - 30)::timestamptz"),
        (Allocation, "'2024-01-01'::timestamptz"),
    ]
    for model, base in spreads:
        also = (
            ", updated_at = " + base + " + (id %% 86400) * interval '1 second'"
            if any(f.name == "updated_at" for f in model._meta.concrete_fields)
            else ""
        )
        _execute(
            f"UPDATE {_table(model)} SET created_at = {base} + (id %% 86400) * interval '1 second'{also}"  # noqa: S608 - our tables
        )
    out("creation times spread over the years")


def _history_rows(out):
    """One "+" (created) history row for every record of every model that keeps history."""
    from django.apps import apps
    from simple_history.manager import HistoryDescriptor

    total = 0
    for model in apps.get_models():
        if not isinstance(model.__dict__.get("history"), HistoryDescriptor):
            continue  # no history kept (m2m histories stay empty: no m2m rows are generated)
        history = model.history.model
        base_columns = {f.column for f in model._meta.concrete_fields}
        names, values = [], []
        for field in history._meta.concrete_fields:
            if field.primary_key and field.column == "history_id":
                continue
            if field.column in base_columns:
                names.append(connection.ops.quote_name(field.column))
                values.append(f"t.{connection.ops.quote_name(field.column)}")
            elif field.column == "history_date":
                names.append("history_date")
                values.append("t.created_at" if "created_at" in base_columns else "now()")
            elif field.column == "history_type":
                names.append("history_type")
                values.append("'+'")
            elif field.null:
                continue
            else:
                names.append(connection.ops.quote_name(field.column))
                values.append("''")
        rows = _execute(
            f"INSERT INTO {_table(history)} ({', '.join(names)}) "  # noqa: S608 - our tables and columns
            f"SELECT {', '.join(values)} FROM {_table(model)} t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {_table(history)} h WHERE h.id = t.id)"
        )
        total += rows
    out(f"history rows: {total}")


def generate(scale: float, seed: int, out=print) -> str:
    """Generate the dataset; returns the bench user's read API token."""
    from coalition.models import ApiToken, Coalition, Membership, Participant, UserRole
    from coalition.services import api_token_create
    from contributions.figures_store import refresh_pledge_figures
    from contributions.models import Pledge, PledgeTransition
    from meetings.models import Decision, Invitation
    from procurement.models import RoadmapItemTransition

    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark needs PostgreSQL (DATABASE_URL).")
    started = time.monotonic()
    with transaction.atomic():
        summary_bench.generate(scale, seed, out=out, analyze=False)
        bench_ids = "SELECT id FROM coalition_coalition WHERE slug LIKE 'bench-%%'"
        _spread_creation_times(out)
        user = get_user_model().objects.create_user(
            BENCH_USERNAME, email="bench@example.org", password=BENCH_PASSWORD
        )
        get_user_model().objects.create_superuser(  # for the Django admin changelists compared with pages
            f"{BENCH_USERNAME}-admin", email="bench-admin@example.org", password=BENCH_PASSWORD
        )
        coalitions = list(Coalition.objects.filter(slug__startswith="bench-").order_by("slug"))
        UserRole.objects.bulk_create(
            UserRole(user=user, coalition=c, kind=UserRole.Kind.SECRETARIAT) for c in coalitions
        )
        states = list(Participant.objects.filter(name__startswith="Bench state"))
        Membership.objects.bulk_create(
            Membership(coalition=c, participant=p, role=Membership.Role.MEMBER, joined_on="2022-01-01")
            for c in coalitions
            for p in states
        )
        insert = summary_bench.insert
        rows = insert(
            PledgeTransition,
            {
                "pledge": "p.id",
                "from_status": "s.f",
                "to_status": "s.t",
                "effective_on": "p.announced_on + s.n * 20",
                "recorded_at": "p.created_at + s.n * interval '20 days'",
                "recorded_by": str(user.pk),
            },
            f"""FROM contributions_pledge p JOIN (VALUES (0, '', 'announced', 'announced'),
                 (1, 'announced', 'confirmed', 'confirmed'), (2, 'confirmed', 'committed', 'committed'),
                 (3, 'committed', 'fulfilled', 'fulfilled'), (1, 'announced', 'withdrawn', 'withdrawn'))
               s(n, f, t, upto) ON s.n = 0 OR p.status = s.upto
                 OR (p.status IN ('committed', 'fulfilled') AND s.upto = 'confirmed')
                 OR (p.status = 'fulfilled' AND s.upto = 'committed')
            WHERE p.coalition_id IN ({bench_ids})""",
        )
        out(f"pledge transitions: {rows}")
        rows = insert(
            RoadmapItemTransition,
            {
                "roadmap_item": "i.id",
                "from_status": "'identified'",
                "to_status": "i.status",
                "on": "i.estimated_on + 30",
                "recorded_at": "i.created_at + interval '30 days'",
                "actor": str(user.pk),
            },
            "FROM procurement_roadmapitem i WHERE i.status <> 'identified' "
            f"AND i.coalition_id IN ({bench_ids})",
        )
        out(f"roadmap transitions: {rows}")
        rows = insert(
            Decision,
            {
                "coalition": "m.coalition_id",
                "meeting": "m.id",
                "decided_on": "m.starts_at::date",
                "number": "g",
                "text": "'Bench decision ' || g",
                "created_at": "m.starts_at",
                "updated_at": "m.starts_at",
            },
            "FROM meetings_meeting m, generate_series(1, 2) g WHERE m.status = 'held' "
            f"AND m.coalition_id IN ({bench_ids})",
        )
        out(f"decisions: {rows}")
        rows = insert(
            Invitation,
            {
                "meeting": "m.id",
                "participant": "p.id",
                "response": "CASE WHEN m.status = 'held' THEN 'attending' ELSE 'no_answer' END",
                "persons": "CASE WHEN m.status = 'held' THEN 2 ELSE 0 END",
                "invited_at": "m.created_at",
                "created_at": "m.created_at",
                "updated_at": "m.created_at",
            },
            "FROM meetings_meeting m JOIN coalition_participant p ON p.name LIKE 'Bench state%%' "
            f"AND (p.id + m.id) %% 4 = 0 WHERE m.coalition_id IN ({bench_ids})",
        )
        out(f"invitations: {rows}")
        _history_rows(out)
        written = refresh_pledge_figures()  # the stored rate and paid of every pledge: one UPDATE
        out(f"stored figures of {written} pledges")
        ApiToken.objects.filter(user=user).delete()
        _token, secret = api_token_create(user=user, scope=ApiToken.Scope.READ, name="benchmark")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pledges = Pledge.objects.filter(coalition__slug__startswith="bench-").count()
    out(f"generated {pledges} pledges and everything around them in {time.monotonic() - started:.1f} s")
    return secret
