"""Meeting services: meetings, invitations and their answers, attendance."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coalition.errors import Conflict
from coalition.models import Membership
from coalition.tests.factories import MembershipFactory, OrganisationFactory, ParticipantFactory
from meetings import selectors, services
from meetings.models import Attendance, Invitation, Meeting
from meetings.tests.factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def messages_of(exc_info, field):
    return " ".join(exc_info.value.message_dict[field])


# Meetings --------------------------------------------------------------------------------------------------


def test_a_meeting_that_ends_before_it_starts_is_refused_with_a_clear_message(world):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            title="Third",
            starts_at=start,
            ends_at=start - timedelta(hours=1),
        )
    assert "must end after it starts" in messages_of(exc, "ends_at")


def test_meetings_are_numbered_in_series_and_numbers_are_unique(world):
    start = timezone.now() + timedelta(days=3)
    kwargs = {"actor": world.users.secretariat, "coalition": world.coalition, "starts_at": start}
    first = services.meeting_create(title="A", ends_at=start + timedelta(hours=2), **kwargs)
    second = services.meeting_create(title="B", ends_at=start + timedelta(hours=2), **kwargs)
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(title="C", number=2, ends_at=start + timedelta(hours=2), **kwargs)
    assert "already has a meeting number 2" in messages_of(exc, "number")


def test_only_the_secretariat_creates_meetings(world):
    start = timezone.now() + timedelta(days=3)
    for user in (world.users.delegate_ee, world.users.observer, world.users.outsider):
        with pytest.raises(PermissionDenied):
            services.meeting_create(
                actor=user,
                coalition=world.coalition,
                title="X",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
            )


def test_chairs_must_be_members_on_the_meeting_date(world):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            title="X",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            chairs=[world.participants.fr],
        )
    assert "France" in messages_of(exc, "chairs")


def test_changing_the_time_raises_the_calendar_sequence(world, planned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = services.meeting_update(
            actor=world.users.secretariat,
            meeting=planned,
            starts_at=planned.starts_at + timedelta(hours=1),
            ends_at=planned.ends_at + timedelta(hours=1),
        )
    assert meeting.ical_sequence == 1
    # the update e-mail (webhooks add their own after-commit event, which is theirs to test)
    assert [c for c in callbacks if c.__module__.startswith("meetings")] and len(
        [c for c in callbacks if c.__module__.startswith("meetings")]
    ) == 1
    unchanged = services.meeting_update(actor=world.users.secretariat, meeting=meeting, summary="Agenda soon")
    assert unchanged.ical_sequence == 1


def test_cancel_and_mark_held_follow_the_states(world, planned, held):
    with pytest.raises(Conflict):
        services.meeting_mark_held(actor=world.users.secretariat, meeting=planned)  # not started
    with pytest.raises(Conflict):
        services.meeting_cancel(actor=world.users.secretariat, meeting=held)
    cancelled = services.meeting_cancel(actor=world.users.secretariat, meeting=planned, reason="No quorum")
    assert cancelled.status == Meeting.Status.CANCELLED and cancelled.ical_sequence == 1
    with pytest.raises(Conflict):
        services.meeting_update(actor=world.users.secretariat, meeting=cancelled, title="New")
    started = MeetingFactory(
        coalition=world.coalition, number=11, starts_at=timezone.now() - timedelta(hours=1)
    )
    assert services.meeting_mark_held(actor=world.users.secretariat, meeting=started).status == "held"


# Invitations -----------------------------------------------------------------------------------------------


def test_a_delegate_answers_for_their_own_participant_only(world, planned):
    invitation = services.invitation_create(
        actor=world.users.secretariat, meeting=planned, participant=world.participants.ee
    )
    answered = services.invitation_respond(
        actor=world.users.delegate_ee, invitation=invitation, response="attending", persons=2
    )
    assert (answered.response, answered.persons, answered.responded_by) == (
        "attending",
        2,
        world.users.delegate_ee,
    )
    with pytest.raises(PermissionDenied):
        services.invitation_respond(
            actor=world.users.delegate_lu, invitation=invitation, response="apologies"
        )
    with pytest.raises(PermissionDenied):
        services.invitation_respond(actor=world.users.observer, invitation=invitation, response="apologies")
    apologies = services.invitation_respond(
        actor=world.users.delegate_ee, invitation=invitation, response="apologies"
    )
    assert apologies.persons == 0


def test_an_invited_person_answers_their_own_invitation(world, planned):
    invitation = services.invitation_create(
        actor=world.users.secretariat, meeting=planned, user=world.users.observer
    )
    answered = services.invitation_respond(
        actor=world.users.observer, invitation=invitation, response="attending"
    )
    assert answered.persons == 1


def test_an_answer_after_the_meeting_ended_is_refused_clearly(world):
    ended = MeetingFactory(
        coalition=world.coalition,
        number=12,
        starts_at=timezone.now() - timedelta(hours=4),
        ends_at=timezone.now() - timedelta(minutes=5),
    )
    invitation = InvitationFactory(meeting=ended, participant=world.participants.ee)
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(
            actor=world.users.delegate_ee, invitation=invitation, response="attending"
        )
    assert "Answers closed when the meeting ended" in messages_of(exc, "response")
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NO_ANSWER


def test_only_members_and_people_with_a_role_are_invited(world, planned):
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(
            actor=world.users.secretariat, meeting=planned, participant=world.participants.fr
        )
    assert "France is not a member" in messages_of(exc, "participant")
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(actor=world.users.secretariat, meeting=planned, user=world.users.nobody)
    assert "no role" in messages_of(exc, "user")
    services.invitation_create(
        actor=world.users.secretariat, meeting=planned, participant=world.participants.dk
    )
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=world.users.secretariat, meeting=planned, participant=world.participants.dk
        )


def test_too_many_persons_is_refused(world, planned):
    invitation = InvitationFactory(meeting=planned, participant=world.participants.ee)
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(
            actor=world.users.delegate_ee, invitation=invitation, response="attending", persons=99
        )
    assert "persons" in exc.value.message_dict


# Attendance ------------------------------------------------------------------------------------------------


def test_attendance_copies_the_role_on_the_meeting_date(world, held):
    attendance = services.attendance_record(
        actor=world.users.secretariat, meeting=held, participant=world.participants.ee
    )
    assert attendance.role == "lead"
    # A later role change does not rewrite history.
    Membership.objects.filter(pk=world.memberships.ee.pk).update(role="member")
    attendance.refresh_from_db()
    assert attendance.role == "lead"


def test_an_organisation_attends_as_organisation(world, held):
    nato = OrganisationFactory(code="NATO", name="NATO")
    MembershipFactory(coalition=world.coalition, participant=nato, role="observer")
    attendance = services.attendance_record(actor=world.users.secretariat, meeting=held, participant=nato)
    assert attendance.role == Attendance.Role.ORGANISATION


def test_attendance_of_a_non_member_is_refused_clearly(world, held):
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            actor=world.users.secretariat, meeting=held, participant=world.participants.fr
        )
    message = messages_of(exc, "participant")
    assert "France" in message and "Not a member of ITC" in message


def test_attendance_of_someone_who_joined_after_the_meeting_is_refused(world, held):
    late = ParticipantFactory(code="PL", name="Poland")
    MembershipFactory(coalition=world.coalition, participant=late, joined_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.users.secretariat, meeting=held, participant=late)


def test_attendance_is_recorded_only_after_the_start(world, planned):
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            actor=world.users.secretariat, meeting=planned, participant=world.participants.ee
        )
    assert "after the meeting has started" in messages_of(exc, "meeting")


def test_attendance_set_adds_and_removes(world, held):
    p = world.participants
    assert services.attendance_set(
        actor=world.users.secretariat, meeting=held, participants=[p.ee, p.lu]
    ) == {
        "added": 2,
        "removed": 0,
    }
    assert services.attendance_set(
        actor=world.users.secretariat, meeting=held, participants=[p.lu, p.dk]
    ) == {
        "added": 1,
        "removed": 1,
    }
    with pytest.raises(ValidationError):
        services.attendance_set(actor=world.users.secretariat, meeting=held, participants=[p.fr])
    with pytest.raises(PermissionDenied):
        services.attendance_set(actor=world.users.delegate_ee, meeting=held, participants=[p.ee])


def test_attendance_counts_by_role(world, held):
    p = world.participants
    eu = OrganisationFactory(code="EU", name="European Union")
    obs = ParticipantFactory(code="JP", name="Japan")
    MembershipFactory(coalition=world.coalition, participant=eu, role="observer")
    MembershipFactory(coalition=world.coalition, participant=obs, role="observer")
    services.attendance_set(
        actor=world.users.secretariat, meeting=held, participants=[p.ee, p.lu, p.dk, eu, obs]
    )
    summary = selectors.attendance_summary(held)
    assert (summary.participating_states, summary.observers, summary.organisations) == (
        3,
        1,
        ["European Union"],
    )
