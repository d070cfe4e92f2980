"""The Content-Security-Policy in a real browser: the pages and the Swagger UI work under it, with no
violation reported (an inline script or style would be refused and reported in the console)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_the_swagger_ui_works_under_the_csp(world, page_as, screenshot):
    page = page_as(world.users.secretariat)
    violations = _watch_csp(page)
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Coalition Portal API", timeout=15_000)
    expect(page.locator(".opblock-tag").first).to_be_visible()
    screenshot(page, "api-docs-under-csp")
    page.goto("/c/itc/participants/")
    page.get_by_label("Current role").select_option("lead")  # htmx swaps the table under the CSP
    expect(page.locator("#participant-table")).to_contain_text("Estonia")
    assert not violations, violations
