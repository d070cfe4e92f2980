"""Celery tasks of contributions: thin wrappers that take ids; each is idempotent (see notifications)."""

from celery import shared_task

from contributions import notifications


@shared_task
def notify_review_reset(review_id: int) -> int:
    return notifications.send_review_reset(review_id)


@shared_task
def notify_pending_review_resets() -> int:
    """Run by beat every five minutes (CELERY_BEAT_SCHEDULE): what an outage of the queue left unsent."""
    return notifications.send_pending()
