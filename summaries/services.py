"""Summary jobs: request (on demand, on schedule, after changes), run once per coalition at a time, keep."""

import contextlib
import logging
import time

from celery.exceptions import CeleryError
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError, OperationalError
from redis.exceptions import RedisError

from coalition.errors import Unavailable
from coalition.models import Coalition
from coalition.permissions import ADD, require
from summaries.models import StatusSnapshot, SummaryJob

log = logging.getLogger(__name__)

PUBLISH_ERRORS = (OperationalError, KombuError, CeleryError, RedisError, OSError)
# Celery's result store gives up reconnecting with a bare RuntimeError("Retry limit exceeded ...").
RETRY_LIMIT_TEXT = "Retry limit exceeded"


def _is_queue_failure(exc: BaseException) -> bool:
    return isinstance(exc, PUBLISH_ERRORS) or (isinstance(exc, RuntimeError) and RETRY_LIMIT_TEXT in str(exc))


LOCK_KEY = "summaries:running:{coalition_id}"
DEBOUNCE_KEY = "summaries:debounce:{coalition_id}"
REQUEUED_KEY = "summaries:requeued:{job_id}"


class QueueUnavailable(Unavailable):
    """The job could not be queued (the broker is unreachable). Answered 503; nothing was lost."""


def _publish(job: SummaryJob, *, countdown: int = 0) -> None:
    from summaries.tasks import generate_summary

    generate_summary.apply_async(args=[str(job.pk)], countdown=countdown)


def request_summary(*, actor, coalition: Coalition, trigger=SummaryJob.Trigger.ON_DEMAND, meeting=None):
    """Record a job and queue it. Raise QueueUnavailable (the job marked failed) if it cannot be queued.

    The job row is committed before it is published, so the worker always finds it.
    """
    if actor is not None:
        require(actor, ADD, SummaryJob, coalition=coalition)
    job = SummaryJob.objects.create(coalition=coalition, trigger=trigger, requested_by=actor, meeting=meeting)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _publish_or_fail(job))
    else:
        _publish_or_fail(job)
        job.refresh_from_db()  # an eager run (no broker configured) has already finished it
    return job


def _publish_or_fail(job):
    try:
        _publish(job)
    except Exception as exc:
        if not _is_queue_failure(exc):
            raise
        log.warning("summary job %s could not be queued: %s", job.pk, exc)
        SummaryJob.objects.filter(pk=job.pk).update(
            state=SummaryJob.State.FAILED, error=f"queue unavailable: {exc}", finished_at=timezone.now()
        )
        raise QueueUnavailable(
            _(
                "The summary could not be queued: the job queue is unreachable. "
                "The latest summary is still shown."
            )
        ) from exc


def summary_after_change(coalition_id: int) -> None:
    """Debounced: the first change opens a window of SUMMARY_DEBOUNCE_SECONDS and queues one job to run
    when it closes; later changes in the window ride on that job (they committed before it starts). The
    window's key expires as the job becomes due, so the next change opens a new window. Without a broker
    (eager Celery) the job runs at once and later changes in the window wait for the next trigger.
    A broker outage never fails the user's write: it is logged and the nightly run catches up."""
    window = settings.SUMMARY_DEBOUNCE_SECONDS
    key = DEBOUNCE_KEY.format(coalition_id=coalition_id)
    try:
        if not cache.add(key, 1, timeout=window):
            return
    except Exception as exc:
        if not _is_queue_failure(exc):
            raise
        # Redis is down: without the window no job is queued now; the next change or the nightly run
        # catches up. The user's write has been committed and must not fail.
        log.warning("summary after change of coalition %s skipped, cache unavailable: %s", coalition_id, exc)
        return
    job = SummaryJob.objects.create(coalition_id=coalition_id, trigger=SummaryJob.Trigger.CHANGE)
    try:
        _publish(job, countdown=window)
    except Exception as exc:
        if not _is_queue_failure(exc):
            raise
        log.warning("summary after change of coalition %s not queued: %s", coalition_id, exc)
        SummaryJob.objects.filter(pk=job.pk).update(
            state=SummaryJob.State.FAILED, error=f"queue unavailable: {exc}", finished_at=timezone.now()
        )
        try:
            cache.delete(key)
        except Exception as cache_exc:
            if not _is_queue_failure(cache_exc):
                raise


def request_briefing_pack(*, actor, meeting) -> SummaryJob:
    """Queue the job that builds a meeting's briefing pack (QueueUnavailable if it cannot be queued)."""
    return request_summary(
        actor=actor, coalition=meeting.coalition, trigger=SummaryJob.Trigger.BRIEFING, meeting=meeting
    )


