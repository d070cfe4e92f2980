"""Real-browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

`page_as(user)` logs a user in through the login form and returns a Playwright page. `screenshot(page, name)`
saves test-artifacts/NAME.png for a person to look at. Without /usr/bin/chromium the journeys are skipped,
unless REQUIRE_BROWSER=1 (CI), where they fail.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# SCREENSHOT_DIR: where screenshots go (default test-artifacts/ of the repository).
ARTIFACTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "test-artifacts")
TEST_PASSWORD = "pw-for-tests"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make here are
    # still synchronous, so Django's async-safety guard is told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page_as(browser, live_server):
    contexts = []

    def make(user, *, password=TEST_PASSWORD, viewport=None):
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport=viewport or {"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def assert_labelled(page):
    """Every visible form control has an accessible name (a label, aria-label or aria-labelledby)."""
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.name || el.id || el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == [], f"form controls without a label: {unlabelled}"
