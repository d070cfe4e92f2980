"""E-mails of written procedures: the circulation, the reminder before the deadline, each silence broken,
and the outcome. They go to the procedure's distribution list, or to the delegations of the members."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from meetings import recipients
from meetings.models import NotificationKind, SilenceBreak, WrittenProcedure
from meetings.notifications.delivery import absolute_url, deliver

DEFAULT_PROCEDURE_REMINDER_HOURS = 24


def procedure_reminder_hours() -> int:
    return int(getattr(settings, "MEETINGS_PROCEDURE_REMINDER_HOURS", DEFAULT_PROCEDURE_REMINDER_HOURS))


def procedure_audience(procedure: WrittenProcedure, kind=NotificationKind.PROCEDURE, *, exclude=()):
    """The addresses a procedure goes to; `exclude`: participant ids left out (e.g. who broke silence)."""
    from meetings.services.procedures import silence_keepers

    if procedure.distribution_list_id:
        found = recipients.of_list(procedure.distribution_list, kind)
        return [r for r in found if r.participant_id not in set(exclude)]
    keepers = [p.pk for p in silence_keepers(procedure) if p.pk not in set(exclude)]
    by_participant = recipients.by_participant(procedure.coalition_id, keepers, kind)
    return recipients.unique(r for pk in keepers for r in by_participant[pk])


def _context(procedure):
    return {"procedure": procedure, "url": absolute_url(procedure.get_absolute_url())}


def send_procedure_circulated(procedure: WrittenProcedure) -> int:
    return deliver(
        kind=NotificationKind.PROCEDURE,
        key=f"procedure:{procedure.pk}:circulated",
        recipients=procedure_audience(procedure),
        template="meetings/email/procedure_circulated.txt",
        context=_context(procedure),
    )


def send_silence_broken(silence_break: SilenceBreak) -> int:
    procedure = silence_break.procedure
    return deliver(
        kind=NotificationKind.PROCEDURE,
        key=f"procedure:{procedure.pk}:break:{silence_break.participant_id}",
        recipients=procedure_audience(procedure),
        template="meetings/email/silence_broken.txt",
        context={**_context(procedure), "silence_break": silence_break},
    )


def send_procedure_outcome(procedure: WrittenProcedure) -> int:
    return deliver(
        kind=NotificationKind.PROCEDURE,
        key=f"procedure:{procedure.pk}:{procedure.status}",
        recipients=procedure_audience(procedure),
        template="meetings/email/procedure_outcome.txt",
        context=_context(procedure),
    )


def send_procedure_reminders(now=None) -> int:
    """Once per procedure, MEETINGS_PROCEDURE_REMINDER_HOURS (24) before its deadline: a reminder to the
    delegations that have not broken silence."""
    now = now or timezone.now()
    due = WrittenProcedure.objects.filter(
        status=WrittenProcedure.Status.CIRCULATED,
        deadline__gt=now,
        deadline__lte=now + timedelta(hours=procedure_reminder_hours()),
    ).select_related("coalition", "distribution_list")
    sent = 0
    for procedure in due:
        broke = procedure.silence_breaks.values_list("participant_id", flat=True)
        sent += deliver(
            kind=NotificationKind.PROCEDURE,
            key=f"procedure:{procedure.pk}:reminder",
            recipients=procedure_audience(procedure, exclude=list(broke)),
            template="meetings/email/procedure_reminder.txt",
            context=_context(procedure),
        )
    return sent
