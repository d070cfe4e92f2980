"""Issue 13 item 4, every list: readable at 1366 px without sideways scrolling, and on a phone each table
either becomes cards or shows the scroll cue. Screenshots go to SCREENSHOT_DIR (default test-artifacts/).

The pages are not a hand-written subset: every GET page of the URL conf that needs no argument but the
coalition (the authorisation matrix's rows with arguments "-", that the role may open), in both demo
coalitions, as the secretariat (the registry manager for the registry's own lists); then one page of every
other pattern the secretariat reaches by a link from those (details with tables: a meeting, a delegation
list, a roadmap item …). A page with a table is checked; every list-like name must have been seen.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve

from coalition.tests import authz_matrix as matrix
from coalition.tests.authz_table import PAGES
from coalition.tests.authz_world import ROLES
from coalition.tests.browser import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "coalition-demo"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
COALITIONS = ("demining-demo", "it-coalition")
# Not pages to look at: probes, actions, the API's documentation, files.
NOT_PAGES = {"healthz", "readyz", "logout", "set_language", "schema", "swagger-ui", "redoc", "login"}
FILES = ("-export", "-feed", "-ics", "-download")
LIST_LIKE = re.compile(
    r"(-list|-board|-register|-queue|-summary|-status|-deleted|-timeline|-changes|^audit)$"
)
CRAWL_LIMIT = 80  # pages of other patterns, per coalition


def argument_free_pages(role):
    """{name: route} of the GET pages that need nothing but the coalition's slug and that `role` may open."""
    routes, _unnamed = matrix.page_patterns()
    column = ROLES.index(role)
    found = {}
    for row in matrix.parse(PAGES, ROLES, "page").values():
        name = row.key.rsplit(" ", 1)[0]
        if row.method != "GET" or row.args != "-" or row.cells[column] != "200":
            continue
        if name in NOT_PAGES or name.endswith(FILES) or name not in routes:
            continue
        found[name] = routes[name]
    return found


def urls_of(pages):
    """The pages' URLs, each coalition-scoped one in both demo coalitions."""
    urls = []
    for route in pages.values():
        for slug in COALITIONS if "<slug:slug>" in route else (None,):
            urls.append("/" + route.replace("<slug:slug>", slug) if slug else "/" + route)
    return urls


def url_name(path):
    try:
        return resolve(path.split("?", 1)[0]).url_name
    except Resolver404:
        return None


FIT = """() => {
    const root = document.scrollingElement;
    const wide = [...document.querySelectorAll('table')].map(t => {
        const box = t.closest('.table-wrap') || t.parentElement;
        return [box.scrollWidth - box.clientWidth, t.getBoundingClientRect().right - root.clientWidth,
                (t.querySelector('caption, th') || t).innerText.trim().slice(0, 40)];
    }).filter(([over, beyond]) => over > 0 || beyond > 1);
    const tables = document.querySelectorAll('table').length;
    return {page: root.scrollWidth - root.clientWidth, tables, wide};
}"""
PHONE_FIT = """() => {
    const root = document.scrollingElement;
    const bad = [...document.querySelectorAll('table')].filter(t => {
        const cards = t.classList.contains('cards') && getComputedStyle(t).display === 'block';
        if (t.hasAttribute('data-cards') && !cards) return true;  // marked for cards: portal.js makes them
        const box = t.closest('.table-wrap');
        const cue = box && getComputedStyle(box).overflowX === 'auto'
                    && getComputedStyle(box).backgroundImage.includes('gradient');
        return !(cards || cue) || (box && box.getBoundingClientRect().right > root.clientWidth + 1);
    }).map(t => (t.querySelector('caption, th') || t).innerText.trim().slice(0, 40));
    return {page: root.scrollWidth - root.clientWidth, bad};
}"""


@pytest.fixture
def demo_users():
    from coalition.services import api_token_create

    call_command("load_demo", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}
    for username in ("secretariat", "delegate-ee"):  # the token lists have rows: one's own, the coalition's
        api_token_create(user=users[username], scope="read", name=f"ERP sync of {username}")
    return users


