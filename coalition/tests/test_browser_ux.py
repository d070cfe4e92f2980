"""Issue 13 as people use it, on the demo data: start pages per role, figures that cannot mislead, the
dashboard on a projector, tables at 1366 px and on a phone, forms that say everything at once, and a
confirmation before anything is deleted. Screenshots go to SCREENSHOT_DIR (default test-artifacts/)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from coalition.tests.browser import assert_labelled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "coalition-demo"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)
    from coalition.models import Coalition
    from summaries.tests.snapshots import snapshot

    for coalition in Coalition.objects.all():
        snapshot(coalition)
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def as_demo(page_as, demo):
    def make(username, viewport=None):
        return page_as(demo[username], password=DEMO_PASSWORD, viewport=viewport or DESKTOP)

    return make


def sideways(page, selector="html"):
    """How many pixels the element scrolls sideways (0: it fits)."""
    return page.evaluate(
        "(s) => Math.max(...[...document.querySelectorAll(s)].map(e => e.scrollWidth - e.clientWidth), 0)",
        selector,
    )


def test_each_role_lands_on_its_own_start_page(as_demo, screenshot):
    page = as_demo("delegate-ee")
    assert page.get_by_role("heading", name="My work").is_visible()
    demining = page.locator("section.my-work", has_text="Demining Coalition")
    assert "pledges need your review" in demining.inner_text()
    assert "1 invitation to answer" in demining.inner_text()
    assert page.get_by_role("link", name="Audit trail").count() == 0
    assert_labelled(page)
    screenshot(page, "ux-start-delegate")
    page = as_demo("secretariat")
    text = page.locator("section.my-work", has_text="Demining Coalition").inner_text()
    assert "2 disputed pledges" in text and "overdue" in text and "1 meeting this month" in text
    screenshot(page, "ux-start-secretariat")
    page = as_demo("observer", viewport=PHONE)
    assert page.get_by_role("link", name="Read the latest summary").first.is_visible()
    assert sideways(page) <= 0
    screenshot(page, "ux-start-observer-phone")


def test_undisclosed_money_never_reads_zero_and_facts_only_follows_every_page(as_demo, screenshot):
    page = as_demo("observer")
    page.goto("/c/it-coalition/pledges/summary/")
    coalition = page.locator("tfoot tr").inner_text()
    assert "at least 2,011,020" in coalition and "8 undisclosed" in coalition and "0.00" not in coalition
    estonia = page.locator("tbody tr", has_text="Estonia").inner_text()
    assert "undisclosed" in estonia and "0.00" not in estonia
    screenshot(page, "ux-summary-by-state")
    page.get_by_role("link", name="Show facts only").click()
    assert "2,011,020" not in page.locator("tfoot tr").inner_text()  # the DKK example is left out
    page.goto("/c/it-coalition/dashboard/")  # the switch is kept in the session
    assert page.get_by_text("Facts only: illustrative figures are left out").first.is_visible()
    page.goto("/c/it-coalition/")
    assert page.locator(".badge.illustrative").count() == 0
    assert page.locator(".illustrative-notice").count() >= 1
    screenshot(page, "ux-coalition-home-quiet")


def test_the_dashboard_on_a_projector(as_demo, screenshot):
    page = as_demo("secretariat", viewport={"width": 1280, "height": 720})
    page.goto("/c/demining-demo/dashboard/?present=1")
    assert page.evaluate("document.documentElement.scrollHeight") <= 720
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    figures = page.locator("dl.headline-figures dt").all_inner_texts()
    assert figures == [
        "Pledged",
        "Committed",
        "Paid",
        "Funding gap of the roadmap",
        "Pledges without a disclosed amount",
    ]
    assert page.locator("text.bar-value").count() > 10
    assert "Illustrative demo data" in page.inner_text("header")
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))
    screenshot(page, "ux-present-demining")
    page.goto("/c/it-coalition/dashboard/?present=1")
    assert page.evaluate("document.documentElement.scrollHeight") <= 720
    labels = page.locator("figure.chart").nth(1).locator("text.chart-label").all_text_contents()
    assert labels[:3] == ["Identified", "Requirements", "Tendering"]
    gap = page.locator("figure.chart").nth(2)
    assert gap.locator("path.bar-break").count() >= 1  # the 2-3 bn munitions item is cut, not the rest
    widths = [
        float(w)
        for w in gap.locator("rect.bar.gap").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")
    ]
    assert sorted(widths)[1] > 40  # the small quarters stay readable
    screenshot(page, "ux-present-it")


@pytest.mark.parametrize(
    "path", ["/c/demining-demo/pledges/", "/c/demining-demo/pledges/summary/", "/c/demining-demo/roadmap/"]
)
def test_tables_fit_at_1366_and_become_cards_on_a_phone(as_demo, screenshot, path):
    page = as_demo("secretariat")
    page.goto(path)
    assert sideways(page, ".table-wrap") <= 0, "a column is hidden at 1366 px"
    name = path.strip("/").replace("/", "-")
    screenshot(page, f"ux-{name}-1366")
    page = as_demo("secretariat", viewport=PHONE)
    page.goto(path)
    assert sideways(page) <= 0
    if page.locator("form.filters").count():
        assert page.locator("details.filters-toggle").count() == 1
        assert not page.locator("form.filters").is_visible()  # folded away: the records come first
    screenshot(page, f"ux-{name}-phone")


def test_a_bad_pledge_shows_every_problem_at_once_with_a_summary(as_demo, screenshot):
    page = as_demo("secretariat")
    page.goto("/c/it-coalition/pledges/add/")
    page.get_by_label("Donor").select_option(label="Estonia")
    page.get_by_label("Amount").fill("1,5")
    tomorrow = (timezone.localdate() + timedelta(days=3)).isoformat()
    page.get_by_label("Announced on").fill(tomorrow)
    page.locator("#id_status").select_option("confirmed")
    page.locator("#id_status_on").fill("2024-01-01")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = summary.get_by_role("link").all_inner_texts()
    assert any(t.startswith("Amount") for t in links) and any(t.startswith("Announced on") for t in links)
    assert any(t.startswith("Status since") for t in links), links
    screenshot(page, "ux-pledge-errors")
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#id_amount"
    page.get_by_label("Amount").fill("1,500.50")
    page.get_by_label("Announced on").fill("2024-03-01")
    page.locator("#id_status_on").fill("2024-03-02")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error-summary").count() == 0
    assert page.get_by_text("1,500.50 EUR").first.is_visible()  # echoed back as written


def test_deleting_asks_first(as_demo, screenshot):
    from meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.get(coalition__slug="demining-demo", number=5)
    AgendaItem.objects.create(meeting=meeting, position=1, title="Item to delete")
    page = as_demo("secretariat")
    page.goto(f"/c/demining-demo/meetings/{meeting.number}/")
    row = page.locator("li", has_text="Item to delete")
    row.get_by_role("button", name="Delete").click()
    dialog = page.locator("dialog#confirm-dialog")
    assert dialog.is_visible() and "Item to delete" in dialog.inner_text()
    screenshot(page, "ux-confirm-delete")
    page.keyboard.press("Escape")
    assert not dialog.is_visible() and AgendaItem.objects.filter(title="Item to delete").exists()
    row.get_by_role("button", name="Delete").click()
    with page.expect_navigation():  # the form is posted: wait for the answer, not the page we are on
        dialog.get_by_role("button", name="Delete").click()
    page.get_by_text("Agenda item deleted.").wait_for(state="visible")
    assert not AgendaItem.objects.filter(title="Item to delete").exists()


def test_the_dashboard_and_a_meeting_print_on_few_a4_pages_with_header_and_page_numbers(as_demo):
    import io

    from pypdf import PdfReader

    page = as_demo("secretariat")
    for path, most in [("/c/it-coalition/dashboard/", 2), ("/c/demining-demo/dashboard/", 2)]:
        page.goto(path)
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        assert len(pdf.pages) <= most, f"{path} prints on {len(pdf.pages)} A4 pages"
        for number, sheet in enumerate(pdf.pages, start=1):
            text = sheet.extract_text()
            assert f"{number} / {len(pdf.pages)}" in text  # page numbers
            assert "Dashboard" in text and str(timezone.localdate().year) in text  # the running header
        page.emulate_media(media="screen")
    from meetings.models import Invitation, Meeting

    meeting = Meeting.objects.get(coalition__slug="demining-demo", number=5)
    assert Invitation.objects.filter(meeting=meeting, response="no_answer").count() >= 5
    page.goto(f"/c/demining-demo/meetings/{meeting.number}/")
    page.emulate_media(media="print")
    text = "".join(s.extract_text() for s in PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)
    assert "No answer yet" not in text and "without an answer are left out of this printout" in text
