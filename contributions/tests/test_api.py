"""The API: scoped reads, writes through the services, problem details, money as strings."""

import datetime
from decimal import Decimal

import pytest

from contributions.models import Disbursement, FxRate, Pledge
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
def pledges(world):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.25"))
    return {
        "ee": PledgeFactory(
            coalition=world.coalition,
            donor=world.participants.ee,
            amount=Decimal("1000"),
            currency="USD",
            status=S.CONFIRMED,
        ),
        "lu": PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=None),
        "fr": PledgeFactory(coalition=world.other, donor=world.participants.fr),
    }


def test_anonymous_gets_401_problem_json(api_client_for):
    response = api_client_for(None).get("/api/v1/pledges/")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_list_shows_money_as_strings_with_the_rate_used(world, pledges, api_client_for):
    response = api_client_for(world.users.observer).get("/api/v1/pledges/")
    assert response.status_code == 200
    rows = {r["donor_code"]: r for r in response.json()["results"]}
    assert set(rows) == {"EE", "LU"}  # not the other coalition's
    ee = rows["EE"]
    assert (ee["amount"], ee["currency"], ee["amount_eur"], ee["fx_rate"], ee["fx_rate_date"]) == (
        "1000.00",
        "USD",
        "800.00",
        "1.25000000",
        "2024-02-01",
    )
    assert (ee["paid"], ee["outstanding"]) == ("0.00", "1000.00")
    assert rows["LU"]["amount"] is None and rows["LU"]["amount_eur"] is None


def test_filters_match_the_page(world, pledges, api_client_for):
    client = api_client_for(world.users.secretariat)
    assert [r["id"] for r in client.get("/api/v1/pledges/", {"status": "confirmed"}).json()["results"]] == [
        pledges["ee"].pk
    ]
    assert len(client.get("/api/v1/pledges/", {"undisclosed": "true"}).json()["results"]) == 1
    assert len(client.get("/api/v1/pledges/", {"currency": "usd"}).json()["results"]) == 1
    assert client.get("/api/v1/pledges/", {"coalition": world.other.pk}).status_code == 400


def test_outsider_sees_only_its_coalition(world, pledges, api_client_for):
    client = api_client_for(world.users.outsider)
    assert [r["id"] for r in client.get("/api/v1/pledges/").json()["results"]] == [pledges["fr"].pk]
    assert client.get(f"/api/v1/pledges/{pledges['ee'].pk}/").status_code == 404


def test_secretariat_creates_a_pledge_and_gets_its_figures(world, api_client_for):
    response = api_client_for(world.users.secretariat).post(
        "/api/v1/pledges/",
        {
            "coalition": world.coalition.pk,
            "donor": world.participants.dk.pk,
            "amount": "2500.50",
            "currency": "eur",
            "announced_on": "2024-02-02",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["currency"], body["amount_eur"], body["status"]) == (
        "2500.50",
        "EUR",
        "2500.50",
        "announced",
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"announced_on": "yesterday"}, "announced_on"),
        ({"donor": 99999}, "donor"),
    ],
)
def test_bad_input_is_400_naming_the_field(world, api_client_for, payload, field):
    data = {
        "coalition": world.coalition.pk,
        "donor": world.participants.dk.pk,
        "amount": "1",
        "currency": "EUR",
        "announced_on": "2024-02-02",
        **payload,
    }
    response = api_client_for(world.users.secretariat).post("/api/v1/pledges/", data)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize("who", ["delegate_ee", "observer"])
def test_non_secretariat_cannot_write(world, pledges, api_client_for, who):
    client = api_client_for(getattr(world.users, who))
    pk = pledges["ee"].pk
    assert (
        client.post(
            "/api/v1/pledges/",
            {
                "coalition": world.coalition.pk,
                "donor": world.participants.ee.pk,
                "currency": "EUR",
                "announced_on": "2024-02-02",
            },
        ).status_code
        == 403
    )
    assert client.patch(f"/api/v1/pledges/{pk}/", {"amount": "1"}).status_code == 403
    assert client.delete(f"/api/v1/pledges/{pk}/").status_code == 403
    assert client.post(f"/api/v1/pledges/{pk}/transition/", {"to_status": "committed"}).status_code == 403
    assert (
        client.post(
            "/api/v1/disbursements/", {"pledge": pk, "amount": "1", "paid_on": "2024-03-01"}
        ).status_code
        == 403
    )


