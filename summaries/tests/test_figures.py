"""The summary's figures against independent hand-written SQL over the same data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from contributions.tests.factories import DisbursementFactory, FxRateFactory, PledgeFactory
from meetings.tests.factories import ActionItemFactory, MeetingFactory
from procurement.tests.factories import AllocationFactory, DeliveryFactory, OrderFactory, RoadmapItemFactory
from summaries.figures import compute_payload

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")

# The rate of a pledge: 1 for EUR, else the latest rate on or before its announcement (units per EUR).
RATE = """CASE WHEN p.currency = 'EUR' THEN 1 ELSE (
    SELECT r.rate FROM contributions_fxrate r
    WHERE r.currency = p.currency AND r.date <= p.announced_on ORDER BY r.date DESC LIMIT 1) END"""
OPEN = "('announced', 'confirmed', 'committed', 'fulfilled')"


def sql(query, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


@pytest.fixture
def data(world):
    c = world.coalition
    FxRateFactory(currency="USD", date=date(2024, 1, 31), rate=Decimal("1.2500"))
    FxRateFactory(currency="USD", date=date(2024, 3, 31), rate=Decimal("1.6000"))  # later: not used below
    ee = PledgeFactory(
        coalition=c, donor=world.participants.ee, amount=Decimal("5000000.00"), status="confirmed"
    )
    lu_usd = PledgeFactory(
        coalition=c,
        donor=world.participants.lu,
        amount=Decimal("1000000.00"),
        currency="USD",
        status="committed",
    )
    PledgeFactory(coalition=c, donor=world.participants.lu, amount=None, status="announced")  # undisclosed
    PledgeFactory(coalition=c, donor=world.participants.dk, amount=Decimal("750000.00"), status="withdrawn")
    PledgeFactory(
        coalition=world.other, donor=world.participants.fr, amount=Decimal("9.00")
    )  # another coalition
    DisbursementFactory(pledge=ee, amount=Decimal("1250000.00"))
    DisbursementFactory(pledge=lu_usd, amount=Decimal("500000.00"))
    item = RoadmapItemFactory(
        coalition=c, estimated_cost_low=Decimal("2000000.00"), estimated_cost_high=Decimal("3000000.00")
    )
    AllocationFactory(roadmap_item=item, pledge=ee, amount=Decimal("1500000.00"))
    AllocationFactory(roadmap_item=item, pledge=lu_usd, amount=Decimal("250000.00"))
    order = OrderFactory(roadmap_item=RoadmapItemFactory(coalition=c, status="contracted"))
    DeliveryFactory(order=order, expected_on=timezone.localdate() - timedelta(days=3))
    DeliveryFactory(order=order, expected_on=timezone.localdate() + timedelta(days=3))
    meeting = MeetingFactory(coalition=c)
    ActionItemFactory(meeting=meeting, owner_participant=world.participants.ee, due_on=date(2024, 5, 1))
    ActionItemFactory(meeting=meeting, owner_participant=world.participants.lu)
    return world


def test_contribution_totals_equal_hand_written_sql(data):
    c = data.coalition
    payload = compute_payload(c, as_of=timezone.now())["contributions"]
    ((pledged, committed, undisclosed),) = sql(
        f"""SELECT SUM(CASE WHEN p.status IN {OPEN} THEN p.amount / ({RATE}) END),
                   SUM(CASE WHEN p.status IN ('committed', 'fulfilled') THEN p.amount / ({RATE}) END),
                   SUM(CASE WHEN p.status IN {OPEN} AND p.amount IS NULL THEN 1 ELSE 0 END)
            FROM contributions_pledge p WHERE p.coalition_id = %s""",
        c.pk,
    )
    ((paid,),) = sql(
        f"""SELECT SUM(d.amount / ({RATE})) FROM contributions_disbursement d
            JOIN contributions_pledge p ON p.id = d.pledge_id
            WHERE p.coalition_id = %s AND p.status IN {OPEN}""",
        c.pk,
    )
    totals = payload["totals"]
    assert money(totals["pledged_eur"]) == money(pledged) == Decimal("5800000.00")
    assert money(totals["committed_eur"]) == money(committed) == Decimal("800000.00")
    assert money(totals["paid_eur"]) == money(paid) == Decimal("1650000.00")
    assert money(totals["outstanding_eur"]) == money(pledged) - money(paid)
    assert totals["undisclosed"] == undisclosed == 1

    by_state = dict(
        sql(
            f"""SELECT d.code, SUM(CASE WHEN p.status IN {OPEN} THEN p.amount / ({RATE}) END)
                FROM contributions_pledge p JOIN coalition_participant d ON d.id = p.donor_id
                WHERE p.coalition_id = %s GROUP BY d.code""",
            c.pk,
        )
    )
    assert {row["donor__code"]: money(row["pledged_eur"]) for row in payload["by_state"]} == {
        code: money(v) for code, v in by_state.items()
    }


def test_roadmap_figures_equal_hand_written_sql(data):
    c = data.coalition
    payload = compute_payload(c, as_of=timezone.now())["roadmap"]
    ((funded,),) = sql(
        f"""SELECT SUM(a.amount / ({RATE})) FROM procurement_allocation a
            JOIN contributions_pledge p ON p.id = a.pledge_id
            JOIN procurement_roadmapitem i ON i.id = a.roadmap_item_id WHERE i.coalition_id = %s""",
        c.pk,
    )
    ((overdue,),) = sql(
        """SELECT COUNT(*) FROM procurement_delivery d JOIN procurement_order o ON o.id = d.order_id
           JOIN procurement_roadmapitem i ON i.id = o.roadmap_item_id
           WHERE i.coalition_id = %s AND d.delivered_on IS NULL AND d.expected_on < %s""",
        c.pk,
        timezone.localdate(),
    )
    assert money(payload["totals"]["funded_eur"]) == money(funded) == Decimal("1700000.00")
    assert len(payload["overdue_deliveries"]) == overdue == 1


def test_action_item_counts_equal_hand_written_sql(data):
    c = data.coalition
    payload = compute_payload(c, as_of=timezone.now())["meetings"]["action_items"]
    ((open_, overdue),) = sql(
        """SELECT COUNT(*), SUM(CASE WHEN a.due_on < %s THEN 1 ELSE 0 END) FROM meetings_actionitem a
           JOIN meetings_meeting m ON m.id = a.meeting_id WHERE m.coalition_id = %s AND a.status = 'open'""",
        timezone.localdate(),
        c.pk,
    )
    assert (payload["open"], payload["overdue"]) == (open_, overdue) == (2, 1)


def test_computing_a_summary_takes_a_fixed_number_of_queries(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        compute_payload(data.coalition, as_of=timezone.now())
    for _ in range(20):
        PledgeFactory(coalition=data.coalition, donor=data.participants.dk, amount=Decimal("10.00"))
    with django_assert_max_num_queries(20):
        compute_payload(data.coalition, as_of=timezone.now())