def visit(page, url):
    try:
        response = page.goto(url)
    except Exception as exc:  # a download whose URL does not say so: not a page
        if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
            return None
        raise
    if (
        response is None
        or response.status != 200
        or "text/html" not in response.headers.get("content-type", "")
    ):
        return None
    return response


def crawl_links(page, slug, seen_names):
    links = page.eval_on_selector_all(
        "a[href]", "els => els.map(a => a.getAttribute('href')).filter(h => h.startsWith('/c/'))"
    )
    found = []
    for link in links:
        path = link.split("#", 1)[0].split("?", 1)[0]
        name = url_name(path)
        if not path.startswith(f"/c/{slug}/") or name is None or name in seen_names:
            continue
        if name.endswith(FILES) or name in NOT_PAGES or path.endswith((".ics", ".csv", ".pdf")):
            continue
        seen_names.add(name)
        found.append(path)
    return found


def check(page, urls, *, crawl, screenshot, label):
    """Visit `urls` (and, with `crawl`, one page of every other pattern they link to) at 1366 px and on a
    phone; return ({url: url name}, [failures])."""
    failures, visited = [], {}
    seen_names = {url_name(u) for u in urls}
    queue = list(urls)
    extra = dict.fromkeys(COALITIONS, 0)
    while queue:
        url = queue.pop(0)
        page.set_viewport_size(DESKTOP)
        if visit(page, url) is None:
            continue
        visited[url] = url_name(url)
        fit = page.evaluate(FIT)
        if fit["page"] > 0:
            failures.append(f"{url}: the page scrolls {fit['page']} px sideways at 1366 px")
        for over, beyond, head in fit["wide"]:
            failures.append(f"{url}: table '{head}' is {max(over, beyond):.0f} px too wide at 1366 px")
        for slug in COALITIONS:
            if crawl and url.startswith(f"/c/{slug}/") and extra[slug] < CRAWL_LIMIT:
                for link in crawl_links(page, slug, seen_names):
                    extra[slug] += 1
                    queue.append(link)
        if not fit["tables"]:
            continue
        name = f"lists-{label}-{url.strip('/').replace('/', '-') or 'home'}"
        screenshot(page, f"{name}-1366")
        page.set_viewport_size(PHONE)
        page.reload()
        phone = page.evaluate(PHONE_FIT)
        if phone["page"] > 0:
            failures.append(f"{url}: the page scrolls {phone['page']} px sideways on a phone")
        for head in phone["bad"]:
            failures.append(
                f"{url}: table '{head}' neither becomes cards nor shows the scroll cue on a phone"
            )
        screenshot(page, f"{name}-phone")
    return visited, failures


def test_every_list_fits_at_1366_and_on_a_phone(demo_users, page_as, screenshot):
    pages = argument_free_pages("secX")
    assert {"pledge-list", "meeting-list", "action-item-board", "roadmap-list"} <= set(pages)
    page = page_as(demo_users["secretariat"], password=DEMO_PASSWORD, viewport=DESKTOP)
    visited, failures = check(page, urls_of(pages), crawl=True, screenshot=screenshot, label="sec")
    registry_only = {n: r for n, r in argument_free_pages("reg").items() if n not in pages}
    assert "proposal-queue" in registry_only
    page = page_as(demo_users["registry"], password=DEMO_PASSWORD, viewport=DESKTOP)
    more, more_failures = check(page, urls_of(registry_only), crawl=False, screenshot=screenshot, label="reg")
    visited.update(more)
    failures += more_failures
    names = set(visited.values())
    (ARTIFACTS / "lists-failures.txt").write_text("\n".join(failures))
    print(f"lists at 1366 and 390 px: {len(visited)} pages, {len(names)} patterns, {len(failures)} failures")
    missing = {n for n in set(pages) | set(registry_only) if LIST_LIKE.search(n)} - names
    assert not missing, f"list pages never checked: {sorted(missing)}"
    assert len(names) >= 40, sorted(names)
    assert not failures, "\n".join(failures)
