"""Follow-up between meetings: owners report progress and close their items, carry-over shows only open
items, reminders of items coming due, and a weekly digest of overdue items per owner."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from coalition.models import UserRole
from coalition.tests.factories import UserFactory
from meetings import selectors, services, tasks
from meetings.models import ActionItem
from meetings.tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    return MeetingFactory(coalition=world.coalition, number=2, past=True)


def test_owners_report_progress_and_close_but_edit_nothing_else(world, held):
    item = ActionItemFactory(meeting=held, owner_participant=world.participants.ee, title="Roadmap")
    reported = services.action_item_report(
        actor=world.users.delegate_ee, action_item=item, progress_note="Draft sent to LU."
    )
    assert (reported.progress_note, reported.progress_updated_by) == (
        "Draft sent to LU.",
        world.users.delegate_ee,
    )
    updated = services.action_item_update(
        actor=world.users.delegate_ee, action_item=item, progress_note="Agreed."
    )
    assert updated.progress_note == "Agreed."
    with pytest.raises(PermissionDenied) as info:
        services.action_item_update(actor=world.users.delegate_ee, action_item=item, title="Something else")
    assert "title" in str(info.value)
    with pytest.raises(PermissionDenied):
        services.action_item_report(actor=world.users.delegate_lu, action_item=item, progress_note="x")
    with pytest.raises(PermissionDenied):
        services.action_item_drop(actor=world.users.delegate_ee, action_item=item)
    assert services.action_item_complete(actor=world.users.delegate_ee, action_item=item).status == "done"
    person = UserFactory(username="owner-person")
    UserRole.objects.create(user=person, coalition=world.coalition, kind="observer")
    theirs = ActionItemFactory(meeting=held, owner_participant=None, owner_user=person)
    services.action_item_report(actor=person, action_item=theirs, progress_note="On track.")
    assert ActionItem.objects.get(pk=theirs.pk).progress_note == "On track."


def test_carry_over_shows_only_open_items(world, held):
    later = MeetingFactory(coalition=world.coalition, number=3)
    open_item = ActionItemFactory(meeting=held, owner_participant=world.participants.ee, title="Open")
    done = ActionItemFactory(
        meeting=held, owner_participant=world.participants.ee, title="Done", follow_up_meeting=later
    )
    services.action_item_complete(actor=world.users.secretariat, action_item=done)
    follow_up_open = ActionItemFactory(
        meeting=held, owner_participant=world.participants.lu, title="Follow-up", follow_up_meeting=later
    )
    assert list(selectors.carried_over_action_items(later)) == sorted(
        [open_item, follow_up_open], key=lambda i: (i.due_on, i.pk)
    )


def test_weekly_digest_of_overdue_items_per_owner_once_a_week(world, held):
    for user, address in (
        (world.users.delegate_ee, "ee@example.org"),
        (world.users.delegate_lu, "lu@example.org"),
    ):
        user.email = address
        user.save()
    today = timezone.localdate()
    ActionItemFactory(
        meeting=held,
        owner_participant=world.participants.ee,
        title="Late one",
        due_on=today - timedelta(days=3),
    )
    ActionItemFactory(
        meeting=held,
        owner_participant=world.participants.ee,
        title="Late two",
        due_on=today - timedelta(days=1),
    )
    ActionItemFactory(meeting=held, owner_participant=world.participants.lu, due_on=today + timedelta(days=9))
    closed = ActionItemFactory(
        meeting=held, owner_participant=world.participants.lu, due_on=today - timedelta(days=9)
    )
    services.action_item_complete(actor=world.users.secretariat, action_item=closed)
    assert tasks.send_overdue_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == ["ee@example.org"] and digest.subject == "2 overdue action items"
    assert "Late one" in digest.body and "Late two" in digest.body
    assert tasks.send_overdue_digests() == 0  # once per ISO week
    from meetings.notifications import send_overdue_digests

    assert send_overdue_digests(today=today + timedelta(days=7)) == 1  # the next week, again


def test_progress_page_board_filter_and_api(world, held, page_client_for, api_client_for):
    mine = ActionItemFactory(meeting=held, owner_participant=world.participants.ee, title="Mine")
    ActionItemFactory(meeting=held, owner_participant=world.participants.lu, title="Theirs")
    client = page_client_for(world.users.delegate_ee)
    board = client.get("/c/itc/action-items/?mine=true").content.decode()
    assert "Mine" in board and "Theirs" not in board and "Report progress" in board
    response = client.post(f"/c/itc/action-items/{mine.pk}/progress/", {"progress_note": "Half done."})
    assert response.status_code == 302
    assert "Half done." in client.get(f"/c/itc/meetings/{held.number}/").content.decode()
    assert (
        client.get(f"/c/itc/action-items/{ActionItem.objects.get(title='Theirs').pk}/progress/").status_code
        == 403
    )
    api = api_client_for(world.users.delegate_ee)
    patched = api.patch(f"/api/v1/action-items/{mine.pk}/", {"progress_note": "Almost."}, format="json")
    assert patched.status_code == 200 and patched.json()["progress_note"] == "Almost."
    assert patched.json()["progress_updated_by"] == world.users.delegate_ee.pk
    refused = api.patch(f"/api/v1/action-items/{mine.pk}/", {"due_on": "2031-01-01"}, format="json")
    assert refused.status_code == 403
    other = api_client_for(world.users.delegate_lu).patch(
        f"/api/v1/action-items/{mine.pk}/", {"progress_note": "x"}
    )
    assert other.status_code == 403


def test_meeting_page_caps_the_carried_over_items_and_links_the_board(
    world, held, page_client_for, monkeypatch
):
    """The page renders a bounded number of carried-over rows whatever the number of open items."""
    from django.urls import reverse

    from meetings.views import meetings as meeting_views

    monkeypatch.setattr(meeting_views, "CARRIED_OVER_MAX", 3)
    later = MeetingFactory(coalition=world.coalition, number=3)
    client = page_client_for(world.users.secretariat)
    page_url = reverse("meeting-detail", args=["itc", later.number])
    for index in range(2):
        ActionItemFactory(meeting=held, owner_participant=world.participants.ee, title=f"Open {index}")
    response = client.get(page_url)
    assert len(response.context["carried_over"]) == 2
    assert response.context["carried_over_more"] == 0
    assert "more open item" not in response.content.decode()
    for index in range(2, 8):
        ActionItemFactory(meeting=held, owner_participant=world.participants.ee, title=f"Open {index}")
    response = client.get(page_url)
    page = response.content.decode()
    section = page[page.index('id="carried-over"') :]
    section = section[: section.index("</section>")]
    assert len(response.context["carried_over"]) == 3
    assert sum(f"Open {index}<" in section or f"Open {index}</a>" in section for index in range(8)) <= 3
    assert response.context["carried_over_total"] == 8
    assert "5 more open items are on the board" in section
    assert reverse("action-item-board", args=["itc"]) in section
