"""Summary jobs: produced on demand, idempotent, never twice in parallel, debounced after changes."""

import os
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from summaries import services
from summaries.models import StatusSnapshot, SummaryJob
from summaries.services import DEBOUNCE_KEY, LOCK_KEY

pytestmark = pytest.mark.django_db(transaction=True)  # jobs are published on commit


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_on_demand_job_produces_a_snapshot(world):
    job = services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
    job.refresh_from_db()
    assert job.state == SummaryJob.State.SUCCEEDED and job.attempts == 1
    snapshot = StatusSnapshot.objects.get(job=job)
    assert snapshot.coalition == world.coalition
    assert snapshot.payload["coalition"]["id"] == world.coalition.pk
    assert snapshot.duration_ms >= 0 and snapshot.data_as_of <= snapshot.generated_at


@pytest.mark.parametrize("role", ["delegate_ee", "observer", "outsider"])
def test_only_the_secretariat_requests_summaries(world, role):
    with pytest.raises(PermissionDenied):
        services.request_summary(actor=getattr(world.users, role), coalition=world.coalition)
    assert not SummaryJob.objects.exists()


def test_running_a_job_twice_keeps_one_snapshot(world):
    job = services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
    again = services.run_summary_job(job.pk)
    assert again == StatusSnapshot.objects.get(job=job)
    assert StatusSnapshot.objects.count() == 1


def test_a_second_job_of_the_same_coalition_waits_for_the_running_one(world):
    running = SummaryJob.objects.create(coalition=world.coalition, trigger="on_demand")
    second = SummaryJob.objects.create(coalition=world.coalition, trigger="on_demand")
    cache.add(LOCK_KEY.format(coalition_id=world.coalition.pk), str(running.pk), timeout=60)
    with pytest.raises(services.CoalitionBusy):
        services.run_summary_job(second.pk)
    second.refresh_from_db()
    assert second.state == SummaryJob.State.QUEUED and not StatusSnapshot.objects.exists()
    # The job that holds the lock (re-delivered after its worker died) may proceed.
    assert services.run_summary_job(running.pk) is not None


def test_another_coalitions_job_is_not_blocked(world):
    cache.add(LOCK_KEY.format(coalition_id=world.coalition.pk), "someone-else", timeout=60)
    job = SummaryJob.objects.create(coalition=world.other, trigger="on_demand")
    assert services.run_summary_job(job.pk).coalition == world.other


def test_the_lock_is_released_after_a_job(world):
    services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
    assert cache.get(LOCK_KEY.format(coalition_id=world.coalition.pk)) is None


def test_a_burst_of_changes_gives_one_job(world, settings, monkeypatch):
    """Ten membership edits in a row: one job queued, to run when the debounce window closes."""
    from coalition import services as registry

    settings.SUMMARY_ON_CHANGE = True
    settings.SUMMARY_DEBOUNCE_SECONDS = 30
    published = []
    monkeypatch.setattr(services, "_publish", lambda job, countdown=0: published.append((job.pk, countdown)))
    for n in range(10):
        registry.membership_update(
            actor=world.users.secretariat, membership=world.memberships.dk, note=f"edit {n}"
        )
    assert len(published) == 1 and published[0][1] == 30
    job = SummaryJob.objects.get()
    assert (job.trigger, job.coalition) == (SummaryJob.Trigger.CHANGE, world.coalition)
    # When the window closes, the next change asks for a new summary.
    cache.delete(DEBOUNCE_KEY.format(coalition_id=world.coalition.pk))  # what its expiry does
    registry.membership_update(actor=world.users.secretariat, membership=world.memberships.dk, note="later")
    assert len(published) == 2