def test_transition_action(world, pledges, api_client_for):
    client = api_client_for(world.users.secretariat)
    pk = pledges["ee"].pk
    response = client.post(
        f"/api/v1/pledges/{pk}/transition/", {"to_status": "committed", "on": "2024-03-01"}
    )
    assert response.status_code == 200 and response.json()["committed_on"] == "2024-03-01"
    illegal = client.post(f"/api/v1/pledges/{pk}/transition/", {"to_status": "announced"})
    assert illegal.status_code == 409 and "Allowed: Fulfilled, Withdrawn" in illegal.json()["detail"]
    assert client.post(f"/api/v1/pledges/{pk}/transition/", {"to_status": "x"}).status_code == 400
    steps = client.get(f"/api/v1/pledges/{pk}/transitions/").json()
    assert [s["to_status"] for s in steps] == ["committed"] and steps[0]["recorded_by"] == "sec"


def test_patch_resets_review_and_keeps_status_read_only(world, pledges, api_client_for):
    p = pledges["ee"]
    api_client_for(world.users.delegate_ee).post(f"/api/v1/pledges/{p.pk}/confirm-figures/", {})
    client = api_client_for(world.users.secretariat)
    refused = client.patch(f"/api/v1/pledges/{p.pk}/", {"amount": "1100", "status": "fulfilled"})
    assert refused.status_code == 400 and refused.json()["code"] == "read-only-fields"
    assert f"POST /api/v1/pledges/{p.pk}/transition/" in refused.json()["errors"][0]["message"]
    response = client.patch(f"/api/v1/pledges/{p.pk}/", {"amount": "1100", "status": "confirmed"})
    assert response.status_code == 200  # the status as read, sent back unchanged, is not a change
    body = response.json()
    assert body["status"] == "confirmed" and body["review_status"] == "needs_review"
    assert "amount: 1,000.00 → 1,100.00" in body["review_comment"]


def test_review_actions_for_the_donors_delegate_only(world, pledges, api_client_for):
    ee, lu = pledges["ee"].pk, pledges["lu"].pk
    delegate = api_client_for(world.users.delegate_ee)
    response = delegate.post(f"/api/v1/pledges/{ee}/confirm-figures/", {"seen": {"amount": "1000.00"}})
    assert response.status_code == 200 and response.json()["reviewed_figures"]["amount"] == "1000.00"
    assert (
        delegate.post(f"/api/v1/pledges/{ee}/confirm-figures/", {"seen": {"amount": "1.00"}}).status_code
        == 409
    )
    assert delegate.post(f"/api/v1/pledges/{lu}/confirm-figures/", {}).status_code == 403
    assert delegate.post(f"/api/v1/pledges/{lu}/dispute/", {"comment": "no"}).status_code == 403
    missing = delegate.post(f"/api/v1/pledges/{ee}/dispute/", {"comment": ""})
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "comment"
    assert (
        delegate.post(f"/api/v1/pledges/{ee}/dispute/", {"comment": "wrong"}).json()["review_status"]
        == "disputed"
    )
    for who in ("secretariat", "observer"):
        assert (
            api_client_for(getattr(world.users, who))
            .post(f"/api/v1/pledges/{ee}/confirm-figures/", {})
            .status_code
            == 403
        )
    assert (
        api_client_for(world.users.outsider).post(f"/api/v1/pledges/{ee}/confirm-figures/", {}).status_code
        == 404
    )


def test_read_scoped_token_cannot_review(world, pledges, api_client_for):
    client = api_client_for(world.users.delegate_ee, scope="read")
    assert client.post(f"/api/v1/pledges/{pledges['ee'].pk}/confirm-figures/", {}).status_code == 403


