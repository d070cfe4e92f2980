"""Celery wrappers: take ids, call services."""

from celery import shared_task

from webhooks import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver(delivery_id):
    """One attempt of one delivery (a failure schedules the next: services.attempt)."""
    delivery = services.attempt(delivery_id)
    return None if delivery is None else delivery.status


@shared_task(ignore_result=True)
def sweep_deliveries():
    """Run by beat every minute (CELERY_BEAT_SCHEDULE): pending deliveries whose message was lost."""
    return services.sweep()
