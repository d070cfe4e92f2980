"""Pagination: page numbers with a `count` where totals matter, cursors on the large lists.

`page_size` is 1..500 on both; anything else (0, 501, "ten") is a 400 naming it, never a silent default.
Cursor lists (`pagination_class = PortalCursorPagination` on their viewsets) walk in a fixed order, newest
record first (`created_at`, then id), which does not move while a client walks: a record changed meanwhile
is neither skipped nor repeated. They answer `next`/`previous` links
without a `count`, and take no `ordering`.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


def strict_page_size(request, name="page_size", default=DEFAULT_PAGE_SIZE) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise ValidationError(
            {name: [_("Give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}]}, code="page_size"
        )
    return int(value)


class PortalPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return strict_page_size(request, self.page_size_query_param, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        page = request.query_params.get(self.page_query_param)
        if page is not None and not (page.isdigit() and int(page) >= 1) and page != "last":
            raise ValidationError({self.page_query_param: [_("Give a page number from 1.")]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(_("There is no page %(page)s.") % {"page": page}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def query_parameters(self) -> set[str]:
        return {self.page_query_param, self.page_size_query_param}


class PortalCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created_at", "-pk")
    invalid_cursor_message = _("The cursor is invalid or expired: start again from the first page.")

    def get_page_size(self, request):
        return strict_page_size(request, self.page_size_query_param, self.page_size)

    def get_ordering(self, request, queryset, view):
        return self.ordering

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
        return parameters

    def query_parameters(self) -> set[str]:
        return {self.cursor_query_param, self.page_size_query_param}


class PageFirstMixin:
    """A list whose rows carry figures computed in SQL (correlated subqueries: EUR rates, sums of payments
    or allocations) chooses its page on the bare rows first, then computes the figures for the page's rows
    only: without it PostgreSQL evaluates them for every row it skips (OFFSET, a deep page) or sorts.

    The page is selected as `values("pk", <cursor ordering columns>)` of the filtered queryset (its WHERE
    and ORDER BY unchanged, so filters and orderings on figures still work), then the full queryset is read
    for those ids, in the page's order. Two queries instead of one; neither grows with the rows skipped."""

    def paginate_queryset(self, queryset):
        paginator = self.paginator
        if paginator is None:
            return None
        columns = [field.lstrip("-") for field in getattr(paginator, "ordering", ())]
        columns = [column for column in columns if column not in ("pk", "id")]
        page = paginator.paginate_queryset(queryset.values("pk", *columns), self.request, view=self)
        if page is None:
            return None
        ids = [row["pk"] for row in page]
        by_id = {record.pk: record for record in queryset.order_by().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]
