from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coalition.tests.factories import MembershipFactory, ParticipantFactory, UserFactory
from meetings import services
from meetings.models import ActionItem, Attendance, Invitation, Meeting
from meetings.tests.factories import (
    STATE_POOL,
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    InvitationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world):
    return MeetingFactory(coalition=world.coalition, number=10, title="Planning meeting")


@pytest.fixture
def held(world):
    return MeetingFactory(coalition=world.coalition, number=9, past=True, title="Held meeting")


def url(name, *args):
    return reverse(name, args=args)


def detail(meeting):
    return url("meeting-detail", meeting.coalition.slug, meeting.number)


# Reading ---------------------------------------------------------------------------------------------------


def test_meeting_list_splits_upcoming_and_past(world, planned, held, page_client_for):
    MeetingFactory(coalition=world.other, number=1, title="Other coalition meeting")
    response = page_client_for(world.users.observer).get(url("meeting-list", "itc"))
    assert response.status_code == 200
    assert [m.title for m in response.context["upcoming"]] == ["Planning meeting"]
    assert [m.title for m in response.context["past"]] == ["Held meeting"]
    assert b"Other coalition meeting" not in response.content
    assert b"New meeting" not in response.content  # observers read


def test_meeting_list_filters_and_htmx_partial(world, planned, held, page_client_for):
    client = page_client_for(world.users.secretariat)
    response = client.get(url("meeting-list", "itc"), {"status": "held"})
    assert [m.title for m in response.context["past"]] == ["Held meeting"]
    assert response.context["upcoming"] == []
    partial = client.get(url("meeting-list", "itc"), headers={"HX-Request": "true"})
    assert b"<h1>" not in partial.content and b"Planning meeting" in partial.content


def test_outsiders_and_anonymous_do_not_see_meetings(world, planned, client, page_client_for):
    assert client.get(detail(planned)).status_code == 302
    assert page_client_for(world.users.outsider).get(detail(planned)).status_code == 404
    assert page_client_for(world.users.nobody).get(url("meeting-list", "itc")).status_code == 404


def test_meeting_page_shows_attendance_counts_by_role(world, held, page_client_for):
    p = world.participants
    for participant in (p.ee, p.lu, p.dk):
        services.attendance_record(actor=world.users.secretariat, meeting=held, participant=participant)
    DecisionFactory(meeting=held, number=1, text="Expert groups created")
    response = page_client_for(world.users.delegate_ee).get(detail(held))
    content = response.content.decode()
    assert "3 participating states" in content and "0 observers" in content
    assert "SG9/1" in content and "Expert groups created" in content
    assert "Record attendance" not in content


def test_meeting_page_shows_carried_over_items_and_overdue_mark(world, held, page_client_for):
    earlier = MeetingFactory(
        coalition=world.coalition, number=1, starts_at=timezone.now() - timedelta(days=90)
    )
    ActionItemFactory(
        meeting=earlier,
        title="Send the roadmap",
        owner_participant=world.participants.lu,
        due_on=timezone.localdate() - timedelta(days=3),
    )
    response = page_client_for(world.users.observer).get(detail(held))
    carried = [i.title for i in response.context["carried_over"]]
    assert carried == ["Send the roadmap"]
    assert "overdue" in response.content.decode()


def test_meeting_page_queries_do_not_grow_with_rows(world, page_client_for, django_assert_max_num_queries):
    client = page_client_for(world.users.secretariat)

    def build(number, codes):
        meeting = MeetingFactory(coalition=world.coalition, number=number, past=True)
        for i, code in enumerate(codes):
            participant = ParticipantFactory(code=code, name=f"State {code}")
            MembershipFactory(coalition=world.coalition, participant=participant)
            AttendanceFactory(meeting=meeting, participant=participant)
            InvitationFactory(meeting=meeting, participant=participant, response="attending", persons=1)
            item = AgendaItemFactory(meeting=meeting, position=i + 1, presenter=participant)
            DecisionFactory(meeting=meeting, number=i + 1, agenda_item=item)
            ActionItemFactory(
                meeting=meeting, owner_participant=participant, owner_user=world.users.delegate_ee
            )
        return meeting

    small, large = build(1, STATE_POOL[:3]), build(2, STATE_POOL[3:23])
    with django_assert_max_num_queries(30) as small_queries:
        assert client.get(detail(small)).status_code == 200
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert client.get(detail(large)).status_code == 200


