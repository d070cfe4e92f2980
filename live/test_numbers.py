"""The numbers on the real stack (issue 15 and issue 9 item 3): ECB files uploaded through the page,
payments in another currency, and the allocation invariant under truly concurrent requests (gunicorn with
two workers, PostgreSQL, no wrapping transaction)."""

import re
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from live.http import messages_of

C = "/c/it-coalition"
DATA = Path(__file__).resolve().parents[1] / "contributions" / "tests" / "data"


@pytest.fixture(scope="module")
def admin(stack):
    return stack.superuser()


@pytest.fixture(scope="module")
def ctx(api_as):
    api = api_as("secretariat")
    coalition = next(c["id"] for c in api.all("/coalitions/") if c["slug"] == "it-coalition")
    participants = {p["code"]: p["id"] for p in api.all("/participants/")}
    return {"api": api, "coalition": coalition, "participants": participants}


def test_an_ecb_daily_file_is_checked_then_loaded_through_the_page(pages_as, api_as, admin):
    pages = pages_as(admin)
    content = (DATA / "eurofxref.csv").read_bytes()
    checked = pages.post_form(f"{C}/fx-rates/upload/", files={"file": ("eurofxref.csv", content, "text/csv")})
    assert checked.status_code == 200, messages_of(checked.text)
    assert '<dd id="rates-added">' in checked.text and "12 April 2024" not in messages_of(checked.text)
    token = re.search(r'name="checked" value="([^"]+)"', checked.text)
    if token is not None:  # a second run of the suite on the same stack finds them loaded already
        loaded = pages.post_form(f"{C}/fx-rates/upload/", {"checked": token.group(1)})
        assert loaded.status_code == 200 and "eurofxref.csv loaded" in loaded.text, messages_of(loaded.text)
    api = api_as(admin)
    gbp = api.all("/fx-rates/", currency="GBP", date_after="2024-04-12", date_before="2024-04-12")
    assert [(r["rate"], r["places"], r["published_on"]) for r in gbp] == [("0.85440", 5, "2024-04-12")]
    # Loading it again changes nothing.
    again = pages.post_form(f"{C}/fx-rates/upload/", files={"file": ("eurofxref.csv", content, "text/csv")})
    assert '<dd id="rates-unchanged">30</dd>' in again.text and "nothing to do" in again.text


def test_a_payment_in_another_currency_keeps_both_amounts(ctx, api_as, admin):
    api = ctx["api"]
    rates = api_as(admin)
    for currency, rate in (("USD", "1.0701"), ("DKK", "7.4612")):
        response = rates.post(
            "/fx-rates/", json={"currency": currency, "date": "2024-05-02", "rate": rate, "source": "live"}
        )
        assert response.status_code in (201, 400), response.text  # 400: already there (a second run)
    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ctx["coalition"],
            "donor": ctx["participants"]["DK"],
            "amount": "100000.00",
            "currency": "DKK",
            "announced_on": "2024-05-02",
            "status": "confirmed",
        },
    )
    payment = api.ok(
        "POST",
        "/disbursements/",
        json={"pledge": pledge["id"], "amount": "1070.10", "currency": "USD", "paid_on": "2024-05-03"},
    )
    read = api.ok("GET", f"/disbursements/{payment['id']}/")
    # 1070.10 USD / 1.0701 = 1000 EUR; x 7.4612 = 7461.20 DKK, at the rates of 2024-05-02.
    assert (read["amount"], read["currency"], read["amount_in_pledge_currency"], read["fx_rate_date"]) == (
        "1070.10",
        "USD",
        "7461.20",
        "2024-05-02",
    )
    assert read["amount_eur"] == "1000.00" and read["eur_rate_date"] == "2024-05-02"
    figures = api.ok("GET", f"/pledges/{pledge['id']}/")
    assert (figures["paid"], figures["outstanding"], figures["overpaid"]) == ("7461.20", "92538.80", "0.00")


