"""The meetings API: meetings, invitations and answers, attendance, calendar files, query counts, the schema
(the planned and held meetings come from conftest.py)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from coalition.tests.factories import MembershipFactory, ParticipantFactory
from meetings import services
from meetings.models import Attendance, Invitation, Meeting
from meetings.tests.api_helpers import API, fields_of
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


def test_anonymous_gets_401_problem_json(client):
    for endpoint in (
        "meetings/",
        "attendances/",
        "agenda-items/",
        "decisions/",
        "action-items/",
        "invitations/",
    ):
        response = client.get(API + endpoint)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_meetings_are_scoped_and_filtered(world, planned, held, api_client_for):
    MeetingFactory(coalition=world.other, number=1)
    client = api_client_for(world.users.observer, scope="read")
    response = client.get(API + "meetings/")
    assert {m["id"] for m in response.json()["results"]} == {planned.pk, held.pk}
    assert client.get(API + "meetings/", {"status": "held"}).json()["count"] == 1
    today = timezone.localdate()
    upcoming = client.get(API + "meetings/", {"starts_after": today.isoformat()}).json()
    assert [m["id"] for m in upcoming["results"]] == [planned.pk]
    AttendanceFactory(meeting=held, participant=world.participants.ee, role="lead")
    by_participant = client.get(API + "meetings/", {"participant": world.participants.ee.pk}).json()
    assert [m["id"] for m in by_participant["results"]] == [held.pk]
    assert response.json()["results"][0]["starts_at"].endswith("Z")
    outsider = api_client_for(world.users.outsider)
    assert outsider.get(API + f"meetings/{planned.pk}/").status_code == 404


def test_create_meeting_validates_times_and_permissions(world, api_client_for):
    start = timezone.now() + timedelta(days=10)
    payload = {
        "coalition": world.coalition.pk,
        "title": "Third",
        "starts_at": start.isoformat(),
        "ends_at": (start - timedelta(hours=1)).isoformat(),
    }
    secretariat = api_client_for(world.users.secretariat)
    response = secretariat.post(API + "meetings/", payload, format="json")
    assert response.status_code == 400 and fields_of(response) == {"ends_at"}
    assert "must end after it starts" in response.json()["errors"][0]["message"]
    payload["ends_at"] = (start + timedelta(hours=2)).isoformat()
    for user in (world.users.delegate_ee, world.users.observer):
        assert api_client_for(user).post(API + "meetings/", payload, format="json").status_code == 403
    assert api_client_for(world.users.outsider).post(
        API + "meetings/", payload, format="json"
    ).status_code in (
        400,
        403,
    )
    created = secretariat.post(API + "meetings/", payload, format="json")
    assert created.status_code == 201 and created.json()["number"] == 1
    assert (
        api_client_for(world.users.secretariat, scope="read")
        .post(API + "meetings/", payload, format="json")
        .status_code
        == 403
    )


def test_meeting_transitions_and_ics(world, planned, held, api_client_for):
    client = api_client_for(world.users.secretariat)
    conflict = client.post(API + f"meetings/{planned.pk}/mark-held/")
    assert conflict.status_code == 409 and conflict["Content-Type"] == "application/problem+json"
    cancelled = client.post(API + f"meetings/{planned.pk}/cancel/", {"reason": "No quorum"}, format="json")
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["ical_sequence"] == 1
    assert (
        api_client_for(world.users.delegate_ee).post(API + f"meetings/{held.pk}/cancel/").status_code == 403
    )
    ics = api_client_for(world.users.observer).get(API + f"meetings/{planned.pk}/ics/")
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_rsvp_via_api(world, planned, api_client_for):
    ee = InvitationFactory(meeting=planned, participant=world.participants.ee)
    lu = InvitationFactory(meeting=planned, participant=world.participants.lu)
    delegate = api_client_for(world.users.delegate_ee)
    answered = delegate.post(
        API + f"invitations/{ee.pk}/respond/", {"response": "attending", "persons": 2}, format="json"
    )
    assert answered.status_code == 200 and answered.json()["persons"] == 2
    assert (
        delegate.post(
            API + f"invitations/{lu.pk}/respond/", {"response": "apologies"}, format="json"
        ).status_code
        == 403
    )
    assert (
        api_client_for(world.users.observer)
        .post(API + f"invitations/{ee.pk}/respond/", {"response": "apologies"}, format="json")
        .status_code
        == 403
    )
    bad = delegate.post(API + f"invitations/{ee.pk}/respond/", {"response": "maybe"}, format="json")
    assert bad.status_code == 400 and fields_of(bad) == {"response"}
    # A delegate cannot invite or withdraw.
    assert delegate.delete(API + f"invitations/{lu.pk}/").status_code == 403
    assert (
        delegate.post(
            API + "invitations/",
            {"meeting": planned.pk, "participant": world.participants.ee.pk},
            format="json",
        ).status_code
        == 403
    )
    assert (
        api_client_for(world.users.observer)
        .get(API + "invitations/", {"response": "attending"})
        .json()["count"]
        == 1
    )


def test_rsvp_after_the_end_is_400_naming_the_field_and_open_during_the_meeting(world, api_client_for):
    ended = MeetingFactory(
        coalition=world.coalition,
        number=3,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(minutes=1),
    )
    invitation = InvitationFactory(meeting=ended, participant=world.participants.ee)
    client = api_client_for(world.users.delegate_ee)
    response = client.post(
        API + f"invitations/{invitation.pk}/respond/", {"response": "attending"}, format="json"
    )
    assert response.status_code == 400 and fields_of(response) == {"response"}
    assert "Answers closed when the meeting ended" in response.json()["errors"][0]["message"]
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NO_ANSWER
    running = MeetingFactory(
        coalition=world.coalition, number=4, starts_at=timezone.now() - timedelta(minutes=5)
    )
    late = InvitationFactory(meeting=running, participant=world.participants.ee)
    response = client.post(API + f"invitations/{late.pk}/respond/", {"response": "attending"}, format="json")
    assert response.status_code == 200 and response.json()["response"] == "attending"


def test_invite_action(world, planned, api_client_for):
    client = api_client_for(world.users.secretariat)
    response = client.post(
        API + f"meetings/{planned.pk}/invite/",
        {"participants": [world.participants.ee.pk, world.participants.lu.pk]},
        format="json",
    )
    assert response.status_code == 201 and len(response.json()["invitations"]) == 2
    assert {p["code"] for p in response.json()["unreachable"]} == {"EE", "LU"}  # nobody has an address
    again = client.post(
        API + f"meetings/{planned.pk}/invite/", {"participants": [world.participants.ee.pk]}, format="json"
    )
    assert again.json()["invitations"] == []
    assert [p["code"] for p in again.json()["already_invited"]] == ["EE"]
    bad = client.post(
        API + f"meetings/{planned.pk}/invite/", {"participants": [world.participants.fr.pk]}, format="json"
    )
    assert bad.status_code == 400 and fields_of(bad) == {"participants"}


def test_attendance_api_copies_roles_and_refuses_non_members(world, held, planned, api_client_for):
    client = api_client_for(world.users.secretariat)
    refused = client.post(
        API + "attendances/",
        {"meeting": held.pk, "participant": world.participants.ee.pk, "role": "observer"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "read-only-fields"  # role is copied
    created = client.post(
        API + "attendances/", {"meeting": held.pk, "participant": world.participants.ee.pk}, format="json"
    )
    assert created.status_code == 201 and created.json()["role"] == "lead"
    bad = client.post(
        API + "attendances/", {"meeting": held.pk, "participant": world.participants.fr.pk}, format="json"
    )
    assert bad.status_code == 400 and fields_of(bad) == {"participant"}
    assert "Not a member" in bad.json()["errors"][0]["message"]
    early = client.post(
        API + "attendances/", {"meeting": planned.pk, "participant": world.participants.ee.pk}, format="json"
    )
    assert early.status_code == 400 and fields_of(early) == {"meeting"}
    duplicate = client.post(
        API + "attendances/", {"meeting": held.pk, "participant": world.participants.ee.pk}, format="json"
    )
    assert duplicate.status_code == 400
    assert (
        api_client_for(world.users.delegate_ee)
        .post(
            API + "attendances/", {"meeting": held.pk, "participant": world.participants.lu.pk}, format="json"
        )
        .status_code
        == 403
    )
    listing = api_client_for(world.users.observer).get(
        API + "attendances/", {"meeting": held.pk, "role": "lead"}
    )
    assert listing.json()["count"] == 1
    summary = client.get(API + f"meetings/{held.pk}/attendance-summary/").json()
    assert summary["participating_states"] == 1 and summary["by_role"] == {"lead": 1}
    attendance_id = created.json()["id"]
    assert (
        client.patch(
            API + f"attendances/{attendance_id}/", {"note": "Deputy minister"}, format="json"
        ).status_code
        == 200
    )
    assert Attendance.objects.get(pk=attendance_id).note == "Deputy minister"


def test_api_lists_do_not_grow_in_queries(world, api_client_for, django_assert_max_num_queries):
    client = api_client_for(world.users.secretariat)
    endpoints = ["meetings/", "attendances/", "agenda-items/", "decisions/", "action-items/", "invitations/"]

    def build(number, codes):
        meeting = MeetingFactory(coalition=world.coalition, number=number, past=True)
        meeting.chairs.set([world.participants.ee, world.participants.lu])
        for i, code in enumerate(codes):
            participant = ParticipantFactory(code=code, name=f"State {code}")
            MembershipFactory(coalition=world.coalition, participant=participant)
            AttendanceFactory(meeting=meeting, participant=participant)
            InvitationFactory(meeting=meeting, participant=participant)
            item = AgendaItemFactory(meeting=meeting, position=i + 1)
            services.agenda_document_add(
                actor=world.users.secretariat, agenda_item=item, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
            )
            DecisionFactory(meeting=meeting, number=i + 1)
            ActionItemFactory(
                meeting=meeting, owner_participant=participant, owner_user=world.users.delegate_ee
            )

    build(1, STATE_POOL[:2])
    counts = {}
    for endpoint in endpoints:
        with django_assert_max_num_queries(12) as captured:
            assert client.get(API + endpoint).status_code == 200
        counts[endpoint] = len(captured.captured_queries)
    build(2, STATE_POOL[2:22])
    for endpoint in endpoints:
        with django_assert_max_num_queries(counts[endpoint]):
            assert client.get(API + endpoint).status_code == 200


def test_schema_documents_the_endpoints(world, api_client_for):
    response = api_client_for(world.users.observer).get(API + "schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/v1/meetings/{id}/cancel/",
        "/api/v1/invitations/{id}/respond/",
        "/api/v1/minutes/{id}/compare/",
    ):
        assert path in text
    assert Meeting.objects.count() == 0
