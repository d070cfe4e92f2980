"""Celery wrappers: take ids, call services."""

from celery import shared_task
from django.db import DatabaseError

from summaries import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def generate_summary(self, job_id):
    try:
        snapshot = services.run_summary_job(job_id)
    except services.CoalitionBusy as exc:
        # Another job of this coalition is running: try again shortly rather than run twice in parallel.
        raise self.retry(exc=exc, countdown=5, max_retries=60) from exc
    except DatabaseError:
        if self.request.retries >= self.max_retries:
            services.mark_job_failed(job_id, "database error after retries")
        raise
    except Exception as exc:
        services.mark_job_failed(job_id, repr(exc))
        raise
    return snapshot.pk if snapshot else None


@shared_task
def build_due_briefing_packs():
    """Run by django-celery-beat (daily by default): packs for meetings starting within the next days."""
    return [str(job.pk) for job in services.request_due_briefing_packs()]


@shared_task
def generate_scheduled_summaries():
    """Run by django-celery-beat (nightly by default): one summary per coalition."""
    return [str(job.pk) for job in services.request_all_scheduled()]


@shared_task
def requeue_lost_jobs():
    """Run by beat every minute (CELERY_BEAT_SCHEDULE): jobs whose message the broker lost run again."""
    return [str(job.pk) for job in services.requeue_lost_jobs()]
