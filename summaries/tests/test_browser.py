"""The dashboard in a real browser: regenerate, follow the job, read the figures and charts."""

import pytest

from coalition.tests.browser import assert_labelled
from contributions.tests.factories import DisbursementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_regenerates_the_dashboard(world, page_as, screenshot):
    DisbursementFactory(
        pledge__coalition=world.coalition, pledge__donor=world.participants.ee, amount="400000.00"
    )
    DisbursementFactory(
        pledge__coalition=world.coalition,
        pledge__donor=world.participants.lu,
        pledge__amount="2500000.00",
        amount="1000000.00",
    )
    page = page_as(world.users.secretariat)
    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_text("No summary has been generated yet").is_visible()
    page.get_by_role("button", name="Regenerate now").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Contributions (EUR)").is_visible()
    figures = page.locator("table", has=page.get_by_role("columnheader", name="Outstanding"))
    assert figures.get_by_role("rowheader", name="Luxembourg").is_visible()
    assert page.locator("svg[role=img]").count() >= 1
    assert_labelled(page)
    screenshot(page, "dashboard")


def test_delegate_reads_the_dashboard_without_a_regenerate_button(world, page_as):
    page = page_as(world.users.delegate_ee)
    page.goto("/c/itc/dashboard/")
    assert page.get_by_role("heading", name="Where ITC stands").is_visible()
    assert page.get_by_role("button", name="Regenerate now").count() == 0
