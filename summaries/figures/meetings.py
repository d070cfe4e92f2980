"""Meetings and action items of a coalition's summary: the next meetings, the last one held, and the open
and overdue action items (counts, and the most overdue few)."""

from django.utils import timezone

from coalition.models import Participant
from meetings.models import ActionItem, Meeting
from summaries.sources import Source, fetch_dicts

UPCOMING_KEPT = 5
OVERDUE_KEPT = 10


def _iso_z(value) -> str:
    if timezone.is_naive(value):  # SQLite hands raw timestamps back naive, in UTC
        value = timezone.make_aware(value, timezone.get_fixed_timezone(0))
    return value.astimezone(timezone.get_fixed_timezone(0)).isoformat().replace("+00:00", "Z")


def _meeting(row) -> dict:
    return {
        "id": row["id"],
        "number": row["number"],
        "title": row["title"],
        "starts_at": _iso_z(row["starts_at"]),
        "place": row["place"],
    }


def section(coalition, source: Source, as_of) -> dict:
    today = timezone.localdate(as_of)
    params = source.query_params(coalition=coalition.pk, as_of=as_of, today=today)
    meetings = source.table(Meeting)
    upcoming = fetch_dicts(
        f"""SELECT m.id, m.number, m.title, m.starts_at, m.place FROM {meetings} m
WHERE m.coalition_id = %(coalition)s AND m.starts_at >= %(as_of)s AND m.status <> 'cancelled'
ORDER BY m.starts_at, m.id LIMIT {UPCOMING_KEPT}""",  # noqa: S608 - table names from the models
        params,
    )
    last_held = fetch_dicts(
        f"""SELECT m.id, m.number, m.title, m.starts_at, m.place FROM {meetings} m
WHERE m.coalition_id = %(coalition)s AND m.starts_at < %(as_of)s AND m.status = 'held'
ORDER BY m.starts_at DESC, m.id DESC LIMIT 1""",  # noqa: S608 - table names from the models
        params,
    )
    actions = source.table(ActionItem)
    (counts,) = fetch_dicts(
        f"""SELECT COUNT(*) AS open,
       SUM(CASE WHEN a.due_on < %(today)s THEN 1 ELSE 0 END) AS overdue
FROM {actions} a JOIN {meetings} m ON m.id = a.meeting_id
WHERE m.coalition_id = %(coalition)s AND a.status = 'open'""",  # noqa: S608 - table names from the models
        params,
    )
    overdue = fetch_dicts(
        f"""SELECT a.id, a.title, a.due_on, a.owner_participant_id, m.number AS meeting
FROM {actions} a JOIN {meetings} m ON m.id = a.meeting_id
WHERE m.coalition_id = %(coalition)s AND a.status = 'open' AND a.due_on < %(today)s
ORDER BY a.due_on, a.id LIMIT {OVERDUE_KEPT}""",  # noqa: S608 - table names from the models
        params,
    )
    owners = {
        p["id"]: p
        for p in Participant.objects.filter(pk__in={a["owner_participant_id"] for a in overdue})
        .values("id", "code", "name")
        .order_by()
    }
    return {
        "upcoming": [_meeting(row) for row in upcoming],
        "last_held": _meeting(last_held[0]) if last_held else None,
        "action_items": {
            "open": counts["open"] or 0,
            "overdue": counts["overdue"] or 0,
            "overdue_first": [
                {
                    "id": a["id"],
                    "title": a["title"],
                    "due_on": a["due_on"] if isinstance(a["due_on"], str) else a["due_on"].isoformat(),
                    "owner": owners.get(a["owner_participant_id"]),
                    "meeting": a["meeting"],
                }
                for a in overdue
            ],
        },
    }


def open_action_items(coalition, source: Source, *, until, limit: int) -> tuple[int, list[dict]]:
    """The open action items of the meetings up to `until` (most pressing first: by due date), at most
    `limit` of them, and how many there are in all."""
    from django.contrib.auth import get_user_model

    meetings, actions = source.table(Meeting), source.table(ActionItem)
    params = source.query_params(coalition=coalition.pk, until=until)
    where = f"""FROM {actions} a JOIN {meetings} m ON m.id = a.meeting_id
WHERE m.coalition_id = %(coalition)s AND a.status = 'open' AND m.starts_at <= %(until)s"""
    (count,) = fetch_dicts(f"SELECT COUNT(*) AS n {where}", params)
    rows = fetch_dicts(
        f"""SELECT a.id, a.title, a.due_on, a.owner_participant_id, a.owner_user_id, m.number AS meeting
{where} ORDER BY a.due_on IS NULL, a.due_on, a.id LIMIT {int(limit)}""",
        params,
    )
    participants = dict(
        Participant.objects.filter(pk__in={r["owner_participant_id"] for r in rows}).values_list("id", "name")
    )
    user_ids = {r["owner_user_id"] for r in rows}
    users = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=user_ids)}
    return count["n"], [
        {
            "id": r["id"],
            "title": r["title"],
            "owner": participants.get(r["owner_participant_id"]) or users.get(r["owner_user_id"], ""),
            "due_on": None if r["due_on"] is None else str(r["due_on"]),
            "meeting": r["meeting"],
        }
        for r in rows
    ]
