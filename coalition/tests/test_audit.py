"""The audit trail (page, /api/v1/audit/) and the changes feed (/api/v1/changes/), from the history tables."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from contributions import services as contributions
from contributions.models import Pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    """A pledge of X created, changed, moved on and deleted; one of Y created; a login failure."""
    sec = world.users.secretariat
    pledge = contributions.pledge_create(
        actor=sec,
        coalition=world.coalition,
        donor=world.participants.ee,
        amount=Decimal("1000"),
        currency="EUR",
        announced_on=timezone.localdate() - timedelta(days=3),
        purpose="Servers",
    )
    contributions.pledge_update(actor=sec, pledge=pledge, purpose="Servers and racks")
    contributions.pledge_transition(actor=sec, pledge=pledge, to_status="confirmed", on=timezone.localdate())
    doomed = contributions.pledge_create(
        actor=sec,
        coalition=world.coalition,
        donor=world.participants.lu,
        amount=Decimal("5"),
        currency="EUR",
        announced_on=timezone.localdate(),
        purpose="Entered by mistake",
    )
    doomed_id = doomed.pk
    contributions.pledge_delete(actor=sec, pledge=doomed)
    theirs = contributions.pledge_create(
        actor=world.users.outsider,
        coalition=world.other,
        donor=world.participants.fr,
        amount=Decimal("7"),
        currency="EUR",
        announced_on=timezone.localdate(),
        purpose="Of Y",
    )
    Client(REMOTE_ADDR="127.3.3.3").post("/accounts/login/", {"username": "del-ee", "password": "wrong"})
    return {"pledge": pledge, "deleted_id": doomed_id, "theirs": theirs}


def _audit(api_client_for, who, **params):
    # one client (one token) per user and test: each new token is itself an entry of the trail
    clients = api_client_for.__dict__.setdefault("audit_clients", {})
    if who.pk not in clients:
        clients[who.pk] = api_client_for(who, "read")
    return clients[who.pk].get("/api/v1/audit/", params)


def test_the_trail_lists_create_change_transition_and_delete_with_labels(world, api_client_for, history):
    body = _audit(api_client_for, world.users.secretariat, coalition=world.coalition.pk, type="pledge").json()
    mine = [e for e in body["results"] if e["record_id"] == str(history["pledge"].pk)]
    assert [e["action"] for e in mine] == ["transition", "changed", "created"]
    changed = mine[1]
    assert changed["user"] == "sec"
    assert {
        "field": "purpose",
        "label": "purpose or earmark",
        "old": "Servers",
        "new": "Servers and racks",
    } in changed["changes"]
    deleted = [e for e in body["results"] if e["record_id"] == str(history["deleted_id"])]
    assert [e["action"] for e in deleted] == ["deleted", "created"]  # the deleted record is still there
    assert "Entered by mistake" not in str(Pledge.objects.values_list("purpose", flat=True))
    assert str(history["theirs"].pk) not in {e["record_id"] for e in body["results"]}  # Y's stays Y's


def test_filters_by_record_user_and_date_and_pages_with_a_cursor(world, api_client_for, history):
    sec = world.users.secretariat
    one = _audit(
        api_client_for, sec, coalition=world.coalition.pk, type="pledge", record=history["pledge"].pk
    )
    assert {e["record_id"] for e in one.json()["results"]} == {str(history["pledge"].pk)}
    by_user = _audit(api_client_for, sec, coalition=world.coalition.pk, user=world.users.outsider.pk).json()
    assert by_user["results"] == []
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert _audit(api_client_for, sec, coalition=world.coalition.pk, since=future).json()["results"] == []
    seen, cursor = [], None
    while True:
        params = {"coalition": world.coalition.pk, "page_size": 2, **({"cursor": cursor} if cursor else {})}
        page = _audit(api_client_for, sec, **params).json()
        seen += [e["id"] for e in page["results"]]
        cursor = page["next"]
        if not cursor:
            break
    everything = _audit(api_client_for, sec, coalition=world.coalition.pk, page_size=500).json()["results"]
    assert seen == [e["id"] for e in everything] and len(seen) == len(set(seen)) > 5
    assert _audit(api_client_for, sec, coalition=world.coalition.pk, cursor="nonsense").status_code == 400


def test_only_the_secretariat_reads_the_trail_and_other_coalitions_are_not_probeable(
    world, api_client_for, history
):
    assert _audit(api_client_for, world.users.observer, coalition=world.coalition.pk).status_code == 403
    assert _audit(api_client_for, world.users.delegate_ee, coalition=world.coalition.pk).status_code == 403
    hidden = _audit(api_client_for, world.users.outsider, coalition=world.coalition.pk)
    missing = _audit(api_client_for, world.users.outsider, coalition=999999)
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["errors"] == missing.json()["errors"]
    assert _audit(api_client_for, world.users.admin, coalition=world.coalition.pk).status_code == 200


def test_logins_failed_logins_and_token_use_are_in_the_trail(world, api_client_for, history):
    body = _audit(
        api_client_for, world.users.secretariat, coalition=world.coalition.pk, include="logins"
    ).json()
    actions = {(e["action"], e["user"]) for e in body["logins"]}
    assert ("login_failed", "del-ee") in actions
    assert ("token_used", "sec") in actions  # this very request's token
    assert not any(e["user"] == "outsider" for e in body["logins"])


def test_the_audit_page(world, client, history):
    client.force_login(world.users.secretariat)
    html = client.get("/c/itc/audit/?type=pledge").content.decode()
    assert "Servers and racks" in html and "deleted" in html and "failed login" in html
    client.force_login(world.users.observer)
    assert client.get("/c/itc/audit/").status_code == 403


def test_the_changes_feed_syncs_incrementally_with_deletions(world, api_client_for, history):
    api = api_client_for(world.users.observer, "read")
    first = api.get("/api/v1/changes/", {"type": "pledge", "page_size": 3}).json()
    assert len(first["results"]) == 3 and first["has_more"] and first["next"]
    rest, cursor = [], first["next"]
    while True:
        page = api.get("/api/v1/changes/", {"type": "pledge", "cursor": cursor}).json()
        rest += page["results"]
        cursor = page["next"]
        if not page["has_more"]:
            break
    entries = first["results"] + rest
    times = [e["at"] for e in entries]
    assert times == sorted(times)  # oldest first
    assert ("deleted", str(history["deleted_id"])) in {(e["action"], e["record_id"]) for e in entries}
    assert str(history["theirs"].pk) not in {e["record_id"] for e in entries}  # Y's pledge: not for X's users
    contributions.pledge_update(actor=world.users.secretariat, pledge=history["pledge"], purpose="Later")
    later = api.get("/api/v1/changes/", {"cursor": cursor}).json()
    assert [e["action"] for e in later["results"]] == ["changed"]  # only what happened since
    assert later["next"] != cursor
    again = api.get("/api/v1/changes/", {"cursor": later["next"]}).json()
    assert again["results"] == [] and again["next"] == later["next"] and not again["has_more"]
