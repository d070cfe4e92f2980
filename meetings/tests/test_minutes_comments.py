"""Comments on circulated minutes until the deadline, answers and incorporation, agreement, and the
approval that records it all."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coalition.errors import Conflict
from meetings import services
from meetings.models import MinutesComment
from meetings.tests.factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TEXT = "1. The co-leads opened the meeting.\n2. Contributions were confirmed.\n\n3. Next steps agreed.\n"


@pytest.fixture
def minutes(world):
    held = MeetingFactory(coalition=world.coalition, number=2, past=True)
    for participant in (world.participants.ee, world.participants.lu, world.participants.dk):
        InvitationFactory(meeting=held, participant=participant)
    minutes = services.minutes_save(actor=world.users.secretariat, meeting=held, text=TEXT)
    return services.minutes_circulate(
        actor=world.users.secretariat,
        minutes=minutes,
        comments_due_on=timezone.localdate() + timedelta(days=7),
    )


def test_delegates_comment_on_a_paragraph_or_the_whole_text(world, minutes):
    on_two = services.minutes_comment_create(
        actor=world.users.delegate_ee, minutes=minutes, paragraph=2, text="Name the contributors."
    )
    assert (on_two.participant, on_two.quote, on_two.revision.number) == (
        world.participants.ee,
        "2. Contributions were confirmed.",
        1,
    )
    whole = services.minutes_comment_create(
        actor=world.users.delegate_lu, minutes=minutes, text="Fine overall."
    )
    assert whole.paragraph is None and whole.participant == world.participants.lu
    with pytest.raises(ValidationError) as info:
        services.minutes_comment_create(actor=world.users.delegate_ee, minutes=minutes, paragraph=4, text="x")
    assert "from 1 to 3" in " ".join(info.value.message_dict["paragraph"])
    with pytest.raises(PermissionDenied):
        services.minutes_comment_create(
            actor=world.users.delegate_ee, minutes=minutes, text="x", participant=world.participants.lu
        )
    with pytest.raises(PermissionDenied):
        services.minutes_comment_create(actor=world.users.observer, minutes=minutes, text="x")
    recorded = services.minutes_comment_create(
        actor=world.users.secretariat, minutes=minutes, text="By e-mail", participant=world.participants.dk
    )
    assert recorded.participant == world.participants.dk and recorded.author == world.users.secretariat


def test_comments_close_at_the_deadline_and_answered_ones_are_fixed(world, minutes):
    comment = services.minutes_comment_create(actor=world.users.delegate_ee, minutes=minutes, text="Typo.")
    services.minutes_comment_update(actor=world.users.delegate_ee, comment=comment, text="Typo in 2.")
    with pytest.raises(PermissionDenied):
        services.minutes_comment_update(actor=world.users.delegate_lu, comment=comment, text="Hijack")
    services.minutes_comment_answer(actor=world.users.secretariat, comment=comment, answer="Corrected.")
    with pytest.raises(Conflict):
        services.minutes_comment_update(actor=world.users.delegate_ee, comment=comment, text="Again")
    minutes.comments_due_on = timezone.localdate() - timedelta(days=1)
    minutes.save()
    with pytest.raises(Conflict) as info:
        services.minutes_comment_create(actor=world.users.delegate_lu, minutes=minutes, text="Late")
    assert "Comments closed on" in info.value.message


def test_incorporated_comments_record_the_next_revision_and_approval_records_everything(world, minutes):
    fix = services.minutes_comment_create(
        actor=world.users.delegate_ee, minutes=minutes, paragraph=2, text="Name the contributors."
    )
    note = services.minutes_comment_create(actor=world.users.delegate_lu, minutes=minutes, text="Thanks.")
    services.minutes_agree(actor=world.users.delegate_lu, minutes=minutes)
    next_meeting = MeetingFactory(coalition=world.coalition, number=3, past=True)
    with pytest.raises(Conflict) as info:
        services.minutes_approve(actor=world.users.secretariat, minutes=minutes, at_meeting=next_meeting)
    assert "2 comments are still open" in info.value.message
    services.minutes_comment_answer(actor=world.users.secretariat, comment=fix, incorporate=True)
    services.minutes_comment_answer(actor=world.users.secretariat, comment=note, answer="Noted.")
    services.minutes_save(
        actor=world.users.secretariat,
        meeting=minutes.meeting,
        text=TEXT.replace("Contributions", "EE and LU's"),
    )
    fix.refresh_from_db()
    assert (fix.status, fix.incorporated_in.number) == ("incorporated", 2)
    services.minutes_agree(actor=world.users.delegate_ee, minutes=minutes)
    approved = services.minutes_approve(
        actor=world.users.secretariat, minutes=minutes, at_meeting=next_meeting
    )
    assert approved.approved_revision.number == 2
    assert approved.approval_record == {
        "revision": 2,
        "agreed": [
            {"participant": "EE", "name": "Estonia", "revision": 2},
            {"participant": "LU", "name": "Luxembourg", "revision": 1},
        ],
        "commented": ["Estonia", "Luxembourg"],
        "comments": {"total": 2, "incorporated": 1, "answered": 1},
    }
    with pytest.raises(Conflict):
        services.minutes_comment_answer(actor=world.users.secretariat, comment=note, answer="Late edit")


def test_draft_minutes_take_no_comments_and_agreement_needs_circulation(world):
    held = MeetingFactory(coalition=world.coalition, number=4, past=True)
    draft = services.minutes_save(actor=world.users.secretariat, meeting=held, text="Draft")
    with pytest.raises(Conflict):
        services.minutes_comment_create(actor=world.users.delegate_ee, minutes=draft, text="x")
    with pytest.raises(Conflict):
        services.minutes_agree(actor=world.users.delegate_ee, minutes=draft)


def test_comments_page_shows_paragraphs_comments_and_who_responded(world, minutes, page_client_for):
    services.minutes_comment_create(
        actor=world.users.delegate_ee, minutes=minutes, paragraph=2, text="Name them."
    )
    delegate = page_client_for(world.users.delegate_lu)
    base = f"/c/itc/meetings/{minutes.meeting.number}/minutes/"
    response = delegate.post(base + "comments/add/", {"paragraph": 3, "text": "Add the date."})
    assert response.status_code == 302
    assert delegate.post(base + "agree/").status_code == 302
    html = delegate.get(base + "comments/").content.decode()
    assert "¶2" in html and "Name them." in html and "Add the date." in html
    assert "Luxembourg agrees with revision 1" in html
    assert "yes (revision 1)" in html  # the responses table
    secretariat = page_client_for(world.users.secretariat)
    comment = MinutesComment.objects.get(text="Add the date.")
    response = secretariat.post(base + f"comments/{comment.pk}/answer/", {"answer": "", "incorporate": "on"})
    assert response.status_code == 302
    assert "To be incorporated in the next revision" in secretariat.get(base + "comments/").content.decode()
    empty = secretariat.post(base + f"comments/{comment.pk}/answer/", {"answer": ""})
    assert "Write the answer, or incorporate the comment" in empty.content.decode()
    meeting_page = secretariat.get(f"/c/itc/meetings/{minutes.meeting.number}/").content.decode()
    assert "Comments (2)" in meeting_page
    # An observer reads the comments but is refused the form (it could not succeed).
    observer = page_client_for(world.users.observer)
    assert observer.get(base + "comments/").status_code == 200
    assert observer.get(base + "comments/add/").status_code == 403


def test_minutes_comments_api(world, minutes, api_client_for):
    delegate = api_client_for(world.users.delegate_ee)
    created = delegate.post(
        "/api/v1/minutes-comments/",
        {"minutes": minutes.pk, "paragraph": 1, "text": "Say who opened."},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["participant"], body["revision"], body["status"], body["quote"]) == (
        world.participants.ee.pk,
        1,
        "open",
        "1. The co-leads opened the meeting.",
    )
    pk = body["id"]
    assert (
        delegate.patch(f"/api/v1/minutes-comments/{pk}/", {"text": "Name them"}, format="json").status_code
        == 200
    )
    # An empty PATCH changes nothing (it was a 500: the service required the text).
    empty = delegate.patch(f"/api/v1/minutes-comments/{pk}/", {}, format="json")
    assert empty.status_code == 200 and empty.json()["text"] == "Name them"
    refused = api_client_for(world.users.delegate_lu).patch(f"/api/v1/minutes-comments/{pk}/", {"text": "x"})
    assert refused.status_code == 403
    answered = api_client_for(world.users.secretariat).post(
        f"/api/v1/minutes-comments/{pk}/answer/", {"answer": "Done."}, format="json"
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert delegate.delete(f"/api/v1/minutes-comments/{pk}/").status_code == 409
    agreed = delegate.post(f"/api/v1/minutes/{minutes.pk}/agree/", {}, format="json")
    assert agreed.status_code == 200 and agreed.json()["revision"] == 1
    no_delegation = api_client_for(world.users.secretariat).post(
        f"/api/v1/minutes/{minutes.pk}/agree/", {}, format="json"
    )
    assert no_delegation.status_code == 400 and no_delegation.json()["errors"][0]["field"] == "participant"
