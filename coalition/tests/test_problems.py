"""Problem details: every error has a registered `type` URI and a machine-readable `code`."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from coalition.api import problems
from contributions.models import Pledge
from contributions.tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def assert_typed(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert (body["status"], body["code"]) == (status, code), body
    assert body["type"] == f"/api/v1/problems/{code}/"
    assert body["title"] and body["detail"]
    assert isinstance(body["errors"], list)
    return body


@pytest.fixture
def pledge(world):
    return PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, amount=Decimal("100.00"), status="confirmed"
    )


def test_no_token_is_not_authenticated(world, api_client_for):
    assert_typed(api_client_for(None).get("/api/v1/pledges/"), 401, "not-authenticated")


def test_unknown_endpoint_is_not_found(world, api_client_for):
    assert_typed(api_client_for(world.users.secretariat).get("/api/v1/no-such-thing/"), 404, "not-found")


def test_invisible_record_is_not_found(world, api_client_for, pledge):
    assert_typed(api_client_for(world.users.outsider).get(f"/api/v1/pledges/{pledge.pk}/"), 404, "not-found")


def test_read_scope_token_writing_is_read_only_token(world, api_client_for, pledge):
    client = api_client_for(world.users.secretariat, scope="read")
    assert_typed(client.patch(f"/api/v1/pledges/{pledge.pk}/", {"note": "x"}), 403, "read-only-token")


def test_observer_writing_is_permission_denied(world, api_client_for, pledge):
    client = api_client_for(world.users.observer)
    assert_typed(client.patch(f"/api/v1/pledges/{pledge.pk}/", {"note": "x"}), 403, "permission-denied")


def test_field_errors_are_invalid(world, api_client_for):
    body = assert_typed(api_client_for(world.users.secretariat).post("/api/v1/pledges/", {}), 400, "invalid")
    assert {"coalition", "donor"} <= {e["field"] for e in body["errors"]}


def test_malformed_json_is_malformed_request(world, api_client_for):
    client = api_client_for(world.users.secretariat)
    response = client.post("/api/v1/pledges/", "{not json", content_type="application/json")
    assert_typed(response, 400, "malformed-request")


def test_over_payment_is_typed_and_names_the_amount(world, api_client_for, pledge):
    client = api_client_for(world.users.secretariat)
    response = client.post(
        "/api/v1/disbursements/", {"pledge": pledge.pk, "amount": "150.00", "paid_on": "2024-03-01"}
    )
    body = assert_typed(response, 400, "over-payment")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("amount", "over-payment")]
    assert "above the pledge" in body["detail"]


def test_illegal_transition_is_typed(world, api_client_for, pledge):
    client = api_client_for(world.users.secretariat)
    response = client.post(f"/api/v1/pledges/{pledge.pk}/transition/", {"to_status": "announced"})
    assert_typed(response, 409, "illegal-transition")
    assert Pledge.objects.get(pk=pledge.pk).status == "confirmed"


def test_other_conflicts_stay_conflict(world, api_client_for, pledge):
    from contributions.tests.factories import DisbursementFactory

    DisbursementFactory(pledge=pledge, amount=Decimal("10.00"))
    response = api_client_for(world.users.secretariat).delete(f"/api/v1/pledges/{pledge.pk}/")
    assert_typed(response, 409, "conflict")


def test_each_type_uri_leads_to_its_description(world, api_client_for):
    client = api_client_for(world.users.observer)
    listed = client.get("/api/v1/problems/").json()
    assert {p["code"] for p in listed} == set(problems.REGISTRY)
    for entry in listed:
        one = client.get(entry["type"]).json()
        assert one == entry
        assert one["status"] == problems.REGISTRY[one["code"]].status
    assert_typed(client.get("/api/v1/problems/no-such-problem/"), 404, "not-found")


def test_type_is_absolute_under_the_portal_base_url(world, api_client_for, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    body = api_client_for(None).get("/api/v1/pledges/").json()
    assert body["type"] == "https://portal.example.org/api/v1/problems/not-authenticated/"


def test_docs_list_every_problem_code():
    text = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text()
    documented = set(re.findall(r"^\| `([a-z-]+)` \| (\d{3}) \|", text, flags=re.MULTILINE))
    assert documented == {(p.code, str(p.status)) for p in problems.REGISTRY.values()}