def test_disbursements_endpoint_rejects_overpayment_then_accepts_override(world, pledges, api_client_for):
    client = api_client_for(world.users.secretariat)
    pk = pledges["ee"].pk
    over = client.post("/api/v1/disbursements/", {"pledge": pk, "amount": "1000.01", "paid_on": "2024-03-01"})
    assert over.status_code == 400 and over.json()["errors"][0]["field"] == "amount"
    ok = client.post(
        "/api/v1/disbursements/",
        {"pledge": pk, "amount": "1000.01", "paid_on": "2024-03-01", "overpayment_reason": "bank fee"},
    )
    assert ok.status_code == 201, ok.json()
    body = ok.json()
    assert (body["amount"], body["currency"], body["amount_eur"], body["overpayment_approved_by"]) == (
        "1000.01",
        "USD",
        "800.01",
        "sec",
    )
    conflict = client.post(
        "/api/v1/disbursements/", {"pledge": pledges["lu"].pk, "amount": "1", "paid_on": "2024-03-01"}
    )
    assert conflict.status_code == 409
    foreign = client.post(
        "/api/v1/disbursements/", {"pledge": pledges["fr"].pk, "amount": "1", "paid_on": "2024-03-01"}
    )
    assert foreign.status_code == 400  # a pledge the user cannot see does not exist
    assert Disbursement.objects.count() == 1


def test_fx_rates_read_for_all_roles_written_by_registry_managers_or_staff(world, api_client_for):
    from coalition.tests.factories import UserFactory

    FxRateFactory()
    assert api_client_for(world.users.observer).get("/api/v1/fx-rates/").json()["count"] == 1
    assert api_client_for(world.users.nobody).get("/api/v1/fx-rates/").json()["count"] == 0
    data = {"currency": "GBP", "date": "2024-02-01", "rate": "0.85"}
    assert api_client_for(world.users.delegate_ee).post("/api/v1/fx-rates/", data).status_code == 403
    # Before: any coalition's secretariat set the rate that moves every coalition's EUR figures (issue 10).
    assert api_client_for(world.users.secretariat).post("/api/v1/fx-rates/", data).status_code == 403
    assert api_client_for(world.users.registry).post("/api/v1/fx-rates/", data).status_code == 201
    staff = UserFactory(username="staffer", is_staff=True)
    rate = FxRate.objects.get(currency="GBP")
    assert api_client_for(staff).patch(f"/api/v1/fx-rates/{rate.pk}/", {"rate": "0.86"}).status_code == 200
    bad = api_client_for(world.users.registry).post("/api/v1/fx-rates/", {**data, "currency": "EUR"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "currency"


def test_reported_totals_endpoint_reconciles(world, api_client_for):
    meeting = MeetingFactory(coalition=world.coalition, number=1)
    ReportedTotalFactory(meeting=meeting)
    PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.ee,
        amount=Decimal("31000000"),
        announced_at=meeting,
    )
    PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=None, announced_at=meeting)
    row = api_client_for(world.users.observer).get("/api/v1/reported-totals/").json()["results"][0]
    assert (
        row["amount"],
        row["itemised_eur"],
        row["difference_eur"],
        row["itemised_undisclosed"],
        row["verdict"],
    ) == ("30000000.00", "31000000.00", "1000000.00", 1, "consistent")
    created = api_client_for(world.users.secretariat).post(
        "/api/v1/reported-totals/",
        {"meeting": meeting.pk, "amount": "5", "qualifier": "about", "stated_text": "about €5"},
    )
    assert created.status_code == 201 and created.json()["verdict"] == "unknown"  # an undisclosed pledge
    assert (
        api_client_for(world.users.delegate_ee)
        .post("/api/v1/reported-totals/", {"meeting": meeting.pk, "amount": "5"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("endpoint", ["pledges", "disbursements", "reported-totals"])
@pytest.mark.parametrize("rows", [3, 30])
def test_endpoint_queries_do_not_grow_with_rows(
    world, api_client_for, django_assert_max_num_queries, endpoint, rows
):
    for i in range(rows):
        meeting = MeetingFactory(coalition=world.coalition, number=i + 1)
        p = PledgeFactory(
            coalition=world.coalition,
            donor=[world.participants.ee, world.participants.lu][i % 2],
            status=S.CONFIRMED,
            announced_at=meeting,
        )
        DisbursementFactory(pledge=p)
        ReportedTotalFactory(meeting=meeting)
    client = api_client_for(world.users.secretariat)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200 and len(response.json()["results"]) == rows


def test_schema_documents_the_actions(world, api_client_for):
    response = api_client_for(world.users.observer).get("/api/v1/schema/", {"format": "json"})
    paths = response.json()["paths"]
    for path in (
        "/api/v1/pledges/{id}/transition/",
        "/api/v1/pledges/{id}/confirm-figures/",
        "/api/v1/pledges/{id}/dispute/",
        "/api/v1/fx-rates/",
        "/api/v1/reported-totals/",
    ):
        assert path in paths
