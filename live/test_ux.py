"""Issue 13 on the real stack (gunicorn, PostgreSQL, Redis): the start page per role, the "facts only"
switch kept in the session, the projector view, and the pledge form in Ukrainian — every problem in one
answer, then an amount typed the Ukrainian way read back through the API."""

import re
import secrets

from live.test_page_forms.helpers import ok

IT = "/c/it-coalition"
DEMO = "/c/demining-demo"


def test_each_role_starts_on_its_own_work(pages_as):
    delegate = pages_as("delegate-ee").get("/")
    assert delegate.status_code == 200 and "My work" in delegate.text
    assert "pledges need your review" in delegate.text and "Demining Coalition" in delegate.text
    secretariat = pages_as("secretariat").get("/").text
    assert "disputed pledges" in secretariat and "overdue" in secretariat
    observer = pages_as("observer").get("/").text
    assert "Read the latest summary" in observer or "No summary has been generated yet" in observer
    assert "disputed pledges" not in observer


def test_facts_only_is_kept_in_the_session_across_pages(pages_as):
    observer = pages_as("observer")
    shown = observer.get(f"{IT}/pledges/summary/").text
    at_least = re.search(r"at least ([\d,]+)", shown)  # the total with undisclosed parts, never 0.00
    assert at_least is not None and not re.search(r">\s*0\.00( EUR)?\s*<", shown)
    assert at_least.group(0) not in observer.get(f"{IT}/pledges/summary/?facts=1").text  # illustrations out
    assert "Facts only" in observer.get(f"{IT}/pledges/").text  # another page, same session
    assert at_least.group(0) in observer.get(f"{IT}/pledges/summary/?facts=0").text


def test_the_projector_view_is_served(pages_as):
    page = pages_as("secretariat").get(f"{DEMO}/dashboard/?present=1")
    assert page.status_code == 200
    assert '<body class="present">' in page.text and "Illustrative demo data, not facts" in page.text
    assert "<nav" not in page.text  # nothing but the figures on the wall


def test_the_pledge_form_in_ukrainian(pages_as, api_as):
    sec = pages_as("secretariat")
    sec.post_form("/i18n/setlang/", {"language": "uk", "next": "/"})
    ids = {p["code"]: p["id"] for p in api_as("secretariat").all("/participants/")}
    purpose = f"UX pledge {secrets.token_hex(3)}"
    answer = sec.submit(
        f"{IT}/pledges/add/",
        {
            "donor": ids["EE"],
            "amount": "1.5",  # a point is not the Ukrainian decimal mark
            "currency": "EUR",
            "announced_on": "2999-01-01",
            "status": "confirmed",
            "status_on": "2024-01-01",
            "purpose": purpose,
        },
    )
    assert answer.status_code == 200 and "error-summary" in answer.text
    summary = answer.text.split("error-summary", 1)[1].split("</div>", 1)[0]
    linked = re.findall(r'<a href="#id_(\w+)">', summary)
    assert {"amount", "announced_on", "status_on"} <= set(linked), linked  # all three in one answer
    ok(
        sec.submit(
            f"{IT}/pledges/add/",
            {
                "donor": ids["EE"],
                "amount": "1 500,50",
                "currency": "EUR",
                "announced_on": "2024-04-09",
                "purpose": purpose,
            },
        ),
        purpose,
    )
    pledge = next(p for p in api_as("secretariat").all("/pledges/") if p["purpose"] == purpose)
    assert pledge["amount"] == "1500.50"
    edit = sec.get(f"{IT}/pledges/{pledge['id']}/edit/").text
    assert re.search(r'name="amount" value="1\s500,50"', edit), "the amount is echoed the Ukrainian way"
    sec.post_form("/i18n/setlang/", {"language": "en", "next": "/"})
