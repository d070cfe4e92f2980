"""Demo roadmap for 2024, consistent with the seeds.

Facts from the second steering-group meeting (2024-04-09): the group reviewed "the status of current
purchases and priorities for 2024", worked on "a roadmap for procurement planning in 2024 and beyond",
"placed the first orders, and the first deliveries are already on the way"; and Estonia could buy
projectiles and missiles "worth about two to three billion euros ... if the allies provide funds"
(Minister of Defence Hanno Pevkur in Postimees). The items, orders, deliveries and their figures are
illustrative — except the munitions range, which is a fact. Allocations come only from pledges whose
figures are themselves illustrative.

Every write goes through `coalition.demo.upsert`, so a second load changes nothing.
"""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum

from coalition.demo import SECOND_MEETING, SECOND_MEETING_ON, upsert
from coalition.models import ExpertGroup
from contributions.models import Pledge
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem, RoadmapItemTransition

ILLUSTRATIVE = (
    SECOND_MEETING + " (status of current purchases and priorities for 2024 reviewed, first orders placed, "
    "first deliveries on the way; this item and its figures are illustrative)"
)
MUNITIONS_SOURCE = (
    "Minister of Defence of Estonia Hanno Pevkur in an interview with Postimees, reported with the second "
    "steering-group meeting (MoD of Ukraine, 2024-04-09)"
)

AREAS = [
    ("Secure communications", "Secure, resilient military communications."),
    ("Cyber defence", "Detection, response and hardening of military networks."),
    ("IT infrastructure", "Data centres, networks and deployable IT for the Armed Forces and the Ministry."),
    ("Munitions", "Outside the IT portfolio: opportunities coordinated with the coalition's funders."),
]

S = RoadmapItem.Status
LIFECYCLE = [S.REQUIREMENTS, S.TENDERING, S.CONTRACTED, S.DELIVERING]

# title, area, year, quarter, priority, lead, expert group, low, high, quantity, unit, status, move dates
ITEMS = [
    (
        "Secure tactical radios",
        "Secure communications",
        2024,
        1,
        1,
        "EE",
        "Secure communications",
        Decimal("8000000"),
        Decimal("10000000"),
        2000,
        "radios",
        S.DELIVERING,
        [date(2024, 2, 2), date(2024, 2, 20), date(2024, 3, 15), date(2024, 4, 2)],
    ),
    (
        "Security operations centre tooling",
        "Cyber defence",
        2024,
        2,
        2,
        "LU",
        "Cyber defence",
        Decimal("3000000"),
        Decimal("4500000"),
        None,
        "",
        S.CONTRACTED,
        [date(2024, 2, 2), date(2024, 2, 26), date(2024, 3, 28)],
    ),
    (
        "Deployable data-centre modules",
        "IT infrastructure",
        2024,
        3,
        3,
        "LV",
        "IT infrastructure",
        Decimal("6000000"),
        Decimal("9000000"),
        12,
        "modules",
        S.TENDERING,
        [date(2024, 2, 2), date(2024, 4, 9)],
    ),
    (
        "Field network kits for brigade headquarters",
        "IT infrastructure",
        2024,
        4,
        4,
        "LT",
        "IT infrastructure",
        Decimal("2000000"),
        Decimal("3500000"),
        150,
        "kits",
        S.REQUIREMENTS,
        [date(2024, 4, 9)],
    ),
    (
        "Satellite communication terminals",
        "Secure communications",
        2025,
        1,
        1,
        "EE",
        "Secure communications",
        Decimal("5000000"),
        Decimal("7000000"),
        400,
        "terminals",
        S.IDENTIFIED,
        [],
    ),
]

# item title -> (supplier, reference, value, ordered_on, quantity, [(quantity, expected_on)])
ORDERS = {
    "Secure tactical radios": (
        "Illustrative supplier A",
        "ITC-2024-001",
        Decimal("4200000"),
        date(2024, 3, 15),
        1000,
        [(400, date(2024, 4, 30)), (600, date(2024, 6, 28))],
    ),
    "Security operations centre tooling": (
        "Illustrative supplier B",
        "ITC-2024-002",
        Decimal("1500000"),
        date(2024, 3, 28),
        1,
        [(1, date(2024, 5, 15))],
    ),
}

MUNITIONS_TITLE = "Projectiles and missiles for the Armed Forces of Ukraine (conditional opportunity)"


def _areas(coalition):
    areas = {}
    for position, (name, description) in enumerate(AREAS, start=1):
        areas[name], _ = upsert(
            CapabilityArea,
            {"coalition": coalition, "name": name},
            {"description": description, "position": position},
        )
    return areas


def _transitions(item, dates, actor):
    previous = S.IDENTIFIED
    for to_status, on in zip(LIFECYCLE, dates, strict=False):
        upsert(
            RoadmapItemTransition,
            {"roadmap_item": item, "to_status": to_status},
            {"from_status": previous, "on": on, "actor": actor, "note": "Illustrative date."},
        )
        previous = to_status


