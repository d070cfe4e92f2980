"""List filtering: each model's FilterSet, and `updated_since` (for incremental sync) on every list."""

import contextlib

import django_filters
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import CursorPagination

from coalition.filtering import ScopedFilterBackend

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
            getattr(view, "action", None) in getattr(view, "filtered_actions", ("list",))
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

    def query_parameters(self, view, request) -> set[str]:
        return {UPDATED_SINCE} if self._applies(view) else set()


class PortalFilterBackend(ScopedFilterBackend):
    """The model's FilterSet; on a cursor-paginated list, without `ordering` (the cursor fixes the order)."""

    _without_ordering = {}

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None or not issubclass(
            getattr(view, "pagination_class", None) or object, CursorPagination
        ):
            return filterset_class
        if "ordering" not in filterset_class.base_filters:
            return filterset_class
        if filterset_class not in self._without_ordering:
            subclass = type(
                filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__}
            )
            subclass.base_filters = {k: v for k, v in filterset_class.base_filters.items() if k != "ordering"}
            self._without_ordering[filterset_class] = subclass
        return self._without_ordering[filterset_class]

    def filter_queryset(self, request, queryset, view):
        """Without any of its parameters a FilterSet filters nothing: it is then not built (building it
        scopes every choice filter's queryset to the user, a few ms per request). A FilterSet that shapes
        the queryset itself (its own `filter_queryset` or `qs`) is always built."""
        base = getattr(view, "queryset", None)
        filterset_class = self.get_filterset_class(view, queryset if base is None else base)
        if (
            filterset_class is not None
            and filterset_class.filter_queryset is django_filters.FilterSet.filter_queryset
            and filterset_class.qs is django_filters.FilterSet.qs
            and not set(request.query_params) & self._parameters(filterset_class)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def query_parameters(self, view, request) -> set[str]:
        """The query parameters this list's FilterSet reads (a multi-value widget reads several)."""
        # The FilterSet class depends on the model only: the view's base queryset (when it has one) spares
        # building its scoped, annotated queryset once more per request.
        queryset = getattr(view, "queryset", None)
        filterset_class = self.get_filterset_class(
            view, queryset if queryset is not None else view.get_queryset()
        )
        return set() if filterset_class is None else set(self._parameters(filterset_class))

    _names: dict = {}

    def _parameters(self, filterset_class) -> frozenset[str]:
        names = self._names.get(filterset_class)
        if names is None:
            names = self._names[filterset_class] = frozenset(self._read_parameters(filterset_class))
        return names

    @staticmethod
    def _read_parameters(filterset_class) -> set[str]:
        names = set()
        for name, filter_ in filterset_class.base_filters.items():
            suffixes = (
                getattr(filter_.field_class.widget, "suffixes", None)
                if hasattr(filter_, "field_class")
                else None
            )
            widget = filter_.extra.get("widget")
            suffixes = getattr(widget, "suffixes", None) or suffixes
            names |= {f"{name}_{suffix}" if suffix else name for suffix in suffixes} if suffixes else {name}
        return names
