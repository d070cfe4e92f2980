from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from meetings import ical, selectors
from meetings.models import Meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def parse(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_a_calendar_of_meetings_follows_rfc_5545(world):
    meeting = MeetingFactory(
        coalition=world.coalition,
        number=2,
        title="Second meeting of the Steering Group",
        starts_at=datetime(2024, 4, 9, 8, 0, tzinfo=UTC),
        ends_at=datetime(2024, 4, 9, 11, 0, tzinfo=UTC),
        place="Luxembourg",
        address="Kirchberg",
        summary="Roadmap worked on; expert groups created.",
    )
    AgendaItemFactory(meeting=meeting, position=2, title="Thematic expert groups")
    AgendaItemFactory(meeting=meeting, position=1, title="Status of purchases")
    virtual = MeetingFactory(
        coalition=world.coalition,
        number=3,
        format=Meeting.Format.VIRTUAL,
        online_url="https://meet.example.org/x",
    )
    content = ical.calendar(
        selectors.meetings_for_calendar(world.users.observer, world.coalition),
        name="ITC meetings",
        url_for=lambda m: f"https://portal.example.org/m/{m.number}",
    )
    calendar, events = parse(content)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"]) == ical.PRODID
    assert str(calendar["x-wr-calname"]) == "ITC meetings"
    first, second = events
    assert first.decoded("dtstart") == datetime(2024, 4, 9, 8, 0, tzinfo=UTC)
    assert first.decoded("dtend") == datetime(2024, 4, 9, 11, 0, tzinfo=UTC)
    assert "DTSTART:20240409T080000Z" in content.decode()
    assert str(first["location"]) == "Luxembourg, Kirchberg"
    description = str(first["description"])
    assert description.index("1. Status of purchases") < description.index("2. Thematic expert groups")
    assert str(first["url"]) == "https://portal.example.org/m/2"
    assert int(first["sequence"]) == 0 and str(first["status"]) == "CONFIRMED"
    assert first.decoded("dtstamp").tzinfo is not None
    assert str(second["location"]) == "https://meet.example.org/x"
    assert str(second["uid"]) == f"meeting-{virtual.pk}@coalition-portal"


def test_a_long_agenda_is_folded_and_still_parses(world):
    meeting = MeetingFactory(coalition=world.coalition, number=4)
    for position in range(1, 15):
        AgendaItemFactory(meeting=meeting, position=position, title="Ünïcödé and a long title " * 3)
    content = ical.calendar(selectors.meetings_for_calendar(world.users.observer, world.coalition), name="X")
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    (_calendar, (event,)) = parse(content)
    assert str(event["description"]).count("Ünïcödé") == 42
