"""CR/LF and other control characters in titles and texts never break an e-mail header or a calendar
(issue 9): they are made one line (headers, SUMMARY, LOCATION) or dropped (DESCRIPTION keeps its breaks)."""

import pytest
from django.core import mail
from icalendar import Calendar

from meetings import services
from meetings.models import AgendaItem
from meetings.tests.factories import MeetingFactory
from meetings.text import one_line, plain_text

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Third meeting\r\nBcc: everyone@example.org\x07\u2028(hybrid)\rX"


def test_one_line_and_plain_text():
    assert one_line(HOSTILE_TITLE) == "Third meeting Bcc: everyone@example.org (hybrid) X"
    assert plain_text("a\r\nb\rc\u2028d\x00e\tf") == "a\nb\nc\nde\tf"
    assert one_line(None) == "" and plain_text(None) == ""


def test_the_ics_of_a_meeting_with_control_characters_in_its_texts(world, page_client_for):
    meeting = MeetingFactory(
        coalition=world.coalition, title=HOSTILE_TITLE, place="Tallinn\r\nLOCATION:elsewhere", summary="a\rb"
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Roadmap\nDTSTART:19700101")
    response = page_client_for(world.users.observer).get(f"/c/itc/meetings/{meeting.number}.ics")
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Third meeting Bcc: everyone@example.org (hybrid) X (ITC)"
    assert str(event["LOCATION"]) == "Tallinn LOCATION:elsewhere"
    assert str(event["DESCRIPTION"]).startswith("a\nb\n\nAgenda:\n1. Roadmap DTSTART:19700101")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    api = page_client_for(world.users.observer).get(f"/api/v1/meetings/{meeting.pk}/ics/")
    assert api.status_code == 200


def test_an_invitation_to_a_meeting_with_cr_lf_in_its_title_has_a_one_line_subject(
    world, django_capture_on_commit_callbacks
):
    world.users.delegate_ee.email = "delegate-ee@example.org"
    world.users.delegate_ee.save()
    meeting = MeetingFactory(coalition=world.coalition, title=HOSTILE_TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=world.users.secretariat, meeting=meeting, participant=world.participants.ee
        )
    (message,) = mail.outbox
    assert message.subject == "Invitation: Third meeting Bcc: everyone@example.org (hybrid) X"
    assert message.to == ["delegate-ee@example.org"]
    assert "Bcc" not in message.message()  # no header of that name was smuggled in
    assert message.message()["Subject"] == message.subject
