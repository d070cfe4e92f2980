from datetime import timedelta

import factory
from django.utils import timezone

from coalition.tests.factories import STATE_CODES, CoalitionFactory, ParticipantFactory
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Invitation, Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    coalition = factory.SubFactory(CoalitionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Meeting {o.number}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7)),
            status=Meeting.Status.HELD,
        )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    participant = factory.SubFactory(ParticipantFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory, past=True)
    participant = factory.SubFactory(ParticipantFactory)
    role = Attendance.Role.MEMBER


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory, past=True)
    coalition = factory.LazyAttribute(lambda o: o.meeting.coalition)
    decided_on = factory.LazyAttribute(lambda o: o.meeting.local_date)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Decision {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory, past=True)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner_participant = factory.SubFactory(ParticipantFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


# State codes the `world` fixture leaves free (it uses EE, LU, DK, FR), for tests with many participants.
STATE_POOL = [code for code in STATE_CODES if code not in {"EE", "LU", "DK", "FR"}]


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Contact"

    coalition = factory.SubFactory(CoalitionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    name = factory.Sequence(lambda n: f"Delegate Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    delegation_role = "member"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Registration"

    invitation = factory.SubFactory(InvitationFactory)
    name = factory.Sequence(lambda n: f"Registered Person {n}")
