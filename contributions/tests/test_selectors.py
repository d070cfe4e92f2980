"""Totals: stages apart, undisclosed never zero, missing rates reported, reconciliation of reported totals."""

import datetime
from decimal import Decimal

import pytest

from contributions import selectors
from contributions.models import Pledge, ReportedTotal
from contributions.tests.factories import (
    DisbursementFactory,
    FxRateFactory,
    MeetingFactory,
    PledgeFactory,
    ReportedTotalFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
S = Pledge.Status


@pytest.fixture
def pledge(world):
    def make(donor="ee", **kwargs):
        return PledgeFactory(coalition=world.coalition, donor=getattr(world.participants, donor), **kwargs)

    return make


def totals_of(world):
    return selectors.coalition_summary(world.users.secretariat, world.coalition)


def test_stages_stay_apart(world, pledge):
    pledge(amount=Decimal("100"), status=S.ANNOUNCED)
    pledge(amount=Decimal("200"), status=S.CONFIRMED)
    pledge(amount=Decimal("400"), status=S.COMMITTED)
    pledge(amount=Decimal("800"), status=S.FULFILLED)
    pledge(amount=Decimal("1600"), status=S.WITHDRAWN)
    t = totals_of(world)
    assert t.pledged_eur == Decimal("1500.00")  # withdrawn left out
    assert t.confirmed_eur == Decimal("1400.00")  # the announced 100 is not confirmed money
    assert t.committed_eur == Decimal("1200.00")
    by = {s.status: s for s in t.by_status}
    assert by["announced"].eur == Decimal("100.00") and by["withdrawn"].eur == Decimal("1600.00")
    assert t.withdrawn == 1


def test_undisclosed_amounts_are_counted_apart_never_as_zero(world, pledge):
    pledge(amount=Decimal("100"), status=S.CONFIRMED)
    pledge(amount=None, status=S.CONFIRMED)
    pledge(donor="lu", amount=None, status=S.ANNOUNCED)
    t = totals_of(world)
    assert t.confirmed_eur == Decimal("100.00") and t.undisclosed == 2
    by = {s.status: s for s in t.by_status}
    assert (by["confirmed"].count, by["confirmed"].undisclosed) == (2, 1)
    assert (by["announced"].count, by["announced"].undisclosed, by["announced"].eur) == (
        1,
        1,
        Decimal("0.00"),
    )


def test_a_pledge_without_a_rate_is_reported_with_its_currency(world, pledge):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("2"))
    pledge(amount=Decimal("100"), currency="USD")
    pledge(amount=Decimal("100"), currency="JPY")
    t = totals_of(world)
    assert t.pledged_eur == Decimal("50.00")
    assert t.unconverted == 1 and t.unconverted_currencies == ["JPY"]


def test_per_state_summary_converts_paid_and_outstanding_at_the_pledge_rate(world, pledge):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.25"))
    FxRateFactory(currency="USD", date=D(2024, 3, 1), rate=Decimal("2"))  # later: not used
    usd = pledge(amount=Decimal("1000"), currency="USD", status=S.CONFIRMED)
    DisbursementFactory(pledge=usd, amount=Decimal("250"), paid_on=D(2024, 3, 5))
    pledge(donor="lu", amount=Decimal("10"), status=S.ANNOUNCED)
    rows = {r["donor__code"]: r for r in selectors.state_summary(world.users.secretariat, world.coalition)}
    ee = rows["EE"]
    assert (ee["pledged_eur"], ee["confirmed_eur"], ee["paid_eur"], ee["outstanding_eur"]) == (
        Decimal("800.00"),
        Decimal("800.00"),
        Decimal("200.00"),
        Decimal("600.00"),
    )
    assert rows["LU"]["confirmed_eur"] == Decimal("0.00") and rows["LU"]["pledged_eur"] == Decimal("10.00")


def test_summary_is_one_query_whatever_the_number_of_states(world, pledge, django_assert_num_queries):
    for donor in ("ee", "lu", "dk"):
        for _ in range(3):
            pledge(donor=donor)
    with django_assert_num_queries(1):
        rows = selectors.state_summary(world.users.secretariat, world.coalition)
    assert len(rows) == 3


