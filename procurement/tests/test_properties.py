"""Property-based tests: whatever sequence of allocations is attempted, no pledge is allocated beyond its
amount, and the coalition's allocated total is the sum over its items."""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.errors import Conflict
from procurement import selectors, services
from procurement.models import Allocation, RoadmapItem
from procurement.tests.factories import (
    CapabilityAreaFactory,
    FxRateFactory,
    PledgeFactory,
    RoadmapItemFactory,
)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)
attempts = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), amounts), min_size=1, max_size=15)
pledge_amounts = st.lists(
    st.one_of(st.none(), st.decimals(min_value=Decimal("1"), max_value=Decimal("8000"), places=2)),
    min_size=3,
    max_size=3,
)
currencies = st.lists(st.sampled_from(["EUR", "USD", "GBP"]), min_size=3, max_size=3)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pledge_amounts=pledge_amounts, currencies=currencies, attempts=attempts)
def test_allocations_never_exceed_pledges_and_totals_add_up(world, pledge_amounts, currencies, attempts):
    with transaction.atomic():  # each example starts from the same database
        _check_example(world, pledge_amounts, currencies, attempts)
        transaction.set_rollback(True)


def _check_example(world, pledge_amounts, currencies, attempts):
    FxRateFactory(currency="USD", rate=Decimal("1.0813"))
    FxRateFactory(currency="GBP", rate=Decimal("0.8571"))
    area = CapabilityAreaFactory(coalition=world.coalition)
    items = [RoadmapItemFactory(coalition=world.coalition, capability_area=area) for _ in range(3)]
    pledges = [
        PledgeFactory(coalition=world.coalition, amount=amount, currency=currency)
        for amount, currency in zip(pledge_amounts, currencies, strict=True)
    ]
    for pledge_index, item_index, amount in attempts:
        with contextlib.suppress(ValidationError, Conflict):
            services.allocation_create(
                actor=world.users.secretariat,
                pledge=pledges[pledge_index],
                roadmap_item=items[item_index],
                amount=amount,
            )

    for pledge in pledges:
        allocated = Allocation.objects.filter(pledge=pledge).aggregate(total=Sum("amount"))["total"]
        if pledge.amount is None:
            assert allocated is None  # undisclosed: nothing allocated
        else:
            assert (allocated or 0) <= pledge.amount
            assert selectors.allocations_for_pledge(pledge).remaining >= 0

    totals = selectors.coalition_allocation_totals(world.coalition)
    rows = list(selectors.annotate_funding(RoadmapItem.objects.filter(coalition=world.coalition)))
    assert totals["eur"] == sum((row.funded_eur for row in rows), Decimal("0"))
    by_currency = {}
    for allocation in Allocation.objects.select_related("pledge"):
        by_currency[allocation.pledge.currency] = (
            by_currency.get(allocation.pledge.currency, 0) + allocation.amount
        )
    assert totals["by_currency"] == by_currency