def test_one_transaction_of_many_changes_gives_one_job_even_without_a_broker(settings):
    """Eager Celery (no REDIS_URL) runs the job at once; the window still holds for the rest of the burst."""
    from django.core.management import call_command

    settings.SUMMARY_ON_CHANGE = True
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discarded output
    # The demo has two coalitions (the seeds' and the illustrative one): one job and one snapshot each.
    from coalition.models import Coalition

    coalitions = sorted(Coalition.objects.values_list("pk", flat=True))
    assert len(coalitions) == 2
    jobs = SummaryJob.objects.filter(trigger=SummaryJob.Trigger.CHANGE)
    assert sorted(jobs.values_list("coalition_id", flat=True)) == coalitions
    assert sorted(StatusSnapshot.objects.values_list("coalition_id", flat=True)) == coalitions


def test_changes_in_two_coalitions_give_one_job_each(world, settings, monkeypatch):
    from coalition import services as registry

    settings.SUMMARY_ON_CHANGE = True
    monkeypatch.setattr(services, "_publish", lambda job, countdown=0: None)
    for _ in range(3):
        registry.membership_update(actor=world.users.secretariat, membership=world.memberships.dk, note="x")
        registry.membership_update(actor=world.users.admin, membership=world.memberships.fr, note="y")
    assert sorted(SummaryJob.objects.values_list("coalition__slug", flat=True)) == ["dmc", "itc"]


def test_a_rolled_back_change_asks_for_nothing(world, settings, monkeypatch):
    from django.db import transaction

    from coalition import services as registry

    settings.SUMMARY_ON_CHANGE = True
    published = []
    monkeypatch.setattr(services, "_publish", lambda job, countdown=0: published.append(job))
    with pytest.raises(RuntimeError), transaction.atomic():
        registry.membership_update(actor=world.users.secretariat, membership=world.memberships.dk, note="x")
        raise RuntimeError("roll back")
    assert published == [] and not SummaryJob.objects.exists()


class TestBrokerDown:
    def test_on_demand_request_fails_fast_and_clearly(self, world, dead_broker):
        started = time.monotonic()
        with pytest.raises(services.QueueUnavailable, match="could not be queued"):
            services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
        assert time.monotonic() - started < 10, "publishing must fail fast, not hang"
        job = SummaryJob.objects.get()
        assert job.state == SummaryJob.State.FAILED and "queue unavailable" in job.error

    def test_a_change_is_saved_even_when_the_queue_is_down(self, world, dead_broker, settings):
        from coalition import services as registry

        settings.SUMMARY_ON_CHANGE = True
        registry.membership_update(
            actor=world.users.secretariat, membership=world.memberships.dk, note="kept"
        )
        world.memberships.dk.refresh_from_db()
        assert world.memberships.dk.note == "kept"
        assert cache.get(DEBOUNCE_KEY.format(coalition_id=world.coalition.pk)) is None, "retry on next change"

    def test_api_answers_503_problem_and_pages_still_serve(
        self, world, dead_broker, api_client_for, page_client_for
    ):
        snapshot = StatusSnapshot.objects.create(
            coalition=world.coalition,
            generated_at="2026-01-01T00:00:00Z",
            data_as_of="2026-01-01T00:00:00Z",
            payload={
                "coalition": {"id": world.coalition.pk},
                "contributions": {},
                "roadmap": {},
                "meetings": {},
            },
            schema_version=1,
            duration_ms=5,
        )
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/summaries/", {"coalition": world.coalition.pk}
        )
        assert response.status_code == 503
        assert response["Content-Type"].startswith("application/problem+json")
        assert response["Retry-After"] == "5"
        assert "could not be queued" in response.json()["detail"]
        latest = api_client_for(world.users.observer).get(
            f"/api/v1/summaries/latest/?coalition={world.coalition.pk}"
        )
        assert latest.status_code == 200 and latest.json()["id"] == snapshot.pk
        client = page_client_for(world.users.secretariat)
        response = client.post("/c/itc/dashboard/regenerate/")
        assert response.status_code == 503 and response["Retry-After"] == "5"
        assert "could not be queued" in response.content.decode()
        assert response.context["snapshot"] == snapshot
