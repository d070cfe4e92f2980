"""Accessibility in a real browser: axe-core on every page as every role, and the main journeys by keyboard.

The pages are those of the authorisation matrix (coalition/tests/authz_table.py) that answer 200 to the role,
on the records of coalition/tests/authz_world.py, so a new page is checked as soon as it has its row. axe-core
(vendored, test-only: coalition/tests/vendor/axe-core/) is injected through the devtools protocol, so the
pages keep their production Content Security Policy. A page passes with 0 critical and 0 serious violations.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from coalition.tests import authz_matrix as matrix
from coalition.tests.authz_table import PAGES
from coalition.tests.authz_world import ROLES
from coalition.tests.browser import TEST_PASSWORD
from coalition.tests.test_authz_matrix import authz, page_url  # noqa: F401 - the matrix's records fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"critical", "serious"}
# role column of the matrix -> the world's user (None: anonymous)
AUDITED_ROLES = {
    "anon": None,
    "obs": "observer",
    "delA": "delegate_ee",
    "secX": "secretariat",
    "staff": "admin",
}
# Pages that are not for a person's browser: probes, the logout action, the set-language action.
NOT_PAGES = {"healthz", "readyz", "logout", "set_language", "schema", "swagger-ui", "redoc"}


def pages_for(role, records):
    """(name, url) of every page the matrix says the role may open (GET 200)."""
    routes, _unnamed = matrix.page_patterns()
    column = ROLES.index(role)
    found = []
    for row in matrix.parse(PAGES, ROLES, "page").values():
        name = row.key.rsplit(" ", 1)[0]
        if row.method != "GET" or row.cells[column] != "200" or name in NOT_PAGES or name not in routes:
            continue
        found.append((name, page_url(row, routes[name], records)))
    return found


@pytest.fixture
def new_page(browser, live_server):
    """new_page(user=None) -> a page with axe-core injected, logged in as user; closed before the database
    is emptied, so that no request of the browser outlives the test."""
    contexts = []

    def make(user=None, **context_options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **context_options)
        contexts.append(context)
        context.add_init_script(path=str(AXE))  # devtools injection: not subject to the page's CSP
        page = context.new_page()
        page.set_default_timeout(15_000)
        if user is not None:
            page.goto("/accounts/login/")
            page.get_by_label("Username").fill(user.username)
            page.get_by_label("Password").fill(TEST_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()


def axe_violations(page):
    """Blocking violations on the page as it stands: [(rule id, impact, help, first targets)]."""
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => [v.id, v.impact, v.help,
                                          v.nodes.slice(0, 3).map(n => n.target.join(' '))]);
        }"""
    )
    return [tuple(v) for v in result if v[1] in BLOCKING]


def test_the_vendored_axe_is_the_stated_version(new_page):
    page = new_page()
    page.goto("/accounts/login/")
    assert page.evaluate("axe.version") == AXE_VERSION


@pytest.mark.parametrize("role", list(AUDITED_ROLES))
def test_every_page_has_no_serious_accessibility_violation(role, authz, new_page):  # noqa: F811
    username = AUDITED_ROLES[role]
    user = getattr(authz.world.users, username) if username else None
    page = new_page(user)
    pages = [("login", "/accounts/login/")] if user is None else []
    pages += pages_for(role, authz.records)
    assert len(pages) >= (1 if user is None else 20), pages
    checked, failures, fragments = 0, [], []
    for name, url in pages:
        try:
            response = page.goto(url)
        except Exception as exc:  # a download (CSV, PDF, calendar) is not a page
            if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if "<html" not in response.text()[:1000].lower():
            fragments.append(name)  # an htmx partial answered to a browser: no page to check
            continue
        checked += 1
        for rule, impact, help_text, targets in axe_violations(page):
            failures.append(f"{name} {url}: {impact} {rule} ({help_text}) at {targets}")
    print(f"axe {AXE_VERSION} as {role}: {checked} pages, {len(failures)} critical or serious violations")
    assert not fragments, f"these pages answer a browser with a fragment, not a page: {fragments}"
    assert checked >= len(pages) // 2, f"only {checked} of {len(pages)} pages could be checked"
    assert not failures, "\n".join(failures)


# --- keyboard paths ---------------------------------------------------------------------------------------


