"""Reads of the roadmap, shared by pages, the API and the demo. Money is summed and converted in the database.

EUR figures come from the contributions rate table (`contributions.fx`): an allocation converts at its
pledge's rate (the announcement date, as the pledge itself does), an estimate at the rate of its price date
(`estimated_on`), an order at the rate of its order date. A missing rate leaves the EUR figure empty and is
counted (`missing_rates`), never guessed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.permissions import ADD, can
from contributions.fx import MONEY_FIELD, eur_expression, rate_annotations
from contributions.models import Pledge
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem, RoadmapItemTransition

ZERO = Decimal("0.00")
FIRST_TIMELINE_YEAR = 2024


class FundingState:
    """How much of an item's estimate its allocations cover (the filter on the list page and the API)."""

    UNFUNDED = "unfunded"
    PARTLY = "partly"
    FUNDED = "funded"
    choices = [
        (UNFUNDED, _("Unfunded")),
        (PARTLY, _("Partly funded")),
        (FUNDED, _("Funded")),
    ]


def _zero():
    return Value(ZERO, output_field=MONEY_FIELD)


def allocations_with_eur(queryset=None):
    """Allocations annotated with `fx_rate`, `fx_rate_date` and `amount_eur` (the pledge's rate)."""
    queryset = Allocation.objects.all() if queryset is None else queryset
    return queryset.annotate(
        currency=F("pledge__currency"),
        **rate_annotations(currency="pledge__currency", on="pledge__announced_on"),
    ).annotate(amount_eur=eur_expression("amount", "fx_rate"))


def orders_with_eur(queryset=None):
    queryset = Order.objects.all() if queryset is None else queryset
    return queryset.annotate(**rate_annotations(currency="currency", on="ordered_on")).annotate(
        value_eur=eur_expression("value", "fx_rate")
    )


def _per_item(queryset, expression, *, output_field):
    """A correlated subquery: `expression` aggregated over the rows of `queryset` of the outer item."""
    return Subquery(
        queryset.filter(roadmap_item=OuterRef("pk"))
        .order_by()
        .values("roadmap_item")
        .annotate(total=expression)
        .values("total")[:1],
        output_field=output_field,
    )


def _estimate_eur(column, rate):
    return eur_expression(column, rate)


