"""The summaries API: history, latest, diff, and on-demand jobs (202 with a status URL)."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from contributions import services as contributions
from contributions.tests.factories import DisbursementFactory, PledgeFactory
from summaries.models import SummaryJob
from summaries.tests.snapshots import legacy_snapshot, snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # jobs are published on commit
def test_post_queues_a_job_and_answers_202_with_its_status_url(world, api_client_for):
    client = api_client_for(world.users.secretariat)
    response = client.post("/api/v1/summaries/", {"coalition": world.coalition.pk})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == "succeeded"  # eager here; a real worker test shows queued → succeeded
    assert response["Location"] == body["status_url"]
    status = client.get(body["status_url"])
    assert status.status_code == 200 and status.json()["snapshot"] is not None


@pytest.mark.parametrize("role", ["delegate_ee", "observer"])
def test_delegates_and_observers_cannot_queue_jobs(world, api_client_for, role):
    response = api_client_for(getattr(world.users, role)).post(
        "/api/v1/summaries/", {"coalition": world.coalition.pk}
    )
    assert response.status_code == 403
    assert not SummaryJob.objects.exists()


def test_queueing_for_a_hidden_coalition_is_400(world, api_client_for):
    response = api_client_for(world.users.outsider).post(
        "/api/v1/summaries/", {"coalition": world.coalition.pk}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "coalition"


def test_history_and_latest_are_scoped(world, api_client_for):
    older = snapshot(world.coalition, generated_at=timezone.now() - timezone.timedelta(days=1))
    newer = snapshot(world.coalition)
    snapshot(world.other)
    client = api_client_for(world.users.observer)
    listed = client.get(f"/api/v1/summaries/?coalition={world.coalition.pk}").json()
    assert [s["id"] for s in listed["results"]] == [newer.pk, older.pk]
    assert "payload" not in listed["results"][0] and listed["results"][0]["schema_version"] == 2
    latest = client.get(f"/api/v1/summaries/latest/?coalition={world.coalition.pk}").json()
    assert latest["id"] == newer.pk and latest["payload"]["coalition"]["id"] == world.coalition.pk
    assert client.get(f"/api/v1/summaries/latest/?coalition={world.other.pk}").status_code == 404
    assert client.get("/api/v1/summaries/latest/").status_code == 400


def test_latest_is_the_most_recent_data_not_the_last_written(world, api_client_for):
    """A pack rebuilt today for a past meeting writes that day's figures: they do not become the latest."""
    today = snapshot(world.coalition)
    snapshot(world.coalition, at=timezone.now() - timezone.timedelta(days=40))  # written after `today`
    latest = api_client_for(world.users.observer).get(
        f"/api/v1/summaries/latest/?coalition={world.coalition.pk}"
    )
    assert latest.json()["id"] == today.pk


def test_the_payload_is_served_with_stable_keys_labels_and_utc_timestamps(world, api_client_for):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=None, status="confirmed")
    PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("2500000.00"))
    kept = snapshot(world.coalition)
    body = api_client_for(world.users.observer).get(f"/api/v1/summaries/{kept.pk}/").json()
    assert body["legacy_payload"] is None and body["generated_at"].endswith("Z")
    payload = body["payload"]
    assert payload["schema_version"] == 2 and payload["figures_from"] == "records"
    assert payload["generated_at"].endswith("Z") and payload["data_as_of"].endswith("Z")
    text = json.dumps(payload)
    assert "__" not in text, "no ORM lookups (donor__code) in the keys"
    estonia, luxembourg = payload["contributions"]["by_state"]
    assert estonia["participant"]["code"] == "EE" and estonia["all"]["pledged_eur"] is None
    assert luxembourg["all"]["pledged_eur"] == "2500000.00"
    stages = payload["contributions"]["totals"]["all"]["stages"]
    assert [(s["stage"], s["label"]) for s in stages][:2] == [
        ("announced", "Announced, not yet confirmed"),
        ("confirmed", "Confirmed, not yet committed"),
    ]
    assert payload["roadmap"]["by_stage"][0]["label"] == "Identified"


def test_an_old_snapshot_is_served_as_it_was_with_its_version(world, api_client_for):
    old = legacy_snapshot(world.coalition)
    body = api_client_for(world.users.observer).get(f"/api/v1/summaries/{old.pk}/").json()
    assert body["schema_version"] == 1 and body["payload"] is None
    assert body["legacy_payload"]["pledges"][0]["donor"] == "EE"


def test_diff_between_two_snapshots_speaks_in_words(world, api_client_for):
    pledge = PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, amount=Decimal("10.00"), status="announced"
    )
    before = snapshot(world.coalition, generated_at=timezone.now() - timezone.timedelta(hours=1))
    contributions.pledge_transition(
        actor=world.users.secretariat, pledge=pledge, to_status="confirmed", on=date(2024, 2, 3)
    )
    DisbursementFactory(pledge=pledge, amount=Decimal("4.00"))
    PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=None, status="announced")
    after = snapshot(world.coalition)
    client = api_client_for(world.users.delegate_ee)
    response = client.get(f"/api/v1/summaries/{after.pk}/diff/?against={before.pk}")
    body = response.json()
    assert (body["from_snapshot"], body["to_snapshot"]) == (before.pk, after.pk)
    assert body["unchanged"] is False and body["facts_only"] is False
    texts = [c["text"] for c in body["changes"]]
    assert "Estonia: paid rose from 0 EUR to 4 EUR (+4 EUR)." in texts
    assert "Estonia: confirmed pledges (not yet committed) rose from 0 to 1 (+1)." in texts
    assert "Luxembourg: pledges without a disclosed amount rose from 0 to 1 (+1)." in texts
    paid = next(c for c in body["changes"] if c["subject"]["code"] == "EE" and c["figure"] == "paid")
    assert (paid["label"], paid["unit"], paid["before"], paid["after"], paid["difference"]) == (
        "paid",
        "EUR",
        "0.00",
        "4.00",
        "4.00",
    )
    for change in body["changes"]:
        assert "_eur" not in change["text"] and "needs_review" not in change["text"]
    # The same two, the other way round, give the same answer; a third coalition's snapshot is 404.
    reverse = client.get(f"/api/v1/summaries/{before.pk}/diff/?against={after.pk}").json()
    assert reverse["changes"] == body["changes"]
    assert client.get(f"/api/v1/summaries/{after.pk}/diff/").status_code == 400
    assert (
        client.get(f"/api/v1/summaries/{after.pk}/diff/?against={before.pk}&facts_only=x").status_code == 400
    )
    other = snapshot(world.other)
    assert client.get(f"/api/v1/summaries/{after.pk}/diff/?against={other.pk}").status_code == 404


def test_diff_with_an_old_snapshot_says_it_cannot_compare(world, api_client_for):
    old, new = legacy_snapshot(world.coalition), snapshot(world.coalition)
    response = api_client_for(world.users.observer).get(f"/api/v1/summaries/{new.pk}/diff/?against={old.pk}")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "snapshots-incomparable"
    assert "cannot be compared" in response.json()["detail"]


def test_list_query_count_does_not_grow(world, api_client_for, django_assert_max_num_queries):
    client = api_client_for(world.users.observer)
    for _ in range(3):
        snapshot(world.coalition)
    with django_assert_max_num_queries(7):
        client.get("/api/v1/summaries/")
    for _ in range(30):
        legacy_snapshot(world.coalition)
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/summaries/").json()["count"] == 33
