"""Celery tasks: thin wrappers that take ids and call meetings.notifications. All are idempotent."""

import logging

from celery import shared_task

from meetings import notifications
from meetings.models import Invitation, Meeting, Minutes

logger = logging.getLogger(__name__)


@shared_task
def send_invitation(invitation_id: int) -> int:
    invitation = Invitation.objects.select_related("meeting__coalition").filter(pk=invitation_id).first()
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
