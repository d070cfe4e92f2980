"""Rules of the roadmap services: allocations, funding figures in EUR, orders and deliveries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coalition.errors import Conflict
from contributions.models import Pledge
from procurement import selectors, services
from procurement.models import Allocation, RoadmapItem
from procurement.tests.factories import (
    AllocationFactory,
    DeliveryFactory,
    FxRateFactory,
    OrderFactory,
    PledgeFactory,
    RoadmapItemFactory,
)

S = RoadmapItem.Status


def funding(item):
    return selectors.annotate_funding(RoadmapItem.objects.filter(pk=item.pk)).get()


# Allocations -----------------------------------------------------------------------------------------------


def test_allocation_within_the_pledge_and_rejected_beyond_it(world, item):
    sec = world.users.secretariat
    pledge = PledgeFactory(coalition=world.coalition, amount=Decimal("100.00"))
    other_item = RoadmapItemFactory(coalition=world.coalition, capability_area=item.capability_area)
    services.allocation_create(actor=sec, pledge=pledge, roadmap_item=item, amount=Decimal("60.00"))
    with pytest.raises(ValidationError) as exc:
        services.allocation_create(actor=sec, pledge=pledge, roadmap_item=other_item, amount=Decimal("40.01"))
    assert "Only 40.00 EUR" in exc.value.message_dict["amount"][0]
    last = services.allocation_create(actor=sec, pledge=pledge, roadmap_item=other_item, amount=Decimal("40"))
    assert selectors.allocations_for_pledge(pledge).remaining == 0
    with pytest.raises(ValidationError):
        services.allocation_update(actor=sec, allocation=last, amount=Decimal("40.01"))
    services.allocation_update(actor=sec, allocation=last, amount=Decimal("10"))
    last_id = last.pk
    services.allocation_delete(actor=sec, allocation=last)
    assert selectors.allocations_for_pledge(pledge).remaining == Decimal("40.00")
    assert Allocation.history.filter(id=last_id, history_type="-").get().history_user == sec


def test_undisclosed_pledge_cannot_be_allocated_until_it_has_a_figure(world, item):
    pledge = PledgeFactory(coalition=world.coalition, amount=None)
    with pytest.raises(ValidationError, match="undisclosed"):
        services.allocation_create(
            actor=world.users.secretariat, pledge=pledge, roadmap_item=item, amount=Decimal(1)
        )
    Pledge.objects.filter(pk=pledge.pk).update(amount=Decimal(5))
    services.allocation_create(
        actor=world.users.secretariat, pledge=pledge, roadmap_item=item, amount=Decimal(5)
    )


def test_withdrawn_pledge_cannot_be_allocated(world, item):
    pledge = PledgeFactory(coalition=world.coalition, status=Pledge.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.allocation_create(
            actor=world.users.secretariat, pledge=pledge, roadmap_item=item, amount=Decimal(1)
        )


def test_allocation_rejects_other_coalitions_pledges_and_closed_items(world, item):
    sec = world.users.secretariat
    foreign = PledgeFactory(coalition=world.other)
    with pytest.raises(ValidationError, match="another coalition"):
        services.allocation_create(actor=sec, pledge=foreign, roadmap_item=item, amount=Decimal(1))
    pledge = PledgeFactory(coalition=world.coalition)
    item.status = S.CANCELLED
    item.save()
    with pytest.raises(Conflict):
        services.allocation_create(actor=sec, pledge=pledge, roadmap_item=item, amount=Decimal(1))
    with pytest.raises(ValidationError):
        services.allocation_create(
            actor=sec, pledge=pledge, roadmap_item=RoadmapItemFactory(coalition=world.coalition), amount=0
        )


# Funding in EUR ---------------------------------------------------------------------------------------------


def test_funding_gap_with_cost_range_and_mixed_currencies(world, area):
    FxRateFactory(currency="USD", date=date(2024, 1, 2), rate=Decimal("1.25"))
    FxRateFactory(currency="GBP", date=date(2024, 1, 2), rate=Decimal("0.80"))
    item = RoadmapItemFactory(
        coalition=world.coalition,
        capability_area=area,
        currency="USD",
        estimated_cost_low=Decimal("1250.00"),  # 1000 EUR
        estimated_cost_high=Decimal("2500.00"),  # 2000 EUR
        estimated_on=date(2024, 3, 1),
    )
    assert funding(item).funding_state == selectors.FundingState.UNFUNDED
    gbp = PledgeFactory(coalition=world.coalition, currency="GBP", amount=Decimal("1000"))
    eur = PledgeFactory(coalition=world.coalition, currency="EUR", amount=Decimal("1000"))
    sec = world.users.secretariat
    services.allocation_create(actor=sec, pledge=gbp, roadmap_item=item, amount=Decimal("400"))  # 500 EUR
    row = funding(item)
    assert (row.estimate_low_eur, row.estimate_high_eur) == (Decimal("1000.00"), Decimal("2000.00"))
    assert row.funded_eur == Decimal("500.00")
    assert (row.gap_low_eur, row.gap_high_eur, row.over_funded_eur) == (
        Decimal("500.00"),
        Decimal("1500.00"),
        Decimal("0.00"),
    )
    assert row.funding_state == selectors.FundingState.PARTLY
    services.allocation_create(actor=sec, pledge=eur, roadmap_item=item, amount=Decimal("700"))
    row = funding(item)
    assert row.funded_eur == Decimal("1200.00")
    assert (row.gap_low_eur, row.gap_high_eur) == (Decimal("0.00"), Decimal("800.00"))
    assert row.funding_state == selectors.FundingState.FUNDED
    services.allocation_create(actor=sec, pledge=eur, roadmap_item=item, amount=Decimal("300"))
    services.allocation_create(actor=sec, pledge=gbp, roadmap_item=item, amount=Decimal("400"))
    row = funding(item)
    assert row.funded_eur == Decimal("2000.00")
    services.allocation_create(actor=sec, pledge=gbp, roadmap_item=item, amount=Decimal("200"))
    row = funding(item)
    assert row.over_funded_eur == Decimal("250.00")
    assert row.gap_high_eur == Decimal("0.00")
    states = selectors.annotate_funding(RoadmapItem.objects.all())
    assert list(states.filter(funding_state="funded")) == [item]
    assert not states.filter(funding_state="partly").exists()


def test_missing_rates_are_reported_not_guessed(world, item):
    pledge = PledgeFactory(coalition=world.coalition, currency="CHF", amount=Decimal("1000"))
    services.allocation_create(
        actor=world.users.secretariat, pledge=pledge, roadmap_item=item, amount=Decimal("100")
    )
    row = funding(item)
    assert row.missing_rates == 1
    assert row.funded_eur == Decimal("0")
    assert row.funding_state == selectors.FundingState.PARTLY  # allocated, but how much is unknown
    no_rate = RoadmapItemFactory(
        coalition=world.coalition, capability_area=item.capability_area, currency="NOK"
    )
    row = funding(no_rate)
    assert row.estimate_rate_missing and row.estimate_low_eur is None and row.gap_low_eur is None
    summary = selectors.allocations_for_pledge(pledge)
    assert summary.allocated == Decimal("100") and summary.allocated_eur is None


def test_rate_is_the_latest_on_or_before_the_date(world, area):
    FxRateFactory(currency="USD", date=date(2024, 1, 2), rate=Decimal("2"))
    FxRateFactory(currency="USD", date=date(2024, 3, 1), rate=Decimal("4"))
    FxRateFactory(currency="USD", date=date(2024, 6, 1), rate=Decimal("8"))
    item = RoadmapItemFactory(
        coalition=world.coalition,
        capability_area=area,
        currency="USD",
        estimated_cost_low=Decimal(400),
        estimated_cost_high=Decimal(800),
        estimated_on=date(2024, 4, 1),
    )
    assert funding(item).estimate_low_eur == Decimal("100.00")


# Orders and deliveries -------------------------------------------------------------------------------------


def test_partial_deliveries_add_up_and_never_exceed_the_order(world, item):
    sec = world.users.secretariat
    item.status = S.CONTRACTED
    item.quantity = 100
    item.save()
    order = services.order_create(
        actor=sec,
        roadmap_item=item,
        supplier="A",
        value=Decimal(10),
        ordered_on=date(2024, 3, 1),
        quantity=100,
    )
    first = services.delivery_create(
        actor=sec, order=order, quantity=30, expected_on=date(2024, 4, 1), delivered_on=date(2024, 4, 2)
    )
    services.delivery_create(actor=sec, order=order, quantity=50, expected_on=date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.delivery_create(actor=sec, order=order, quantity=21, expected_on=date(2024, 6, 1))
    assert "20 left" in exc.value.message_dict["quantity"][0]
    services.delivery_create(actor=sec, order=order, quantity=20, expected_on=date(2024, 6, 1))
    with pytest.raises(ValidationError):
        services.delivery_update(actor=sec, delivery=first, quantity=31)
    with pytest.raises(ValidationError):
        services.order_update(actor=sec, order=order, quantity=99)
    assert funding(item).delivered_quantity == 30


def test_overdue_when_a_delivery_is_past_its_expected_date_and_not_delivered(world, item):
    today = date(2024, 6, 1)
    order = OrderFactory(roadmap_item=item)
    late = DeliveryFactory(order=order, expected_on=date(2024, 5, 31), delivered_on=None)
    DeliveryFactory(order=order, expected_on=date(2024, 6, 1), delivered_on=None)  # due today: not late
    rows = selectors.annotate_funding(RoadmapItem.objects.all(), today=today)
    assert rows.get(pk=item.pk).is_overdue
    late.delivered_on = date(2024, 6, 1)
    late.save()
    rows = selectors.annotate_funding(RoadmapItem.objects.all(), today=today)
    assert not rows.get(pk=item.pk).is_overdue
    assert rows.filter(is_overdue=False).count() == 1


def test_orders_only_while_tendering_to_delivering(world, item):
    with pytest.raises(Conflict):
        services.order_create(
            actor=world.users.secretariat,
            roadmap_item=item,
            supplier="A",
            value=Decimal(1),
            ordered_on=date(2024, 1, 1),
        )


def test_delivery_dates_follow_the_order(world, item):
    order = OrderFactory(roadmap_item=item, ordered_on=date(2024, 3, 1))
    item.status = S.DELIVERING
    item.save()
    with pytest.raises(ValidationError) as exc:
        services.delivery_create(
            actor=world.users.secretariat,
            order=order,
            quantity=1,
            expected_on=date(2024, 2, 1),
            delivered_on=date(2024, 2, 1),
        )
    assert {"expected_on", "delivered_on"} <= set(exc.value.message_dict)


def test_pledge_allocations_trace_pledge_to_item_to_delivery(world, item, django_assert_max_num_queries):
    pledge = PledgeFactory(coalition=world.coalition)
    AllocationFactory(pledge=pledge, roadmap_item=item, amount=Decimal("250000"))
    order = OrderFactory(roadmap_item=item)
    DeliveryFactory(order=order, quantity=7, delivered_on=date(2024, 5, 1))
    with django_assert_max_num_queries(3):
        summary = selectors.allocations_for_pledge(pledge, user=world.users.secretariat)
    assert summary.allocated == Decimal("250000") and summary.remaining == Decimal("750000")
    assert summary.share_percent == Decimal("25.0") and summary.can_allocate
    (row,) = list(summary)
    assert row.roadmap_item == item and row.item_delivered_quantity == 7
    assert not selectors.allocations_for_pledge(pledge, user=world.users.observer).can_allocate
