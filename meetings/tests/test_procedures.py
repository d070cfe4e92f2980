"""Written (silence) procedures: circulation with a deadline, silence broken with a reason, adoption or
failure at the deadline, reminders; pages and API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coalition.errors import Conflict
from coalition.tests.factories import MembershipFactory, ParticipantFactory
from meetings import notifications, services, tasks
from meetings.models import Decision, NotificationLog, WrittenProcedure
from meetings.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(world):
    for participant in (world.participants.ee, world.participants.lu, world.participants.dk):
        ContactFactory(
            coalition=world.coalition,
            participant=participant,
            delegation_role="head",
            email=f"head@{participant.code.lower()}.example",
        )
    return world


def draft(world, **kwargs):
    kwargs.setdefault("title", "Terms of reference of the expert groups")
    kwargs.setdefault("draft_decision", "The steering group adopts the terms of reference.")
    return services.procedure_create(actor=world.users.secretariat, coalition=world.coalition, **kwargs)


def circulated(world, hours=48, **kwargs):
    procedure = draft(world, **kwargs)
    return services.procedure_circulate(
        actor=world.users.secretariat, procedure=procedure, deadline=timezone.now() + timedelta(hours=hours)
    )


def past_deadline(procedure, hours=1):
    WrittenProcedure.objects.filter(pk=procedure.pk).update(deadline=timezone.now() - timedelta(hours=hours))
    procedure.refresh_from_db()
    return procedure


def test_procedures_are_numbered_and_a_draft_only_is_edited(world):
    first, second = draft(world), draft(world, title="Budget")
    assert (first.reference, second.reference) == ("WP1", "WP2")
    services.procedure_update(actor=world.users.secretariat, procedure=first, title="ToR")
    services.procedure_circulate(
        actor=world.users.secretariat, procedure=first, deadline=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(Conflict):
        services.procedure_update(actor=world.users.secretariat, procedure=first, draft_decision="Changed")
    with pytest.raises(Conflict):
        services.procedure_delete(actor=world.users.secretariat, procedure=first)
    services.procedure_delete(actor=world.users.secretariat, procedure=second)
    assert draft(world).reference == "WP3"  # a number is never reused
    with pytest.raises(PermissionDenied):
        services.procedure_create(
            actor=world.users.delegate_ee, coalition=world.coalition, title="x", draft_decision="y"
        )


def test_circulation_needs_a_deadline_at_least_an_hour_away_and_emails_the_members(
    contacts, django_capture_on_commit_callbacks
):
    world = contacts
    procedure = draft(world)
    with pytest.raises(ValidationError) as info:
        services.procedure_circulate(actor=world.users.secretariat, procedure=procedure)
    assert list(info.value.message_dict) == ["deadline"]
    with pytest.raises(ValidationError):
        services.procedure_circulate(
            actor=world.users.secretariat, procedure=procedure, deadline=timezone.now() + timedelta(minutes=5)
        )
    observer_state = ParticipantFactory(code="JP", name="Japan")
    MembershipFactory(coalition=world.coalition, participant=observer_state, role="observer")
    ContactFactory(coalition=world.coalition, participant=observer_state, email="head@jp.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.procedure_circulate(
            actor=world.users.secretariat, procedure=procedure, deadline=timezone.now() + timedelta(days=2)
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["head@dk.example", "head@ee.example", "head@lu.example"]
    assert mail.outbox[0].subject == "Written procedure WP1: Terms of reference of the expert groups"
    assert "The steering group adopts the terms of reference." in mail.outbox[0].body


def test_silence_held_adopts_a_dated_decision_with_its_record(contacts, django_capture_on_commit_callbacks):
    world = contacts
    procedure = circulated(world)
    with pytest.raises(Conflict):
        services.procedure_conclude(procedure=procedure)  # silence still runs
    past_deadline(procedure)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.conclude_due() == {"adopted": 1, "failed": 0}
    procedure.refresh_from_db()
    decision = Decision.objects.get(written_procedure=procedure)
    assert (procedure.status, decision.reference, decision.meeting) == ("adopted", "WP1", None)
    assert decision.decided_on == timezone.localtime(procedure.deadline).date()
    assert decision.text == procedure.draft_decision and decision.coalition == world.coalition
    assert "Written procedure WP1" in decision.source
    assert services.conclude_due() == {"adopted": 0, "failed": 0}  # the job again: nothing twice
    assert Decision.objects.filter(written_procedure=procedure).count() == 1
    assert [m.subject for m in mail.outbox if "Adopted" in m.subject]


def test_a_member_breaks_silence_with_a_reason_and_the_procedure_fails(contacts):
    world = contacts
    procedure = circulated(world)
    with pytest.raises(ValidationError) as info:
        services.procedure_break_silence(actor=world.users.delegate_ee, procedure=procedure, reason=" ")
    assert list(info.value.message_dict) == ["reason"]
    services.procedure_break_silence(
        actor=world.users.delegate_ee, procedure=procedure, reason="Budget unclear."
    )
    with pytest.raises(ValidationError):
        services.procedure_break_silence(actor=world.users.delegate_ee, procedure=procedure, reason="Again")
    with pytest.raises(PermissionDenied):
        services.procedure_break_silence(
            actor=world.users.delegate_ee, procedure=procedure, reason="x", participant=world.participants.lu
        )
    with pytest.raises(PermissionDenied):
        services.procedure_break_silence(actor=world.users.observer, procedure=procedure, reason="x")
    past_deadline(procedure)
    with pytest.raises(Conflict):
        services.procedure_break_silence(
            actor=world.users.delegate_lu, procedure=procedure, reason="Too late"
        )
    concluded = services.procedure_conclude(actor=world.users.secretariat, procedure=procedure)
    assert concluded.status == "failed" and concluded.outcome_note == "Silence broken by Estonia."
    assert not Decision.objects.filter(written_procedure=procedure).exists()


def test_reminders_go_once_before_the_deadline_to_those_keeping_silence(contacts):
    world = contacts
    soon = circulated(world, hours=10)
    circulated(world, hours=72, title="Later")
    services.procedure_break_silence(actor=world.users.delegate_ee, procedure=soon, reason="No.")
    mail.outbox.clear()
    assert tasks.send_due_reminders()["procedure_reminders"] == 2  # LU and DK; EE broke silence
    assert sorted(m.to[0] for m in mail.outbox) == ["head@dk.example", "head@lu.example"]
    assert mail.outbox[0].subject.startswith("Reminder: silence ends soon on WP1")
    assert tasks.send_due_reminders()["procedure_reminders"] == 0
    assert NotificationLog.objects.filter(key=f"procedure:{soon.pk}:reminder").count() == 2


def test_withdrawal_and_a_procedure_to_a_distribution_list(contacts, django_capture_on_commit_callbacks):
    world = contacts
    leads = services.distribution_list_create(
        actor=world.users.secretariat, coalition=world.coalition, name="Leads", membership_roles=["lead"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        procedure = circulated(world, distribution_list=leads)
    assert sorted(r.key for r in notifications.procedure_audience(procedure)) == [
        "head@ee.example",
        "head@lu.example",
    ]
    withdrawn = services.procedure_withdraw(
        actor=world.users.secretariat, procedure=procedure, note="Replaced."
    )
    assert withdrawn.status == "withdrawn"
    with pytest.raises(Conflict):
        services.procedure_conclude(actor=world.users.secretariat, procedure=past_deadline(withdrawn))


def test_procedure_pages(contacts, page_client_for):
    world = contacts
    secretariat = page_client_for(world.users.secretariat)
    response = secretariat.post(
        "/c/itc/written-procedures/add/", {"title": "ToR", "draft_decision": "Adopt the terms of reference."}
    )
    assert response.status_code == 302
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert secretariat.post("/c/itc/written-procedures/1/circulate/", {"deadline": later}).status_code == 302
    html = secretariat.get("/c/itc/written-procedures/1/").content.decode()
    assert "Circulated: silence until the deadline" in html and "Circulated to 3 addresses" in html
    delegate = page_client_for(world.users.delegate_lu)
    assert "Break silence" in delegate.get("/c/itc/written-procedures/1/").content.decode()
    response = delegate.post("/c/itc/written-procedures/1/break-silence/", {"reason": "Not yet."})
    assert response.status_code == 302
    past_deadline(WrittenProcedure.objects.get(number=1))
    secretariat = page_client_for(world.users.secretariat)  # one test client: log the secretariat in again
    secretariat.post("/c/itc/written-procedures/1/conclude/")
    html = secretariat.get("/c/itc/written-procedures/1/").content.decode()
    assert "Silence broken by Luxembourg." in html and "Not yet." in html
    listing = secretariat.get("/c/itc/written-procedures/").content.decode()
    assert "WP1" in listing and "Failed: silence broken" in listing
    observer = page_client_for(world.users.observer)
    assert observer.get("/c/itc/written-procedures/1/").status_code == 200
    # An observer keeps no silence: refused before the form, not shown a form that cannot succeed.
    assert observer.get("/c/itc/written-procedures/1/break-silence/").status_code == 403


def test_written_procedures_api(contacts, api_client_for):
    world = contacts
    api = api_client_for(world.users.secretariat)
    created = api.post(
        "/api/v1/written-procedures/",
        {"coalition": world.coalition.pk, "title": "ToR", "draft_decision": "Adopt."},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["reference"] == "WP1" and created.json()["status"] == "draft"
    early = api.post(f"/api/v1/written-procedures/{pk}/circulate/", {}, format="json")
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "deadline"
    deadline = (timezone.now() + timedelta(days=2)).isoformat()
    circulated_body = api.post(
        f"/api/v1/written-procedures/{pk}/circulate/", {"deadline": deadline}, format="json"
    )
    assert circulated_body.status_code == 200 and circulated_body.json()["status"] == "circulated"
    assert api.patch(f"/api/v1/written-procedures/{pk}/", {"title": "x"}, format="json").status_code == 409
    too_early = api.post(f"/api/v1/written-procedures/{pk}/conclude/")
    assert too_early.status_code == 409
    observer = api_client_for(world.users.observer)
    assert (
        observer.post(f"/api/v1/written-procedures/{pk}/break-silence/", {}, format="json").status_code == 403
    )
    delegate = api_client_for(world.users.delegate_ee)
    refused = delegate.post(f"/api/v1/written-procedures/{pk}/break-silence/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "reason"
    broken = delegate.post(
        f"/api/v1/written-procedures/{pk}/break-silence/", {"reason": "No."}, format="json"
    )
    assert broken.status_code == 201 and broken.json()["participant"] == world.participants.ee.pk
    past_deadline(WrittenProcedure.objects.get(pk=pk))
    concluded = api.post(f"/api/v1/written-procedures/{pk}/conclude/")
    assert concluded.status_code == 200 and concluded.json()["status"] == "failed"
    assert concluded.json()["silence_breaks"][0]["reason"] == "No."
    adopted = api.post(
        "/api/v1/written-procedures/", {"coalition": world.coalition.pk, "title": "B", "draft_decision": "B."}
    ).json()
    api.post(f"/api/v1/written-procedures/{adopted['id']}/circulate/", {"deadline": deadline}, format="json")
    past_deadline(WrittenProcedure.objects.get(pk=adopted["id"]))
    body = api.post(f"/api/v1/written-procedures/{adopted['id']}/conclude/").json()
    decision = api.get(f"/api/v1/decisions/{body['decision']}/").json()
    assert (decision["reference"], decision["meeting"], decision["written_procedure"]) == (
        "WP2",
        None,
        adopted["id"],
    )
    withdrawn = api.post(
        "/api/v1/written-procedures/", {"coalition": world.coalition.pk, "title": "C", "draft_decision": "C."}
    ).json()
    assert api.post(f"/api/v1/written-procedures/{withdrawn['id']}/withdraw/", {"note": "x"}).json()[
        "status"
    ] == ("withdrawn")
    deletable = api.post(
        "/api/v1/written-procedures/", {"coalition": world.coalition.pk, "title": "D", "draft_decision": "D."}
    ).json()
    assert api.delete(f"/api/v1/written-procedures/{deletable['id']}/").status_code == 204


def test_decision_register_lists_meeting_and_procedure_decisions(contacts, page_client_for):
    world = contacts
    procedure = past_deadline(circulated(world))
    services.procedure_conclude(procedure=procedure)
    html = page_client_for(world.users.observer).get("/c/itc/decisions/").content.decode()
    assert "WP1" in html and "written procedure" in html
    assert "/c/itc/written-procedures/1/" in html
