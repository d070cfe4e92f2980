"""Roadmap pages. Views are configuration: rules live in services, reads in selectors.

Split by subject into the modules of this package; every view is importable from here.
"""

from procurement.views.allocations import (
    AllocationCreateView,
    AllocationDeleteView,
    AllocationEditView,
)
from procurement.views.capability_areas import (
    CapabilityAreaCreateView,
    CapabilityAreaEditView,
    CapabilityAreaListView,
)
from procurement.views.items import (
    RoadmapItemCreateView,
    RoadmapItemDeleteView,
    RoadmapItemEditView,
    RoadmapItemTransitionView,
)
from procurement.views.orders import (
    DeliveryCreateView,
    DeliveryDeleteView,
    DeliveryEditView,
    OrderCreateView,
    OrderDeleteView,
    OrderEditView,
)
from procurement.views.roadmap import (
    RoadmapItemDetailView,
    RoadmapListView,
    RoadmapTimelineView,
)

__all__ = [
    "AllocationCreateView",
    "AllocationDeleteView",
    "AllocationEditView",
    "CapabilityAreaCreateView",
    "CapabilityAreaEditView",
    "CapabilityAreaListView",
    "DeliveryCreateView",
    "DeliveryDeleteView",
    "DeliveryEditView",
    "OrderCreateView",
    "OrderDeleteView",
    "OrderEditView",
    "RoadmapItemCreateView",
    "RoadmapItemDeleteView",
    "RoadmapItemDetailView",
    "RoadmapItemEditView",
    "RoadmapItemTransitionView",
    "RoadmapListView",
    "RoadmapTimelineView",
]
