"""The roadmap API: scoped reads, writes through the services, problem details, filters, query counts."""

from datetime import date
from decimal import Decimal

import pytest

from procurement.models import Allocation, RoadmapItem
from procurement.tests.factories import (
    AllocationFactory,
    DeliveryFactory,
    FxRateFactory,
    OrderFactory,
    PledgeFactory,
    RoadmapItemFactory,
)

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/roadmap-items/"


def item_payload(world, area, **extra):
    return {
        "coalition": world.coalition.pk,
        "title": "Secure radios",
        "capability_area": area.pk,
        "priority": 7,
        "planned_year": 2024,
        "planned_quarter": 3,
        "estimated_cost_low": "100.00",
        "estimated_cost_high": "200.00",
        "currency": "EUR",
        **extra,
    }


def test_anonymous_gets_401_problem(world, item, api_client_for):
    response = api_client_for(None).get(ITEMS)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("user", ["secretariat", "delegate_ee", "observer"])
def test_members_read_items_with_funding(world, item, api_client_for, user):
    AllocationFactory(roadmap_item=item, amount=Decimal("25000"))
    response = api_client_for(getattr(world.users, user)).get(ITEMS)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["funding"]["funded_eur"] == "25000.00"
    assert row["funding"]["gap_low_eur"] == "75000.00" and row["funding"]["state"] == "partly"
    assert row["allowed_transitions"] == ["requirements", "cancelled"]


def test_outsider_sees_nothing_and_gets_404(world, item, api_client_for):
    client = api_client_for(world.users.outsider)
    assert client.get(ITEMS).json()["count"] == 0
    assert client.get(f"{ITEMS}{item.pk}/").status_code == 404
    assert client.post(f"{ITEMS}{item.pk}/transition/", {"to_status": "requirements"}).status_code == 404
    allocation = AllocationFactory(roadmap_item=item)
    assert client.get(f"/api/v1/allocations/{allocation.pk}/").status_code == 404
    assert client.delete(f"/api/v1/allocations/{allocation.pk}/").status_code == 404


@pytest.mark.parametrize("user", ["delegate_ee", "observer"])
def test_delegates_and_observers_cannot_write(world, area, item, api_client_for, user):
    client = api_client_for(getattr(world.users, user))
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    assert client.post(ITEMS, item_payload(world, area)).status_code == 403
    assert client.patch(f"{ITEMS}{item.pk}/", {"title": "X"}).status_code == 403
    assert client.post(f"{ITEMS}{item.pk}/transition/", {"to_status": "requirements"}).status_code == 403
    payload = {"pledge": pledge.pk, "roadmap_item": item.pk, "amount": "1.00"}
    assert client.post("/api/v1/allocations/", payload).status_code == 403
    assert (
        client.post("/api/v1/capability-areas/", {"coalition": world.coalition.pk, "name": "X"}).status_code
        == 403
    )
    assert not Allocation.objects.exists()


def test_read_scoped_token_cannot_write(world, area, api_client_for):
    client = api_client_for(world.users.secretariat, scope="read")
    assert client.post(ITEMS, item_payload(world, area)).status_code == 403


