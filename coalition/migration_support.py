"""Helpers that migrations import. Keep them stable: old migrations run them on every fresh database."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest


def backfill_timestamps(app_label: str, *, created_from=None, updated_from=None, keep_created=()):
    """A RunPython that gives existing rows a sensible `created_at`/`updated_at` (coalition.Timestamped).

    The new columns hold the migration's time; instead each row gets, for `created_at`, the field named in
    `created_from[model]` (e.g. `invited_at`), or its first change-history date, unless the model is in
    `keep_created` (it already had a `created_at`); for `updated_at`, the fields in `updated_from[model]`
    (first non-null), else its last change-history date, never before `created_at`. History rows get their
    own `history_date` as `updated_at` and, as `created_at`, the same source as the record (or its first
    history date).

    Reverse: nothing to undo (reversing the migration drops the columns).
    """
    created_from = created_from or {}
    updated_from = updated_from or {}

    def forward(apps, schema_editor):
        models = {model.__name__: model for model in apps.get_app_config(app_label).get_models()}
        for name, model in models.items():
            fields = {field.name for field in model._meta.concrete_fields}
            if "updated_at" not in fields or "history_id" in fields:
                continue
            history = models.get(f"Historical{name}")
            first = last = None
            if history is not None:
                dates = history.objects.filter(id=OuterRef("pk")).values("history_date")
                first = Subquery(dates.order_by("history_date")[:1])
                last = Subquery(dates.order_by("-history_date")[:1])
            if name in created_from:
                model.objects.update(created_at=F(created_from[name]))
            elif first is not None and name not in keep_created:
                model.objects.update(created_at=Coalesce(first, F("created_at")))
            created = F("created_at")
            if name in updated_from:
                sources = [F(field) for field in updated_from[name]]
                model.objects.update(updated_at=Greatest(Coalesce(*sources, created), created))
            elif last is not None:
                model.objects.update(updated_at=Greatest(Coalesce(last, created), created))
            else:
                model.objects.update(updated_at=created)
            if history is not None:
                history.objects.update(updated_at=F("history_date"))
                if name in created_from:
                    history.objects.update(created_at=F(created_from[name]))
                elif name not in keep_created:
                    earliest = history.objects.filter(id=OuterRef("id")).order_by("history_date")
                    history.objects.update(created_at=Subquery(earliest.values("history_date")[:1]))

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)