def test_list_and_board_queries_do_not_grow(world, page_client_for, django_assert_max_num_queries):
    client = page_client_for(world.users.secretariat)
    for number in range(1, 4):
        meeting = MeetingFactory(coalition=world.coalition, number=number, past=True)
        ActionItemFactory(meeting=meeting, owner_participant=world.participants.ee)
    with django_assert_max_num_queries(25) as few:
        client.get(url("meeting-list", "itc"))
        client.get(url("action-item-board", "itc"))
    for number in range(4, 30):
        meeting = MeetingFactory(coalition=world.coalition, number=number, past=True)
        ActionItemFactory(
            meeting=meeting, owner_participant=world.participants.lu, owner_user=world.users.delegate_lu
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("meeting-list", "itc"))
        client.get(url("action-item-board", "itc"))


# Secretariat forms -----------------------------------------------------------------------------------------


def test_secretariat_creates_a_meeting_and_sees_errors_on_the_form(world, page_client_for):
    client = page_client_for(world.users.secretariat)
    data = {
        "title": "Third meeting",
        "starts_at": "2031-05-04T10:00",
        "ends_at": "2031-05-04T09:00",
        "format": "hybrid",
        "place": "Tallinn",
    }
    response = client.post(url("meeting-add", "itc"), data)
    assert response.status_code == 200
    assert "The meeting must end after it starts" in response.content.decode()
    data["ends_at"] = "2031-05-04T13:00"
    data["chairs"] = [world.participants.ee.pk]
    response = client.post(url("meeting-add", "itc"), data)
    meeting = Meeting.objects.get(title="Third meeting")
    assert response.status_code == 302 and response.url == detail(meeting)
    assert list(meeting.chairs.all()) == [world.participants.ee]


def test_observers_and_delegates_get_403_on_secretariat_forms(world, planned, held, page_client_for):
    for user in (world.users.observer, world.users.delegate_ee):
        client = page_client_for(user)
        for name, args in (
            ("meeting-add", ("itc",)),
            ("meeting-edit", ("itc", planned.number)),
            ("meeting-invite", ("itc", planned.number)),
            ("attendance-record", ("itc", held.number)),
            ("agenda-item-add", ("itc", planned.number)),
            ("decision-add", ("itc", held.number)),
            ("action-item-add", ("itc", held.number)),
            ("minutes-edit", ("itc", held.number)),
        ):
            assert client.get(url(name, *args)).status_code == 403, (user, name)
        assert client.post(url("meeting-mark-held", "itc", held.number)).status_code == 403


def test_attendance_page_records_and_refuses_non_members(world, held, page_client_for):
    client = page_client_for(world.users.secretariat)
    page = client.get(url("attendance-record", "itc", held.number))
    assert "France — not a member on that date" in page.content.decode()
    response = client.post(
        url("attendance-record", "itc", held.number),
        {"participants": [world.participants.ee.pk, world.participants.fr.pk]},
    )
    assert response.status_code == 200
    assert "Not a member of ITC" in response.content.decode() and "France" in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(
        url("attendance-record", "itc", held.number),
        {"participants": [world.participants.ee.pk, world.participants.dk.pk], "source": "Chair's list"},
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("participant__code", "role")) == {"EE": "lead", "DK": "member"}


def test_upload_errors_are_shown_on_the_form(world, planned, page_client_for, settings):
    settings.MEETINGS_DOCUMENT_MAX_BYTES = 100
    item = AgendaItemFactory(meeting=planned, position=1)
    client = page_client_for(world.users.secretariat)
    target = url("agenda-document-add", "itc", planned.number, item.pk)
    members = {"visibility": "members"}
    response = client.post(target, {"file": SimpleUploadedFile("virus.exe", b"MZ"), **members})
    assert "is not an allowed type" in response.content.decode()
    response = client.post(target, {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 200), **members})
    assert "documents may be at most 100" in response.content.decode()
    response = client.post(target, {"file": SimpleUploadedFile("ok.pdf", b"%PDF-1.4 small"), **members})
    assert response.status_code == 302


def test_documents_download_only_through_the_checked_view(world, planned, page_client_for, client):
    item = AgendaItemFactory(meeting=planned, position=1)
    document = services.agenda_document_add(
        actor=world.users.secretariat,
        agenda_item=item,
        file=SimpleUploadedFile("Plan 2024.pdf", b"%PDF-1.4 x"),
    )
    target = url("agenda-document-download", "itc", document.pk)
    response = page_client_for(world.users.observer).get(target)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert 'filename="Plan 2024.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(target).status_code == 302  # to the login page
    assert page_client_for(world.users.outsider).get(target).status_code == 404
    assert (
        page_client_for(world.users.outsider)
        .get(url("agenda-document-download", "dmc", document.pk))
        .status_code
        == 404
    )
    assert "/media/" not in document.current_version.file.path