def test_secretariat_creates_moves_and_allocates(world, area, api_client_for):
    client = api_client_for(world.users.secretariat)
    response = client.post(ITEMS, item_payload(world, area))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "identified" and body["funding"]["state"] == "unfunded"
    pk = body["id"]
    response = client.post(f"{ITEMS}{pk}/transition/", {"to_status": "requirements", "note": "Specs"})
    assert response.status_code == 200 and response.json()["status"] == "requirements"
    log = client.get(f"{ITEMS}{pk}/transitions/").json()
    assert [(t["from_status"], t["to_status"], t["actor"]) for t in log] == [
        ("identified", "requirements", "sec")
    ]
    pledge = PledgeFactory(coalition=world.coalition, currency="USD", amount=Decimal("300.00"))
    FxRateFactory(currency="USD", date=date(2024, 1, 2), rate=Decimal("1.5"))
    response = client.post(
        "/api/v1/allocations/", {"pledge": pledge.pk, "roadmap_item": pk, "amount": "150.00"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["currency"] == "USD" and response.json()["amount_eur"] == "100.00"
    assert client.get(f"{ITEMS}{pk}/").json()["funding"]["state"] == "funded"


def test_illegal_transition_is_409_problem(world, item, api_client_for):
    response = api_client_for(world.users.secretariat).post(
        f"{ITEMS}{item.pk}/transition/", {"to_status": "closed"}
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "cannot move from Identified to Closed" in response.json()["detail"]


def test_bad_input_is_400_naming_the_field(world, area, item, api_client_for):
    client = api_client_for(world.users.secretariat)
    response = client.post(ITEMS, item_payload(world, area, estimated_cost_high="50.00"))
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"estimated_cost_high"}
    response = client.post(ITEMS, item_payload(world, area, priority=item.priority))
    assert response.status_code == 400  # the priority is taken in that year: a field error, not a 500
    response = client.post(f"{ITEMS}{item.pk}/transition/", {"to_status": "bogus"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "to_status"
    response = client.post(f"{ITEMS}{item.pk}/transition/", {"to_status": "cancelled"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "note"


def test_over_allocation_undisclosed_and_withdrawn_are_400(world, item, api_client_for):
    client = api_client_for(world.users.secretariat)
    cases = [
        (PledgeFactory(coalition=world.coalition, amount=Decimal("10.00")), "10.01", "amount"),
        (PledgeFactory(coalition=world.coalition, amount=None), "1.00", "pledge"),
        (PledgeFactory(coalition=world.coalition, status="withdrawn"), "1.00", "pledge"),
    ]
    for pledge, amount, field in cases:
        response = client.post(
            "/api/v1/allocations/", {"pledge": pledge.pk, "roadmap_item": item.pk, "amount": amount}
        )
        assert response.status_code == 400, response.json()
        assert response.json()["errors"][0]["field"] == field


def test_allocation_update_keeps_pledge_and_item(world, item, api_client_for):
    allocation = AllocationFactory(roadmap_item=item, amount=Decimal("10"))
    client = api_client_for(world.users.secretariat)
    response = client.patch(f"/api/v1/allocations/{allocation.pk}/", {"amount": "20.00"})
    assert response.status_code == 200 and response.json()["amount"] == "20.00"
    response = client.patch(f"/api/v1/allocations/{allocation.pk}/", {"amount": "2000000.00"})
    assert response.status_code == 400
    assert client.delete(f"/api/v1/allocations/{allocation.pk}/").status_code == 204


def test_orders_and_deliveries_endpoints(world, item, api_client_for):
    client = api_client_for(world.users.secretariat)
    payload = {
        "roadmap_item": item.pk,
        "supplier": "A",
        "value": "10.00",
        "currency": "EUR",
        "ordered_on": "2024-03-01",
    }
    assert client.post("/api/v1/orders/", payload).status_code == 409  # item still identified
    RoadmapItem.objects.filter(pk=item.pk).update(status="contracted")
    response = client.post("/api/v1/orders/", {**payload, "quantity": 10})
    assert response.status_code == 201, response.json()
    order_id = response.json()["id"]
    assert response.json()["value_eur"] == "10.00"
    response = client.post(
        "/api/v1/deliveries/", {"order": order_id, "quantity": 6, "expected_on": "2024-04-01"}
    )
    assert response.status_code == 201 and response.json()["is_overdue"] is True
    response = client.post(
        "/api/v1/deliveries/", {"order": order_id, "quantity": 5, "expected_on": "2024-04-01"}
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "quantity"
    assert client.get("/api/v1/deliveries/", {"overdue": "true"}).json()["count"] == 1
    assert client.get(ITEMS, {"overdue": "true"}).json()["count"] == 1


def test_filters_match_the_page(world, area, item, api_client_for):
    AllocationFactory(roadmap_item=item, amount=Decimal("500000"))
    RoadmapItemFactory(coalition=world.coalition, capability_area=area, planned_year=2025)
    client = api_client_for(world.users.observer)
    assert [r["id"] for r in client.get(ITEMS, {"funding_state": "funded"}).json()["results"]] == [item.pk]
    assert client.get(ITEMS, {"funding_state": "unfunded", "planned_year": 2025}).json()["count"] == 1
    assert client.get(ITEMS, {"capability_area": area.pk}).json()["count"] == 2
    assert client.get(ITEMS, {"funding_state": "nonsense"}).status_code == 400
    assert client.get("/api/v1/capability-areas/").json()["count"] == 1


@pytest.mark.parametrize(
    "endpoint",
    [ITEMS, "/api/v1/allocations/", "/api/v1/orders/", "/api/v1/deliveries/", "/api/v1/capability-areas/"],
)
def test_api_query_count_does_not_grow_with_rows(
    world, area, api_client_for, django_assert_max_num_queries, endpoint
):
    client = api_client_for(world.users.secretariat)

    def populate(count):
        for _ in range(count):
            item = RoadmapItemFactory(coalition=world.coalition, capability_area=area)
            AllocationFactory(roadmap_item=item)
            DeliveryFactory(order=OrderFactory(roadmap_item=item))

    populate(3)
    with django_assert_max_num_queries(10) as few:
        assert client.get(endpoint).status_code == 200
    populate(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(endpoint).status_code == 200


def test_schema_documents_the_transition_action(world, api_client_for):
    response = api_client_for(world.users.observer).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/roadmap-items/{id}/transition/" in response.content
