"""The fast read path in the views: `list` answers through coalition.api.fastread's compiled plan (see
there), with the view's own queryset, filters, pagination and serializer context."""

from django.db.models import prefetch_related_objects
from rest_framework.response import Response

from coalition.api.fastread import _bare, plan_for


def _bare_pk(model, pk):
    obj = _bare(model)
    obj.__dict__[model._meta.pk.attname] = pk
    return obj


def _plain_prefetches(queryset, sources) -> bool:
    """A to-many field's prefetch is ours to run when the view's is the plain one (or none): a Prefetch()
    with its own queryset or `to_attr` may show other records, so DRF answers then."""
    plain = {lookup for lookup in queryset._prefetch_related_lookups if isinstance(lookup, str)}
    custom = {
        getattr(lookup, "prefetch_through", None)
        for lookup in queryset._prefetch_related_lookups
        if not isinstance(lookup, str)
    }
    return all(source not in custom or source in plain for source in sources)


def _standard_view(cls) -> bool:
    """The view serialises and paginates as GenericAPIView does (or PageFirstMixin): else DRF answers."""
    from rest_framework.generics import GenericAPIView

    from coalition.api.pagination import PageFirstMixin

    return cls.get_serializer is GenericAPIView.get_serializer and cls.paginate_queryset in (
        GenericAPIView.paginate_queryset,
        PageFirstMixin.paginate_queryset,
    )


class FastListMixin:
    """`list` answers through the fast read path when the answer is JSON (the browsable API, and any
    serializer the compiler cannot take, go through DRF)."""

    def list(self, request, *args, **kwargs):
        response = self.fast_list(request)
        return response if response is not None else super().list(request, *args, **kwargs)

    def fast_list(self, request):
        if getattr(getattr(request, "accepted_renderer", None), "format", None) != "json":
            return None
        if not _standard_view(type(self)):
            return None
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        plan = plan_for(serializer_class, queryset, lambda: serializer_class(context=context))
        if plan is None or not _plain_prefetches(queryset, plan.prefetch):
            return None
        rows = self._fast_rows(queryset.prefetch_related(None), plan)
        bound = plan.bind(serializer_class(context=context)) if plan.needs_binding else {}
        instances = {}
        if plan.fallback:
            ids = [row["pk"] for row in rows]
            instances = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=ids)}
        elif plan.many:
            instances = {row["pk"]: _bare_pk(queryset.model, row["pk"]) for row in rows}
            prefetch_related_objects(list(instances.values()), *plan.prefetch)
        data = plan.render(rows, instances, bound)
        return self.get_paginated_response(data) if self.paginator is not None else Response(data)

    def _fast_rows(self, queryset, plan):
        from coalition.api.pagination import PageFirstMixin

        paginator = self.paginator
        if paginator is None:
            return list(queryset.values(*plan.lookups))
        columns = [name.lstrip("-") for name in getattr(paginator, "ordering", ()) or ()]
        columns = [name for name in columns if name not in ("pk", "id")]
        if isinstance(self, PageFirstMixin):
            page = paginator.paginate_queryset(queryset.values("pk", *columns), self.request, view=self)
            ids = [row["pk"] for row in page]
            by_id = {row["pk"]: row for row in queryset.order_by().filter(pk__in=ids).values(*plan.lookups)}
            return [by_id[pk] for pk in ids if pk in by_id]
        lookups = plan.lookups + [name for name in columns if name not in plan.lookups]
        return list(paginator.paginate_queryset(queryset.values(*lookups), self.request, view=self))
