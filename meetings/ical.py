"""iCalendar (RFC 5545) output for meetings: one event per meeting, a calendar per feed or per meeting.

Times are written in UTC; the UID is stable for a meeting and SEQUENCE rises with each change of time,
place or status, so calendar programs update the event instead of adding a second one.
"""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting
from meetings.text import one_line, plain_text

PRODID = "-//Coalition Portal//Meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@coalition-portal"


def _location(meeting: Meeting) -> str:
    parts = []
    if meeting.format != Meeting.Format.VIRTUAL:
        parts += [p for p in (meeting.place, meeting.address) if p]
    if meeting.format != Meeting.Format.IN_PERSON:
        parts.append(meeting.online_url or str(meeting.get_format_display()))
    return one_line(", ".join(parts))


def _description(meeting: Meeting, url: str | None) -> str:
    lines = []
    if meeting.summary:
        lines += [plain_text(meeting.summary), ""]
    agenda = list(meeting.agenda_items.all())  # prefetched by the callers
    if agenda:
        lines.append("Agenda:")
        lines += [f"{item.position}. {one_line(item.title)}" for item in agenda]
        lines.append("")
    if meeting.online_url:
        lines.append(f"Join online: {meeting.online_url}")
    if url:
        lines.append(f"Details: {url}")
    return "\n".join(lines).strip()


def meeting_event(meeting: Meeting, *, url: str | None = None, now=None) -> Event:
    status = "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", one_line(f"{meeting.title} ({meeting.coalition.short_name})"))
    event.add("sequence", meeting.ical_sequence)
    event.add("status", status)
    location = _location(meeting)
    if location:
        event.add("location", location)
    description = _description(meeting, url)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def calendar(meetings, *, name: str, url_for=None, method: str = "PUBLISH") -> bytes:
    """A VCALENDAR of `meetings` (with `coalition` and `agenda_items` loaded). `url_for(meeting)` gives the
    absolute link to each meeting's page, or None."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-published-ttl", "PT1H")
    now = timezone.now()
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, url=url_for(meeting) if url_for else None, now=now))
    return cal.to_ical()
