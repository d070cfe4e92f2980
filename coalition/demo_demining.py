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
from coalition.demo_demining_data import (
    ALLOCATIONS,
    AREAS,
    FOUNDED,
    ITEMS,
    MEMBERS,
    NAME,
    NOTE,
    ORDERS,
    PAYMENTS,
    PLEDGES,
    SLUG,
)
from coalition.models import Coalition, Membership, UserRole


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
