"""Journeys through the registry in a real browser."""

import pytest
from playwright.sync_api import expect

from coalition.tests.browser import assert_labelled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_sees_only_the_login_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/c/itc/participants/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Log in").is_visible()
    assert_labelled(page)
    context.close()


def test_secretariat_filters_participants_and_adds_a_membership(world, page_as, screenshot):
    page = page_as(world.users.secretariat)
    assert page.get_by_role("heading", name="My work").is_visible()  # the start page (issue 13)
    page.get_by_role("link", name="IT Coalition", exact=True).first.click()
    assert page.get_by_role("heading", name="IT Coalition").is_visible()
    lead_card = page.locator("article", has=page.get_by_role("heading", name="Lead"))
    assert lead_card.get_by_role("link", name="Estonia").is_visible()
    assert lead_card.get_by_role("link", name="Luxembourg").is_visible()
    screenshot(page, "coalition-home")

    page.get_by_role("link", name="Participants", exact=True).first.click()
    page.get_by_label("Current role").select_option("lead")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#participant-table tbody tr")
    expect(rows).to_have_count(2)  # the filtered table arrives by htmx: wait for it
    assert_labelled(page)
    screenshot(page, "participants-filtered")

    page.get_by_role("button", name="Add membership").click()  # a link styled as a button
    page.get_by_label("Participant").select_option(label="Estonia")
    page.get_by_label("Role").select_option("member")
    page.get_by_label("Joined on").fill("2024-04-09")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error-summary").get_by_text("already a current member").is_visible()
    assert_labelled(page)
    screenshot(page, "membership-form-error")

    page.get_by_label("Participant").select_option(label="France")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved.").is_visible()
    assert world.coalition.memberships.filter(participant=world.participants.fr, left_on=None).exists()


def test_observer_sees_no_edit_links_and_gets_403_on_forms(world, page_as):
    page = page_as(world.users.observer)
    assert page.get_by_role("heading", name="IT Coalition").is_visible()
    assert page.get_by_role("link", name="Edit coalition").count() == 0
    response = page.goto("/c/itc/memberships/add/")
    assert response.status == 403


def test_home_is_usable_on_a_phone(world, page_as, screenshot):
    page = page_as(world.users.delegate_ee, viewport={"width": 390, "height": 844})
    assert page.get_by_role("heading", name="IT Coalition").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    screenshot(page, "coalition-home-phone")
