"""Bulk writes of an import: new records with their history rows, in one statement per batch."""

from django.db import connection
from django.utils import timezone


def create_in_bulk(model, objs: list, *, actor, batch_size: int = 5000) -> list:
    """`bulk_create` the new records with their "created" history rows, as a save would write them (the
    actor, now, type "+"). On PostgreSQL the history rows are copied from the inserted rows by one
    `INSERT ... SELECT` per batch (the same columns django-simple-history writes; its per-object path
    builds a second model instance per row, which costs more than the insert); elsewhere
    `bulk_create_with_history`. No post-save signal is sent: the import asks for its summary once."""
    from simple_history.utils import bulk_create_with_history

    user = actor if getattr(actor, "pk", None) else None
    if connection.vendor != "postgresql":
        return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user)
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    columns = [field.column for field in history.tracked_fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} ({quoted}, history_date, "  # noqa: S608
        f"history_change_reason, history_type, history_user_id) SELECT {quoted}, %s, NULL, '+', %s "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {model._meta.pk.column} = ANY(%s) "
        f"ORDER BY {model._meta.pk.column}"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(created), batch_size):
            pks = [obj.pk for obj in created[start : start + batch_size]]
            cursor.execute(sql, [now, getattr(user, "pk", None), pks])
    return created
