"""E-mail notifications about meetings and the work between them. Every e-mail is sent once per address
and key (see delivery.send_once); people without an address, and people who switched a kind off, are
skipped. The modules hold one subject each; everything is importable from here."""

from meetings.notifications.delivery import absolute_url, deliver, meeting_url, render, send_once
from meetings.notifications.follow_up import (
    action_due_days,
    send_action_item_reminders,
    send_overdue_digests,
)
from meetings.notifications.meetings import (
    invitation_recipients,
    meeting_audience,
    reminder_hours,
    send_invitation,
    send_meeting_reminders,
    send_meeting_update,
    send_minutes_circulated,
)
from meetings.notifications.procedures import (
    procedure_audience,
    procedure_reminder_hours,
    send_procedure_circulated,
    send_procedure_outcome,
    send_procedure_reminders,
    send_silence_broken,
)

__all__ = [
    "absolute_url",
    "action_due_days",
    "deliver",
    "invitation_recipients",
    "meeting_audience",
    "meeting_url",
    "procedure_audience",
    "procedure_reminder_hours",
    "reminder_hours",
    "render",
    "send_action_item_reminders",
    "send_invitation",
    "send_meeting_reminders",
    "send_meeting_update",
    "send_minutes_circulated",
    "send_once",
    "send_overdue_digests",
    "send_procedure_circulated",
    "send_procedure_outcome",
    "send_procedure_reminders",
    "send_silence_broken",
]
