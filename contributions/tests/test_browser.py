"""Journeys through contributions in a real browser."""

import datetime
from decimal import Decimal

import pytest

from coalition.tests.browser import assert_labelled
from contributions.models import Pledge
from contributions.tests.factories import FxRateFactory, PledgeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_records_a_pledge_and_a_payment_then_the_delegate_confirms(world, page_as, screenshot):
    FxRateFactory(currency="USD", date=datetime.date(2024, 2, 1), rate=Decimal("1.0814"))
    lu = PledgeFactory(
        coalition=world.coalition, donor=world.participants.lu, amount=None, status=Pledge.Status.CONFIRMED
    )

    page = page_as(world.users.secretariat)
    page.get_by_role("link", name="Pledges", exact=True).first.click()
    assert page.get_by_role("heading", name="Pledges to ITC").is_visible()
    assert_labelled(page)
    page.get_by_role("button", name="Record a pledge").click()
    page.get_by_label("Donor").select_option(label="Estonia")
    page.get_by_label("Amount:", exact=True).fill("2500000")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("Announced on").fill("2024-02-02")
    page.get_by_label("Status:", exact=True).select_option("confirmed")
    page.get_by_label("Purpose or earmark").fill("Secure communications equipment")
    assert_labelled(page)
    screenshot(page, "contributions-pledge-form")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Pledge of Estonia").is_visible()
    assert page.get_by_text("2,311,818.01 EUR (at 1.0814").is_visible()
    assert page.get_by_text("2,311,818.01 EUR at the rate of 01/02/2024").is_visible()  # outstanding
    assert page.get_by_text("at 1.0814 USD per EUR, rate of 01/02/2024").is_visible()

    page.get_by_role("button", name="Record a payment").click()
    assert page.get_by_label("Currency paid").input_value() == "USD"  # the pledge's, by default
    page.get_by_label("Amount paid").fill("3000000")
    page.get_by_label("Paid on").fill("2024-03-01")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error-summary").get_by_text("above the pledge of 2,500,000.00 USD").is_visible()
    screenshot(page, "contributions-overpayment-error")
    page.get_by_label("Amount paid").fill("1000000")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Payment recorded.").is_visible()
    assert page.get_by_text("1,500,000.00 USD").first.is_visible()  # outstanding
    screenshot(page, "contributions-pledge-detail-secretariat")

    pledge = Pledge.objects.get(donor=world.participants.ee)
    delegate = page_as(world.users.delegate_ee)
    delegate.goto(f"/c/itc/pledges/{pledge.pk}/")
    delegate.get_by_role("button", name="Confirm figures").click()
    assert delegate.get_by_text("Figures confirmed.").is_visible()
    assert delegate.get_by_text("Confirmed by delegate").first.is_visible()
    screenshot(delegate, "contributions-pledge-confirmed-by-delegate")
    pledge.refresh_from_db()
    assert pledge.review_status == "confirmed" and pledge.reviewed_figures["paid"] == "1000000.00"

    delegate.goto(f"/c/itc/pledges/{lu.pk}/")
    assert delegate.get_by_role("heading", name="Pledge of Luxembourg").is_visible()
    assert delegate.get_by_role("button", name="Confirm figures").count() == 0
    assert delegate.get_by_role("link", name="Dispute").count() == 0
    response = delegate.goto(f"/c/itc/pledges/{lu.pk}/confirm/")
    assert response.status == 403

    delegate.goto("/c/itc/pledges/review/")
    assert delegate.get_by_role("heading", name="Pledges of Estonia").is_visible()
    assert_labelled(delegate)
    screenshot(delegate, "contributions-review-delegate")


def test_summary_and_list_on_a_phone(world, page_as, screenshot):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=Decimal("1000000"))
    PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=None)
    page = page_as(world.users.observer, viewport={"width": 390, "height": 844})
    page.goto("/c/itc/pledges/summary/")
    assert page.get_by_role("heading", name="Contributions to ITC by state").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    screenshot(page, "contributions-summary-phone")
    page.goto("/c/itc/pledges/")
    assert page.get_by_role("button", name="Record a pledge").count() == 0
    screenshot(page, "contributions-list-phone")
