"""The audit trail and the changes feed, read from the change history every model keeps
(django-simple-history) — creations, changes, transitions and deletions, deleted records included — and
the login records of django-axes.

`history_entries()` walks the history tables of the coalition-scoped (and shared) models newest first or
oldest first from a cursor, merging them by time; each entry names the record, the user, the action and
the changed fields with their human labels. The audit page and `/api/v1/audit/` show a coalition's entries
to its secretariat; `/api/v1/changes/` gives an integrator every change it may see, oldest first, for
incremental sync.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from simple_history.models import registered_models

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
TRANSITION_FIELDS = {"status", "state"}
SKIPPED_FIELDS = {"updated_at", "created_at"}


@dataclass(frozen=True)
class Cursor:
    at: datetime
    label: str
    history_id: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.label, self.history_id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            at, label, history_id = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            moment = parse_datetime(at)
            if moment is None or not isinstance(history_id, int):
                raise ValueError(at)
        except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
            raise ValueError(_("This cursor is not one the portal gave.")) from None
        return cls(moment, str(label), history_id)


def audited_models():
    """Every model with a change history, except the rows of many-to-many tables (shown on their owner)."""
    return sorted(
        (m for m in registered_models.values() if "_" not in m.__name__ and hasattr(m, "history")),
        key=lambda m: m._meta.label,
    )


def type_name(model) -> str:
    return model._meta.model_name


def _coalition_filter(model, coalition_ids):
    custom = getattr(model, "coalition_history_filter", None)
    if custom is not None:  # scoped through a relation with many rows (e.g. a token's owner's roles)
        return custom(coalition_ids)
    lookup = getattr(model, "coalition_lookup", "coalition")
    if lookup is None:
        return None  # shared: every coalition's
    first = lookup.split("__")[0]
    if first != "pk" and first not in {f.name for f in model._meta.get_fields()}:
        return Q(pk__in=[])  # scoped some other way (e.g. per user): not a coalition's record
    if lookup == "pk":
        return Q(id__in=coalition_ids)
    return Q(**{f"{lookup}_id__in" if "__" not in lookup else f"{lookup}__in": coalition_ids})


def _changes(record, previous):
    model = record.instance_type
    if previous is None:
        return []
    delta = record.diff_against(previous)
    changes = []
    for change in delta.changes:
        if change.field in SKIPPED_FIELDS:
            continue
        try:
            label = str(model._meta.get_field(change.field).verbose_name)
        except FieldDoesNotExist:  # a field since removed: show its name
            label = change.field
        changes.append(
            {"field": change.field, "label": label, "old": _text(change.old), "new": _text(change.new)}
        )
    return changes


def _text(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def history_entries(
    *,
    coalition_ids,
    include_shared: bool,
    newest_first: bool,
    cursor: Cursor | None = None,
    limit: int = 50,
    types=None,
    record_id=None,
    user_id=None,
    since=None,
    until=None,
    with_changes: bool = True,
    audit_trail: bool = False,
):
    """Up to `limit` history entries after `cursor`, merged across models.

    Returns (entries, the cursor of the next page or None when there is none, the cursor of the last entry).
    Models marked `audit_only` (API tokens) are in the audit trail (`audit_trail=True`), not the changes feed.
    """
    rows = []
    for model in audited_models():
        if types and type_name(model) not in types:
            continue
        if getattr(model, "audit_only", False) and not audit_trail:
            continue
        scope = _coalition_filter(model, coalition_ids)
        if scope is None and not include_shared:
            continue
        queryset = model.history.all().select_related("history_user")
        if scope is not None:
            queryset = queryset.filter(scope)
        if record_id is not None:
            queryset = queryset.filter(id=record_id)
        if user_id is not None:
            queryset = queryset.filter(history_user_id=user_id)
        if since is not None:
            queryset = queryset.filter(history_date__gte=since)
        if until is not None:
            queryset = queryset.filter(history_date__lt=until)
        label = model._meta.label_lower
        if cursor is not None:
            queryset = queryset.filter(_beyond(cursor, label, newest_first))
        order = ("-history_date", "-history_id") if newest_first else ("history_date", "history_id")
        rows += [
            (record.history_date, label, record.history_id, model, record)
            for record in queryset.order_by(*order)[: limit + 1]
        ]
    rows.sort(key=lambda row: (row[0], row[1], row[2]), reverse=newest_first)
    page = rows[:limit]
    entries = [_entry(model, record, with_changes) for _at, _label, _hid, model, record in page]
    last = Cursor(page[-1][0], page[-1][1], page[-1][2]).encode() if page else None
    return entries, (last if len(rows) > limit else None), last


def _beyond(cursor, label, newest_first):
    """Rows strictly after the cursor in (history_date, model label, history_id) order (or before, newest
    first), for the history table of the model with `label`."""
    earlier = "lt" if newest_first else "gt"
    past = Q(**{f"history_date__{earlier}": cursor.at})
    if label == cursor.label:
        return past | Q(history_date=cursor.at, **{f"history_id__{earlier}": cursor.history_id})
    if (label < cursor.label) == newest_first:
        return past | Q(history_date=cursor.at)
    return past


def _entry(model, record, with_changes):
    previous = record.prev_record if with_changes and record.history_type != "+" else None
    changes = _changes(record, previous) if previous is not None else []
    action = ACTIONS.get(record.history_type, record.history_type)
    if action == "changed" and any(c["field"] in TRANSITION_FIELDS for c in changes):
        action = "transition"
    user = record.history_user
    return {
        "id": f"{model._meta.label_lower}:{record.history_id}",
        "at": record.history_date,
        "action": action,
        "type": type_name(model),
        "type_label": str(model._meta.verbose_name),
        "record_id": str(record.id),
        "record": _label_of(record),
        "user": user.get_username() if user else None,
        "user_id": user.pk if user else None,
        "changes": changes,
    }


def _label_of(record):
    try:
        return str(record.instance)
    except Exception:  # a record whose parents are gone cannot always say its name: its kind and id then
        return f"{record.instance_type._meta.verbose_name} {record.id}"


# Logins, failed logins, lockouts and token use ---------------------------------------------------------


def security_events(*, coalition_id, since=None, until=None, limit=200):
    """Logins, failed logins and lockouts of the users who hold a role in the coalition, and the last use
    of their API tokens, newest first."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from coalition.models import ApiToken

    users = get_user_model().objects.filter(coalition_roles__coalition_id=coalition_id)
    usernames = list(users.values_list("username", flat=True))
    events = []

    def window(queryset, field):
        if since is not None:
            queryset = queryset.filter(**{f"{field}__gte": since})
        if until is not None:
            queryset = queryset.filter(**{f"{field}__lt": until})
        return queryset.order_by(f"-{field}")[:limit]

    for log in window(AccessLog.objects.filter(username__in=usernames), "attempt_time"):
        events.append(_event(log.attempt_time, "login", log.username, log.ip_address))
    for log in window(AccessFailureLog.objects.filter(username__in=usernames), "attempt_time"):
        action = "locked_out" if log.locked_out else "login_failed"
        events.append(_event(log.attempt_time, action, log.username, log.ip_address))
    for attempt in window(AccessAttempt.objects.filter(username__in=usernames), "attempt_time"):
        events.append(
            _event(
                attempt.attempt_time,
                "failed_logins",
                attempt.username,
                attempt.ip_address,
                _("%(n)s failed logins in the lockout window") % {"n": attempt.failures_since_start},
            )
        )
    tokens = ApiToken.objects.filter(user__in=users, last_used_at__isnull=False).select_related("user")
    for token in window(tokens, "last_used_at"):
        events.append(
            _event(
                token.last_used_at,
                "token_used",
                token.user.get_username(),
                None,
                _("token %(prefix)s… (%(scope)s)") % {"prefix": token.prefix, "scope": token.scope},
            )
        )
    events.sort(key=lambda e: e["at"], reverse=True)
    return events[:limit]


def _event(at, action, username, address, detail=""):
    return {"at": at, "action": action, "user": username, "address": address, "detail": detail}
