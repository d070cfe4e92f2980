"""Every page form submitted as a browser would, on the real stack (see __init__.py): contributions (pledges,
the pledge import, exchange rates, reported totals)."""

import re

from live.http import messages_of
from live.test_page_forms.helpers import C, ok, tag


def test_pledge_forms(sec, pages_as, api, ids):
    purpose = f"Page pledge {tag()}"
    ok(
        sec.submit(
            f"{C}/pledges/add/",
            {
                "donor": ids["EE"],
                "amount": "7777.00",
                "currency": "EUR",
                "announced_on": "2024-04-09",
                "purpose": purpose,
            },
        ),
        purpose,
    )
    pledge = next(p for p in api.all("/pledges/") if p["purpose"] == purpose)
    base = f"{C}/pledges/{pledge['id']}"
    ok(sec.submit(f"{base}/edit/", {"amount": "8888.00"}))
    assert api.ok("GET", f"/pledges/{pledge['id']}/")["amount"] == "8888.00"
    ok(sec.submit(f"{base}/transition/", {"to_status": "confirmed", "on": "2024-05-01"}))
    assert api.ok("GET", f"/pledges/{pledge['id']}/")["status"] == "confirmed"

    delegate = pages_as("delegate-ee")
    ok(delegate.submit(f"{base}/dispute/", {"comment": "Lower in our books"}))
    assert api.ok("GET", f"/pledges/{pledge['id']}/")["review_status"] == "disputed"
    ok(delegate.submit(f"{base}/confirm/", {"comment": "Agreed now"}))
    assert api.ok("GET", f"/pledges/{pledge['id']}/")["review_status"] == "confirmed"

    ok(
        sec.submit(
            f"{base}/payments/add/", {"amount": "1000.00", "paid_on": "2024-06-01", "reference": "PAGE-1"}
        ),
        "PAGE-1",
    )
    (payment,) = api.all("/disbursements/", pledge=pledge["id"])
    ok(sec.submit(f"{C}/payments/{payment['id']}/edit/", {"amount": "1500.00"}))
    assert api.ok("GET", f"/pledges/{pledge['id']}/")["paid"] == "1500.00"
    ok(sec.submit(f"{C}/payments/{payment['id']}/delete/"))
    assert api.all("/disbursements/", pledge=pledge["id"]) == []
    ok(sec.submit(f"{base}/delete/"))
    assert api.get(f"/pledges/{pledge['id']}/").status_code == 404


def test_pledge_import_fx_rates_and_reported_totals(sec, pages_as, stack, api, ids):
    purpose = f"Imported {tag()}"
    csv = f"donor,amount,currency,announced_on,purpose\nLU,4321.00,EUR,2024-04-09,{purpose}\n".encode()
    checked = sec.submit(f"{C}/pledges/import/", files={"file": ("pledges.csv", csv, "text/csv")})
    assert checked.status_code == 200 and 'name="checked"' in checked.text, messages_of(checked.text)
    ok(_post_checked(sec, checked.text), "pledges.csv imported: 1 created")
    assert any(p["purpose"] == purpose for p in api.all("/pledges/"))

    ok(
        pages_as(stack.superuser()).submit(
            f"{C}/fx-rates/add/", {"currency": "SEK", "date": "2024-01-04", "rate": "11.2000"}
        ),
        "SEK",
    )
    assert any(
        r["currency"] == "SEK" and r["date"] == "2024-01-04" for r in api.all("/fx-rates/", currency="SEK")
    )

    meeting = api.all("/meetings/", coalition=ids["coalition"], status="held")[0]
    ok(
        sec.submit(
            f"{C}/reported-totals/add/",
            {
                "meeting": meeting["id"],
                "qualifier": "about",
                "amount": "2500000",
                "currency": "EUR",
                "stated_text": "about EUR 2.5m page",
            },
        )
    )
    total = next(t for t in api.all("/reported-totals/") if t["stated_text"] == "about EUR 2.5m page")
    ok(sec.submit(f"{C}/reported-totals/{total['id']}/edit/", {"amount": "2600000"}))
    assert api.ok("GET", f"/reported-totals/{total['id']}/")["amount"] == "2600000.00"


def _post_checked(pages, html):
    token = re.search(r'name="checked" value="([^"]+)"', html).group(1)
    return pages.post_form(f"{C}/pledges/import/", {"checked": token})
