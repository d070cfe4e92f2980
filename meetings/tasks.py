"""Celery tasks: thin wrappers that take ids and call meetings.notifications or the services. All are
idempotent: a task run twice (or by two workers) does its work once."""

import logging

from celery import shared_task

from meetings import notifications
from meetings.models import Invitation, Meeting, Minutes

logger = logging.getLogger(__name__)


@shared_task
def send_invitation(invitation_id: int) -> int:
    invitation = (
        Invitation.objects.select_related("meeting__coalition", "distribution_list")
        .filter(pk=invitation_id)
        .first()
    )
    return notifications.send_invitation(invitation) if invitation else 0


@shared_task
def send_meeting_update(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("coalition").filter(pk=meeting_id).first()
    return notifications.send_meeting_update(meeting) if meeting else 0


@shared_task
def send_minutes_circulated(minutes_id: int, revision: int) -> int:
    minutes = Minutes.objects.select_related("meeting__coalition").filter(pk=minutes_id).first()
    return notifications.send_minutes_circulated(minutes, revision) if minutes else 0


@shared_task
def send_due_reminders() -> dict:
    """Periodic (hourly, registered by migration 0003): meeting reminders and action items coming due."""
    sent = {
        "meeting_reminders": notifications.send_meeting_reminders(),
        "action_item_reminders": notifications.send_action_item_reminders(),
    }
    logger.info("meetings reminders sent: %s", sent)
    return sent


@shared_task
def send_overdue_digests() -> int:
    """Periodic (weekly, Monday morning): each owner's overdue action items in one e-mail."""
    sent = notifications.send_overdue_digests()
    logger.info("overdue action-item digests sent: %s", sent)
    return sent