def annotate_funding(queryset, *, today: date | None = None):
    """Annotate roadmap items with their EUR estimate, funding, gap, over-funding, orders and deliveries.

    All in one query (correlated subqueries per item, no join fan-out), so it can be filtered and ordered in
    SQL: `funding_state` is one of FundingState; `is_overdue` is true when a delivery is past its expected
    date and not delivered.
    """
    today = today or timezone.localdate()
    allocations = allocations_with_eur()
    int_field = IntegerField()
    queryset = queryset.annotate(
        **rate_annotations(currency="currency", on="estimated_on", prefix="estimate_"),
    ).annotate(
        estimate_low_eur=_estimate_eur("estimated_cost_low", "estimate_rate"),
        estimate_high_eur=_estimate_eur("estimated_cost_high", "estimate_rate"),
        allocation_count=Coalesce(_per_item(allocations, Count("pk"), output_field=int_field), 0),
        missing_rates=Coalesce(
            _per_item(allocations.filter(fx_rate__isnull=True), Count("pk"), output_field=int_field),
            0,
        ),
        funded_eur=Coalesce(_per_item(allocations, Sum("amount_eur"), output_field=MONEY_FIELD), _zero()),
        ordered_eur=Coalesce(
            _per_item(orders_with_eur(), Sum("value_eur"), output_field=MONEY_FIELD), _zero()
        ),
        order_count=Coalesce(_per_item(Order.objects.all(), Count("pk"), output_field=int_field), 0),
        ordered_quantity=_per_item(Order.objects.all(), Sum("quantity"), output_field=int_field),
        delivered_quantity=Coalesce(
            Subquery(
                Delivery.objects.filter(order__roadmap_item=OuterRef("pk"), delivered_on__isnull=False)
                .order_by()
                .values("order__roadmap_item")
                .annotate(total=Sum("quantity"))
                .values("total")[:1],
                output_field=int_field,
            ),
            0,
        ),
        is_overdue=Exists(
            Delivery.objects.filter(
                order__roadmap_item=OuterRef("pk"), delivered_on__isnull=True, expected_on__lt=today
            )
        ),
    )
    return queryset.annotate(
        gap_low_eur=Case(
            When(estimate_low_eur__isnull=True, then=Value(None, output_field=MONEY_FIELD)),
            When(funded_eur__gte=F("estimate_low_eur"), then=_zero()),
            default=F("estimate_low_eur") - F("funded_eur"),
            output_field=MONEY_FIELD,
        ),
        gap_high_eur=Case(
            When(estimate_high_eur__isnull=True, then=Value(None, output_field=MONEY_FIELD)),
            When(funded_eur__gte=F("estimate_high_eur"), then=_zero()),
            default=F("estimate_high_eur") - F("funded_eur"),
            output_field=MONEY_FIELD,
        ),
        over_funded_eur=Case(
            When(estimate_high_eur__isnull=True, then=_zero()),
            When(funded_eur__gt=F("estimate_high_eur"), then=F("funded_eur") - F("estimate_high_eur")),
            default=_zero(),
            output_field=MONEY_FIELD,
        ),
        funding_state=Case(
            When(allocation_count=0, then=Value(FundingState.UNFUNDED)),
            When(
                estimate_low_eur__isnull=False,
                funded_eur__gte=F("estimate_low_eur"),
                then=Value(FundingState.FUNDED),
            ),
            default=Value(FundingState.PARTLY),
            output_field=CharField(),
        ),
        estimate_rate_missing=Case(
            When(estimated_cost_low__isnull=False, estimate_rate__isnull=True, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def roadmap_items_for(user, coalition=None):
    """The items the user may see (of `coalition` if given), with funding figures and their relations."""
    queryset = RoadmapItem.objects.visible_to(user)
    if coalition is not None:
        queryset = queryset.filter(coalition=coalition)
    return annotate_funding(
        queryset.select_related("coalition", "capability_area", "expert_group", "lead")
    ).order_by("planned_year", "priority", "pk")


def roadmap_item_detail(user, coalition, pk):
    """One item with its funding sources, orders (with deliveries), transition log; raises DoesNotExist."""
    deliveries = Delivery.objects.order_by("expected_on", "pk")
    return (
        roadmap_items_for(user, coalition)
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=allocations_with_eur().select_related("pledge__donor", "created_by"),
            ),
            Prefetch(
                "orders", queryset=orders_with_eur().prefetch_related(Prefetch("deliveries", deliveries))
            ),
            Prefetch("transitions", queryset=RoadmapItemTransition.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def item_history(item, limit=50):
    """The change history of an item and of its orders, deliveries and allocations, newest first."""
    entries = []
    sources = [
        (_("Item"), item.history.select_related("history_user")),
        (_("Order"), Order.history.filter(roadmap_item_id=item.pk).select_related("history_user")),
        (
            _("Delivery"),
            Delivery.history.filter(order__roadmap_item_id=item.pk).select_related("history_user"),
        ),
        (_("Allocation"), Allocation.history.filter(roadmap_item_id=item.pk).select_related("history_user")),
    ]
    for label, records in sources:
        for record in records.order_by("-history_date")[:limit]:
            entries.append({"kind": label, "record": record, "changes": _changed_fields(record)})
    entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return entries[:limit]


def _changed_fields(record):
    if record.history_type != "~":
        return []
    previous = record.prev_record
    if previous is None:
        return []
    return [change.field for change in record.diff_against(previous).changes]


def capability_areas_for(coalition):
    return CapabilityArea.objects.filter(coalition=coalition).annotate(item_count=Count("roadmap_items"))


# Timeline ---------------------------------------------------------------------------------------------------


@dataclass
class TimelineRow:
    year: int
    quarters: list  # [(quarter or None, [items])]


def timeline(
    user,
    coalition,
    *,
    from_year: int = FIRST_TIMELINE_YEAR,
    include_cancelled: bool = False,
    year: int | None = None,
    limit: int | None = None,
):
    """Items from `from_year` on (of `year` only if given; the first `limit` in year and priority order if
    given), grouped by year and quarter (plus 'during the year' when no quarter).

    One query: the items carry their funding state and overdue flag.
    """
    items = roadmap_items_for(user, coalition).filter(planned_year__gte=from_year)
    if not include_cancelled:
        items = items.exclude(status=RoadmapItem.Status.CANCELLED)
    if year is not None:
        items = items.filter(planned_year=year)
    if limit is not None:
        items = items[:limit]
    grouped: dict[int, dict] = {}
    for item in items:
        grouped.setdefault(item.planned_year, {q: [] for q in (1, 2, 3, 4, None)})
        grouped[item.planned_year][item.planned_quarter].append(item)
    return [
        TimelineRow(year=year, quarters=[(q, grouped[year][q]) for q in (1, 2, 3, 4, None)])
        for year in sorted(grouped)
    ]


TIMELINE_MAX_ITEMS = 300  # a timeline page never renders more (the rest: the roadmap list of that year)


@dataclass
class TimelinePage:
    rows: list  # [TimelineRow]
    years: list  # [(year, number of items)], every year from FIRST_TIMELINE_YEAR with items
    year: int | None  # the year shown, or None: every year (they fit on one page)
    shown: int
    total: int  # items of the year shown (or of every year)

    @property
    def more(self) -> int:
        return self.total - self.shown

    def neighbours(self) -> tuple[int | None, int | None]:
        years = [y for y, _n in self.years]
        if self.year not in years:
            return None, None
        index = years.index(self.year)
        return (years[index - 1] if index else None), (years[index + 1] if index + 1 < len(years) else None)


def timeline_page(
    user,
    coalition,
    *,
    year: int | None = None,
    include_cancelled: bool = False,
    limit: int = TIMELINE_MAX_ITEMS,
) -> TimelinePage:
    """The timeline, bounded: every year when all their items fit in `limit`, otherwise one year (`year`, by
    default the current one, else the next planned, else the last), at most `limit` of its items by
    priority. The years and their counts come from one grouped query on the bare rows."""
    items = RoadmapItem.objects.visible_to(user).filter(
        coalition=coalition, planned_year__gte=FIRST_TIMELINE_YEAR
    )
    if not include_cancelled:
        items = items.exclude(status=RoadmapItem.Status.CANCELLED)
    years = [
        (row["planned_year"], row["n"])
        for row in items.order_by().values("planned_year").annotate(n=Count("pk")).order_by("planned_year")
    ]
    counts = dict(years)
    total = sum(counts.values())
    if year is None and total > limit:
        today = timezone.localdate().year
        year = next((y for y in counts if y >= today), years[-1][0] if years else None)
    if year is not None:
        total = counts.get(year, 0)
    rows = (
        timeline(user, coalition, include_cancelled=include_cancelled, year=year, limit=limit)
        if total
        else []
    )
    shown = sum(len(items) for row in rows for _q, items in row.quarters)
    return TimelinePage(rows=rows, years=years, year=year, shown=shown, total=total)


# Pledges ----------------------------------------------------------------------------------------------------


@dataclass
class PledgeAllocations:
    """The allocations of one pledge and their totals, in the pledge's currency (and EUR).

    Iterating gives the allocations (each with its item, the item's status and delivered quantity).
    """

    pledge: Pledge
    rows: list
    allocated: Decimal
    allocated_eur: Decimal | None
    can_allocate: bool = False

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)

    @property
    def currency(self):
        return self.pledge.currency

    @property
    def remaining(self) -> Decimal | None:
        if self.pledge.amount is None:
            return None
        return self.pledge.amount - self.allocated

    @property
    def share_percent(self) -> Decimal | None:
        if not self.pledge.amount:
            return None
        return (self.allocated * 100 / self.pledge.amount).quantize(Decimal("0.1"))


def allocations_for_pledge(pledge, user=None) -> PledgeAllocations:
    """How much of `pledge` is allocated and to what: pledge → item → delivery, in two queries.

    With `user`, `can_allocate` says whether to offer the allocation form.
    """
    rows = list(
        allocations_with_eur(pledge.allocations.all())
        .select_related("roadmap_item__capability_area", "roadmap_item__coalition", "created_by")
        .annotate(
            item_delivered_quantity=Coalesce(
                Subquery(
                    Delivery.objects.filter(
                        order__roadmap_item=OuterRef("roadmap_item"), delivered_on__isnull=False
                    )
                    .order_by()
                    .values("order__roadmap_item")
                    .annotate(total=Sum("quantity"))
                    .values("total")[:1],
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        .order_by("roadmap_item__planned_year", "roadmap_item__priority", "pk")
    )
    totals = allocations_with_eur(Allocation.objects.filter(pledge=pledge)).aggregate(
        allocated=Sum("amount"), allocated_eur=Sum("amount_eur")
    )
    return PledgeAllocations(
        pledge=pledge,
        rows=rows,
        allocated=totals["allocated"] or ZERO,
        allocated_eur=totals["allocated_eur"],
        can_allocate=user is not None and can(user, ADD, Allocation, coalition=pledge.coalition_id),
    )


def annotate_allocated(pledge_queryset):
    """Annotate pledges with `allocated` (sum of their allocations, pledge currency) and `unallocated`."""
    allocated = Coalesce(
        Subquery(
            Allocation.objects.filter(pledge=OuterRef("pk"))
            .order_by()
            .values("pledge")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=MONEY_FIELD,
        ),
        _zero(),
    )
    return pledge_queryset.annotate(allocated=allocated).annotate(
        unallocated=Case(
            When(amount__isnull=True, then=Value(None, output_field=MONEY_FIELD)),
            default=F("amount") - F("allocated"),
            output_field=MONEY_FIELD,
        )
    )


def allocatable_pledges(user, coalition, *, include=None):
    """Pledges of `coalition` that can take an allocation: a figure, not withdrawn, something left (plus
    `include`, a pledge to offer whatever its state)."""
    queryset = annotate_allocated(
        Pledge.objects.visible_to(user).filter(coalition=coalition).select_related("donor")
    )
    open_ = Q(amount__isnull=False, unallocated__gt=0) & ~Q(status=Pledge.Status.WITHDRAWN)
    if include is not None:
        open_ |= Q(pk=include.pk)
    return queryset.filter(open_).order_by("donor__name", "announced_on", "pk")


def coalition_allocation_totals(coalition) -> dict:
    """The coalition's allocated totals: {currency: amount} and EUR, aggregated in the database."""
    allocations = allocations_with_eur(Allocation.objects.filter(roadmap_item__coalition=coalition))
    by_currency = {
        row["pledge__currency"]: row["total"]
        for row in allocations.order_by()
        .values("pledge__currency")
        .annotate(total=Sum("amount"))
        .values("pledge__currency", "total")
    }
    eur = allocations.aggregate(total=Sum("amount_eur"), missing=Count("pk", filter=Q(fx_rate__isnull=True)))
    return {"by_currency": by_currency, "eur": eur["total"] or ZERO, "missing_rates": eur["missing"]}


def deliveries_for(user):
    return Delivery.objects.visible_to(user).select_related("order__roadmap_item")
