"""Invitations by role, expert group and distribution list; named registration per delegation; attendance
pre-filled from registrations; the attendance and badge lists to print."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coalition.models import ExpertGroup
from coalition.tests.factories import MembershipFactory, OrganisationFactory
from meetings import services
from meetings.models import Attendance, Invitation, Registration
from meetings.tests.factories import ContactFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world):
    return MeetingFactory(coalition=world.coalition, number=3, title="Third meeting", format="hybrid")


@pytest.fixture
def nato(world):
    nato = OrganisationFactory(code="NATO", name="NATO")
    MembershipFactory(coalition=world.coalition, participant=nato, role="observer")
    return nato


def invited(meeting):
    return sorted(i.participant.code for i in meeting.invitations.select_related("participant"))


def test_invite_by_role_and_by_expert_group(world, planned, nato):
    result = services.invitations_create(actor=world.users.secretariat, meeting=planned, roles=["lead"])
    assert invited(planned) == ["EE", "LU"]
    result = services.invitations_create(
        actor=world.users.secretariat, meeting=planned, roles=["lead", "observer"]
    )
    assert [p.code for p in result.already_invited] == ["EE", "LU"]
    assert [i.participant.code for i in result.created] == [
        "NATO"
    ]  # observers include observer organisations
    group = ExpertGroup.objects.create(coalition=world.coalition, name="Cyber")
    group.members.set([world.participants.dk, world.participants.fr])  # France is not a member here
    result = services.invitations_create(
        actor=world.users.secretariat, meeting=planned, expert_groups=[group]
    )
    assert [i.participant.code for i in result.created] == ["DK"]
    assert {p.code for p in result.unreachable} == {"DK"}  # Denmark has no contact nor delegate
    with pytest.raises(ValidationError) as info:
        services.invitations_create(actor=world.users.secretariat, meeting=planned, roles=["emperor"])
    assert list(info.value.message_dict) == ["roles"]


def test_invite_by_distribution_list_emails_only_the_lists_contacts(
    world, planned, mailoutbox, django_capture_on_commit_callbacks
):
    ContactFactory(
        coalition=world.coalition,
        participant=world.participants.ee,
        delegation_role="head",
        email="h@ee.example",
    )
    ContactFactory(coalition=world.coalition, participant=world.participants.ee, email="m@ee.example")
    heads = services.distribution_list_create(
        actor=world.users.secretariat, coalition=world.coalition, name="Heads", delegation_roles=["head"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_create(
            actor=world.users.secretariat, meeting=planned, distribution_list=heads
        )
    (invitation,) = result.created
    assert invitation.distribution_list == heads and invitation.participant == world.participants.ee
    assert [m.to for m in mailoutbox] == [["h@ee.example"]]
    invitation.refresh_from_db()
    assert invitation.sent_to == 1


def test_invitation_without_a_list_reaches_the_whole_delegation_and_records_it(
    world, planned, mailoutbox, django_capture_on_commit_callbacks
):
    ContactFactory(coalition=world.coalition, participant=world.participants.lu, email="a@lu.example")
    ContactFactory(coalition=world.coalition, participant=world.participants.lu, email="b@lu.example")
    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_create(
            actor=world.users.secretariat,
            meeting=planned,
            participants=[world.participants.lu, world.participants.dk],
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["a@lu.example", "b@lu.example"]
    sent = dict(planned.invitations.values_list("participant__code", "sent_to"))
    assert sent == {"LU": 2, "DK": 0}
    assert [p.code for p in result.unreachable] == ["DK"]


def test_invitations_and_answers_are_open_until_the_meeting_ends(world):
    running = MeetingFactory(
        coalition=world.coalition, number=4, starts_at=timezone.now() - timedelta(hours=1)
    )
    services.invitations_create(
        actor=world.users.secretariat, meeting=running, participants=[world.participants.ee]
    )
    invitation = running.invitations.get()
    services.invitation_respond(actor=world.users.delegate_ee, invitation=invitation, response="attending")
    ended = MeetingFactory(
        coalition=world.coalition,
        number=5,
        starts_at=timezone.now() - timedelta(hours=4),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as info:
        services.invitations_create(
            actor=world.users.secretariat, meeting=ended, participants=[world.participants.ee]
        )
    assert "invitations are closed" in " ".join(info.value.message_dict["meeting"])


def test_invite_page_offers_roles_groups_lists_and_warns(
    world, planned, page_client_for, django_capture_on_commit_callbacks
):
    client = page_client_for(world.users.secretariat)
    html = client.get(f"/c/itc/meetings/{planned.number}/invite/").content.decode()
    assert "All observers" in html and "Estonia — Lead — no e-mail would reach it" in html
    assert "No e-mail would reach these delegations" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/c/itc/meetings/{planned.number}/invite/", {"roles": ["lead"]})
    text = client.get(response.url).content.decode()
    assert "2 invited" in text and "No e-mail reaches Estonia, Luxembourg" in text
    assert text.count("reached nobody") == 2  # the invitations table says so per invitation
    empty = client.post(f"/c/itc/meetings/{planned.number}/invite/", {})
    assert "Choose whom to invite" in empty.content.decode()


# Registration -----------------------------------------------------------------------------------------------


@pytest.fixture
def invitation(world, planned):
    return InvitationFactory(meeting=planned, participant=world.participants.ee)


def test_a_delegate_registers_their_people_and_the_invitation_answers(world, planned, invitation):
    head = ContactFactory(
        coalition=world.coalition, participant=world.participants.ee, name="Mari Tamm", function="Director"
    )
    first = services.registration_create(
        actor=world.users.delegate_ee,
        invitation=invitation,
        contact=head,
        needs_badge=True,
        needs_visa_letter=True,
    )
    assert (first.name, first.function, first.email) == ("Mari Tamm", "Director", head.email)
    services.registration_create(
        actor=world.users.delegate_ee, invitation=invitation, name="Jaan", mode="online"
    )
    invitation.refresh_from_db()
    assert (invitation.response, invitation.persons, invitation.responded_by) == (
        "attending",
        2,
        world.users.delegate_ee,
    )
    with pytest.raises(ValidationError) as info:
        services.invitation_respond(
            actor=world.users.delegate_ee, invitation=invitation, response="apologies"
        )
    assert "remove their registrations first" in " ".join(info.value.message_dict["response"])
    with pytest.raises(ValidationError) as info:
        services.registration_create(actor=world.users.delegate_ee, invitation=invitation, name="JAAN")
    assert "already registered" in str(info.value)
    with pytest.raises(ValidationError) as info:
        services.registration_create(
            actor=world.users.delegate_ee, invitation=invitation, name="Kati", mode="online", needs_badge=True
        )
    assert list(info.value.message_dict) == ["needs_badge"]
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=world.users.delegate_lu, invitation=invitation, name="Spy")
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=world.users.observer, invitation=invitation, name="Spy")
    services.registration_delete(actor=world.users.delegate_ee, registration=first)
    assert Registration.objects.filter(invitation=invitation).count() == 1


def test_registration_follows_the_meetings_format_and_closes_at_its_end(world):
    in_person = MeetingFactory(coalition=world.coalition, number=6, format="in_person")
    invitation = InvitationFactory(meeting=in_person, participant=world.participants.ee)
    with pytest.raises(ValidationError) as info:
        services.registration_create(
            actor=world.users.delegate_ee, invitation=invitation, name="A", mode="online"
        )
    assert "register “In person”" in " ".join(info.value.message_dict["mode"])
    virtual = MeetingFactory(coalition=world.coalition, number=7, format="virtual")
    online = services.registration_create(
        actor=world.users.secretariat,
        invitation=InvitationFactory(meeting=virtual, participant=world.participants.lu),
        name="B",
    )
    assert online.mode == "online"
    ended = MeetingFactory(
        coalition=world.coalition,
        number=8,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as info:
        services.registration_create(
            actor=world.users.secretariat,
            invitation=InvitationFactory(meeting=ended, participant=world.participants.lu),
            name="C",
        )
    assert "Registration closed" in str(info.value)


def test_attendance_is_prefilled_from_registrations_with_their_persons(world, page_client_for):
    started = MeetingFactory(
        coalition=world.coalition, number=9, format="hybrid", starts_at=timezone.now() - timedelta(minutes=10)
    )
    ee = InvitationFactory(meeting=started, participant=world.participants.ee)
    services.registration_create(actor=world.users.secretariat, invitation=ee, name="A")
    services.registration_create(actor=world.users.secretariat, invitation=ee, name="B", mode="online")
    InvitationFactory(meeting=started, participant=world.participants.lu, response="attending", persons=1)
    InvitationFactory(meeting=started, participant=world.participants.dk, response="apologies")
    client = page_client_for(world.users.secretariat)
    page = client.get(f"/c/itc/meetings/{started.number}/attendance/")
    assert sorted(page.context["form"].initial["participants"]) == sorted(
        [world.participants.ee.pk, world.participants.lu.pk]
    )
    assert "Pre-ticked from the registrations" in page.content.decode()
    client.post(
        f"/c/itc/meetings/{started.number}/attendance/",
        {"participants": [world.participants.ee.pk, world.participants.lu.pk]},
    )
    persons = dict(Attendance.objects.filter(meeting=started).values_list("participant__code", "persons"))
    assert persons == {"EE": 2, "LU": None}


def test_attendance_and_badge_lists_for_the_secretariat(world, planned, invitation, page_client_for):
    services.registration_create(
        actor=world.users.secretariat,
        invitation=invitation,
        name="Mari Tamm",
        function="Director",
        needs_badge=True,
    )
    services.registration_create(
        actor=world.users.secretariat, invitation=invitation, name="Visa Person", needs_visa_letter=True
    )
    client = page_client_for(world.users.secretariat)
    sheet = client.get(f"/c/itc/meetings/{planned.number}/attendance-list/").content.decode()
    assert "Mari Tamm" in sheet and "Visa Person" in sheet and "2 registered from 1 delegations" in sheet
    badges = client.get(f"/c/itc/meetings/{planned.number}/badges/").content.decode()
    assert badges.count('class="badge-card"') == 1 and "Mari Tamm" in badges
    assert "Visa Person" in badges  # under the visa letters to write
    assert (
        page_client_for(world.users.delegate_ee).get(f"/c/itc/meetings/{planned.number}/badges/").status_code
        == 403
    )


def test_registration_pages_for_a_delegate(world, planned, invitation, page_client_for):
    client = page_client_for(world.users.delegate_ee)
    html = client.get(f"/c/itc/meetings/{planned.number}/").content.decode()
    assert "Register a person" in html
    response = client.post(
        f"/c/itc/meetings/{planned.number}/invitations/{invitation.pk}/register/",
        {"name": "Kadri", "mode": "in_person", "needs_badge": "on"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(name="Kadri")
    response = client.post(
        f"/c/itc/meetings/{planned.number}/registrations/{registration.pk}/edit/",
        {"name": "Kadri", "mode": "online", "needs_badge": "on"},
    )
    assert "for those who come in person" in response.content.decode()
    client.post(f"/c/itc/meetings/{planned.number}/registrations/{registration.pk}/withdraw/")
    assert not Registration.objects.exists()
    other = page_client_for(world.users.delegate_lu)
    assert (
        other.get(f"/c/itc/meetings/{planned.number}/invitations/{invitation.pk}/register/").status_code
        == 403
    )


def test_registrations_api(world, planned, invitation, api_client_for):
    client = api_client_for(world.users.delegate_ee)
    created = client.post(
        "/api/v1/registrations/",
        {"invitation": invitation.pk, "name": "Mari", "mode": "in_person", "needs_visa_letter": True},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.patch(
        f"/api/v1/registrations/{pk}/", {"mode": "online", "needs_visa_letter": False}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["mode"] == "online"
    bad = client.patch(f"/api/v1/registrations/{pk}/", {"needs_badge": True}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "needs_badge"
    listed = client.get(f"/api/v1/invitations/{invitation.pk}/").json()
    assert (listed["response"], listed["persons"], listed["registered"]) == ("attending", 1, 1)
    other = api_client_for(world.users.delegate_lu).post(
        "/api/v1/registrations/", {"invitation": invitation.pk, "name": "X"}, format="json"
    )
    assert other.status_code in (400, 403, 404)
    assert Invitation.objects.get(pk=invitation.pk).registrations.count() == 1
    assert client.delete(f"/api/v1/registrations/{pk}/").status_code == 204
