"""Every write operation of the API on the real stack (see __init__.py): contributions (exchange rates,
pledges, payments and reviews, reported totals), the status summary on demand."""

from decimal import Decimal

from live.processes import wait_until
from live.test_api_writes.helpers import current_summary, gone, next_summary, pledged_by, put_back, server_now


def test_fx_rates(api_as, stack, live_schema):
    api = api_as(stack.superuser())  # reference rates are shared records kept by staff
    rate = api.ok("POST", "/fx-rates/", json={"currency": "NOK", "date": "2024-01-03", "rate": "11.5000"})
    path = f"/fx-rates/{rate['id']}/"
    put_back(api, path, live_schema, "FxRateRequest", rate="11.6000")
    api.ok("PATCH", path, json={"source": "live suite"})
    body = api.ok("GET", path)
    assert (body["rate"].rstrip("0"), body["source"]) == ("11.6", "live suite")
    api.ok("DELETE", path)
    gone(api, path)


def test_pledges_payments_and_reviews_reach_the_summary(ctx, api_as, stack, live_schema):
    api = ctx["api"]
    ee = ctx["participants"]["EE"]["id"]
    pledged_before = pledged_by(current_summary(api, ctx["coalition"]), "EE")
    since = server_now(stack)
    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ctx["coalition"],
            "donor": ee,
            "kind": "financial",
            "amount": "123456.00",
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
    )
    path = f"/pledges/{pledge['id']}/"
    summary = next_summary(api, ctx["coalition"], since)
    assert pledged_by(summary, "EE") - pledged_before == Decimal("123456.00")

    put_back(api, path, live_schema, "PledgeRequest", purpose="Put by the live suite")
    since = server_now(stack)
    api.ok("PATCH", path, json={"amount": "200000.00"})
    assert api.ok("GET", path)["amount"] == "200000.00"
    summary = next_summary(api, ctx["coalition"], since)
    assert pledged_by(summary, "EE") - pledged_before == Decimal("200000.00")

    moved = api.ok("POST", f"{path}transition/", json={"to_status": "confirmed", "on": "2024-05-01"})
    assert moved["status"] == "confirmed" and moved["confirmed_on"] == "2024-05-01"
    delegate = api_as("delegate-ee")
    assert (
        delegate.ok("POST", f"{path}dispute/", json={"comment": "Our figure is lower"})["review_status"]
        == "disputed"
    )
    assert (
        delegate.ok("POST", f"{path}confirm-figures/", json={"comment": "Agreed"})["review_status"]
        == "confirmed"
    )
    assert api.ok("GET", path)["review_status"] == "confirmed"

    payment = api.ok(
        "POST",
        "/disbursements/",
        json={"pledge": pledge["id"], "amount": "50000.00", "paid_on": "2024-06-01"},
    )
    dpath = f"/disbursements/{payment['id']}/"
    put_back(api, dpath, live_schema, "DisbursementRequest", reference="PUT-1")
    api.ok("PATCH", dpath, json={"amount": "60000.00"})
    assert api.ok("GET", path)["paid"] == "60000.00"
    api.ok("DELETE", dpath)
    gone(api, dpath)
    assert api.ok("GET", path)["paid"] in ("0.00", None)

    api.ok("DELETE", path)
    gone(api, path)


def test_reported_totals(ctx, live_schema):
    api = ctx["api"]
    meeting = api.all("/meetings/", coalition=ctx["coalition"])[0]
    total = api.ok(
        "POST",
        "/reported-totals/",
        json={"meeting": meeting["id"], "qualifier": "about", "amount": "1000000.00", "currency": "EUR"},
    )
    path = f"/reported-totals/{total['id']}/"
    put_back(api, path, live_schema, "ReportedTotalRequest", stated_text="about EUR 1m")
    api.ok("PATCH", path, json={"amount": "1100000.00"})
    body = api.ok("GET", path)
    assert (body["amount"], body["stated_text"]) == ("1100000.00", "about EUR 1m")
    api.ok("DELETE", path)
    gone(api, path)


def test_summary_on_demand(ctx):
    api = ctx["api"]
    job = api.ok("POST", "/summaries/", json={"coalition": ctx["coalition"]}, expected=202)
    wait_until(
        lambda: api.ok("GET", f"/summary-jobs/{job['id']}/")["state"] == "succeeded",
        timeout=60,
        what="the job",
    )
    latest = api.ok("GET", "/summaries/latest/", params={"coalition": ctx["coalition"]})
    assert latest["id"] == api.ok("GET", f"/summary-jobs/{job['id']}/")["snapshot"]
