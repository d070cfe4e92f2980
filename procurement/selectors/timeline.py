"""The roadmap timeline, by year and quarter, bounded per page."""

from dataclasses import dataclass

from django.db.models import (
    Count,
)
from django.utils import timezone

from procurement.models import RoadmapItem
from procurement.selectors.funding import annotate_funding_state
from procurement.selectors.items import roadmap_items_for

FIRST_TIMELINE_YEAR = 2024


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

    One query: the items carry their EUR estimate, funding state and overdue flag (the figures an entry
    shows, not the list's gap, order and delivery figures).
    """
    items = roadmap_items_for(user, coalition, figures=annotate_funding_state)
    items = items.filter(planned_year__gte=from_year)
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
