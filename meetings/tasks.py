"""Celery tasks: thin wrappers that take ids and call meetings.notifications or the services. All are
idempotent: a task run twice (or by two workers) does its work once."""

import logging

from celery import shared_task

from meetings import notifications
from meetings.models import Invitation, Meeting, Minutes, SilenceBreak, WrittenProcedure

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
    """Periodic (hourly, registered by migration 0003): meeting reminders, action items coming due, and
    written procedures whose deadline comes within MEETINGS_PROCEDURE_REMINDER_HOURS."""
    sent = {
        "meeting_reminders": notifications.send_meeting_reminders(),
        "action_item_reminders": notifications.send_action_item_reminders(),
        "procedure_reminders": notifications.send_procedure_reminders(),
    }
    logger.info("meetings reminders sent: %s", sent)
    return sent


@shared_task
def send_overdue_digests() -> int:
    """Periodic (weekly, Monday morning): each owner's overdue action items in one e-mail."""
    sent = notifications.send_overdue_digests()
    logger.info("overdue action-item digests sent: %s", sent)
    return sent


def _procedure(procedure_id):
    return (
        WrittenProcedure.objects.select_related("coalition", "distribution_list")
        .filter(pk=procedure_id)
        .first()
    )


@shared_task
def send_procedure_circulated(procedure_id: int) -> int:
    procedure = _procedure(procedure_id)
    return notifications.send_procedure_circulated(procedure) if procedure else 0


@shared_task
def send_silence_broken(silence_break_id: int) -> int:
    silence_break = (
        SilenceBreak.objects.select_related("procedure__coalition", "participant")
        .filter(pk=silence_break_id)
        .first()
    )
    return notifications.send_silence_broken(silence_break) if silence_break else 0


@shared_task
def send_procedure_outcome(procedure_id: int) -> int:
    procedure = _procedure(procedure_id)
    return notifications.send_procedure_outcome(procedure) if procedure else 0


@shared_task
def conclude_written_procedures() -> dict:
    """Periodic (every minute, registered by migration 0014): adopt, or mark failed, every circulated
    written procedure whose deadline has passed."""
    from meetings.services.procedures import conclude_due

    concluded = conclude_due()
    if any(concluded.values()):
        logger.info("written procedures concluded: %s", concluded)
    return concluded