@pytest.mark.parametrize("facts_only", [False, True])
def test_summary_with_totals_folds_the_coalition_from_the_states_in_one_scan(
    world, pledge, django_assert_num_queries, facts_only
):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.25"))
    usd = pledge(amount=Decimal("1000"), currency="USD", status=S.CONFIRMED, announced_on=D(2024, 2, 5))
    DisbursementFactory(pledge=usd, amount=Decimal("1500"), paid_on=D(2024, 3, 5))  # over-paid
    pledge(donor="lu", amount=Decimal("10"), status=S.ANNOUNCED)
    pledge(donor="lu", amount=None, status=S.COMMITTED)  # undisclosed
    pledge(donor="lu", amount=Decimal("70"), status=S.FULFILLED, is_illustrative=True)
    pledge(donor="dk", amount=Decimal("30"), status=S.WITHDRAWN)
    pledge(donor="dk", amount=Decimal("40"), status=S.COMMITTED)
    user = world.users.secretariat
    expected = (
        selectors.state_summary(user, world.coalition, facts_only=facts_only),
        selectors.coalition_summary(user, world.coalition, facts_only=facts_only),
    )
    with django_assert_num_queries(1):
        rows, totals = selectors.state_summary_with_totals(user, world.coalition, facts_only=facts_only)
    assert (rows, totals) == expected
    assert totals.pledges == (5 if facts_only else 6) and totals.overpaid_eur == Decimal("400.00")


def test_summary_with_totals_names_the_currencies_without_a_rate(world, pledge):
    pledge(amount=Decimal("100"), currency="JPY", status=S.CONFIRMED)
    pledge(donor="lu", amount=Decimal("100"), status=S.CONFIRMED)
    rows, totals = selectors.state_summary_with_totals(world.users.secretariat, world.coalition)
    assert totals == totals_of(world) and totals.unconverted == 1
    assert totals.unconverted_currencies == ["JPY"] and len(rows) == 2


def test_other_coalitions_are_not_counted(world, pledge):
    pledge(amount=Decimal("100"))
    PledgeFactory(coalition=world.other, donor=world.participants.fr, amount=Decimal("999"))
    assert totals_of(world).pledged_eur == Decimal("100.00")
    assert selectors.pledges_for(world.users.outsider, world.coalition).count() == 0


def test_review_status_by_state_lists_disputes_with_comments(world, pledge):
    pledge(review_status=Pledge.Review.CONFIRMED)
    pledge(review_status=Pledge.Review.DISPUTED, review_comment="It was 3 million")
    pledge(donor="lu")
    pledge(donor="lu", status=S.WITHDRAWN, review_status=Pledge.Review.DISPUTED)
    rows = {
        r["donor__code"]: r
        for r in selectors.review_status_by_state(world.users.secretariat, world.coalition)
    }
    assert (rows["EE"]["confirmed"], rows["EE"]["disputed"], rows["EE"]["needs_review"]) == (1, 1, 0)
    assert [p.review_comment for p in rows["EE"]["disputes"]] == ["It was 3 million"]
    assert (rows["LU"]["needs_review"], rows["LU"]["disputed"]) == (1, 0)


# Reported totals


def reconciled(world):
    total = selectors.reported_totals_for(world.users.secretariat, world.coalition).get()
    return selectors.reconcile(total)


@pytest.fixture
def meeting(world):
    return MeetingFactory(coalition=world.coalition, number=1)


def test_more_than_30_million_with_undisclosed_pledges_cannot_be_reconciled(world, pledge, meeting):
    ReportedTotalFactory(meeting=meeting)
    for donor in ("ee", "lu", "dk"):
        pledge(donor=donor, amount=None, announced_at=meeting)
    rec = reconciled(world)
    assert rec.reported_eur == Decimal("30000000.00") and rec.itemised_eur == Decimal("0.00")
    assert rec.difference_eur == Decimal("-30000000.00") and rec.undisclosed == 3
    assert rec.verdict == "unknown"


def test_itemised_pledges_reconcile_against_the_reported_total(world, pledge, meeting):
    ReportedTotalFactory(meeting=meeting)
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("2"))
    pledge(amount=Decimal("20000000"), announced_at=meeting)
    pledge(donor="lu", amount=Decimal("22000000"), currency="USD", announced_at=meeting)
    pledge(donor="dk", amount=Decimal("5000000"))  # not announced at that meeting
    rec = reconciled(world)
    assert rec.itemised_eur == Decimal("31000000.00") and rec.difference_eur == Decimal("1000000.00")
    assert rec.verdict == "consistent" and rec.is_complete


@pytest.mark.parametrize(
    ("qualifier", "itemised", "verdict"),
    [
        (ReportedTotal.Qualifier.MORE_THAN, "30000000", "short"),
        (ReportedTotal.Qualifier.EXACTLY, "30000000", "consistent"),
        (ReportedTotal.Qualifier.EXACTLY, "30000001", "over"),
        (ReportedTotal.Qualifier.ABOUT, "28000000", "consistent"),
        (ReportedTotal.Qualifier.ABOUT, "26000000", "short"),
        (ReportedTotal.Qualifier.UP_TO, "31000000", "over"),
        (ReportedTotal.Qualifier.AT_LEAST, "30000000", "consistent"),
    ],
)
def test_verdict_follows_the_qualifier(world, pledge, meeting, qualifier, itemised, verdict):
    ReportedTotalFactory(meeting=meeting, qualifier=qualifier)
    pledge(amount=Decimal(itemised), announced_at=meeting)
    assert reconciled(world).verdict == verdict


