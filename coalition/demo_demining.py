"""The second demo coalition: wholly illustrative (it says so in its name and on every page), so that a
newcomer sees every page, chart and start page populated — disclosed pledges in several currencies,
payments, a funded roadmap with orders and deliveries, past and coming meetings, disputes and overdue items.

Nothing here is a fact: the coalition is flagged `is_illustrative` and so is every record that can be.
The seeds' IT Coalition stays as the seeds say (mostly undisclosed). Idempotent like the rest of the demo:
every write is an `upsert`; dates of the coming meetings are counted from today, so a second load on the
same day changes nothing.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from coalition.demo import upsert
from coalition.models import Coalition, Membership, UserRole

SLUG = "demining-demo"
NAME = "Demining Coalition (illustrative demo)"
NOTE = "Illustrative demo record: not a fact."
FOUNDED = date(2024, 5, 14)

MEMBERS = [  # (code, role)
    ("LT", "lead"),
    ("IS", "lead"),
    ("UA", "beneficiary"),
    ("DK", "member"),
    ("GB", "member"),
    ("NL", "member"),
    ("PL", "member"),
    ("US", "member"),
    ("JP", "observer"),
    ("EE", "member"),
    ("LU", "member"),
]

# (key, donor, kind, amount, currency, status, announced_on, review, purpose)
PLEDGES = [
    (
        "lt-1",
        "LT",
        "financial",
        "12500000.00",
        "EUR",
        "committed",
        date(2024, 5, 14),
        "confirmed",
        "Mechanical demining machines",
    ),
    (
        "is-1",
        "IS",
        "in_kind",
        "3000000.00",
        "EUR",
        "fulfilled",
        date(2024, 5, 14),
        "confirmed",
        "Training of deminers",
    ),
    (
        "dk-1",
        "DK",
        "financial",
        "60000000.00",
        "DKK",
        "committed",
        date(2024, 6, 20),
        "confirmed",
        "Detectors and protective equipment",
    ),
    (
        "gb-1",
        "GB",
        "financial",
        "8000000.00",
        "GBP",
        "confirmed",
        date(2024, 9, 12),
        "needs_review",
        "Survey drones",
    ),
    (
        "us-1",
        "US",
        "financial",
        "15000000.00",
        "USD",
        "confirmed",
        date(2024, 9, 12),
        "disputed",
        "Explosive ordnance disposal kits",
    ),
    (
        "pl-1",
        "PL",
        "in_kind",
        "20000000.00",
        "PLN",
        "announced",
        date(2025, 2, 3),
        "needs_review",
        "Armoured clearance vehicles",
    ),
    (
        "nl-1",
        "NL",
        "financial",
        "4000000.00",
        "EUR",
        "confirmed",
        date(2025, 2, 3),
        "confirmed",
        "Mine-risk education",
    ),
    (
        "ee-1",
        "EE",
        "financial",
        "2500000.00",
        "EUR",
        "confirmed",
        date(2025, 2, 3),
        "needs_review",
        "Field data system for cleared areas",
    ),
    (
        "lu-1",
        "LU",
        "financial",
        "1800000.00",
        "EUR",
        "committed",
        date(2025, 6, 10),
        "disputed",
        "Satellite survey of contaminated land",
    ),
    (
        "ee-2",
        "EE",
        "services",
        None,
        "EUR",
        "announced",
        date(2025, 6, 10),
        "needs_review",
        "Further contribution, amount not yet disclosed",
    ),
]
# (pledge key, amount in the pledge's currency, paid on)
PAYMENTS = [
    ("lt-1", "5000000.00", date(2024, 7, 1)),
    ("lt-1", "2500000.00", date(2025, 1, 15)),
    ("is-1", "3000000.00", date(2024, 11, 30)),
    ("dk-1", "20000000.00", date(2024, 9, 1)),
    ("nl-1", "1000000.00", date(2025, 4, 1)),
    ("lu-1", "900000.00", date(2025, 9, 1)),
]
# (title, area, year, quarter, low, high, status, lead)
ITEMS = [
    ("Mechanical demining machines (12)", "Clearance", 2024, 3, "11000000", "14000000", "delivering", "LT"),
    (
        "Metal detectors and protective kits (4,000)",
        "Clearance",
        2024,
        4,
        "7000000",
        "9000000",
        "delivered",
        "DK",
    ),
    (
        "Survey drones with multispectral sensors (60)",
        "Survey",
        2025,
        1,
        "6000000",
        "8000000",
        "contracted",
        "GB",
    ),
    ("Deminer training centre, first year", "Training", 2025, 2, "2500000", "3500000", "delivering", "IS"),
    ("Armoured clearance vehicles (20)", "Clearance", 2025, 4, "18000000", "25000000", "tendering", "PL"),
    ("Field data system for cleared land", "Survey", 2026, 1, "1500000", "2500000", "requirements", "EE"),
]
AREAS = [
    ("Clearance", "Machines, detectors and vehicles"),
    ("Survey", "Finding contaminated land"),
    ("Training", "Deminers and mine-risk education"),
]
# (item index, pledge key, amount in the pledge's currency)
ALLOCATIONS = [
    (0, "lt-1", "11000000.00"),
    (1, "dk-1", "50000000.00"),
    (3, "is-1", "3000000.00"),
    (2, "nl-1", "1500000.00"),
]
# (item index, supplier, reference, value EUR, ordered on, quantity, [(quantity, expected on, delivered on)])
ORDERS = [
    (
        0,
        "Example Machines Ltd (illustrative)",
        "DEMO-ORD-001",
        "11000000",
        date(2024, 8, 1),
        12,
        [
            (4, date(2024, 12, 1), date(2024, 12, 5)),
            (4, date(2025, 6, 1), date(2025, 6, 20)),
            (4, date(2026, 3, 1), None),
        ],
    ),
    (
        1,
        "Example Detectors A/S (illustrative)",
        "DEMO-ORD-002",
        "7800000",
        date(2024, 7, 15),
        4000,
        [(2000, date(2024, 10, 1), date(2024, 10, 3)), (2000, date(2025, 1, 15), date(2025, 1, 20))],
    ),
    (
        2,
        "Example Drones plc (illustrative)",
        "DEMO-ORD-003",
        "6500000",
        date(2025, 3, 1),
        60,
        [(30, date(2025, 9, 1), None), (30, date(2027, 2, 1), None)],
    ),
]


def _at(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def load(context):
    from contributions.models import Disbursement, Pledge
    from meetings.models import ActionItem, Invitation, Meeting, Minutes
    from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem

    participants = context["participants"]
    users = context["users"]
    coalition, _ = upsert(
        Coalition,
        {"slug": SLUG},
        {
            "name": NAME,
            "short_name": "Demining (demo)",
            "description": (
                "A wholly illustrative coalition for demonstration: every name, figure and date in it is an "
                "example, not a fact. It shows what the portal looks like once figures are disclosed."
            ),
            "beneficiary": participants["UA"],
            "founded_on": FOUNDED,
            "is_illustrative": True,
        },
    )
    for code, role in MEMBERS:
        upsert(
            Membership,
            {"coalition": coalition, "participant": participants[code], "left_on": None},
            {"role": role, "joined_on": FOUNDED, "is_illustrative": True, "source": "", "note": NOTE},
        )
    for username, kind, code in [
        ("secretariat", "secretariat", None),
        ("delegate-ee", "delegate", "EE"),
        ("delegate-lu", "delegate", "LU"),
        ("observer", "observer", None),
    ]:
        upsert(
            UserRole,
            {"user": users[username], "coalition": coalition},
            {"kind": kind, "participant": participants.get(code)},
        )
    secretariat = users["secretariat"]

    pledges = {}
    for key, donor, kind, amount, currency, status, announced, review, purpose in PLEDGES:
        later = announced + timedelta(days=20)
        defaults = {
            "kind": kind,
            "amount": Decimal(amount) if amount else None,
            "currency": currency,
            "status": status,
            "purpose": purpose,
            "confirmed_on": announced if status in ("confirmed", "committed", "fulfilled") else None,
            "committed_on": later if status in ("committed", "fulfilled") else None,
            "fulfilled_on": later + timedelta(days=150) if status == "fulfilled" else None,
            "review_status": review,
            "review_comment": (
                "The amount we announced differs from the one recorded (illustrative dispute)."
                if review == "disputed"
                else ""
            ),
            "reviewed_at": _at(later) if review != "needs_review" else None,
            "note": NOTE,
            "source": "",
        }
        pledges[key], _ = upsert(
            Pledge,
            {"coalition": coalition, "external_reference": f"DEMO-{key.upper()}"},
            {"donor": participants[donor], "announced_on": announced, "is_illustrative": True, **defaults},
        )
    for number, (key, amount, paid_on) in enumerate(PAYMENTS, start=1):
        pledge = pledges[key]
        upsert(
            Disbursement,
            {"pledge": pledge, "reference": f"DEMO-PAY-{number:03d}"},
            {
                "coalition": coalition,
                "amount": Decimal(amount),
                "currency": pledge.currency,
                "amount_in_pledge_currency": Decimal(amount),
                "paid_on": paid_on,
                "is_illustrative": True,
                "note": NOTE,
            },
        )

    areas = {}
    for position, (name, description) in enumerate(AREAS, start=1):
        areas[name], _ = upsert(
            CapabilityArea,
            {"coalition": coalition, "name": name},
            {"description": description, "position": position},
        )
    items = []
    for priority, (title, area, year, quarter, low, high, status, lead) in enumerate(ITEMS, start=1):
        item, _ = upsert(
            RoadmapItem,
            {"coalition": coalition, "title": title},
            {
                "capability_area": areas[area],
                "planned_year": year,
                "planned_quarter": quarter,
                "priority": priority,
                "lead": participants[lead],
                "estimated_cost_low": Decimal(low),
                "estimated_cost_high": Decimal(high),
                "currency": "EUR",
                "estimated_on": FOUNDED,
                "status": status,
                "status_changed_on": date(year, 3 * quarter - 2, 1),
                "source": "",
                "is_illustrative": True,
                "note": NOTE,
            },
        )
        items.append(item)
    for index, key, amount in ALLOCATIONS:
        upsert(
            Allocation,
            {"pledge": pledges[key], "roadmap_item": items[index]},
            {"amount": Decimal(amount), "note": NOTE, "created_by": secretariat},
        )
    for index, supplier, reference, value, ordered_on, quantity, deliveries in ORDERS:
        order, _ = upsert(
            Order,
            {"roadmap_item": items[index], "contract_reference": reference},
            {
                "supplier": supplier,
                "value": Decimal(value),
                "currency": "EUR",
                "ordered_on": ordered_on,
                "quantity": quantity,
                "source": "",
                "is_illustrative": True,
                "note": NOTE,
            },
        )
        for number, (delivery_quantity, expected_on, delivered_on) in enumerate(deliveries, start=1):
            upsert(
                Delivery,
                {"order": order, "note": f"Shipment {number} (illustrative)"},
                {
                    "quantity": delivery_quantity,
                    "expected_on": expected_on,
                    "delivered_on": delivered_on,
                    "source": "",
                    "is_illustrative": True,
                },
            )

    today = timezone.localdate()
    coming = today + timedelta(days=(10 - today.weekday()) % 7 + 7)  # a Thursday one to two weeks ahead
    meetings = {}
    for number, title, day, status in [
        (1, "Founding meeting (illustrative)", FOUNDED, "held"),
        (2, "Second meeting (illustrative)", date(2024, 9, 12), "held"),
        (3, "Third meeting (illustrative)", date(2025, 2, 3), "held"),
        (4, "Fourth meeting (illustrative)", date(2025, 6, 10), "held"),
        (5, "Coming meeting (illustrative)", coming, "planned"),
    ]:
        meetings[number], _ = upsert(
            Meeting,
            {"coalition": coalition, "number": number},
            {
                "title": title,
                "starts_at": _at(day, 9),
                "ends_at": _at(day, 16),
                "place": "Vilnius" if number % 2 else "Reykjavík",
                "status": status,
                "source": "",
                "is_illustrative": True,
            },
        )
    for code in ("EE", "LU", "LT", "IS", "DK", "GB", "NL", "PL", "US"):
        upsert(Invitation, {"meeting": meetings[5], "participant": participants[code], "user": None}, {})
    for meeting_number, title, owner, due, status in [
        (3, "Share the survey maps of the eastern regions", "GB", date(2025, 4, 30), "open"),
        (3, "Report on the training centre's first intake", "IS", date(2025, 5, 31), "done"),
        (4, "Confirm the delivery schedule of the clearance vehicles", "PL", date(2025, 9, 30), "open"),
        (4, "Present the field data system's requirements", "EE", today + timedelta(days=30), "open"),
        (4, "Clarify the disputed satellite-survey pledge", "LU", date(2025, 8, 31), "open"),
    ]:
        upsert(
            ActionItem,
            {"meeting": meetings[meeting_number], "title": title},
            {
                "owner_participant": participants[owner],
                "due_on": due,
                "status": status,
                "closed_at": _at(due) if status != "open" else None,
                "source": "",
                "is_illustrative": True,
            },
        )
    upsert(
        Minutes,
        {"meeting": meetings[4]},
        {
            "status": "circulated",
            "text": "Illustrative minutes of the fourth meeting.\n\nThe members reviewed the deliveries and "
            "the survey plans. (Demo text, not a record of any meeting.)",
            "comments_due_on": today + timedelta(days=14),
        },
    )
    context["demining"] = coalition
    return context
