"""Registry proposals: a secretariat proposes a change to a shared record, a registry manager decides."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition import proposals
from coalition.errors import Conflict
from coalition.models import Participant, RegistryProposal
from contributions.models import FxRate
from contributions.tests.factories import FxRateFactory

pytestmark = pytest.mark.django_db


def _rate(world, **kwargs):
    data = {"currency": "USD", "date": date(2024, 3, 1), "rate": Decimal("1.09"), "reason": "ECB of the day"}
    return proposals.propose_fx_rate(
        actor=world.users.secretariat, coalition=world.coalition, **{**data, **kwargs}
    )


def test_a_secretariat_proposes_a_rate_and_a_registry_manager_accepts_it(world):
    proposal = _rate(world)
    assert proposal.kind == RegistryProposal.Kind.FX_RATE_CREATE and proposal.status == "pending"
    assert not FxRate.objects.filter(currency="USD").exists()  # nothing moves before the decision
    accepted = proposals.proposal_accept(actor=world.users.registry, proposal=proposal, note="ok")
    rate = FxRate.objects.get(currency="USD", date=date(2024, 3, 1))
    assert (accepted.status, accepted.fx_rate, rate.rate) == ("accepted", rate, Decimal("1.09"))
    assert accepted.decided_by == world.users.registry
    assert rate.history.first().history_user == world.users.registry


def test_a_rate_for_a_day_that_has_one_is_a_change(world):
    existing = FxRateFactory(currency="USD", date=date(2024, 3, 1), rate=Decimal("1.08"))
    proposal = _rate(world, rate=Decimal("1.0813"))
    assert (proposal.kind, proposal.fx_rate) == (RegistryProposal.Kind.FX_RATE_CHANGE, existing)
    proposals.proposal_accept(actor=world.users.registry, proposal=proposal)
    existing.refresh_from_db()
    assert existing.rate == Decimal("1.0813")
    with pytest.raises(ValidationError):
        _rate(world, rate=Decimal("1.0813"))  # nothing to change


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("currency", {"currency": "EUR"}),
        ("currency", {"currency": "XYZ"}),
        ("rate", {"rate": Decimal("0")}),
        ("rate", {"rate": Decimal("-1")}),
        ("reason", {"reason": "  "}),
    ],
)
def test_a_bad_rate_proposal_names_its_field(world, field, kwargs):
    with pytest.raises(ValidationError) as info:
        _rate(world, **kwargs)
    assert field in info.value.message_dict


def test_participant_create_and_rename(world):
    new = proposals.propose_participant(
        actor=world.users.secretariat,
        coalition=world.coalition,
        participant_kind="state",
        code="fi",
        reason="x",
    )
    proposals.proposal_accept(actor=world.users.registry, proposal=new)
    new.refresh_from_db()
    assert new.participant.code == "FI" and new.participant.name == "Finland"
    rename = proposals.propose_participant_rename(
        actor=world.users.secretariat,
        coalition=world.coalition,
        participant=world.participants.ee,
        name="Republic of Estonia",
        reason="Official name",
    )
    assert Participant.objects.get(code="EE").name == "Estonia"
    proposals.proposal_accept(actor=world.users.registry, proposal=rename)
    assert Participant.objects.get(code="EE").name == "Republic of Estonia"
    with pytest.raises(ValidationError) as info:
        proposals.propose_participant(
            actor=world.users.secretariat,
            coalition=world.coalition,
            participant_kind="state",
            code="EE",
            reason="x",
        )
    assert "code" in info.value.message_dict


@pytest.mark.parametrize("who", ["observer", "delegate_ee", "outsider", "registry", "nobody"])
def test_only_the_coalitions_secretariat_proposes(world, who):
    with pytest.raises(PermissionDenied):
        proposals.propose_fx_rate(
            actor=getattr(world.users, who),
            coalition=world.coalition,
            currency="USD",
            date=date(2024, 3, 1),
            rate=Decimal("1.1"),
            reason="x",
        )


def test_only_registry_managers_decide_and_once(world):
    proposal = _rate(world)
    for who in ("secretariat", "outsider", "observer"):
        with pytest.raises(PermissionDenied):
            proposals.proposal_accept(actor=getattr(world.users, who), proposal=proposal)
    with pytest.raises(ValidationError):
        proposals.proposal_reject(actor=world.users.registry, proposal=proposal, note="")
    proposals.proposal_reject(actor=world.users.registry, proposal=proposal, note="Not the ECB rate.")
    with pytest.raises(Conflict):
        proposals.proposal_accept(actor=world.users.registry, proposal=proposal)
    with pytest.raises(Conflict):
        proposals.proposal_withdraw(actor=world.users.secretariat, proposal=proposal)
    assert not FxRate.objects.filter(currency="USD").exists()


def test_a_refused_record_keeps_the_proposal_pending(world):
    proposal = _rate(world)
    FxRateFactory(currency="USD", date=date(2024, 3, 1), rate=Decimal("1.09"))  # someone loaded it meanwhile
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        proposals.proposal_accept(actor=world.users.registry, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_each_secretariat_sees_its_own_proposals_and_registry_managers_all(world):
    mine = _rate(world)
    theirs = proposals.propose_fx_rate(
        actor=world.users.outsider,
        coalition=world.other,
        currency="JPY",
        date=date(2024, 3, 1),
        rate=Decimal("160"),
        reason="x",
    )
    visible = RegistryProposal.objects.visible_to
    assert list(visible(world.users.secretariat)) == [mine]
    assert list(visible(world.users.outsider)) == [theirs]
    assert set(visible(world.users.registry)) == {mine, theirs}
    assert not visible(world.users.observer).exists()


class TestPagesAndApi:
    def test_propose_on_the_page_then_decide_on_the_queue(self, world, client):
        client.force_login(world.users.secretariat)
        response = client.post(
            "/c/itc/proposals/fx-rate/",
            {"currency": "usd", "date": "2024-03-01", "rate": "1.09", "reason": "ECB"},
        )
        assert response.status_code == 302 and response["Location"] == "/c/itc/proposals/"
        page = client.get("/c/itc/proposals/").content.decode()
        assert "USD 2024-03-01 = 1.09" in page and "Pending" in page
        proposal = RegistryProposal.objects.get()
        client.force_login(world.users.registry)
        queue = client.get("/registry/proposals/").content.decode()
        assert f"/registry/proposals/{proposal.pk}/" in queue
        response = client.post(f"/registry/proposals/{proposal.pk}/", {"decision": "reject", "note": ""})
        assert response.status_code == 200 and "Say why" in response.content.decode()
        response = client.post(f"/registry/proposals/{proposal.pk}/", {"decision": "accept", "note": ""})
        assert response.status_code == 302
        assert FxRate.objects.get(currency="USD").rate == Decimal("1.09")
        client.force_login(world.users.secretariat)
        assert "Accepted" in client.get("/c/itc/proposals/").content.decode()

    def test_the_api_flow(self, world, api_client_for):
        sec = api_client_for(world.users.secretariat)
        response = sec.post(
            "/api/v1/registry-proposals/",
            {"coalition": world.coalition.pk, "kind": "participant_rename", "reason": "x"},
        )
        assert response.status_code == 400
        assert {e["field"] for e in response.json()["errors"]} == {"participant", "name"}
        response = sec.post(
            "/api/v1/registry-proposals/",
            {
                "coalition": world.coalition.pk,
                "kind": "participant_rename",
                "participant": world.participants.ee.pk,
                "name": "Republic of Estonia",
                "reason": "Official name",
            },
        )
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        assert response.json()["status"] == "pending"
        assert sec.post(f"/api/v1/registry-proposals/{pk}/accept/", {}).status_code == 403
        registry = api_client_for(world.users.registry)
        response = registry.post(f"/api/v1/registry-proposals/{pk}/accept/", {"note": "Checked."})
        assert response.status_code == 200 and response.json()["status"] == "accepted"
        assert Participant.objects.get(code="EE").name == "Republic of Estonia"
        assert registry.post(f"/api/v1/registry-proposals/{pk}/reject/", {"note": "x"}).status_code == 409
        other = api_client_for(world.users.outsider)
        assert other.get(f"/api/v1/registry-proposals/{pk}/").status_code == 404
        response = other.post(
            "/api/v1/registry-proposals/",
            {
                "coalition": world.coalition.pk,
                "kind": "fx_rate",
                "currency": "USD",
                "date": "2024-03-01",
                "rate": "9.9",
                "reason": "x",
            },
        )
        assert response.status_code == 400  # X is not theirs: as if it did not exist
        assert response.json()["errors"][0]["field"] == "coalition"
