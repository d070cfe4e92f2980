"""Filters every list has, beside its own FilterSet: `updated_since` for incremental sync."""

import contextlib

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

UPDATED_SINCE = "updated_since"


def _has_updated_at(model) -> bool:
    return any(field.name == "updated_at" for field in model._meta.concrete_fields)


def parse_aware_datetime(name: str, value: str):
    """An ISO 8601 date-time with its offset (`Z` or `+02:00`), or a 400 naming the parameter."""
    parsed = None
    with contextlib.suppress(ValueError):  # a raw "+" in a query string reads as " "
        parsed = parse_datetime(value.strip().replace(" ", "+"))
    if parsed is None:
        raise ValidationError({name: [_("Give an ISO 8601 date-time, e.g. 2024-04-09T08:00:00Z.")]})
    if parsed.tzinfo is None:
        raise ValidationError({name: [_("Give the time zone too, e.g. 2024-04-09T08:00:00Z (UTC).")]})
    return parsed


class UpdatedSinceFilter(BaseFilterBackend):
    """`?updated_since=<ISO 8601 date-time>`: only records changed at or after that moment (inclusive, so a
    client that remembers the largest `updated_at` it has seen misses nothing)."""

    def _applies(self, view) -> bool:
        queryset = getattr(view, "queryset", None)
        return (
            getattr(view, "action", None) == "list"
            and queryset is not None
            and _has_updated_at(queryset.model)
        )

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(UPDATED_SINCE)
        if value is None or not self._applies(view):
            return queryset
        return queryset.filter(updated_at__gte=parse_aware_datetime(UPDATED_SINCE, value))

    def get_schema_operation_parameters(self, view):
        if not self._applies(view):
            return []
        return [
            {
                "name": UPDATED_SINCE,
                "required": False,
                "in": "query",
                "description": _(
                    "Only records changed at or after this moment (ISO 8601 with offset, e.g. "
                    "2024-04-09T08:00:00Z); compare with each record's `updated_at`."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]

    def query_parameters(self, view) -> set[str]:
        return {UPDATED_SINCE} if self._applies(view) else set()
