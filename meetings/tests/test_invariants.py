"""Invariants of issue 9 on every path (service, API, page, admin): a held meeting keeps its dates, dates
stay within a range a calendar can show, lifecycle fields change only through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Meeting
from meetings.tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    return MeetingFactory(coalition=world.coalition, number=2, past=True)


def test_a_held_meeting_cannot_be_moved_into_the_future_by_the_api(world, held, api_client_for):
    later = timezone.now() + timedelta(days=30)
    response = api_client_for(world.users.secretariat).patch(
        f"/api/v1/meetings/{held.pk}/",
        {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=2)).isoformat()},
    )
    assert response.status_code == 400, response.content
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"starts_at", "ends_at"}
    assert "keeps its dates" in response.json()["errors"][0]["message"]
    before = held.starts_at
    held.refresh_from_db()
    assert (held.starts_at, held.status) == (before, Meeting.Status.HELD)


def test_a_held_meeting_keeps_its_dates_on_the_edit_page_but_other_fields_change(
    world, held, page_client_for
):
    client = page_client_for(world.users.secretariat)
    html = client.get(f"/c/itc/meetings/{held.number}/edit/").content.decode()
    assert "A held meeting keeps its dates." in html
    local = timezone.localtime(held.starts_at)
    form = {
        "title": "Second meeting (renamed)",
        "starts_at": (local + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(days=60, hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "format": "in_person",
    }
    assert client.post(f"/c/itc/meetings/{held.number}/edit/", form).status_code == 302
    before = (held.starts_at, held.ends_at)
    held.refresh_from_db()
    assert held.title == "Second meeting (renamed)"
    assert (held.starts_at, held.ends_at) == before


def test_the_service_refuses_to_move_a_held_meeting(world, held):
    with pytest.raises(ValidationError) as info:
        services.meeting_update(
            actor=world.users.secretariat, meeting=held, starts_at=held.starts_at - timedelta(days=1)
        )
    assert list(info.value.message_dict) == ["starts_at"]


def test_a_planned_meeting_can_still_be_moved(world):
    planned = MeetingFactory(coalition=world.coalition, number=3)
    later = planned.starts_at + timedelta(days=1)
    moved = services.meeting_update(
        actor=world.users.secretariat, meeting=planned, starts_at=later, ends_at=later + timedelta(hours=1)
    )
    assert moved.starts_at == later and moved.ical_sequence == 1


@pytest.mark.parametrize("year", ["9999", "0001", "1899", "2201"])
def test_a_meeting_outside_1900_to_2200_is_refused_by_the_api_naming_the_field(world, api_client_for, year):
    response = api_client_for(world.users.secretariat).post(
        "/api/v1/meetings/",
        {
            "coalition": world.coalition.pk,
            "title": "Far away",
            "starts_at": "2030-12-31T20:00:00Z",
            "ends_at": f"{year}-12-31T23:59:00Z",
        },
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["ends_at"]
    assert "between 1900 and 2200" in errors[0]["message"]
    assert not Meeting.objects.exists()


def test_a_meeting_ending_in_9999_is_refused_on_the_page_and_by_the_service(world, page_client_for):
    page = page_client_for(world.users.secretariat).post(
        "/c/itc/meetings/add/",
        {"title": "Far", "starts_at": "9999-12-31T20:00", "ends_at": "9999-12-31T23:30", "format": "virtual"},
    )
    assert page.status_code == 200
    assert "Choose a date between 1900 and 2200" in page.content.decode()
    assert not Meeting.objects.exists()


def test_due_dates_outside_the_range_are_refused(world, held, api_client_for):
    item = ActionItemFactory(meeting=held, owner_participant=world.participants.ee)
    response = api_client_for(world.users.secretariat).patch(
        f"/api/v1/action-items/{item.pk}/", {"due_on": "9999-12-31"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "due_on"
    assert ActionItem.objects.get(pk=item.pk).due_on == item.due_on


# The Django admin -------------------------------------------------------------------------------------------


def test_the_admin_shows_lifecycle_fields_read_only_and_a_held_meetings_dates_too(world, held, client):
    client.force_login(world.users.admin)
    html = client.get(f"/admin/meetings/meeting/{held.pk}/change/").content.decode()
    assert 'name="title"' in html
    for fixed in ("status", "ical_sequence", "starts_at_0", "ends_at_0"):
        assert f'name="{fixed}"' not in html, fixed
    planned = MeetingFactory(coalition=world.coalition, number=5)
    html = client.get(f"/admin/meetings/meeting/{planned.pk}/change/").content.decode()
    assert 'name="starts_at_0"' in html and 'name="status"' not in html


def test_the_admin_changes_status_only_through_the_services(world, held, client):
    client.force_login(world.users.admin)
    planned = MeetingFactory(coalition=world.coalition, number=6)  # not started: cannot be held yet
    started = MeetingFactory(
        coalition=world.coalition, number=7, starts_at=timezone.now() - timedelta(hours=1)
    )
    response = client.post(
        "/admin/meetings/meeting/",
        {"action": "mark_held", "_selected_action": [planned.pk, started.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "it can be marked as held once it has started" in text
    assert "1 marked as held." in text
    planned.refresh_from_db()
    started.refresh_from_db()
    assert (planned.status, started.status) == ("planned", "held")
    assert started.history.first().history_user == world.users.admin


def test_the_admin_closes_action_items_through_the_service(world, held, client):
    item = ActionItemFactory(meeting=held, owner_participant=world.participants.ee)
    client.force_login(world.users.admin)
    html = client.get(f"/admin/meetings/actionitem/{item.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="closed_at"' not in html
    client.post("/admin/meetings/actionitem/", {"action": "complete", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == "done" and item.closed_at is not None
