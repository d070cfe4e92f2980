"""What the live schemathesis run (live/test_schemathesis.py) found, pinned in-process: answers the schema
documents, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/participants/?coalition=null", "coalition"),
        ("/api/v1/meetings/?participant=null&participant=null", "participant"),
        ("/api/v1/meetings/?participant=abc", "participant"),
    ],
)
def test_an_id_filter_given_no_id_is_a_400_naming_it(world, api_client_for, path, field):
    response = api_client_for(world.users.secretariat).get(path)
    assert response.status_code == 400, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_minutes_before_approval_have_an_empty_approval_record(world, api_client_for):
    """Nothing frozen before approval: the schema must not require its keys (schemathesis found the
    violation; see test_schema.py::test_keys_that_may_be_absent_are_not_required)."""
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(coalition=world.coalition)
    client = api_client_for(world.users.secretariat)
    created = client.post("/api/v1/minutes/", {"meeting": meeting.pk, "text": "Draft."}, format="json")
    assert created.status_code == 201, created.content
    record = created.json()["approval_record"]
    assert record.get("revision") is None and not {"agreed", "commented", "comments"} & set(record)


def test_a_pledges_first_transition_comes_from_null_not_an_empty_status(world, api_client_for):
    """'' is no member of the status enum (schemathesis: response violates the schema)."""
    client = api_client_for(world.users.secretariat)
    created = client.post(
        "/api/v1/pledges/",
        {
            "coalition": world.coalition.pk,
            "donor": world.participants.ee.pk,
            "amount": "1000.00",
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    steps = client.get(f"/api/v1/pledges/{created.json()['id']}/transitions/").json()
    assert steps[0]["from_status"] is None and steps[0]["to_status"]


def test_a_rate_proposal_has_no_participant_kind_rather_than_an_empty_one(world, api_client_for):
    """schemathesis: `participant_kind` was "" on proposals of other kinds, which its enum does not list."""
    import datetime
    from decimal import Decimal

    from coalition import proposals

    proposals.propose_fx_rate(
        actor=world.users.secretariat,
        coalition=world.coalition,
        currency="USD",
        date=datetime.date(2024, 5, 2),
        rate=Decimal("1.0701"),
        reason="Published by the ECB.",
    )
    rows = api_client_for(world.users.secretariat).get("/api/v1/registry-proposals/").json()["results"]
    assert [r["participant_kind"] for r in rows] == [None]
