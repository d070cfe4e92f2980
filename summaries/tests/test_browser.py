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


def test_what_changed_and_the_briefing_pack_read_as_sentences(world, page_as, screenshot):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from contributions.tests.factories import PledgeFactory
    from meetings.tests.factories import MeetingFactory
    from summaries import services
    from summaries.tests.snapshots import snapshot

    now = timezone.now()
    MeetingFactory(
        coalition=world.coalition,
        number=1,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=3),
        status="held",
    )
    meeting = MeetingFactory(coalition=world.coalition, number=2, starts_at=now + timedelta(days=2))
    before = snapshot(world.coalition)
    pledge = PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.lu,
        amount=Decimal("2500000.00"),
        status="confirmed",
    )
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=None, status="announced")
    after = snapshot(world.coalition)
    services.request_briefing_pack(actor=world.users.secretariat, meeting=meeting)
    page = page_as(world.users.secretariat)
    page.goto(f"/c/itc/dashboard/changes/?from={before.pk}&to={after.pk}")
    luxembourg = page.locator("li", has_text="Luxembourg:")
    assert "pledged rose from 0 EUR to 2,500,000 EUR (+2,500,000 EUR)" in luxembourg.inner_text()
    assert page.get_by_text("outstanding_eur").count() == 0
    assert_labelled(page)
    screenshot(page, "what-changed")
    page.goto(f"/c/itc/meetings/{meeting.number}/briefing/")
    assert page.get_by_role("heading", name="What changed since the previous meeting").is_visible()
    estonia = page.locator("li", has_text="Estonia:").inner_text()
    assert "pledges announced, not yet confirmed rose from 0 to 1 (+1)" in estonia
    assert "pledged undisclosed (none before)" in estonia, "an undisclosed pledge is not 'no longer known'"
    screenshot(page, "briefing-pack")
    assert pledge.pk