# Delegates and RSVP ----------------------------------------------------------------------------------------


def test_delegate_answers_on_the_page_for_their_participant_only(world, planned, page_client_for):
    ee = InvitationFactory(meeting=planned, participant=world.participants.ee)
    lu = InvitationFactory(meeting=planned, participant=world.participants.lu)
    client = page_client_for(world.users.delegate_ee)
    page = client.get(detail(planned))
    assert [i.pk for i in page.context["my_invitations"]] == [ee.pk]
    response = client.post(
        url("invitation-rsvp", "itc", planned.number, ee.pk), {"response": "attending", "persons": 3}
    )
    assert response.status_code == 302
    ee.refresh_from_db()
    assert (ee.response, ee.persons) == ("attending", 3)
    assert client.get(url("invitation-rsvp", "itc", planned.number, lu.pk)).status_code == 403
    assert (
        client.post(
            url("invitation-rsvp", "itc", planned.number, lu.pk), {"response": "apologies"}
        ).status_code
        == 403
    )
    lu.refresh_from_db()
    assert lu.response == Invitation.Response.NO_ANSWER


def test_rsvp_after_the_end_shows_a_clear_message(world, page_client_for):
    started = MeetingFactory(
        coalition=world.coalition,
        number=5,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(minutes=1),
    )
    invitation = InvitationFactory(meeting=started, participant=world.participants.ee)
    response = page_client_for(world.users.delegate_ee).post(
        url("invitation-rsvp", "itc", started.number, invitation.pk), {"response": "attending", "persons": 1}
    )
    assert response.status_code == 200
    assert "Answers closed when the meeting ended" in response.content.decode()


def test_invite_page_invites_members(
    world, planned, page_client_for, mailoutbox, django_capture_on_commit_callbacks
):
    world.users.delegate_ee.email = "ee@example.org"
    world.users.delegate_ee.save()
    client = page_client_for(world.users.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("meeting-invite", "itc", planned.number),
            {"participants": [world.participants.ee.pk, world.participants.lu.pk]},
        )
    assert response.status_code == 302
    assert planned.invitations.count() == 2
    assert [m.to for m in mailoutbox] == [["ee@example.org"]]


# Board, minutes, calendar, preferences ---------------------------------------------------------------------


def test_board_filters_by_owner_status_and_overdue(world, held, page_client_for):
    today = timezone.localdate()
    late = ActionItemFactory(
        meeting=held, title="Late", owner_participant=world.participants.ee, due_on=today - timedelta(days=2)
    )
    ActionItemFactory(
        meeting=held, title="Soon", owner_participant=world.participants.lu, due_on=today + timedelta(days=2)
    )
    closed = ActionItemFactory(meeting=held, title="Closed", owner_participant=world.participants.ee)
    services.action_item_complete(actor=world.users.secretariat, action_item=closed)
    client = page_client_for(world.users.observer)
    board = url("action-item-board", "itc")
    assert [i.title for i in client.get(board).context["object_list"]] == ["Late", "Soon"]
    assert [i.title for i in client.get(board, {"overdue": "true"}).context["object_list"]] == ["Late"]
    assert [
        i.title
        for i in client.get(board, {"owner": world.participants.ee.pk, "status": ""}).context["object_list"]
    ] == [
        "Late",
        "Closed",
    ]
    assert [i.title for i in client.get(board, {"status": "done"}).context["object_list"]] == ["Closed"]
    due = client.get(board, {"due_after": (today).isoformat()})
    assert [i.title for i in due.context["object_list"]] == ["Soon"]
    assert "overdue" in client.get(board).content.decode()
    assert late.is_overdue


def test_action_item_transition_page(world, held, page_client_for):
    item = ActionItemFactory(meeting=held, owner_participant=world.participants.ee)
    target = url("action-item-transition", "itc", item.pk, "done")
    assert page_client_for(world.users.delegate_lu).post(target, {"note": "x"}).status_code == 403
    response = page_client_for(world.users.secretariat).post(
        target + "?next=/c/itc/action-items/", {"note": "Sent"}
    )
    assert response.status_code == 302 and response.url == "/c/itc/action-items/"
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    again = page_client_for(world.users.secretariat).post(target, {})
    assert "cannot become done" in again.content.decode()


