"""Issue 9, item 3: a pledge's allocations never exceed its amount, whatever path edits the pledge."""

from decimal import Decimal

import pytest

from coalition.errors import Conflict
from contributions import services as pledges
from contributions.models import Pledge
from procurement import services
from procurement.models import Allocation
from procurement.tests.factories import PledgeFactory, RoadmapItemFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


@pytest.fixture
def allocated(world, item):
    """A pledge of 2,000,000 DKK, 1,500,000 of it allocated to two items (what the issue's finance officer
    reduced, then withdrew: the page read "125.0 % allocated, -2,000,000.00 DKK unallocated")."""
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.dk, currency="DKK")
    pledge.amount = Decimal("2000000.00")
    pledge.save()
    other = RoadmapItemFactory(
        coalition=world.coalition, capability_area=item.capability_area, title="Cyber range"
    )
    actor = world.users.secretariat
    services.allocation_create(actor=actor, pledge=pledge, roadmap_item=item, amount=Decimal("1000000"))
    services.allocation_create(actor=actor, pledge=pledge, roadmap_item=other, amount=Decimal("500000"))
    return pledge


def _still_within(pledge):
    pledge.refresh_from_db()
    allocated = sum(a.amount for a in Allocation.objects.filter(pledge=pledge))
    return pledge.amount is not None and allocated <= pledge.amount and pledge.status != S.WITHDRAWN


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            {"amount": Decimal("1499999.99")},
            "1,500,000.00 DKK of this pledge is allocated, more than 1,499,999.99",
        ),
        ({"amount": None}, "cannot become undisclosed"),
        ({"currency": "EUR"}, "Its allocations are in DKK"),
    ],
)
def test_an_edit_that_would_leave_allocations_beyond_the_pledge_is_a_conflict_naming_them(
    world, allocated, change, says
):
    with pytest.raises(Conflict) as error:
        pledges.pledge_update(actor=world.users.secretariat, pledge=allocated, **change)
    message = error.value.message
    assert says in message
    assert "1,000,000.00 DKK to “Secure radios”" in message and "500,000.00 DKK to “Cyber range”" in message
    assert error.value.code == "pledge-allocated"
    assert _still_within(allocated) and allocated.amount == Decimal("2000000.00")
    # Down to exactly what is allocated is fine.
    pledges.pledge_update(actor=world.users.secretariat, pledge=allocated, amount=Decimal("1500000.00"))


def test_an_allocated_pledge_is_neither_withdrawn_nor_deleted_until_released(world, allocated):
    actor = world.users.secretariat
    with pytest.raises(Conflict, match="release its allocations before withdrawing it"):
        pledges.pledge_transition(actor=actor, pledge=allocated, to_status=S.WITHDRAWN)
    with pytest.raises(Conflict, match="release its allocations before deleting it"):
        pledges.pledge_delete(actor=actor, pledge=allocated)  # before: "This pledge has payments"
    assert _still_within(allocated)
    for allocation in Allocation.objects.filter(pledge=allocated):
        services.allocation_delete(actor=actor, allocation=allocation)
    pledges.pledge_transition(actor=actor, pledge=allocated, to_status=S.WITHDRAWN)


def test_the_api_answers_409_problem_naming_the_allocations(world, allocated, api_client_for):
    client = api_client_for(world.users.secretariat)
    url = f"/api/v1/pledges/{allocated.pk}/"
    for response in (
        client.patch(url, {"amount": "100.00"}, format="json"),
        client.patch(url, {"amount": None}, format="json"),
        client.post(f"{url}transition/", {"to_status": "withdrawn"}, format="json"),
        client.delete(url),
    ):
        assert response.status_code == 409, response.content
        assert response["Content-Type"].startswith("application/problem+json")
        assert "“Secure radios”" in response.json()["detail"]
    assert _still_within(allocated)


def test_the_edit_page_says_why_and_changes_nothing(world, allocated, page_client_for):
    client = page_client_for(world.users.secretariat)
    response = client.post(
        f"/c/itc/pledges/{allocated.pk}/edit/",
        {
            "donor": allocated.donor_id,
            "kind": allocated.kind,
            "amount": "100",
            "currency": "DKK",
            "announced_on": "2024-02-02",
        },
    )
    assert response.status_code == 200
    assert "release or reduce its allocations first" in str(response.context["form"].non_field_errors())
    assert _still_within(allocated)
