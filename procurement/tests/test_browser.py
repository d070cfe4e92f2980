"""Journeys through the roadmap in a real browser."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coalition.tests.browser import assert_labelled
from procurement.models import Allocation, RoadmapItem
from procurement.tests.factories import CapabilityAreaFactory, PledgeFactory, RoadmapItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_plans_moves_and_funds_an_item_then_reads_the_timeline(world, page_as, screenshot):
    area = CapabilityAreaFactory(coalition=world.coalition, name="Secure communications")
    CapabilityAreaFactory(coalition=world.coalition, name="Cyber defence")
    RoadmapItemFactory(
        coalition=world.coalition,
        capability_area=area,
        title="Satellite terminals",
        planned_year=2025,
        planned_quarter=1,
        priority=1,
    )
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("5000000"))

    page = page_as(world.users.secretariat)
    page.goto("/c/itc/")
    page.get_by_role("link", name="Roadmap", exact=True).first.click()
    assert page.get_by_role("heading", name="Procurement roadmap of ITC").is_visible()
    assert_labelled(page)
    page.get_by_role("button", name="Add roadmap item").click()
    page.get_by_label("Title").fill("Secure tactical radios")
    page.get_by_label("Capability area").select_option(label="Secure communications")
    page.get_by_label("Priority").fill("1")
    page.get_by_label("Planned year").fill("2024")
    page.get_by_label("Planned quarter").select_option("2")
    page.get_by_label("Lead participant").select_option(label="Estonia")
    page.get_by_label("Estimated cost, low").fill("8000000")
    page.get_by_label("Estimated cost, high").fill("10000000")
    assert_labelled(page)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Secure tactical radios").is_visible()
    item = RoadmapItem.objects.get(title="Secure tactical radios")

    page.get_by_role("button", name="Change status").click()
    page.get_by_label("Move to").select_option("requirements")
    page.get_by_label("Note").fill("Requirements agreed by the expert group")
    assert_labelled(page)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Status changed").is_visible()
    item.refresh_from_db()
    assert item.status == "requirements"

    page.get_by_role("button", name="Allocate a pledge").click()
    page.get_by_label("Pledge").select_option(str(pledge.pk))
    page.get_by_label("Amount").fill("6000000")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error-summary").get_by_text("Only 5,000,000.00 EUR").is_visible()
    assert_labelled(page)
    screenshot(page, "roadmap-allocation-error")
    page.get_by_label("Amount").fill("4000000")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Allocated.").is_visible()
    assert Allocation.objects.get().amount == Decimal("4000000")
    funding = page.locator("section", has=page.get_by_role("heading", name="Cost and funding"))
    assert funding.get_by_text("Partly funded").is_visible()
    assert funding.get_by_text("4,000,000.00 EUR").first.is_visible()
    screenshot(page, "roadmap-item-detail")

    page.get_by_role("link", name="← Roadmap").click()
    page.get_by_label("Funding").select_option("partly")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    expect(page.locator("#roadmap-table tbody tr")).to_have_count(1)  # waits out htmx's swap
    screenshot(page, "roadmap-list-filtered")

    page.get_by_role("button", name="Timeline by quarter").click()
    timeline = page.locator("table.timeline")
    assert timeline.get_by_role("rowheader", name="2024").is_visible()
    assert timeline.get_by_role("link", name="Secure tactical radios").is_visible()
    assert timeline.get_by_role("link", name="Satellite terminals").is_visible()
    screenshot(page, "roadmap-timeline")


def test_observer_reads_the_roadmap_without_edit_buttons(world, item, page_as):
    page = page_as(world.users.observer)
    page.goto(f"/c/itc/roadmap/{item.pk}/")
    assert page.get_by_role("heading", name="Secure radios").is_visible()
    assert page.get_by_role("button", name="Edit item").count() == 0
    assert page.goto(f"/c/itc/roadmap/{item.pk}/transition/").status == 403


def test_timeline_fits_a_phone(world, item, page_as, screenshot):
    page = page_as(world.users.delegate_ee, viewport={"width": 390, "height": 844})
    page.goto("/c/itc/roadmap/timeline/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    screenshot(page, "roadmap-timeline-phone")
