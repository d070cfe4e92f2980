"""Reads of the roadmap, shared by pages, the API and the demo. Money is summed and converted in the database.

EUR figures come from the contributions rate table (`contributions.fx`): an allocation converts at its
pledge's rate (the announcement date, as the pledge itself does), an estimate at the rate of its price date
(`estimated_on`), an order at the rate of its order date. A missing rate leaves the EUR figure empty and is
counted (`missing_rates`), never guessed.

The selectors are split by subject into the modules of this package and all importable from here.
"""

from procurement.selectors.funding import (
    ZERO,
    FundingState,
    allocations_with_eur,
    annotate_funding,
    orders_with_eur,
)
from procurement.selectors.items import (
    capability_areas_for,
    item_history,
    roadmap_item_detail,
    roadmap_items_for,
)
from procurement.selectors.pledges import (
    PledgeAllocations,
    allocatable_pledges,
    allocations_for_pledge,
    annotate_allocated,
    coalition_allocation_totals,
    deliveries_for,
)
from procurement.selectors.timeline import (
    FIRST_TIMELINE_YEAR,
    TIMELINE_MAX_ITEMS,
    TimelinePage,
    TimelineRow,
    timeline,
    timeline_page,
)

__all__ = [
    "FIRST_TIMELINE_YEAR",
    "TIMELINE_MAX_ITEMS",
    "ZERO",
    "FundingState",
    "PledgeAllocations",
    "TimelinePage",
    "TimelineRow",
    "allocatable_pledges",
    "allocations_for_pledge",
    "allocations_with_eur",
    "annotate_allocated",
    "annotate_funding",
    "capability_areas_for",
    "coalition_allocation_totals",
    "deliveries_for",
    "item_history",
    "orders_with_eur",
    "roadmap_item_detail",
    "roadmap_items_for",
    "timeline",
    "timeline_page",
]
