"""Meeting services: agenda and documents, decisions and action items, minutes, preferences, feed tokens."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coalition.errors import Conflict
from coalition.tests.factories import UserFactory
from meetings import selectors, services
from meetings.models import ActionItem, AgendaDocument, Minutes
from meetings.tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def messages_of(exc_info, field):
    return " ".join(exc_info.value.message_dict[field])


def docx_bytes(part="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<w:document/>")
    return buffer.getvalue()


# Agenda and documents --------------------------------------------------------------------------------------


def test_agenda_items_keep_a_gapless_order(world, planned):
    actor = world.users.secretariat
    a = services.agenda_item_create(actor=actor, meeting=planned, title="A")
    b = services.agenda_item_create(actor=actor, meeting=planned, title="B")
    c = services.agenda_item_create(actor=actor, meeting=planned, title="C", position=1)
    assert [i.title for i in selectors.agenda(planned)] == ["C", "A", "B"]
    services.agenda_item_move(actor=actor, agenda_item=b, position=1)
    assert [(i.position, i.title) for i in selectors.agenda(planned)] == [(1, "B"), (2, "C"), (3, "A")]
    services.agenda_item_delete(actor=actor, agenda_item=c)
    assert [(i.position, i.title) for i in selectors.agenda(planned)] == [(1, "B"), (2, "A")]
    with pytest.raises(ValidationError):
        services.agenda_item_move(actor=actor, agenda_item=a, position=5)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "not an allowed type"),
        ("notes.pdf", b"MZ\x90\x00 not a pdf", "does not look like a PDF"),
        ("sheet.xlsx", b"%PDF-1.7 ...", "does not look like a Excel (XLSX)"),
        ("report.docx", docx_bytes(part="xl/workbook.xml"), "does not look like a Word"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "does not look like a PNG"),
        ("data.csv", b"a,b\x00\x01\x02", "does not look like a CSV"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_forbidden_or_disguised_files_are_refused(world, planned, name, content, message):
    item = services.agenda_item_create(actor=world.users.secretariat, meeting=planned, title="A")
    with pytest.raises(ValidationError) as exc:
        services.agenda_document_add(
            actor=world.users.secretariat, agenda_item=item, file=SimpleUploadedFile(name, content)
        )
    assert message in messages_of(exc, "file")
    assert not AgendaDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, planned, settings):
    settings.MEETINGS_DOCUMENT_MAX_BYTES = 1024
    item = services.agenda_item_create(actor=world.users.secretariat, meeting=planned, title="A")
    with pytest.raises(ValidationError) as exc:
        services.agenda_document_add(
            actor=world.users.secretariat,
            agenda_item=item,
            file=SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * 2048),
        )
    assert "documents may be at most 1.0\xa0KB" in messages_of(exc, "file")


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        ("../../etc/Agenda.pdf", b"%PDF-1.7\n%%EOF", "Agenda.pdf"),
        ("Plan.docx", docx_bytes(), "Plan.docx"),
        ("Notes — ü.txt", "Grüße aus Tallinn".encode(), "Notes — ü.txt"),
        ("Photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF", "Photo.JPG"),
    ],
)
def test_allowed_files_are_stored_under_a_random_name(
    world, planned, name, content, shown, meeting_documents_in_tmp
):
    item = services.agenda_item_create(actor=world.users.secretariat, meeting=planned, title="A")
    document = services.agenda_document_add(
        actor=world.users.secretariat, agenda_item=item, file=SimpleUploadedFile(name, content)
    )
    version = document.current_version
    assert (version.original_name, version.number, document.title) == (shown, 1, shown)
    stored = version.file.name
    stem = shown.rsplit(".", 1)[0]
    assert stem not in stored and len(stored.rsplit("/", 1)[1].split(".")[0]) == 32
    assert (meeting_documents_in_tmp / stored).exists()
    assert version.size == len(content)
    services.agenda_document_delete(actor=world.users.secretariat, agenda_document=document)


def test_delegations_attach_their_own_papers_observers_none(world, planned):
    item = services.agenda_item_create(actor=world.users.secretariat, meeting=planned, title="A")
    paper = services.agenda_document_add(
        actor=world.users.delegate_ee, agenda_item=item, file=SimpleUploadedFile("a.pdf", b"%PDF-1.7")
    )
    assert paper.participant == world.participants.ee
    with pytest.raises(PermissionDenied):
        services.agenda_document_add(
            actor=world.users.observer, agenda_item=item, file=SimpleUploadedFile("a.pdf", b"%PDF-1.7")
        )


# Decisions and action items --------------------------------------------------------------------------------


def test_decisions_are_numbered_within_the_meeting_and_never_reuse_a_number(world, held):
    actor = world.users.secretariat
    first = services.decision_create(actor=actor, meeting=held, text="One")
    second = services.decision_create(actor=actor, meeting=held, text="Two")
    other = services.decision_create(
        actor=actor, meeting=MeetingFactory(coalition=world.coalition, number=30), text="X"
    )
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert second.reference == "SG9/2"
    services.decision_delete(actor=actor, decision=second)
    assert services.decision_create(actor=actor, meeting=held, text="Three").number == 3


def test_an_action_item_needs_an_owner_and_a_sensible_due_date(world, held):
    with pytest.raises(ValidationError) as exc:
        services.action_item_create(actor=world.users.secretariat, meeting=held, title="Do")
    assert "owner" in messages_of(exc, "owner_participant")
    with pytest.raises(ValidationError) as exc:
        services.action_item_create(
            actor=world.users.secretariat,
            meeting=held,
            title="Do",
            owner_participant=world.participants.ee,
            due_on=held.local_date - timedelta(days=1),
            follow_up_meeting=held,
        )
    assert {"due_on", "follow_up_meeting"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.action_item_create(
            actor=world.users.secretariat, meeting=held, title="Do", owner_participant=world.participants.fr
        )


def test_open_action_items_carry_over_to_later_meetings(world):
    first = MeetingFactory(coalition=world.coalition, number=1, starts_at=timezone.now() - timedelta(days=60))
    second = MeetingFactory(
        coalition=world.coalition, number=2, starts_at=timezone.now() - timedelta(days=30)
    )
    third = MeetingFactory(coalition=world.coalition, number=3)
    still_open = ActionItemFactory(meeting=first, owner_participant=world.participants.ee)
    done = ActionItemFactory(meeting=first, owner_participant=world.participants.ee)
    services.action_item_complete(actor=world.users.secretariat, action_item=done)
    from_second = ActionItemFactory(meeting=second, owner_participant=world.participants.lu)
    other_coalition = ActionItemFactory(meeting=MeetingFactory(coalition=world.other, number=1, past=True))

    assert list(selectors.carried_over_action_items(second)) == [still_open]
    assert set(selectors.carried_over_action_items(third)) == {still_open, from_second}
    assert other_coalition not in selectors.carried_over_action_items(third)
    services.action_item_drop(actor=world.users.secretariat, action_item=still_open, note="Overtaken")
    assert list(selectors.carried_over_action_items(third)) == [from_second]


def test_action_item_transitions_refuse_the_wrong_state(world, held):
    item = ActionItemFactory(meeting=held, owner_participant=world.participants.ee)
    done = services.action_item_complete(actor=world.users.secretariat, action_item=item, note="Sent")
    assert done.status == ActionItem.Status.DONE and done.closed_at is not None
    with pytest.raises(Conflict):
        services.action_item_drop(actor=world.users.secretariat, action_item=done)
    reopened = services.action_item_reopen(actor=world.users.secretariat, action_item=done)
    assert reopened.status == "open" and reopened.closed_at is None
    with pytest.raises(ValidationError):
        services.action_item_update(actor=world.users.secretariat, action_item=reopened, status="done")
    with pytest.raises(PermissionDenied):
        services.action_item_complete(actor=world.users.delegate_lu, action_item=reopened)  # not an owner


# Minutes ---------------------------------------------------------------------------------------------------


def test_minutes_keep_every_revision_and_lock_once_approved(world, held):
    actor = world.users.secretariat
    minutes = services.minutes_save(actor=actor, meeting=held, text="Line one\nLine two\n")
    services.minutes_save(actor=actor, meeting=held, text="Line one\nLine two\n")  # unchanged: no revision
    services.minutes_save(actor=actor, meeting=held, text="Line one\nLine 2\nLine three\n", comment="Fixes")
    assert list(minutes.revisions.values_list("number", flat=True)) == [1, 2]

    later = MeetingFactory(coalition=world.coalition, number=20, starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(Conflict):
        services.minutes_approve(actor=actor, minutes=minutes, at_meeting=later)  # not circulated yet
    services.minutes_circulate(actor=actor, minutes=minutes)
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(actor=actor, minutes=minutes, at_meeting=held)
    assert "later meeting" in messages_of(exc, "approved_at_meeting")
    future = MeetingFactory(coalition=world.coalition, number=21)
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(actor=actor, minutes=minutes, at_meeting=future)
    assert "has not taken place yet" in messages_of(exc, "approved_at_meeting")

    approved = services.minutes_approve(actor=actor, minutes=minutes, at_meeting=later)
    assert approved.status == Minutes.Status.APPROVED
    with pytest.raises(Conflict) as conflict:
        services.minutes_save(actor=actor, meeting=held, text="Rewritten")
    assert "read-only" in conflict.value.message
    with pytest.raises(Conflict):
        services.minutes_circulate(actor=actor, minutes=approved)
    approved.refresh_from_db()
    assert approved.text == "Line one\nLine 2\nLine three\n"


def test_minutes_are_circulated_only_for_held_meetings(world, planned):
    minutes = services.minutes_save(actor=world.users.secretariat, meeting=planned, text="Draft")
    with pytest.raises(Conflict):
        services.minutes_circulate(actor=world.users.secretariat, minutes=minutes)
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=world.users.observer, meeting=planned, text="Mine")


def test_any_two_revisions_compare_as_a_readable_diff():
    rows = selectors.text_diff("a\nb\nc\n", "a\nB\nc\nd\n")
    assert [(r.kind, r.text) for r in rows] == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "B"),
        ("equal", "c"),
        ("insert", "d"),
    ]
    assert selectors.text_diff("same", "same") == []
    assert "-b\n+B" in selectors.unified_diff("a\nb\n", "a\nB\n", "r1", "r2")


# Preferences and feed tokens -------------------------------------------------------------------------------


def test_notification_preferences_are_per_person(world):
    user = world.users.delegate_ee
    assert all(services.notification_preferences_of(user).values())
    result = services.notification_preferences_set(actor=user, user=user, enabled={"reminder": False})
    assert result["reminder"] is False and result["invitation"] is True
    with pytest.raises(PermissionDenied):
        services.notification_preferences_set(
            actor=world.users.secretariat, user=user, enabled={"reminder": True}
        )


def test_feed_tokens_authenticate_until_revoked_or_replaced(world):
    user = world.users.delegate_ee
    _token, secret = services.feed_token_create(actor=user, coalition=world.coalition)
    assert services.feed_token_authenticate(coalition_slug="itc", secret=secret) == user
    assert services.feed_token_authenticate(coalition_slug="dmc", secret=secret) is None
    assert services.feed_token_authenticate(coalition_slug="itc", secret=secret + "x") is None
    _token, newer = services.feed_token_create(actor=user, coalition=world.coalition)
    assert services.feed_token_authenticate(coalition_slug="itc", secret=secret) is None
    services.feed_token_revoke(actor=user, coalition=world.coalition)
    assert services.feed_token_authenticate(coalition_slug="itc", secret=newer) is None
    with pytest.raises(PermissionDenied):
        services.feed_token_create(actor=world.users.outsider, coalition=world.coalition)


def test_a_feed_token_stops_working_when_the_role_ends(world):
    user = UserFactory(username="temp")
    from coalition.models import UserRole

    role = UserRole.objects.create(user=user, coalition=world.coalition, kind="observer")
    _token, secret = services.feed_token_create(actor=user, coalition=world.coalition)
    role.delete()
    assert services.feed_token_authenticate(coalition_slug="itc", secret=secret) is None
