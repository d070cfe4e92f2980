import importlib
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from coalition.models import UserRole
from coalition.tests.factories import UserFactory
from meetings import services, tasks
from meetings.models import NotificationLog
from meetings.tests.factories import ActionItemFactory, AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(world):
    """Give the delegates and the observer e-mail addresses."""
    for user, address in (
        (world.users.delegate_ee, "ee@example.org"),
        (world.users.delegate_lu, "lu@example.org"),
        (world.users.observer, "obs@example.org"),
    ):
        user.email = address
        user.save()
    second_ee = UserFactory(username="del-ee-2", email="ee2@example.org")
    UserRole.objects.create(
        user=second_ee, coalition=world.coalition, kind="delegate", participant=world.participants.ee
    )
    return world


@pytest.fixture
def planned(world):
    return MeetingFactory(coalition=world.coalition, number=4, title="Fourth meeting", place="Tallinn")


def test_invitation_goes_to_the_delegates_with_a_parseable_ics(
    emails, planned, mailoutbox, django_capture_on_commit_callbacks
):
    AgendaItemFactory(meeting=planned, position=1, title="Roadmap 2025")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=emails.users.secretariat, meeting=planned, participant=emails.participants.ee
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["ee2@example.org", "ee@example.org"]
    message = mailoutbox[0]
    assert message.subject == "Invitation: Fourth meeting"
    assert "Estonia is invited" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{planned.pk}@coalition-portal"
    assert "Tallinn" in str(event["location"]) and "Roadmap 2025" in str(event["description"])
    # Running the task again sends nothing twice.
    assert tasks.send_invitation(planned.invitations.get().pk) == 0
    assert len(mailoutbox) == 2


def test_an_update_is_sent_once_per_change(emails, planned, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=emails.users.secretariat, meeting=planned, user=emails.users.observer
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=emails.users.secretariat, meeting=planned, place="Luxembourg")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=emails.users.secretariat, meeting=planned, reason="Postponed")
    assert [m.subject for m in mailoutbox] == [
        "Invitation: Fourth meeting",
        "Updated: Fourth meeting",
        "Cancelled: Fourth meeting",
    ]
    (event,) = Calendar.from_ical(mailoutbox[-1].attachments[0][1]).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 2
    assert tasks.send_meeting_update(planned.pk) == 0


def test_opt_out_is_respected(emails, planned, mailoutbox, django_capture_on_commit_callbacks):
    services.notification_preferences_set(
        actor=emails.users.delegate_ee, user=emails.users.delegate_ee, enabled={"invitation": False}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=emails.users.secretariat, meeting=planned, participant=emails.participants.ee
        )
    assert [m.to for m in mailoutbox] == [["ee2@example.org"]]


def test_due_reminders_are_sent_once_and_respect_answers_and_opt_outs(emails, mailoutbox):
    soon = MeetingFactory(
        coalition=emails.coalition, number=5, title="Soon", starts_at=timezone.now() + timedelta(hours=20)
    )
    MeetingFactory(
        coalition=emails.coalition, number=6, title="Later", starts_at=timezone.now() + timedelta(days=10)
    )
    AgendaItemFactory(meeting=soon, position=1, title="Budget 2025")
    InvitationFactory(meeting=soon, participant=emails.participants.ee)
    InvitationFactory(meeting=soon, participant=emails.participants.lu, response="apologies")
    InvitationFactory(meeting=soon, participant=None, user=emails.users.observer)
    services.notification_preferences_set(
        actor=emails.users.observer, user=emails.users.observer, enabled={"reminder": False}
    )
    today = timezone.localdate()
    ActionItemFactory(
        meeting=MeetingFactory(coalition=emails.coalition, number=1, past=True),
        title="Send the roadmap",
        owner_participant=emails.participants.lu,
        due_on=today + timedelta(days=2),
    )
    ActionItemFactory(
        meeting=soon, owner_participant=emails.participants.lu, due_on=today + timedelta(days=30)
    )

    first = tasks.send_due_reminders()
    assert first == {"meeting_reminders": 2, "action_item_reminders": 1, "procedure_reminders": 0}
    reminders = [m for m in mailoutbox if m.subject.startswith("Reminder")]
    assert sorted(m.to[0] for m in reminders) == ["ee2@example.org", "ee@example.org"]
    assert "1. Budget 2025" in reminders[0].body
    due = [m for m in mailoutbox if m.subject.startswith("Action item due soon")]
    assert [m.to for m in due] == [["lu@example.org"]] and "Send the roadmap" in due[0].body

    assert tasks.send_due_reminders() == {
        "meeting_reminders": 0,
        "action_item_reminders": 0,
        "procedure_reminders": 0,
    }
    assert len(mailoutbox) == 3
    assert NotificationLog.objects.count() == 3


def test_minutes_circulated_reach_invitees_and_attendees(
    emails, mailoutbox, django_capture_on_commit_callbacks
):
    held = MeetingFactory(coalition=emails.coalition, number=7, past=True, title="Held")
    InvitationFactory(meeting=held, participant=emails.participants.lu)
    services.attendance_record(
        actor=emails.users.secretariat, meeting=held, participant=emails.participants.ee
    )
    minutes = services.minutes_save(actor=emails.users.secretariat, meeting=held, text="Minutes")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(actor=emails.users.secretariat, minutes=minutes)
    assert sorted(m.to[0] for m in mailoutbox) == ["ee2@example.org", "ee@example.org", "lu@example.org"]
    assert mailoutbox[0].subject == "Minutes for comment: Held"
    assert tasks.send_minutes_circulated(minutes.pk, 1) == 0
    services.minutes_save(actor=emails.users.secretariat, meeting=held, text="Minutes, corrected")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(actor=emails.users.secretariat, minutes=minutes)
    assert len(mailoutbox) == 6  # revision 2 is news


def test_people_without_an_address_are_skipped(
    world, planned, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=world.users.secretariat, meeting=planned, participant=world.participants.ee
        )
    assert mailoutbox == []


def test_the_beat_schedule_is_registered_once():
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("meetings.migrations.0003_beat_schedule")
    migration.register(apps, None)  # a flushed test database may have lost the migration's row
    migration.register(apps, None)
    task = PeriodicTask.objects.get(name="meetings: send due reminders")
    assert task.task == "meetings.tasks.send_due_reminders" and task.enabled
    assert PeriodicTask.objects.filter(task="meetings.tasks.send_due_reminders").count() == 1