def test_reported_totals_list_is_one_query(world, pledge, django_assert_num_queries):
    for number in (1, 2, 3):
        m = MeetingFactory(coalition=world.coalition, number=number)
        ReportedTotalFactory(meeting=m)
        pledge(amount=Decimal("1"), announced_at=m)
    with django_assert_num_queries(1):
        recs = [selectors.reconcile(t) for t in selectors.reported_totals_for(world.users.secretariat)]
    assert len(recs) == 3


# Change history


def test_pledge_history_says_who_changed_what_from_what_to_what(world):
    from contributions import services

    p = services.pledge_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        donor=world.participants.ee,
        amount=Decimal("100"),
        currency="EUR",
        announced_on=D(2024, 2, 2),
    )
    services.pledge_update(actor=world.users.secretariat, pledge=p, amount=Decimal("250"))
    entries = selectors.pledge_history(p)
    newest = entries[0]
    assert newest["who"] == "sec" and newest["kind"] == "changed"
    assert ("amount", "100.00", "250.00") in newest["changes"]
    assert entries[-1]["kind"] == "created"


# Per-pledge figures (issue 15 item 3)


def test_an_over_payment_is_its_own_figure_and_announced_pledges_are_not_outstanding(world, pledge):
    """The finance officer's report: 200 USD over-paid showed -184.49 EUR outstanding and was subtracted
    from the coalition's outstanding total; an announced pledge counted as outstanding."""
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.0813"))
    over = pledge(amount=Decimal("1000.00"), currency="USD", status=S.CONFIRMED)
    DisbursementFactory(pledge=over, amount=Decimal("1200.00"), overpayment_reason="top-up agreed")
    pledge(donor="lu", amount=Decimal("1000.00"), status=S.COMMITTED)
    pledge(donor="dk", amount=Decimal("500.00"), status=S.ANNOUNCED)
    rows = {p.donor.code: p for p in selectors.pledges_for(world.users.secretariat, world.coalition)}

    ee = rows["EE"]
    assert (ee.outstanding, ee.overpaid) == (Decimal("0.00"), Decimal("200.00"))
    # In EUR the over-payment is paid_eur - amount_eur (1109.78 - 924.81), so the EUR figures reconcile to
    # the cent; 200 / 1.0813 alone would round to 184.96.
    assert (ee.outstanding_eur, ee.overpaid_eur) == (Decimal("0.00"), Decimal("184.97"))
    assert rows["DK"].outstanding is None and rows["DK"].unconfirmed == Decimal("500.00")
    assert rows["LU"].outstanding == Decimal("1000.00") and rows["LU"].unconfirmed is None

    whole = selectors.totals(selectors.pledges_for(world.users.secretariat, world.coalition))
    assert whole.outstanding_eur == Decimal("1000.00")  # LU only: nothing netted off, nothing announced
    assert whole.overpaid_eur == Decimal("184.97")
    assert whole.unconfirmed_eur == Decimal("500.00")
    assert whole.paid_eur - whole.overpaid_eur + whole.outstanding_eur == whole.confirmed_eur


def test_the_pledge_pages_show_outstanding_in_eur_with_its_rate_date_and_the_over_payment(
    world, pledge, page_client_for
):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.0813"))
    owed = pledge(amount=Decimal("1000.00"), currency="USD", status=S.CONFIRMED)
    over = pledge(donor="lu", amount=Decimal("1000.00"), currency="USD", status=S.CONFIRMED)
    DisbursementFactory(pledge=over, amount=Decimal("1200.00"), overpayment_reason="top-up agreed")
    announced = pledge(donor="dk", amount=Decimal("500.00"), status=S.ANNOUNCED)
    client = page_client_for(world.users.secretariat)

    page = client.get(f"/c/itc/pledges/{owed.pk}/").content.decode()
    assert "1,000.00 USD" in page and "924.81 EUR at the rate of 01/02/2024" in page
    page = client.get(f"/c/itc/pledges/{over.pk}/").content.decode()
    assert "Over-paid" in page and "200.00 USD" in page and "184.97 EUR" in page
    assert "-184" not in page and "\u2212184" not in page
    page = client.get(f"/c/itc/pledges/{announced.pk}/").content.decode()
    assert "announced, not yet confirmed: nothing is owed yet" in page
    listing = client.get("/c/itc/pledges/").content.decode()
    assert "over-paid by 200.00 USD" in listing and "not yet confirmed" in listing
    assert "Over-paid (apart, not deducted): <strong>185 EUR" in listing  # a list's totals: whole units
