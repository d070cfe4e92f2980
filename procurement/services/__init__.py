"""Every write to the procurement roadmap, with its rules. Pages and the API both call these functions.

Only the secretariat of a coalition writes its roadmap (the models keep the default `secretariat_actions`
and give delegates nothing); delegates and observers read.

The services are split by subject into the modules of this package and all importable from here.
"""

from procurement.services._common import (
    ALLOWED_TRANSITIONS,
    CANCELLABLE,
    DELIVERY_STATUSES,
    NEXT,
    ORDERING_STATUSES,
    Status,
    allowed_transitions,
)
from procurement.services.allocations import (
    allocation_create,
    allocation_delete,
    allocation_update,
    allocations_by_pledge,
    check_pledge_change,
    pledge_allocated,
)
from procurement.services.capability_areas import (
    capability_area_create,
    capability_area_delete,
    capability_area_update,
)
from procurement.services.deliveries import (
    DELIVERY_FIELDS,
    delivery_create,
    delivery_delete,
    delivery_receive,
    delivery_update,
)
from procurement.services.orders import (
    ORDER_FIELDS,
    order_create,
    order_delete,
    order_update,
)
from procurement.services.roadmap_items import (
    ITEM_FIELDS,
    roadmap_item_create,
    roadmap_item_delete,
    roadmap_item_transition,
    roadmap_item_update,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CANCELLABLE",
    "DELIVERY_FIELDS",
    "DELIVERY_STATUSES",
    "ITEM_FIELDS",
    "NEXT",
    "ORDERING_STATUSES",
    "ORDER_FIELDS",
    "Status",
    "allocation_create",
    "allocation_delete",
    "allocation_update",
    "allocations_by_pledge",
    "allowed_transitions",
    "capability_area_create",
    "capability_area_delete",
    "capability_area_update",
    "check_pledge_change",
    "delivery_create",
    "delivery_delete",
    "delivery_receive",
    "delivery_update",
    "order_create",
    "order_delete",
    "order_update",
    "pledge_allocated",
    "roadmap_item_create",
    "roadmap_item_delete",
    "roadmap_item_transition",
    "roadmap_item_update",
]