def test_minutes_pages_revisions_compare_and_lock(world, held, page_client_for):
    client = page_client_for(world.users.secretariat)
    client.post(url("minutes-edit", "itc", held.number), {"text": "Opening\nPriorities\n"})
    client.post(
        url("minutes-edit", "itc", held.number), {"text": "Opening\nPriorities agreed\n", "comment": "Agreed"}
    )
    page = client.get(url("minutes-revisions", "itc", held.number))
    content = page.content.decode()
    assert "\N{MINUS SIGN} Priorities" in content and "+ Priorities agreed" in content
    assert "Agreed" in content
    bad = client.get(url("minutes-revisions", "itc", held.number), {"old": 1, "new": 7})
    assert "No revision 7" in bad.content.decode()

    later = MeetingFactory(
        coalition=world.coalition, number=30, starts_at=timezone.now() - timedelta(hours=2)
    )
    client.post(url("minutes-circulate", "itc", held.number), {})
    client.post(url("minutes-approve", "itc", held.number), {"approved_at_meeting": later.pk})
    held.minutes.refresh_from_db()
    assert held.minutes.status == "approved"
    response = client.get(url("minutes-edit", "itc", held.number))
    assert response.status_code == 302
    client.post(url("minutes-edit", "itc", held.number), {"text": "Rewritten"})
    held.minutes.refresh_from_db()
    assert held.minutes.text == "Opening\nPriorities agreed\n"


def test_meeting_ics_parses_back(world, planned, page_client_for):
    AgendaItemFactory(meeting=planned, position=1, title="Roadmap")
    response = page_client_for(world.users.observer).get(url("meeting-ics", "itc", planned.number))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Planning meeting (ITC)"
    assert event.decoded("dtstart") == planned.starts_at.replace(microsecond=0)  # RFC 5545: seconds
    assert "Roadmap" in str(event["description"])
    assert str(event["url"]).endswith(detail(planned))


def test_calendar_feed_works_without_a_session_and_404s_on_bad_tokens(
    world, planned, client, page_client_for
):
    cancelled = MeetingFactory(coalition=world.coalition, number=11, status="cancelled")
    MeetingFactory(coalition=world.other, number=1, title="Not ours")
    page = page_client_for(world.users.delegate_ee).post(url("meeting-calendar", "itc"), {"action": "create"})
    feed_url = page.context["feed_url"]
    assert "/c/itc/meetings.ics?token=" in feed_url
    client.logout()
    path = feed_url.split("testserver", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    events = {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {
        f"meeting-{planned.pk}@coalition-portal",
        f"meeting-{cancelled.pk}@coalition-portal",
    }
    assert str(events[f"meeting-{cancelled.pk}@coalition-portal"]["status"]) == "CANCELLED"
    assert client.get(url("meeting-feed", "itc") + "?token=wrong").status_code == 404
    assert client.get(url("meeting-feed", "itc")).status_code == 404
    assert client.get(path.replace("/c/itc/", "/c/dmc/")).status_code == 404
    page_client_for(world.users.delegate_ee).post(url("meeting-calendar", "itc"), {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404


def test_notification_settings_page(world, page_client_for):
    user = UserFactory(username="mail-user", email="m@example.org")
    from coalition.models import UserRole

    UserRole.objects.create(user=user, coalition=world.coalition, kind="observer")
    client = page_client_for(user)
    assert client.get(url("meeting-notifications", "itc")).status_code == 200
    client.post(
        url("meeting-notifications", "itc"), {"invitation": "on", "minutes": "on", "action_due": "on"}
    )
    assert services.notification_preferences_of(user) == {
        "invitation": True,
        "reminder": False,
        "minutes": True,
        "action_due": True,
        "overdue_digest": False,
        "procedure": False,
    }


def test_meeting_form_shows_its_own_and_the_services_errors_in_one_answer(world, page_client_for):
    """Issue 13 item 5: no title and an unknown format (the form's) with an end before the start (the
    service's): all three in one answer, nothing saved."""
    client = page_client_for(world.users.secretariat)
    data = {"starts_at": "2031-05-04T10:00", "ends_at": "2031-05-04T09:00", "format": "zoom"}
    response = client.post(url("meeting-add", "itc"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors and "format" in errors
    assert "The meeting must end after it starts" in " ".join(errors["ends_at"])
    assert not Meeting.objects.filter(starts_at__year=2031).exists()
