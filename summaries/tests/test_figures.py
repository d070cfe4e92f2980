"""The summary's figures: exact on a ledger worked out by hand, equal to independent hand-written SQL on a
generated ledger, and consistent with themselves (every roll-up sums to the totals; all = facts +
illustrative; totals are sums of the per-pledge figures the pledge pages show)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from contributions.models import Pledge
from contributions.selectors import annotate_figures
from contributions.tests.factories import DisbursementFactory, FxRateFactory, PledgeFactory
from meetings.tests.factories import ActionItemFactory, MeetingFactory
from procurement.tests.factories import AllocationFactory, DeliveryFactory, OrderFactory, RoadmapItemFactory
from summaries.figures import compute_payload
from summaries.tests.ledgers import generate_ledger

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")
D = Decimal


def sql(query, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)


def stage(figures, name):
    (row,) = [s for s in figures["stages"] if s["stage"] == name]
    return row


@pytest.fixture
def ledger(world):
    """Worked out by hand below. Rates: USD 1.25 (a later 1.60 unused), DKK 7.46, no rate for GBP."""
    c, p = world.coalition, world.participants
    FxRateFactory(currency="USD", date=date(2024, 1, 31), rate=D("1.2500"))
    FxRateFactory(currency="USD", date=date(2024, 3, 31), rate=D("1.6000"))
    FxRateFactory(currency="DKK", date=date(2024, 1, 1), rate=D("7.4600"))
    ee_confirmed = PledgeFactory(coalition=c, donor=p.ee, amount=D("5000000.00"), status="confirmed")
    DisbursementFactory(pledge=ee_confirmed, amount=D("1250000.00"))
    DisbursementFactory(pledge=ee_confirmed, amount=D("100000.00"), is_illustrative=True)
    lu_usd = PledgeFactory(
        coalition=c, donor=p.lu, amount=D("1000000.00"), currency="USD", status="committed"
    )
    DisbursementFactory(pledge=lu_usd, amount=D("1200000.00"))  # 200,000 USD over the pledge
    lu_undisclosed = PledgeFactory(coalition=c, donor=p.lu, amount=None, status="announced")
    DisbursementFactory(pledge=lu_undisclosed, amount=D("50000.00"))
    dk_withdrawn = PledgeFactory(coalition=c, donor=p.dk, amount=D("750000.00"), status="withdrawn")
    DisbursementFactory(pledge=dk_withdrawn, amount=D("10000.00"))
    dk_dkk = PledgeFactory(
        coalition=c,
        donor=p.dk,
        amount=D("15000000.00"),
        currency="DKK",
        status="committed",
        announced_on=date(2024, 4, 5),
        is_illustrative=True,
    )
    DisbursementFactory(pledge=dk_dkk, amount=D("5000000.00"), is_illustrative=True)
    PledgeFactory(coalition=c, donor=p.dk, amount=D("300000.00"), currency="GBP", status="confirmed")
    PledgeFactory(coalition=c, donor=p.ee, amount=D("2000000.00"), status="announced")
    ee_done = PledgeFactory(coalition=c, donor=p.ee, amount=D("400000.00"), status="fulfilled")
    DisbursementFactory(pledge=ee_done, amount=D("400000.00"))
    PledgeFactory(coalition=world.other, donor=p.fr, amount=D("9.00"))  # another coalition: never counted

    radios = RoadmapItemFactory(
        coalition=c,
        title="Radios",
        status="tendering",
        planned_year=2025,
        planned_quarter=1,
        estimated_cost_low=D("2000000.00"),
        estimated_cost_high=D("3000000.00"),
    )
    AllocationFactory(roadmap_item=radios, pledge=ee_confirmed, amount=D("1500000.00"))
    AllocationFactory(roadmap_item=radios, pledge=dk_dkk, amount=D("1000000.00"))  # 134,048.26 EUR
    servers = RoadmapItemFactory(
        coalition=c,
        title="Servers",
        planned_year=2025,
        planned_quarter=2,
        estimated_cost_low=None,
        estimated_cost_high=None,
    )
    AllocationFactory(roadmap_item=servers, pledge=lu_usd, amount=D("250000.00"))  # 200,000 EUR
    RoadmapItemFactory(
        coalition=c,
        title="Licences",
        status="requirements",
        planned_year=2025,
        planned_quarter=None,
        currency="GBP",
        estimated_cost_low=D("100000.00"),
        estimated_cost_high=D("120000.00"),
    )
    sites = RoadmapItemFactory(
        coalition=c,
        title="Sites",
        status="contracted",
        planned_year=2026,
        planned_quarter=1,
        estimated_cost_low=D("500000.00"),
        estimated_cost_high=D("600000.00"),
        is_illustrative=True,
    )
    order = OrderFactory(roadmap_item=sites)
    DeliveryFactory(order=order, expected_on=timezone.localdate() - timedelta(days=3))
    DeliveryFactory(order=order, expected_on=timezone.localdate() + timedelta(days=3))
    RoadmapItemFactory(
        coalition=c,
        title="Dropped",
        status="cancelled",
        estimated_cost_low=D("1000000.00"),
        estimated_cost_high=D("1000000.00"),
    )
    meeting = MeetingFactory(coalition=c)
    ActionItemFactory(meeting=meeting, owner_participant=p.ee, due_on=date(2024, 5, 1))
    ActionItemFactory(meeting=meeting, owner_participant=p.lu)
    return world


def test_contribution_totals_worked_out_by_hand(ledger):
    totals = compute_payload(ledger.coalition, as_of=timezone.now())["contributions"]["totals"]
    every, facts, illustrative = totals["all"], totals["facts"], totals["illustrative"]
    assert (every["pledges"], every["undisclosed"], every["unconverted"]) == (7, 1, 1)
    # 5,000,000 + 1,000,000 USD / 1.25 + 15,000,000 DKK / 7.46 + 2,000,000 + 400,000; GBP has no rate.
    assert every["pledged_eur"] == "10210723.86"
    # 1,350,000 + 1,200,000 USD / 1.25 + 50,000 (undisclosed pledge) + 670,241.29 (DKK) + 400,000.
    assert every["paid_eur"] == "3430241.29"
    # Only pledges once confirmed are outstanding, never below zero each: EE 3,650,000, the DKK pledge
    # 1,340,482.57, the fulfilled one 0; the over-paid USD pledge 0 (not -160,000); the announced 2,000,000
    # is not owed yet.
    assert every["outstanding_eur"] == "4990482.57"
    assert every["overpaid_eur"] == "160000.00"
    assert stage(every, "announced")["amount_eur"] == "2000000.00"
    assert stage(every, "announced")["undisclosed"] == 1
    assert stage(every, "withdrawn") == {
        "stage": "withdrawn",
        "pledges": 1,
        "undisclosed": 0,
        "unconverted": 0,
        "amount_eur": "750000.00",
        "paid_eur": "10000.00",
        "unpaid_eur": "740000.00",
        "overpaid_eur": "0.00",
    }
    # Facts only: no DKK pledge (illustrative), and EE's illustrative payment of 100,000 left out.
    assert (facts["pledged_eur"], facts["paid_eur"], facts["outstanding_eur"]) == (
        "8200000.00",
        "2660000.00",
        "3750000.00",
    )
    assert (illustrative["pledges"], illustrative["pledged_eur"], illustrative["paid_eur"]) == (
        1,
        "2010723.86",
        "770241.29",
    )
    assert illustrative["outstanding_eur"] == "1240482.57"  # what illustrations add to the total


def test_a_group_of_undisclosed_pledges_is_unknown_not_zero(world):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=None, status="confirmed")
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=None, status="announced")
    contributions = compute_payload(world.coalition, as_of=timezone.now())["contributions"]
    (estonia,) = contributions["by_state"]
    assert estonia["participant"] == {"id": world.participants.ee.pk, "code": "EE", "name": "Estonia"}
    figures = estonia["all"]
    assert (figures["pledges"], figures["undisclosed"]) == (2, 2)
    assert figures["pledged_eur"] is None and figures["outstanding_eur"] is None
    assert figures["paid_eur"] == "0.00", "no payment is a known zero"
    assert stage(figures, "fulfilled")["amount_eur"] == "0.00", "an empty stage is a known zero"
    assert estonia["facts"]["pledged_eur"] is None
    assert estonia["illustrative"]["pledged_eur"] == "0.00" and estonia["illustrative"]["pledges"] == 0


def test_a_payment_in_another_currency_counts_for_what_it_converts_to(world):
    """108 USD paid on a EUR pledge, recorded (contributions.services) as counting for 100 EUR."""
    pledge = PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, amount=D("100.00"), status="committed"
    )
    DisbursementFactory(
        pledge=pledge,
        amount=D("108.00"),
        currency="USD",
        amount_in_pledge_currency=D("100.00"),
        fx_rate_paid=D("1.08"),
        fx_rate_pledge=D("1"),
        fx_rate_date=date(2024, 3, 1),
    )
    totals = compute_payload(world.coalition, as_of=timezone.now())["contributions"]["totals"]["all"]
    assert (totals["paid_eur"], totals["outstanding_eur"], totals["overpaid_eur"]) == (
        "100.00",
        "0.00",
        "0.00",
    )


def test_roadmap_figures_worked_out_by_hand(ledger):
    roadmap = compute_payload(ledger.coalition, as_of=timezone.now())["roadmap"]
    every, facts = roadmap["totals"]["all"], roadmap["totals"]["facts"]
    assert every == {
        "items": 4,
        "unestimated": 1,
        "estimates_without_rate": 1,
        "unfunded_items": 2,
        "overdue_items": 1,
        "overdue_deliveries": 1,
        "allocations_without_rate": 0,
        "estimate_low_eur": "2500000.00",
        "estimate_high_eur": "3600000.00",
        "funded_eur": "1834048.26",
        "gap_low_eur": "865951.74",
        "gap_high_eur": "1965951.74",
        "over_funded_eur": "0.00",
    }
    assert (facts["items"], facts["funded_eur"], facts["gap_low_eur"], facts["gap_high_eur"]) == (
        3,
        "1700000.00",
        "500000.00",
        "1500000.00",
    )
    assert roadmap["unconverted_estimates"] == [
        {"currency": "GBP", "items": 1, "estimate_low": "100000.00", "estimate_high": "120000.00"}
    ]
    assert [row["stage"] for row in roadmap["by_stage"]][:3] == ["identified", "requirements", "tendering"]
    assert roadmap["by_stage"][-1]["stage"] == "cancelled" and roadmap["by_stage"][-1]["all"]["items"] == 1
    assert [(q["year"], q["quarter"]) for q in roadmap["by_quarter"]] == [
        (2025, 1),
        (2025, 2),
        (2025, None),
        (2026, 1),
    ]
    assert roadmap["overdue_deliveries"]["count"] == 1
    assert roadmap["overdue_deliveries"]["first"][0]["roadmap_item"]["title"] == "Sites"


def test_action_item_counts(ledger):
    actions = compute_payload(ledger.coalition, as_of=timezone.now())["meetings"]["action_items"]
    assert (actions["open"], actions["overdue"]) == (2, 1)
    assert actions["overdue_first"][0]["owner"]["code"] == "EE"


# The rate of a pledge: 1 for EUR, else the latest rate on or before its announcement (units per EUR).
RATE = """CASE WHEN p.currency = 'EUR' THEN 1 ELSE (
    SELECT r.rate FROM contributions_fxrate r
    WHERE r.currency = p.currency AND r.date <= p.announced_on ORDER BY r.date DESC LIMIT 1) END"""


def hand_written(coalition_id, *, group_by, facts_only=False):
    """Per group: pledged, paid, outstanding, over-paid (EUR), pledges and undisclosed counts, written
    independently of summaries.figures: correlated subqueries per pledge, grouped once."""
    facts = "AND NOT p.is_illustrative" if facts_only else ""
    paid_facts = "AND NOT d.is_illustrative" if facts_only else ""
    real = "1.0 *" if connection.vendor == "sqlite" else ""  # SQLite keeps whole numbers as integers
    per_pledge = f"""
        SELECT p.{group_by} AS grp, p.status, p.amount,
               ROUND({real} p.amount / ({RATE}), 2) AS amount_eur,
               ROUND({real} COALESCE((SELECT SUM(d.amount_in_pledge_currency)
                                      FROM contributions_disbursement d
                                      WHERE d.pledge_id = p.id {paid_facts}), 0) / ({RATE}), 2) AS paid_eur
        FROM contributions_pledge p WHERE p.coalition_id = %s {facts}"""
    live = "status <> 'withdrawn'"
    rows = sql(
        f"""SELECT grp,
               SUM(CASE WHEN {live} THEN amount_eur END),
               SUM(CASE WHEN {live} THEN paid_eur END),
               SUM(CASE WHEN status IN ('confirmed', 'committed', 'fulfilled') AND amount_eur > paid_eur
                        THEN amount_eur - paid_eur ELSE 0 END),
               SUM(CASE WHEN {live} AND paid_eur > amount_eur THEN paid_eur - amount_eur ELSE 0 END),
               SUM(CASE WHEN {live} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {live} AND amount IS NULL THEN 1 ELSE 0 END)
            FROM ({per_pledge}) per_pledge GROUP BY grp""",
        coalition_id,
    )
    return {
        grp: (money(pledged or 0), money(paid or 0), money(outstanding), money(overpaid), n, undisclosed)
        for grp, pledged, paid, outstanding, overpaid, n, undisclosed in rows
    }


def from_payload(figures):
    return (
        money(figures["pledged_eur"] or 0),
        money(figures["paid_eur"] or 0),
        money(figures["outstanding_eur"] or 0),
        money(figures["overpaid_eur"] or 0),
        figures["pledges"],
        figures["undisclosed"],
    )


@pytest.fixture
def generated(world):
    donors = [world.participants.ee, world.participants.lu, world.participants.dk]
    generate_ledger(world.coalition, donors, seed=7, pledges=300, items=40)
    generate_ledger(world.other, [world.participants.fr], seed=8, pledges=30, items=5)
    return world


@pytest.mark.parametrize("facts_only", [False, True], ids=["all", "facts"])
def test_a_generated_ledger_equals_hand_written_sql_to_the_cent(generated, facts_only):
    c = generated.coalition
    payload = compute_payload(c, as_of=timezone.now())["contributions"]
    variant = "facts" if facts_only else "all"
    zero = (D("0.00"), D("0.00"), D("0.00"), D("0.00"), 0, 0)
    for group_by, rows, key in (
        ("donor_id", payload["by_state"], lambda row: row["participant"]["id"]),
        ("currency", payload["by_currency"], lambda row: row["currency"]),
    ):
        expected = hand_written(c.pk, group_by=group_by, facts_only=facts_only)
        got = {key(row): from_payload(row[variant]) for row in rows}
        assert set(expected) <= set(got)
        assert got == {group: expected.get(group, zero) for group in got}
    (overall,) = hand_written(c.pk, group_by="coalition_id", facts_only=facts_only).values()
    assert from_payload(payload["totals"][variant]) == overall
    assert overall[0] > 0 and overall[3] > 0, "the ledger has money and over-payments to compare"


def test_roadmap_totals_equal_hand_written_sql(generated):
    c = generated.coalition
    payload = compute_payload(c, as_of=timezone.now())["roadmap"]["totals"]["all"]
    real = "1.0 *" if connection.vendor == "sqlite" else ""
    item_rate = RATE.replace("p.", "i.").replace("i.announced_on", "i.estimated_on")
    ((items, low, funded, gap_low),) = sql(
        f"""SELECT COUNT(*), SUM(low_eur), SUM(funded),
                   SUM(CASE WHEN low_eur IS NULL THEN NULL WHEN funded >= low_eur THEN 0
                            ELSE low_eur - funded END)
            FROM (SELECT ROUND({real} i.estimated_cost_low / ({item_rate}), 2) AS low_eur,
                         COALESCE((SELECT SUM(ROUND({real} a.amount / ({RATE}), 2))
                                   FROM procurement_allocation a
                                   JOIN contributions_pledge p ON p.id = a.pledge_id
                                   WHERE a.roadmap_item_id = i.id), 0) AS funded
                  FROM procurement_roadmapitem i
                  WHERE i.coalition_id = %s AND i.status <> 'cancelled') per_item""",
        c.pk,
    )
    assert payload["items"] == items
    assert money(payload["estimate_low_eur"]) == money(low)
    assert money(payload["funded_eur"]) == money(funded)
    assert money(payload["gap_low_eur"]) == money(gap_low)


def _sum(rows, variant, key):
    return sum((Decimal(r[variant][key] or 0) for r in rows), Decimal(0))


@pytest.mark.parametrize("variant", ["all", "facts", "illustrative"])
def test_every_roll_up_sums_to_the_totals(generated, variant):
    contributions = compute_payload(generated.coalition, as_of=timezone.now())["contributions"]
    totals = contributions["totals"][variant]
    for rows in (contributions["by_state"], contributions["by_currency"], contributions["by_quarter"]):
        for key in ("pledged_eur", "paid_eur", "outstanding_eur", "overpaid_eur"):
            assert _sum(rows, variant, key) == Decimal(totals[key] or 0), key
        for key in ("pledges", "undisclosed", "unconverted"):
            assert sum(r[variant][key] for r in rows) == totals[key], key
    live = [s for s in totals["stages"] if s["stage"] != "withdrawn"]
    assert sum(Decimal(s["amount_eur"] or 0) for s in live) == Decimal(totals["pledged_eur"] or 0)
    assert sum(s["pledges"] for s in live) == totals["pledges"]


def test_all_is_facts_plus_illustrations(generated):
    payload = compute_payload(generated.coalition, as_of=timezone.now())
    rows = [payload["contributions"]["totals"], *payload["contributions"]["by_state"]]
    rows += [payload["roadmap"]["totals"], *payload["roadmap"]["by_stage"]]
    for row in rows:
        for key, value in row["all"].items():
            if isinstance(value, int):
                assert value == row["facts"][key] + row["illustrative"][key], key
            elif isinstance(value, str):
                parts = Decimal(row["facts"][key] or 0) + Decimal(row["illustrative"][key] or 0)
                assert Decimal(value) == parts, key


def test_totals_are_sums_of_the_figures_the_pledge_pages_show(generated):
    """The pledge list's own per-pledge figures (contributions.selectors.annotate_figures: amount, paid,
    outstanding, over-paid in EUR), summed in Python, give the summary's totals to the cent."""
    c = generated.coalition
    totals = compute_payload(c, as_of=timezone.now())["contributions"]["totals"]["all"]
    pledges = list(
        annotate_figures(Pledge.objects.filter(coalition=c).exclude(status="withdrawn")).values(
            "amount_eur", "paid_eur", "outstanding_eur", "overpaid_eur"
        )
    )

    def total(key):
        return sum((p[key] for p in pledges if p[key] is not None), D(0))

    assert D(totals["pledged_eur"]) == total("amount_eur")
    assert D(totals["paid_eur"]) == total("paid_eur")
    assert D(totals["outstanding_eur"]) == total("outstanding_eur")
    assert D(totals["overpaid_eur"]) == total("overpaid_eur")


def test_computing_a_summary_takes_a_fixed_number_of_queries(ledger):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        compute_payload(ledger.coalition, as_of=timezone.now())
    generate_ledger(ledger.coalition, [ledger.participants.ee], seed=3, pledges=100, items=10)
    with CaptureQueriesContext(connection) as many:
        compute_payload(ledger.coalition, as_of=timezone.now())
    assert len(many) == len(few) <= 15


def test_the_payload_keeps_aggregates_not_rows(generated):
    """300 pledges and their payments: the payload holds no per-pledge list, and its size does not grow
    with them (it grows with states, currencies and quarters)."""
    import json

    payload = compute_payload(generated.coalition, as_of=timezone.now())
    assert "pledges" not in payload and "roadmap_items" not in payload
    small = len(json.dumps(payload))
    generate_ledger(generated.coalition, [generated.participants.ee], seed=9, pledges=300, items=0)
    assert len(json.dumps(compute_payload(generated.coalition, as_of=timezone.now()))) < small * 1.2