def test_concurrent_requests_never_over_allocate_a_pledge(ctx, api_as):
    """Two clients at once, over and over: one allocates 60 of a pledge of 100, the other lowers it to 50.
    Whatever the interleaving, one of them is refused and the pledge is never over-allocated."""
    api = ctx["api"]
    one, other = api_as("secretariat"), api_as("secretariat")  # a session per thread
    area = api.ok("POST", "/capability-areas/", json={"coalition": ctx["coalition"], "name": _unique("Area")})
    for attempt in range(6):
        item = api.ok(
            "POST",
            "/roadmap-items/",
            json={
                "coalition": ctx["coalition"],
                "title": _unique("Race"),
                "capability_area": area["id"],
                "priority": 900 + attempt,
                "planned_year": 2031,
            },
        )
        pledge = api.ok(
            "POST",
            "/pledges/",
            json={
                "coalition": ctx["coalition"],
                "donor": ctx["participants"]["EE"],
                "amount": "100.00",
                "currency": "EUR",
                "announced_on": "2024-04-09",
                "status": "confirmed",
            },
        )
        barrier = threading.Barrier(2)
        statuses = {}

        def allocate(item=item, pledge=pledge, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses["allocate"] = one.post(
                "/allocations/", json={"pledge": pledge["id"], "roadmap_item": item["id"], "amount": "60.00"}
            ).status_code

        def lower(pledge=pledge, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses["lower"] = other.patch(f"/pledges/{pledge['id']}/", json={"amount": "50.00"}).status_code

        threads = [threading.Thread(target=allocate), threading.Thread(target=lower)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(statuses.values()) in ([200, 400], [201, 409]), statuses
        amount = Decimal(api.ok("GET", f"/pledges/{pledge['id']}/")["amount"])
        allocated = sum(Decimal(a["amount"]) for a in api.all("/allocations/", pledge=pledge["id"]))
        assert allocated <= amount, (attempt, statuses, amount, allocated)


def _unique(prefix):
    import secrets

    return f"{prefix} {secrets.token_hex(3)}"


def test_a_checked_import_posted_twice_at_once_is_written_once(pages_as, api_as):
    """A double click on "Import": two requests with the same checked file reach the two gunicorn workers
    together; one writes, the other says it was imported already. Then the same file, changed, updates by
    reference instead of creating."""
    reference = _unique("LIVE-IMPORT").replace(" ", "-")
    first = f"external_reference,donor,amount,currency,announced_on\n{reference},LU,1111.00,EUR,2024-04-09\n"
    one, other = pages_as("secretariat"), pages_as("secretariat")
    checked = one.post_form(f"{C}/pledges/import/", files={"file": ("p.csv", first.encode(), "text/csv")})
    token = re.search(r'name="checked" value="([^"]+)"', checked.text).group(1)
    barrier, answers = threading.Barrier(2), []

    def post(pages):
        barrier.wait()
        answers.append(pages.post_form(f"{C}/pledges/import/", {"checked": token}).text)

    threads = [threading.Thread(target=post, args=(p,)) for p in (one, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum("p.csv imported: 1 created" in a for a in answers) == 1, [messages_of(a) for a in answers]
    assert sum("p.csv was imported on" in a for a in answers) == 1
    api = api_as("secretariat")
    assert [p["amount"] for p in api.all("/pledges/") if p["external_reference"] == reference] == ["1111.00"]

    changed = first.replace("1111.00", "2222.00").encode()
    checked = one.post_form(f"{C}/pledges/import/", files={"file": ("p2.csv", changed, "text/csv")})
    assert "0 to create, 1 to change, 0 unchanged" in checked.text, messages_of(checked.text)
    token = re.search(r'name="checked" value="([^"]+)"', checked.text).group(1)
    assert "1 changed" in one.post_form(f"{C}/pledges/import/", {"checked": token}).text
    assert [p["amount"] for p in api.all("/pledges/") if p["external_reference"] == reference] == ["2222.00"]


def test_a_confirmation_received_by_e_mail_is_recorded_with_its_evidence(ctx, pages_as):
    """Issue 15 item 5: the secretariat records a delegate's confirmation given outside the portal, with the
    e-mail attached; the pledge reads confirmed by its figures and the evidence can be downloaded."""
    api = ctx["api"]
    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ctx["coalition"],
            "donor": ctx["participants"]["EE"],
            "amount": "250000.00",
            "currency": "EUR",
            "announced_on": "2024-06-01",
            "status": "announced",
        },
    )
    assert pledge["review_status"] != "confirmed"
    mail = b"From: delegation@example.org\r\nSubject: Our pledge\r\n\r\nWe confirm the figures.\r\n"
    pages = pages_as("secretariat")
    path = f"{C}/pledges/{pledge['id']}/record-confirmation/"
    missing = pages.post_form(path, {"channel": "email", "received_on": "2024-06-03"})
    assert missing.status_code == 200 and "Say who confirmed" in missing.text  # every missing field at once
    assert "Attach the e-mail or document" in missing.text
    recorded = pages.post_form(
        path,
        {"confirmed_by_name": "Head of delegation", "channel": "email", "received_on": "2024-06-03"},
        files={"evidence": ("confirmation.eml", mail, "message/rfc822")},
    )
    assert recorded.status_code == 200 and "Confirmation recorded" in recorded.text, messages_of(
        recorded.text
    )
    read = api.ok("GET", f"/pledges/{pledge['id']}/")
    assert read["review_status"] == "confirmed"
    assert read["reviewed_figures"]["amount"] == "250000.00"
    evidence = re.search(r'href="([^"]+/evidence/[^"]*)"', recorded.text)
    assert evidence is not None, "the pledge page links the evidence"
    download = pages.get(evidence.group(1))
    assert download.status_code == 200 and download.content == mail
