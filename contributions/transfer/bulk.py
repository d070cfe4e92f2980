"""Bulk writes of an import: new records with their history rows, and changed records with theirs, in a
few statements per batch (no model instance, signal or query per row on PostgreSQL).

On PostgreSQL new rows go in by `COPY` (ids reserved from the table's sequence first, so they are known
without `RETURNING`) and their history rows are copied from the written rows by one `INSERT ... SELECT`
per batch (the columns django-simple-history writes: the actor, now, type "+" or "~"). Elsewhere (SQLite,
development) the ORM's `bulk_create_with_history` / `bulk_update` do the same. No post-save signal is
sent: the import asks for its summary once, after its commit."""

import datetime
import io
import json
from decimal import Decimal

from django.db import connection
from django.utils import timezone

BATCH = 5000


def _history_user(actor):
    return actor if getattr(actor, "pk", None) else None


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _defaults(model, now):
    """For each column: its attname and the value of a row that does not give it (once per import)."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if stamped or (field.has_default() and field.default is timezone.now):
            default = now
        else:
            default = field.get_default()  # None, or "" for a text field without a default
        columns.append((field.attname, field.column, default))
    return columns


def insert_rows(model, rows: list[dict], *, actor) -> list[int]:
    """Insert `rows` (dicts by attname; a column a row omits takes the field's default) with their
    "created" history rows (if the model keeps history); returns the new ids, in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        pk = model._meta.pk.attname
        objs = [model(**{k: v for k, v in row.items() if k != pk}) for row in rows]
        return [obj.pk for obj in create_in_bulk(model, objs, actor=actor)]
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    now = timezone.now()
    columns = _defaults(model, now)
    names = ", ".join([quote(pk)] + [quote(column) for _a, column, _d in columns])
    ids = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [quote(table), pk, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(rows), BATCH):
            buffer = io.StringIO()
            buffer.writelines(
                "\t".join(
                    [str(pk_value)]
                    + [_copy_value(row.get(attname, default)) for attname, _c, default in columns]
                )
                + "\n"
                for pk_value, row in zip(ids[start : start + BATCH], rows[start : start + BATCH], strict=True)
            )
            buffer.seek(0)
            with connection.wrap_database_errors:  # psycopg2's errors as Django's (IntegrityError...)
                cursor.cursor.copy_expert(f"COPY {quote(table)} ({names}) FROM STDIN", buffer)
    if hasattr(model, "history"):
        copy_history(model, ids, actor=actor, history_type="+", now=now)
    return ids


def copy_history(model, ids: list[int], *, actor, history_type: str, now=None) -> None:
    """One history row per id (PostgreSQL), copied from the written row: "+" created, "~" changed."""
    history = model.history.model
    quote = connection.ops.quote_name
    quoted = ", ".join(quote(field.column) for field in history.tracked_fields)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({quoted}, history_date, "  # noqa: S608
        f"history_change_reason, history_type, history_user_id) SELECT {quoted}, %s, NULL, %s, %s "
        f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = ANY(%s) "
        f"ORDER BY {quote(model._meta.pk.column)}"
    )
    now = now or timezone.now()
    user = getattr(_history_user(actor), "pk", None)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            cursor.execute(sql, [now, history_type, user, ids[start : start + BATCH]])


def update_in_bulk(model, objs: list, fields: list[str], *, actor) -> None:
    """Write `fields` of the changed `objs` (their `updated_at` set now) with their "changed" history rows.
    On PostgreSQL: the values `COPY`'d into a temporary table, then one `UPDATE ... FROM` it (the ORM's
    `bulk_update` builds a CASE per field and row, quadratic in the batch); elsewhere `bulk_update`."""
    if not objs:
        return
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now
    fields = [*fields, "updated_at"]
    if connection.vendor != "postgresql":
        from simple_history.utils import bulk_update_with_history

        bulk_update_with_history(objs, model, fields, batch_size=500, default_user=_history_user(actor))
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    concrete = [model._meta.get_field(name) for name in fields]
    columns = [quote(field.column) for field in concrete]
    temp = quote(f"import_update_{model._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {pk}, {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        for start in range(0, len(objs), BATCH):
            buffer = io.StringIO()
            buffer.writelines(
                "\t".join([str(obj.pk)] + [_copy_value(getattr(obj, field.attname)) for field in concrete])
                + "\n"
                for obj in objs[start : start + BATCH]
            )
            buffer.seek(0)
            with connection.wrap_database_errors:
                cursor.cursor.copy_expert(f"COPY {temp} ({pk}, {', '.join(columns)}) FROM STDIN", buffer)
        assignments = ", ".join(f"{column} = t.{column}" for column in columns)
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {temp} t WHERE {table}.{pk} = t.{pk}")  # noqa: S608
        cursor.execute(f"DROP TABLE {temp}")
    copy_history(model, [obj.pk for obj in objs], actor=actor, history_type="~", now=now)


def create_in_bulk(model, objs: list, *, actor, batch_size: int = BATCH) -> list:
    """`bulk_create` the new records with their "created" history rows (`bulk_create_with_history`, or on
    PostgreSQL the history copied from the inserted rows)."""
    from simple_history.utils import bulk_create_with_history

    if connection.vendor != "postgresql":
        return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=_history_user(actor))
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    copy_history(model, [obj.pk for obj in created], actor=actor, history_type="+")
    return created