def _orders(item, spec):
    supplier, reference, value, ordered_on, quantity, deliveries = spec
    order, _ = upsert(
        Order,
        {"roadmap_item": item, "contract_reference": reference},
        {
            "supplier": supplier,
            "value": value,
            "currency": "EUR",
            "ordered_on": ordered_on,
            "quantity": quantity,
            "source": SECOND_MEETING + " (first orders placed; this order and its figures are illustrative)",
            "is_illustrative": True,
            "note": "",
        },
    )
    for number, (delivery_quantity, expected_on) in enumerate(deliveries, start=1):
        upsert(
            Delivery,
            {"order": order, "note": f"Shipment {number}"},
            {
                "quantity": delivery_quantity,
                "expected_on": expected_on,
                "delivered_on": None,
                "source": SECOND_MEETING
                + " (first deliveries on the way; quantities and dates illustrative, arrival not recorded)",
                "is_illustrative": True,
            },
        )


def _allocate(coalition, items, actor):
    """Allocate part of each pledge whose figure is illustrative (never one stated as a fact, undisclosed or
    withdrawn), within what is left of it, to the 2024 IT items in turn."""
    pledges = (
        Pledge.objects.filter(coalition=coalition, amount__isnull=False, is_illustrative=True)
        .exclude(status=Pledge.Status.WITHDRAWN)
        .select_related("donor")
        .order_by("donor__code", "announced_on", "pk")
    )
    targets = [item for item in items if item.planned_year == 2024 and item.status != S.IDENTIFIED]
    made = []
    for index, pledge in enumerate(pledges):
        if not targets:
            break
        item = targets[index % len(targets)]
        others = (
            Allocation.objects.filter(pledge=pledge)
            .exclude(roadmap_item=item)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        wanted = (pledge.amount * Decimal("0.4")).quantize(Decimal("1000"), rounding=ROUND_DOWN)
        amount = min(wanted, pledge.amount - others)
        if amount <= 0:
            continue
        allocation, _ = upsert(
            Allocation,
            {"pledge": pledge, "roadmap_item": item},
            {
                "amount": amount,
                "note": "Illustrative allocation of an illustrative pledge figure.",
                "created_by": actor,
            },
        )
        made.append(allocation)
    return made


def load(context):
    coalition = context["coalition"]
    participants = context["participants"]
    actor = context.get("users", {}).get("secretariat")
    areas = _areas(coalition)
    groups = {group.name: group for group in ExpertGroup.objects.filter(coalition=coalition)}

    items = []
    for title, area, year, quarter, priority, lead, group, low, high, quantity, unit, status, dates in ITEMS:
        item, _ = upsert(
            RoadmapItem,
            {"coalition": coalition, "title": title},
            {
                "capability_area": areas[area],
                "planned_year": year,
                "planned_quarter": quarter,
                "priority": priority,
                "lead": participants[lead],
                "expert_group": groups.get(group),
                "estimated_cost_low": low,
                "estimated_cost_high": high,
                "currency": "EUR",
                "estimated_on": SECOND_MEETING_ON,
                "quantity": quantity,
                "unit": unit,
                "status": status,
                "status_changed_on": dates[-1] if dates else SECOND_MEETING_ON,
                "source": ILLUSTRATIVE,
                "is_illustrative": True,
                "note": "Illustrative: the seeds name no item, figure or supplier.",
            },
        )
        _transitions(item, dates, actor)
        if title in ORDERS:
            _orders(item, ORDERS[title])
        items.append(item)

    munitions, _ = upsert(
        RoadmapItem,
        {"coalition": coalition, "title": MUNITIONS_TITLE},
        {
            "capability_area": areas["Munitions"],
            "planned_year": 2024,
            "planned_quarter": None,
            "priority": 5,
            "lead": participants["EE"],
            "expert_group": None,
            "estimated_cost_low": Decimal("2000000000"),
            "estimated_cost_high": Decimal("3000000000"),
            "currency": "EUR",
            "estimated_on": SECOND_MEETING_ON,
            "quantity": None,
            "unit": "",
            "status": S.IDENTIFIED,
            "status_changed_on": SECOND_MEETING_ON,
            "source": MUNITIONS_SOURCE,
            "is_illustrative": False,
            "description": (
                "Estonia has found an opportunity to purchase projectiles and missiles worth about two to "
                "three billion euros for the Armed Forces of Ukraine, if the allies provide funds."
            ),
            "note": (
                "Conditional: only if the allies provide funds; unfunded. Postimees estimates it may be "
                "about one million projectiles and rockets for Grad MLRS (the publication's estimate, not "
                "recorded as the quantity). Planned year and priority are illustrative."
            ),
        },
    )
    items.append(munitions)
    allocations = _allocate(coalition, items, actor)
    context["roadmap_items"] = {item.title: item for item in items}
    context["allocations"] = allocations
    return context
