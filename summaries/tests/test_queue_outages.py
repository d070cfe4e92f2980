"""The queueing paths when Redis fails: never a 500, never a write lost, never a job queued for ever."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from summaries import services
from summaries.models import SummaryJob

pytestmark = pytest.mark.django_db(transaction=True)  # jobs are published on commit


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_result_stores_retry_limit_error_is_a_queue_failure(world, monkeypatch):
    def give_up(job, countdown=0):
        raise RuntimeError(
            "\nRetry limit exceeded while trying to reconnect to the Celery redis result store"
        )

    monkeypatch.setattr(services, "_publish", give_up)
    with pytest.raises(services.QueueUnavailable):
        services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
    job = SummaryJob.objects.get()
    assert job.state == SummaryJob.State.FAILED and "queue unavailable" in job.error


def test_other_runtime_errors_are_not_disguised_as_outages(world, monkeypatch):
    def bug(job, countdown=0):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "_publish", bug)
    with pytest.raises(RuntimeError, match="a bug"):
        services.request_summary(actor=world.users.secretariat, coalition=world.coalition)


def test_the_after_change_summary_survives_a_cache_outage(world, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "add", down)
    services.summary_after_change(world.coalition.pk)  # does not raise
    assert not SummaryJob.objects.exists()
    assert "cache unavailable" in caplog.text


def test_lost_jobs_are_queued_again_once_per_period(world, monkeypatch, settings):
    published = []
    monkeypatch.setattr(services, "_publish", lambda job, countdown=0: published.append(job.pk))
    lost = SummaryJob.objects.create(coalition=world.coalition, trigger=SummaryJob.Trigger.CHANGE)
    fresh = SummaryJob.objects.create(coalition=world.coalition, trigger=SummaryJob.Trigger.ON_DEMAND)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.SUMMARY_REQUEUE_AFTER_SECONDS + 3600)
    SummaryJob.objects.filter(pk=lost.pk).update(requested_at=long_ago)
    assert [j.pk for j in services.requeue_lost_jobs()] == [lost.pk]
    assert published == [lost.pk] and fresh.pk not in published
    assert services.requeue_lost_jobs() == []  # not again within the period
    assert SummaryJob.objects.get(pk=lost.pk).state == SummaryJob.State.QUEUED


def test_requeueing_stops_quietly_while_redis_is_down(world, monkeypatch):
    def down(job, countdown=0):
        raise RedisConnectionError("refused")

    monkeypatch.setattr(services, "_publish", down)
    job = SummaryJob.objects.create(coalition=world.coalition, trigger=SummaryJob.Trigger.CHANGE)
    SummaryJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - datetime.timedelta(days=1))
    assert services.requeue_lost_jobs() == []
    monkeypatch.setattr(services, "_publish", lambda job, countdown=0: None)  # Redis is back
    assert [j.pk for j in services.requeue_lost_jobs()] == [job.pk]