def request_due_briefing_packs() -> list[SummaryJob]:
    from summaries.briefing import meetings_due_for_a_pack

    return [request_briefing_pack(actor=None, meeting=m) for m in meetings_due_for_a_pack()]


def request_all_scheduled() -> list[SummaryJob]:
    """The nightly run: one job per coalition."""
    jobs = []
    for coalition in Coalition.objects.all():
        job = SummaryJob.objects.create(coalition=coalition, trigger=SummaryJob.Trigger.SCHEDULE)
        _publish(job)
        jobs.append(job)
    return jobs


def requeue_lost_jobs(*, older_than_seconds: int | None = None) -> list[SummaryJob]:
    """Queue again the jobs still `queued` long after they were due: their message was lost with the
    broker (Redis restarted without persistence, or flushed). Running a job twice is harmless (jobs are
    idempotent), so a job that was only slow is not a problem either. Run every minute by beat."""
    age = settings.SUMMARY_REQUEUE_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    due_before = timezone.now() - timezone.timedelta(seconds=age + settings.SUMMARY_DEBOUNCE_SECONDS)
    requeued = []
    for job in SummaryJob.objects.filter(state=SummaryJob.State.QUEUED, requested_at__lt=due_before):
        try:
            # once per period: a job that is only waiting behind others is not queued over and over
            if not cache.add(REQUEUED_KEY.format(job_id=job.pk), 1, timeout=age):
                continue
            _publish(job)
        except Exception as exc:
            if not _is_queue_failure(exc):
                raise
            log.warning("summary job %s could not be re-queued (Redis unavailable): %s", job.pk, exc)
            with contextlib.suppress(*PUBLISH_ERRORS):  # try again at the next sweep
                cache.delete(REQUEUED_KEY.format(job_id=job.pk))
            break
        log.info("summary job %s re-queued (queued since %s)", job.pk, job.requested_at)
        requeued.append(job)
    return requeued


class CoalitionBusy(Exception):
    """Another job of the same coalition is running; this one is retried later."""


def run_summary_job(job_id) -> StatusSnapshot | None:
    """Compute and keep the snapshot of a job. Idempotent: a job that already succeeded returns its snapshot;
    a second job of the same coalition never runs in parallel (CoalitionBusy: the caller retries)."""
    from summaries.figures import compute_payload

    job = SummaryJob.objects.select_related("coalition", "meeting").filter(pk=job_id).first()
    if job is None:
        log.warning("summary job %s no longer exists", job_id)
        return None
    if job.state == SummaryJob.State.SUCCEEDED:
        return StatusSnapshot.objects.filter(job=job).first()
    lock_key = LOCK_KEY.format(coalition_id=job.coalition_id)
    # The lock expires by itself after the visibility timeout, so a worker killed while holding it cannot
    # block the coalition for longer than the broker would take to hand the job to another worker.
    # The same job may find its own lock: it is being re-run after its worker died.
    locked = cache.add(lock_key, str(job.pk), timeout=settings.CELERY_VISIBILITY_TIMEOUT)
    if not locked and cache.get(lock_key) != str(job.pk):
        raise CoalitionBusy(job.coalition_id)
    try:
        started = time.monotonic()
        SummaryJob.objects.filter(pk=job.pk).update(
            state=SummaryJob.State.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1
        )
        delay = settings.SUMMARY_JOB_DELAY_SECONDS  # only tests set this, to be able to kill a job mid-way
        if delay:
            time.sleep(delay)
        now = timezone.now()
        as_of = now
        if job.meeting_id:  # a pack for a past meeting shows that day's figures, from the history
            from summaries.briefing import figures_moment

            as_of = figures_moment(job.meeting, now)
        payload = compute_payload(job.coalition, as_of=as_of, from_history=as_of < now)
        with transaction.atomic():
            snapshot = StatusSnapshot.objects.create(
                coalition=job.coalition,
                generated_at=timezone.now(),
                data_as_of=as_of,
                payload=payload,
                schema_version=payload["schema_version"],
                job=job,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
            if job.meeting_id:
                from summaries.briefing import build_pack

                build_pack(job.meeting, snapshot)
            SummaryJob.objects.filter(pk=job.pk).update(
                state=SummaryJob.State.SUCCEEDED, finished_at=timezone.now(), error=""
            )
        return snapshot
    finally:
        if cache.get(lock_key) == str(job.pk):
            cache.delete(lock_key)


def mark_job_failed(job_id, error: str) -> None:
    SummaryJob.objects.filter(pk=job_id).exclude(state=SummaryJob.State.SUCCEEDED).update(
        state=SummaryJob.State.FAILED, error=error[:2000], finished_at=timezone.now()
    )