def tab_to(page, predicate_js, limit=80):
    """Press Tab until the focused element satisfies predicate_js(el); fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


def focused(page):
    return page.evaluate(
        "(() => { const el = document.activeElement;"
        " return [el.tagName, el.name || el.id || '', (el.innerText || el.value || '').trim()]; })()"
    )


def test_log_in_with_the_keyboard_only(world, new_page):
    page = new_page()
    page.goto("/accounts/login/")
    # the form's first field has the focus on arrival (autofocus applies once the page has loaded)
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    assert focused(page)[1] == "username"
    page.keyboard.type(world.users.secretariat.username)
    page.keyboard.press("Tab")
    assert focused(page)[1] == "password"
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out sec")).to_be_visible()
    page.keyboard.press("Tab")  # on a page without a form, the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert axe_violations(page) == []


def test_record_a_pledge_with_the_keyboard_only(world, new_page):
    from contributions.models import Pledge

    page = new_page(world.users.secretariat)
    page.goto("/c/itc/pledges/add/")
    tab_to(page, "el.name === 'donor'")
    page.keyboard.type("Estonia")  # a focused select picks the option whose label is typed
    assert page.evaluate("document.activeElement.selectedOptions[0].text").startswith("Estonia")
    tab_to(page, "el.name === 'amount'")
    page.keyboard.type("1500000")
    tab_to(page, "el.name === 'currency'")
    page.keyboard.press("Control+A")
    page.keyboard.type("EUR")
    tab_to(page, "el.name === 'announced_on'")
    page.keyboard.type("04042024")  # day and month alike: the same date whatever order the field shows
    tab_to(page, "el.type === 'submit' && el.form && el.form.method === 'post'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    recorded = Pledge.objects.filter(coalition=world.coalition, donor=world.participants.ee, amount=1500000)
    assert recorded.exists()
    assert axe_violations(page) == []


def test_confirm_a_figure_with_the_keyboard_only(world, new_page):
    from contributions.models import Pledge
    from contributions.tests.factories import PledgeFactory

    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee, currency="EUR")
    page = new_page(world.users.delegate_ee)
    page.goto(f"/c/itc/pledges/{pledge.pk}/")
    tab_to(page, "el.innerText && el.innerText.trim() === 'Confirm figures'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert pledge.review_status == Pledge.Review.CONFIRMED
    assert axe_violations(page) == []


# --- the demo, as people see it -----------------------------------------------------------------------------

DOWNLOADS = (".csv", ".xlsx", ".ics", ".pdf", ".docx", "/download", "/export", "/calendar/")
NOT_FOLLOWED = ("/accounts/logout", "/admin/", "/api/", "/schema", "/i18n/")


def crawl(page, start, limit):
    """Breadth-first over the portal's own links from `start` (one query-string variant per path)."""
    seen, queue, visited = {start}, [start], []
    paths = set()
    while queue and len(visited) < limit:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except Exception as exc:  # a download whose URL does not say so (a document's file): not a page
            if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append((url, axe_violations(page)))
        links = page.eval_on_selector_all(
            "a[href]", "els => els.map(a => a.getAttribute('href')).filter(h => h.startsWith('/'))"
        )
        for link in links:
            link = link.split("#", 1)[0]
            path = link.split("?", 1)[0]
            if not link or link in seen or (path in paths and "?" in link):
                continue
            if any(part in link for part in NOT_FOLLOWED) or link.lower().endswith(DOWNLOADS):
                continue
            if any(part in path for part in DOWNLOADS):
                continue
            seen.add(link)
            paths.add(path)
            queue.append(link)
    return visited


@pytest.mark.parametrize(
    ("username", "language"), [("secretariat", "en"), ("delegate-ee", "uk"), ("observer", "en")]
)
def test_the_demo_has_no_serious_accessibility_violation(username, language, new_page, screenshot):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo")
    user = get_user_model().objects.get(username=username)
    user.set_password(TEST_PASSWORD)
    user.save()
    page = new_page(user)
    if language != "en":  # through the switcher in the footer, as a person would
        page.get_by_label("Language").select_option(language)
        with page.expect_navigation():
            page.get_by_role("button", name="Change").click()
        assert page.evaluate("document.documentElement.lang") == language
    visited = crawl(page, "/", limit=90)
    failures = [f"{url}: {v[1]} {v[0]} ({v[2]}) at {v[3]}" for url, found in visited for v in found]
    summary = next((url for url, _found in visited if url.endswith("/pledges/summary/")), visited[0][0])
    page.goto(summary)
    screenshot(page, f"a11y-demo-{username}-{language}")
    where = f"the demo as {username} ({language})"
    print(f"axe {AXE_VERSION} on {where}: {len(visited)} pages, {len(failures)} blocking")
    assert len(visited) >= 15
    assert not failures, "\n".join(failures)
