"""E-mail notifications about meetings. Each e-mail is recorded in NotificationLog under a key before it is
sent, in the same transaction, so a task that runs twice (or two workers at once) sends it once.

Recipients: a participant's invitation goes to its delegates; a person's invitation to that person. Each
person may switch off a kind of e-mail (NotificationPreference); people without an e-mail address are skipped.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coalition.models import UserRole
from meetings import ical
from meetings.models import (
    ActionItem,
    Invitation,
    Meeting,
    Minutes,
    NotificationKind,
    NotificationLog,
    NotificationPreference,
)
from meetings.text import one_line

logger = logging.getLogger(__name__)

DEFAULT_REMINDER_HOURS = 48
DEFAULT_ACTION_DUE_DAYS = 3


def absolute_url(path: str) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else path


def meeting_url(meeting: Meeting) -> str:
    return absolute_url(reverse("meeting-detail", args=[meeting.coalition.slug, meeting.number]))


def _delegates(coalition_id, participant_ids):
    return UserRole.objects.filter(
        coalition_id=coalition_id, kind=UserRole.Kind.DELEGATE, participant_id__in=participant_ids
    ).values_list("user_id", flat=True)


def _users(user_ids, kind):
    """Active users among `user_ids` with an e-mail address who have not switched `kind` off."""
    opted_out = NotificationPreference.objects.filter(kind=kind, enabled=False).values("user_id")
    return list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .order_by("pk")
    )


def invitation_recipients(invitation: Invitation, kind=NotificationKind.INVITATION):
    user_ids = set()
    if invitation.user_id:
        user_ids.add(invitation.user_id)
    elif invitation.participant_id:
        user_ids.update(_delegates(invitation.meeting.coalition_id, [invitation.participant_id]))
    return _users(user_ids, kind)


def meeting_audience(meeting: Meeting, kind, *, include_apologies=True):
    """Everyone concerned by a meeting: invited persons, and delegates of invited or present participants."""
    invitations = Invitation.objects.filter(meeting=meeting)
    if not include_apologies:
        invitations = invitations.exclude(response=Invitation.Response.APOLOGIES)
    user_ids = set(invitations.filter(user__isnull=False).values_list("user_id", flat=True))
    participant_ids = set(invitations.filter(user__isnull=True).values_list("participant_id", flat=True))
    if include_apologies:
        participant_ids.update(meeting.attendances.values_list("participant_id", flat=True))
    user_ids.update(_delegates(meeting.coalition_id, participant_ids))
    return _users(user_ids, kind)


def send_once(*, kind, key, user, subject, body, meeting=None, attachments=()) -> bool:
    """Send one e-mail unless the log already holds (user, key). Returns whether it was sent."""
    try:
        with transaction.atomic():
            NotificationLog.objects.create(kind=kind, key=key, user=user, email=user.email, meeting=meeting)
            message = EmailMessage(subject=subject, body=body, to=[user.email])
            for attachment in attachments:
                message.attach(*attachment)
            message.send()
    except IntegrityError:
        return False
    return True


def _render(template, context) -> tuple[str, str]:
    text = render_to_string(template, context).strip()
    subject, _, body = text.partition("\n")
    return one_line(subject), body.strip() + "\n"


def _ics_attachment(meeting):
    meeting = Meeting.objects.select_related("coalition").prefetch_related("agenda_items").get(pk=meeting.pk)
    content = ical.calendar([meeting], name=meeting.coalition.short_name, url_for=meeting_url)
    return ("meeting.ics", content.decode(), "text/calendar; charset=utf-8; method=PUBLISH")


def send_invitation(invitation: Invitation) -> int:
    """The invitation (or the update, or the cancellation) with the meeting's .ics, once per SEQUENCE."""
    meeting = invitation.meeting
    attachment = _ics_attachment(meeting)
    sent = 0
    for user in invitation_recipients(invitation):
        subject, body = _render(
            "meetings/email/invitation.txt",
            {"meeting": meeting, "invitation": invitation, "user": user, "url": meeting_url(meeting)},
        )
        sent += send_once(
            kind=NotificationKind.INVITATION,
            key=f"invitation:{invitation.pk}:seq{meeting.ical_sequence}",
            user=user,
            meeting=meeting,
            subject=subject,
            body=body,
            attachments=[attachment],
        )
    return sent


def send_meeting_update(meeting: Meeting) -> int:
    sent = 0
    for invitation in Invitation.objects.filter(meeting=meeting).select_related("meeting__coalition"):
        sent += send_invitation(invitation)
    return sent


def send_minutes_circulated(minutes: Minutes, revision: int) -> int:
    meeting = minutes.meeting
    sent = 0
    for user in meeting_audience(meeting, NotificationKind.MINUTES):
        subject, body = _render(
            "meetings/email/minutes_circulated.txt",
            {
                "meeting": meeting,
                "minutes": minutes,
                "revision": revision,
                "user": user,
                "url": meeting_url(meeting),
            },
        )
        sent += send_once(
            kind=NotificationKind.MINUTES,
            key=f"minutes:{minutes.pk}:rev{revision}",
            user=user,
            meeting=meeting,
            subject=subject,
            body=body,
        )
    return sent


def reminder_hours() -> int:
    return int(getattr(settings, "MEETINGS_REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


def action_due_days() -> int:
    return int(getattr(settings, "MEETINGS_ACTION_DUE_DAYS", DEFAULT_ACTION_DUE_DAYS))


def send_meeting_reminders(now=None) -> int:
    """A reminder with the agenda to everyone invited (except apologies) to planned meetings starting in
    the next MEETINGS_REMINDER_HOURS (48 by default)."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=reminder_hours()),
        )
        .select_related("coalition")
        .prefetch_related("agenda_items__presenter")
    )
    sent = 0
    for meeting in meetings:
        items = list(meeting.agenda_items.all())
        for user in meeting_audience(meeting, NotificationKind.REMINDER, include_apologies=False):
            subject, body = _render(
                "meetings/email/reminder.txt",
                {"meeting": meeting, "agenda": items, "user": user, "url": meeting_url(meeting)},
            )
            sent += send_once(
                kind=NotificationKind.REMINDER,
                key=f"reminder:meeting:{meeting.pk}:seq{meeting.ical_sequence}",
                user=user,
                meeting=meeting,
                subject=subject,
                body=body,
            )
    return sent


def send_action_item_reminders(today=None) -> int:
    """Owners of open action items due within MEETINGS_ACTION_DUE_DAYS (3 by default) are reminded once
    per due date (a new due date earns a new reminder)."""
    today = today or timezone.localdate()
    items = ActionItem.objects.filter(
        status=ActionItem.Status.OPEN,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=action_due_days()),
    ).select_related("meeting", "meeting__coalition", "owner_participant", "owner_user")
    sent = 0
    for item in items:
        user_ids = set()
        if item.owner_user_id:
            user_ids.add(item.owner_user_id)
        if item.owner_participant_id:
            user_ids.update(_delegates(item.meeting.coalition_id, [item.owner_participant_id]))
        url = absolute_url(reverse("action-item-board", args=[item.meeting.coalition.slug]))
        for user in _users(user_ids, NotificationKind.ACTION_DUE):
            subject, body = _render(
                "meetings/email/action_due.txt", {"item": item, "user": user, "url": url, "today": today}
            )
            sent += send_once(
                kind=NotificationKind.ACTION_DUE,
                key=f"action_due:{item.pk}:{item.due_on.isoformat()}",
                user=user,
                meeting=item.meeting,
                subject=subject,
                body=body,
            )
    return sent
