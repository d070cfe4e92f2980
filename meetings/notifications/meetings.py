"""E-mails about a meeting: the invitation (and its updates), the reminder, the minutes circulated.

A participant's invitation goes to its delegation (contacts with an address, or only those of the
distribution list it was sent through) and its delegates; a person's invitation to that person.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from meetings import ical, recipients
from meetings.models import Invitation, Meeting, Minutes, NotificationKind
from meetings.notifications.delivery import deliver, meeting_url

DEFAULT_REMINDER_HOURS = 48


def invitation_recipients(invitation: Invitation, kind=NotificationKind.INVITATION):
    if invitation.user_id:
        return recipients.users([invitation.user_id], kind)
    if invitation.participant_id:
        found = recipients.by_participant(
            invitation.meeting.coalition_id,
            [invitation.participant_id],
            kind,
            distribution_list=invitation.distribution_list,
        )
        return found[invitation.participant_id]
    return []


def meeting_audience(meeting: Meeting, kind, *, include_apologies=True):
    """Everyone concerned by a meeting: invited persons, the delegations of invited participants (through
    the distribution list an invitation went through, if any) and of participants present."""
    invitations = Invitation.objects.filter(meeting=meeting).select_related("meeting", "distribution_list")
    if not include_apologies:
        invitations = invitations.exclude(response=Invitation.Response.APOLOGIES)
    invitations = list(invitations)
    people = recipients.users([i.user_id for i in invitations if i.user_id], kind)
    whole = set(meeting.attendances.values_list("participant_id", flat=True)) if include_apologies else set()
    listed = []
    for invitation in invitations:
        if invitation.user_id is None and invitation.distribution_list_id is None:
            whole.add(invitation.participant_id)
        elif invitation.user_id is None:
            listed.append(invitation)
    found = recipients.by_participant(meeting.coalition_id, whole, kind)
    delegations = [r for pk in found for r in found[pk]]
    for invitation in listed:
        if invitation.participant_id not in whole:
            delegations += invitation_recipients(invitation, kind)
    return recipients.unique(people + delegations)


def _ics_attachment(meeting):
    meeting = Meeting.objects.select_related("coalition").prefetch_related("agenda_items").get(pk=meeting.pk)
    content = ical.calendar([meeting], name=meeting.coalition.short_name, url_for=meeting_url)
    return ("meeting.ics", content.decode(), "text/calendar; charset=utf-8; method=PUBLISH")


def send_invitation(invitation: Invitation) -> int:
    """The invitation (or the update, or the cancellation) with the meeting's .ics, once per SEQUENCE.
    Records how many addresses it reached on the invitation (0: nobody)."""
    meeting = invitation.meeting
    found = invitation_recipients(invitation)
    sent = deliver(
        kind=NotificationKind.INVITATION,
        key=f"invitation:{invitation.pk}:seq{meeting.ical_sequence}",
        recipients=found,
        template="meetings/email/invitation.txt",
        context={"meeting": meeting, "invitation": invitation, "url": meeting_url(meeting)},
        meeting=meeting,
        attachments=[_ics_attachment(meeting)],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_to=len(found))
    return sent


def send_meeting_update(meeting: Meeting) -> int:
    invitations = Invitation.objects.filter(meeting=meeting).select_related(
        "meeting__coalition", "distribution_list"
    )
    return sum(send_invitation(invitation) for invitation in invitations)


def send_minutes_circulated(minutes: Minutes, revision: int) -> int:
    meeting = minutes.meeting
    return deliver(
        kind=NotificationKind.MINUTES,
        key=f"minutes:{minutes.pk}:rev{revision}",
        recipients=meeting_audience(meeting, NotificationKind.MINUTES),
        template="meetings/email/minutes_circulated.txt",
        context={"meeting": meeting, "minutes": minutes, "revision": revision, "url": meeting_url(meeting)},
        meeting=meeting,
    )


def reminder_hours() -> int:
    return int(getattr(settings, "MEETINGS_REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


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
        sent += deliver(
            kind=NotificationKind.REMINDER,
            key=f"reminder:meeting:{meeting.pk}:seq{meeting.ical_sequence}",
            recipients=meeting_audience(meeting, NotificationKind.REMINDER, include_apologies=False),
            template="meetings/email/reminder.txt",
            context={
                "meeting": meeting,
                "agenda": list(meeting.agenda_items.all()),
                "url": meeting_url(meeting),
            },
            meeting=meeting,
        )
    return sent
