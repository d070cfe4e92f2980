"""The summaries API: history, latest, diff, and on-demand jobs (202 with a status URL)."""

import pytest
from django.utils import timezone

from summaries.models import StatusSnapshot, SummaryJob

pytestmark = pytest.mark.django_db(transaction=True)  # jobs are published on commit


def snapshot(coalition, payload=None, **fields):
    now = timezone.now()
    return StatusSnapshot.objects.create(
        coalition=coalition,
        generated_at=fields.pop("generated_at", now),
        data_as_of=now,
        payload=payload or {"pledges": [], "contributions": {"totals": {}}},
        duration_ms=3,
        **fields,
    )


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
    assert "payload" not in listed["results"][0]
    latest = client.get(f"/api/v1/summaries/latest/?coalition={world.coalition.pk}").json()
    assert latest["id"] == newer.pk and "payload" in latest
    assert client.get(f"/api/v1/summaries/latest/?coalition={world.other.pk}").status_code == 404
    assert client.get("/api/v1/summaries/latest/").status_code == 400


def test_diff_between_two_snapshots(world, api_client_for):
    before = snapshot(
        world.coalition,
        {
            "pledges": [
                {
                    "id": 1,
                    "donor": "EE",
                    "amount": "10.00",
                    "currency": "EUR",
                    "status": "announced",
                    "paid": "0.00",
                }
            ]
        },
        generated_at=timezone.now() - timezone.timedelta(hours=1),
    )
    after = snapshot(
        world.coalition,
        {
            "pledges": [
                {
                    "id": 1,
                    "donor": "EE",
                    "amount": "10.00",
                    "currency": "EUR",
                    "status": "confirmed",
                    "paid": "4.00",
                },
                {
                    "id": 2,
                    "donor": "LU",
                    "amount": None,
                    "currency": "EUR",
                    "status": "announced",
                    "paid": "0.00",
                },
            ]
        },
    )
    client = api_client_for(world.users.delegate_ee)
    body = client.get(f"/api/v1/summaries/{after.pk}/diff/?against={before.pk}").json()
    changes = body["changes"]
    assert (body["from"], body["to"]) == (before.pk, after.pk)
    assert [p["id"] for p in changes["new_pledges"]] == [2]
    assert changes["status_moves"] == [
        {"kind": "pledge", "id": 1, "label": "EE", "from": "announced", "to": "confirmed"}
    ]
    assert changes["payments"][0]["difference"] == "4.00"
    assert client.get(f"/api/v1/summaries/{after.pk}/diff/").status_code == 400
    other = snapshot(world.other)
    assert client.get(f"/api/v1/summaries/{after.pk}/diff/?against={other.pk}").status_code == 404


def test_list_query_count_does_not_grow(world, api_client_for, django_assert_max_num_queries):
    client = api_client_for(world.users.observer)
    for _ in range(3):
        snapshot(world.coalition)
    with django_assert_max_num_queries(7):
        client.get("/api/v1/summaries/")
    for _ in range(30):
        snapshot(world.coalition)
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/summaries/").json()["count"] == 33
