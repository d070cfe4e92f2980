"""Journeys through the meeting pages in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coalition.tests.browser import assert_labelled
from meetings.models import Attendance, Invitation, Meeting
from meetings.tests.factories import ActionItemFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_plans_a_meeting_and_a_delegate_answers(world, page_as, screenshot):
    page = page_as(world.users.secretariat)
    page.goto("/c/itc/meetings/")
    assert page.get_by_role("heading", name="Meetings of ITC").is_visible()
    page.get_by_role("button", name="New meeting", exact=True).click()
    page.get_by_label("Title").fill("Third meeting of the Steering Group")
    page.get_by_label("Starts at").fill("2031-05-04T10:00")
    page.get_by_label("Ends at").fill("2031-05-04T09:00")
    page.get_by_label("Format").select_option("hybrid")
    page.get_by_label("Place").fill("Tallinn")
    page.get_by_label("Estonia").check()
    assert_labelled(page)
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error-summary").get_by_text("The meeting must end after it starts").is_visible()
    screenshot(page, "meeting-form-error")
    page.get_by_label("Ends at").fill("2031-05-04T13:00")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Third meeting of the Steering Group").is_visible()

    page.get_by_role("button", name="Add agenda item", exact=True).click()
    page.get_by_label("Title").fill("Procurement roadmap 2031")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_label("Estonia").check()
    page.get_by_label("Luxembourg").check()
    page.get_by_role("button", name="Invite", exact=True).click()
    assert page.get_by_text("2 invited: 0 attending").is_visible()
    screenshot(page, "meeting-planned-secretariat")

    delegate = page_as(world.users.delegate_ee)
    meeting = Meeting.objects.get(title="Third meeting of the Steering Group")
    delegate.goto(f"/c/itc/meetings/{meeting.number}/")
    assert delegate.get_by_role("button", name="Edit meeting", exact=True).count() == 0
    delegate.get_by_role("button", name="Answer", exact=True).click()
    delegate.get_by_label("Attending").check()
    delegate.get_by_label("Number of persons").fill("2")
    assert_labelled(delegate)
    screenshot(delegate, "meeting-rsvp-form")
    delegate.get_by_role("button", name="Save").click()
    assert delegate.get_by_text("your answer is recorded").is_visible()
    assert delegate.get_by_text("2 invited: 1 attending").is_visible()
    screenshot(delegate, "meeting-planned-delegate")
    answered = Invitation.objects.get(meeting=meeting, participant=world.participants.ee)
    assert (answered.response, answered.persons, answered.responded_by) == (
        "attending",
        2,
        world.users.delegate_ee,
    )


def test_secretariat_records_attendance_after_the_meeting(world, page_as, screenshot):
    held = MeetingFactory(
        coalition=world.coalition,
        number=2,
        title="Second meeting of the Steering Group",
        place="Luxembourg",
        past=True,
    )
    earlier = MeetingFactory(
        coalition=world.coalition,
        number=1,
        title="First meeting",
        starts_at=timezone.now() - timedelta(days=60),
    )
    ActionItemFactory(
        meeting=earlier,
        title="Prepare the roadmap",
        owner_participant=world.participants.lu,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    page = page_as(world.users.secretariat)
    page.goto(f"/c/itc/meetings/{held.number}/")
    page.get_by_role("button", name="Record attendance", exact=True).click()
    for name in ("Estonia", "Luxembourg", "Denmark", "France"):
        page.get_by_label(name).check()
    assert_labelled(page)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Not a member of ITC").is_visible()
    screenshot(page, "attendance-non-member-error")
    page.get_by_label("France").uncheck()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("3 participating states").is_visible()
    carried = page.locator("#carried-over")
    assert carried.get_by_text("Prepare the roadmap").is_visible()
    assert carried.get_by_text("overdue").is_visible()
    screenshot(page, "meeting-held-attendance")
    assert Attendance.objects.filter(meeting=held).count() == 3

    page.goto("/c/itc/action-items/")
    assert page.get_by_role("heading", name="Action items of ITC").is_visible()
    assert_labelled(page)
    screenshot(page, "action-item-board")


def test_meeting_page_on_a_phone(world, page_as, screenshot):
    held = MeetingFactory(coalition=world.coalition, number=3, past=True, title="Phone check")
    page = page_as(world.users.observer, viewport={"width": 390, "height": 844})
    page.goto(f"/c/itc/meetings/{held.number}/")
    assert page.get_by_role("heading", name="Phone check").is_visible()
    assert page.get_by_role("button", name="Record attendance", exact=True).count() == 0
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    screenshot(page, "meeting-detail-phone")
