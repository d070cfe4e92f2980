"""Celery tasks of the registry and the API base: thin wrappers that call a service."""

from celery import shared_task


@shared_task
def purge_idempotency_keys() -> int:
    """Forget Idempotency-Keys (and their stored answers) older than API_IDEMPOTENCY_HOURS."""
    from coalition.api.idempotency import purge_expired

    return purge_expired()
