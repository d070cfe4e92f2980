"""Every page form, submitted as a browser would (login, CSRF, the form's own values kept), on the real stack.

After each submission the result is checked where a person sees it: the page it leads to, and the record
as the API reads it back.
"""

import re
import secrets
import time
from urllib.parse import urlparse

import pytest

from live.http import messages_of
from live.processes import wait_until

C = "/c/it-coalition"


def ok(response, *texts, url=None):
    """The submission was accepted: redirected away from the form (or to `url`), showing `texts`."""
    assert response.status_code == 200, (response.status_code, response.url, response.text[:1500])
    errors = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', response.text, flags=re.S)
    assert not errors, f"form errors on {response.url}: {errors} {messages_of(response.text)}"
    if url is not None:
        assert urlparse(response.url).path == url, response.url
    for text in texts:
        assert text in response.text, f"{text!r} not on {response.url}"
    return response


def tag():
    return secrets.token_hex(3)


def local(days_from_now, hour=9):
    return time.strftime(f"%Y-%m-%dT{hour:02d}:00", time.localtime(time.time() + days_from_now * 86400))


@pytest.fixture(scope="module")
def sec(pages_as):
    return pages_as("secretariat")


@pytest.fixture(scope="module")
def api(api_as):
    return api_as("secretariat")


@pytest.fixture(scope="module")
def ids(api):
    coalition = next(c["id"] for c in api.all("/coalitions/") if c["slug"] == "it-coalition")
    participants = {p["code"]: p["id"] for p in api.all("/participants/")}
    return {"coalition": coalition, **participants}


# -- registry ------------------------------------------------------------------------------------------


def test_registry_forms(sec, pages_as, stack, api, ids):
    staff = pages_as(stack.superuser())  # participants are shared records: staff keep them
    code = "P" + tag().upper()
    ok(
        staff.submit("/participants/add/", {"kind": "organisation", "code": code, "name": "Page Org"}),
        "Page Org",
    )
    ok(staff.submit(f"/participants/{code}/edit/", {"name": "Page Organisation"}), "Page Organisation")
    participant = next(p for p in api.all("/participants/") if p["code"] == code)
    assert participant["name"] == "Page Organisation"

    ok(sec.submit(f"{C}/edit/", {"description": "Edited through the page"}), "Edited through the page")
    ok(
        sec.submit(
            f"{C}/memberships/add/",
            {"participant": participant["id"], "role": "observer", "joined_on": "2024-02-02"},
        ),
        "Page Organisation",
    )
    (membership,) = api.all("/memberships/", participant=participant["id"])
    ok(sec.submit(f"{C}/memberships/{membership['id']}/change-role/", {"role": "member", "on": "2024-04-09"}))
    rows = api.all("/memberships/", participant=participant["id"])
    assert sorted((m["role"], m["left_on"]) for m in rows) == [("member", None), ("observer", "2024-04-08")]
    current = next(m for m in rows if m["left_on"] is None)
    ok(sec.submit(f"{C}/memberships/{current['id']}/end/", {"left_on": "2025-01-31"}))
    assert api.ok("GET", f"/memberships/{current['id']}/")["left_on"] == "2025-01-31"

    name = f"Page group {tag()}"
    ok(sec.submit(f"{C}/expert-groups/add/", {"name": name, "members": [ids["EE"]]}), name)
    group = next(g for g in api.all("/expert-groups/") if g["name"] == name)
    ok(sec.submit(f"{C}/expert-groups/{group['id']}/edit/", {"description": "Edited group"}), "Edited group")


def test_language_logout_and_passwords(pages_as, stack):
    person = pages_as("observer")
    ok(person.post_form("/i18n/setlang/", {"language": "uk", "next": f"{C}/"}))
    assert person.cookies.get("django_language") == "uk"
    assert 'lang="uk"' in person.get(f"{C}/").text
    # The choice is kept in the person's profile (it follows them to any browser): choose English again so
    # the other tests meet the observer in the language they expect.
    ok(person.post_form("/i18n/setlang/", {"language": "en", "next": f"{C}/"}))
    assert 'lang="en' in person.get(f"{C}/").text
    out = person.post_form("/accounts/logout/")
    assert out.status_code == 200 and urlparse(out.url).path == "/accounts/login/"
    assert urlparse(person.get(f"{C}/").url).path == "/accounts/login/"

    username = stack.superuser("live-password")
    admin = pages_as(username)
    new = "a-new-password-" + tag()
    ok(
        admin.submit(
            "/accounts/password_change/",
            {"old_password": stack.password, "new_password1": new, "new_password2": new},
        )
    )
    assert type(admin)(stack.url).login(username, new).cookies.get("sessionid")  # the new password works
    # forgotten: the reset e-mail (console backend, in the node's log) carries the link
    anonymous = type(admin)(stack.url, admin.recorder)
    ok(anonymous.submit("/accounts/password_reset/", {"email": f"{username}@example.org"}))
    node = stack.nodes[0]
    link = wait_until(
        lambda: re.findall(r"http://[^\s]+/accounts/reset/[^\s]+/", node.log()), timeout=10, what="the e-mail"
    )[-1]
    reset = anonymous.get(urlparse(link).path)  # redirects to the set-password form
    newer = "another-password-" + tag()
    ok(anonymous.submit(urlparse(reset.url).path, {"new_password1": newer, "new_password2": newer}))
    assert type(admin)(stack.url).login(username, newer).cookies.get("sessionid")


# -- contributions ------------------------------------------------------------------------------------


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


# -- procurement --------------------------------------------------------------------------------------


def test_roadmap_forms(sec, api, ids):
    area_name = f"Page area {tag()}"
    ok(sec.submit(f"{C}/roadmap/areas/add/", {"name": area_name}), area_name)
    area = next(a for a in api.all("/capability-areas/") if a["name"] == area_name)
    ok(sec.submit(f"{C}/roadmap/areas/{area['id']}/edit/", {"description": "Page description"}))
    assert api.ok("GET", f"/capability-areas/{area['id']}/")["description"] == "Page description"

    title = f"Page item {tag()}"
    ok(
        sec.submit(
            f"{C}/roadmap/add/",
            {
                "title": title,
                "capability_area": area["id"],
                "priority": "2",
                "planned_year": "2027",
                "estimated_cost_low": "50000",
                "estimated_cost_high": "60000",
                "currency": "EUR",
            },
        ),
        title,
    )
    item = next(i for i in api.all("/roadmap-items/") if i["title"] == title)
    base = f"{C}/roadmap/{item['id']}"
    ok(sec.submit(f"{base}/edit/", {"note": "Page note"}))
    assert api.ok("GET", f"/roadmap-items/{item['id']}/")["note"] == "Page note"

    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ids["coalition"],
            "donor": ids["LU"],
            "amount": "30000.00",
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
    )
    ok(sec.submit(f"{base}/allocate/", {"pledge": pledge["id"], "amount": "10000"}))
    ok(
        sec.submit(
            f"{C}/roadmap/allocate/", {"pledge": pledge["id"], "roadmap_item": item["id"], "amount": "5000"}
        )
    )
    allocations = api.all("/allocations/", roadmap_item=item["id"])
    assert sorted(a["amount"] for a in allocations) == ["10000.00", "5000.00"]
    ok(sec.submit(f"{C}/roadmap/allocations/{allocations[0]['id']}/edit/", {"amount": "12000"}))
    ok(sec.submit(f"{C}/roadmap/allocations/{allocations[1]['id']}/release/"))
    assert [a["amount"] for a in api.all("/allocations/", roadmap_item=item["id"])] in (
        ["12000.00"],
        ["10000.00"],
    )

    for stage in ("requirements", "tendering"):
        ok(sec.submit(f"{base}/transition/", {"to_status": stage}))
    assert api.ok("GET", f"/roadmap-items/{item['id']}/")["status"] == "tendering"
    ok(
        sec.submit(
            f"{base}/orders/add/",
            {
                "supplier": "Page Supplier",
                "value": "9000",
                "currency": "EUR",
                "ordered_on": "2024-07-01",
                "quantity": "4",
            },
        ),
        "Page Supplier",
    )
    (order,) = api.all("/orders/", roadmap_item=item["id"])
    ok(sec.submit(f"{C}/roadmap/orders/{order['id']}/edit/", {"quantity": "5"}))
    assert api.ok("GET", f"/orders/{order['id']}/")["quantity"] == 5
    ok(sec.submit(f"{base}/transition/", {"to_status": "contracted"}))
    ok(
        sec.submit(
            f"{C}/roadmap/orders/{order['id']}/deliveries/add/",
            {"quantity": "2", "expected_on": "2024-09-01"},
        )
    )
    (delivery,) = api.all("/deliveries/", order=order["id"])
    ok(sec.submit(f"{C}/roadmap/deliveries/{delivery['id']}/edit/", {"delivered_on": "2024-09-03"}))
    assert api.ok("GET", f"/deliveries/{delivery['id']}/")["delivered_on"] == "2024-09-03"
    ok(sec.submit(f"{C}/roadmap/deliveries/{delivery['id']}/delete/"))
    ok(sec.submit(f"{C}/roadmap/orders/{order['id']}/delete/"))
    assert api.all("/orders/", roadmap_item=item["id"]) == []

    spare = api.ok(
        "POST",
        "/roadmap-items/",
        json={
            "coalition": ids["coalition"],
            "title": f"Spare {tag()}",
            "capability_area": area["id"],
            "priority": 3,
            "planned_year": 2028,
        },
    )
    ok(sec.submit(f"{C}/roadmap/{spare['id']}/delete/"))
    assert api.get(f"/roadmap-items/{spare['id']}/").status_code == 404


# -- meetings -----------------------------------------------------------------------------------------


def _new_meeting(sec, api, ids, *, days_from_now):
    title = f"Page meeting {tag()}"
    ok(
        sec.submit(
            f"{C}/meetings/add/",
            {
                "title": title,
                "starts_at": local(days_from_now, 9),
                "ends_at": local(days_from_now, 12),
                "format": "virtual",
            },
        ),
        title,
    )
    return next(m for m in api.all("/meetings/", coalition=ids["coalition"]) if m["title"] == title)


def test_meeting_forms_before_the_meeting(sec, pages_as, api, ids):
    meeting = _new_meeting(sec, api, ids, days_from_now=30)
    base = f"{C}/meetings/{meeting['number']}"
    ok(sec.submit(f"{base}/edit/", {"place": "Luxembourg"}), "Luxembourg")
    ok(sec.submit(f"{base}/invite/", {"participants": [ids["EE"], ids["LU"]]}))
    invitations = {i["participant"]: i for i in api.all("/invitations/", meeting=meeting["id"])}
    assert set(invitations) == {ids["EE"], ids["LU"]}
    delegate = pages_as("delegate-ee")
    ok(
        delegate.submit(
            f"{base}/invitations/{invitations[ids['EE']]['id']}/answer/",
            {"response": "attending", "persons": "2"},
        )
    )
    assert api.ok("GET", f"/invitations/{invitations[ids['EE']]['id']}/")["response"] == "attending"
    ok(sec.post_form(f"{base}/invitations/{invitations[ids['LU']]['id']}/withdraw/"))
    assert [i["participant"] for i in api.all("/invitations/", meeting=meeting["id"])] == [ids["EE"]]

    ok(sec.submit(f"{base}/agenda/add/", {"title": "First point"}), "First point")
    ok(sec.submit(f"{base}/agenda/add/", {"title": "Second point"}), "Second point")
    items = sorted(api.all("/agenda-items/", meeting=meeting["id"]), key=lambda i: i["position"])
    ok(sec.submit(f"{base}/agenda/{items[0]['id']}/edit/", {"duration_minutes": "15"}))
    ok(sec.post_form(f"{base}/agenda/{items[1]['id']}/move/up/"))
    moved = sorted(api.all("/agenda-items/", meeting=meeting["id"]), key=lambda i: i["position"])
    assert [i["title"] for i in moved] == ["Second point", "First point"]
    ok(
        sec.submit(
            f"{base}/agenda/{items[0]['id']}/documents/add/",
            files={"file": ("page.txt", b"page notes\n", "text/plain")},
        )
    )
    (document,) = api.ok("GET", f"/agenda-items/{items[0]['id']}/")["documents"]
    download = sec.get(f"{C}/meetings/documents/{document['id']}/")
    assert download.status_code == 200 and download.content == b"page notes\n"
    ok(sec.post_form(f"{base}/documents/{document['id']}/delete/"))
    assert api.ok("GET", f"/agenda-items/{items[0]['id']}/")["documents"] == []
    ok(sec.post_form(f"{base}/agenda/{items[1]['id']}/delete/"))
    assert [i["title"] for i in api.all("/agenda-items/", meeting=meeting["id"])] == ["First point"]

    ok(sec.post_form(f"{C}/meetings/{meeting['number']}/briefing/build/"))
    ok(sec.submit(f"{base}/cancel/", {"reason": "Postponed"}))
    assert api.ok("GET", f"/meetings/{meeting['id']}/")["status"] == "cancelled"


def test_meeting_forms_after_the_meeting(sec, api, ids):
    meeting = _new_meeting(sec, api, ids, days_from_now=-20)
    later = _new_meeting(sec, api, ids, days_from_now=-10)
    base = f"{C}/meetings/{meeting['number']}"
    ok(sec.post_form(f"{base}/held/"))
    ok(sec.post_form(f"{C}/meetings/{later['number']}/held/"))
    assert api.ok("GET", f"/meetings/{meeting['id']}/")["status"] == "held"
    ok(sec.submit(f"{base}/attendance/", {"participants": [ids["EE"], ids["LU"]]}))
    assert {a["participant"] for a in api.all("/attendances/", meeting=meeting["id"])} == {
        ids["EE"],
        ids["LU"],
    }

    title = f"Page action {tag()}"
    ok(
        sec.submit(
            f"{base}/action-items/add/",
            {"title": title, "owner_participant": ids["EE"], "due_on": "2027-01-20"},
        ),
        title,
    )
    action = next(a for a in api.all("/action-items/", meeting=meeting["id"]) if a["title"] == title)
    ok(sec.submit(f"{base}/action-items/{action['id']}/edit/", {"description": "Edited action"}))
    assert api.ok("GET", f"/action-items/{action['id']}/")["description"] == "Edited action"
    for transition, state in (("done", "done"), ("reopen", "open"), ("drop", "dropped")):
        ok(sec.submit(f"{C}/action-items/{action['id']}/{transition}/", {"note": transition}))
        assert api.ok("GET", f"/action-items/{action['id']}/")["status"] == state

    ok(sec.submit(f"{base}/minutes/", {"text": "Page minutes, first draft."}))
    ok(sec.submit(f"{base}/minutes/", {"text": "Page minutes, second draft.", "comment": "typos"}))
    (minutes,) = api.all("/minutes/", meeting=meeting["id"])
    assert minutes["text"] == "Page minutes, second draft."
    ok(sec.submit(f"{base}/minutes/circulate/", {"comments_due_on": "2027-01-05"}))
    ok(sec.submit(f"{base}/minutes/approve/", {"approved_at_meeting": later["id"]}))
    assert api.ok("GET", f"/minutes/{minutes['id']}/")["status"] == "approved"


def test_recording_and_editing_a_decision_on_the_page(sec, api, ids):
    meeting = api.all("/meetings/", coalition=ids["coalition"], status="held")[0]
    text = f"Decided on the page {tag()}"
    ok(sec.submit(f"{C}/meetings/{meeting['number']}/decisions/add/", {"text": text}), text)
    decision = next(d for d in api.all("/decisions/", meeting=meeting["id"]) if d["text"] == text)
    ok(
        sec.submit(
            f"{C}/meetings/{meeting['number']}/decisions/{decision['id']}/edit/",
            {"text": "Edited on the page."},
        )
    )
    assert api.ok("GET", f"/decisions/{decision['id']}/")["text"] == "Edited on the page."


def test_calendar_notifications_and_dashboard(sec, pages_as, api, ids, stack):
    made = sec.post_form(f"{C}/meetings/calendar/")
    feed = re.search(r"(http://[^\"<\s]+/meetings\.ics\?token=[^\"<\s]+)", made.text).group(1)
    assert sec.get(feed).headers["Content-Type"].startswith("text/calendar")
    ok(sec.post_form(f"{C}/meetings/calendar/", {"action": "revoke"}))
    assert sec.get(feed).status_code == 404

    page = ok(sec.submit(f"{C}/meetings/notifications/", {"reminder": None}))
    assert 'name="reminder" checked' not in page.text

    before = stack.sql("select count(*) from summaries_statussnapshot")[0][0]
    queued = ok(sec.post_form(f"{C}/dashboard/regenerate/"))
    assert "job=" in queued.url
    wait_until(
        lambda: stack.sql("select count(*) from summaries_statussnapshot")[0][0] > before,
        timeout=60,
        what="the regenerated summary",
    )
    assert sec.get(f"{C}/dashboard/").status_code == 200


def test_delegations_and_distribution_lists(sec, api, ids):
    name = f"Page Contact {tag()}"
    ok(
        sec.submit(
            f"{C}/delegations/add/", {"participant": ids["EE"], "name": name, "email": "p@example.org"}
        ),
        name,
    )
    contact = next(c for c in api.all("/contacts/", coalition=ids["coalition"]) if c["name"] == name)
    ok(sec.submit(f"{C}/delegations/{contact['id']}/edit/", {"function": "Deputy"}))
    assert api.ok("GET", f"/contacts/{contact['id']}/")["function"] == "Deputy"
    imported = f"Page Imported {tag()}"
    csv = f"participant,name,email\nLU,{imported},q@example.org\n".encode()
    ok(sec.submit(f"{C}/delegations/import/", {"dry_run": None}, files={"file": ("c.csv", csv, "text/csv")}))
    assert any(c["name"] == imported for c in api.all("/contacts/", coalition=ids["coalition"]))

    title = f"Page list {tag()}"
    ok(sec.submit(f"{C}/distribution-lists/add/", {"name": title, "extra_contacts": [contact["id"]]}), title)
    listing = next(
        d for d in api.all("/distribution-lists/", coalition=ids["coalition"]) if d["name"] == title
    )
    ok(sec.submit(f"{C}/distribution-lists/{listing['id']}/edit/", {"description": "Page description"}))
    assert api.ok("GET", f"/distribution-lists/{listing['id']}/")["description"] == "Page description"
    ok(sec.post_form(f"{C}/distribution-lists/{listing['id']}/delete/"))
    assert api.get(f"/distribution-lists/{listing['id']}/").status_code == 404
    ok(sec.post_form(f"{C}/delegations/{contact['id']}/delete/"))
    assert api.get(f"/contacts/{contact['id']}/").status_code == 404


def test_registrations_on_the_page(sec, api, ids):
    meeting = _new_meeting(sec, api, ids, days_from_now=50)
    base = f"{C}/meetings/{meeting['number']}"
    ok(sec.submit(f"{base}/invite/", {"participants": [ids["EE"]]}))
    (invitation,) = api.all("/invitations/", meeting=meeting["id"])
    ok(
        sec.submit(
            f"{base}/invitations/{invitation['id']}/register/",
            {"name": "Page Delegate", "email": "r@example.org", "mode": "online"},
        )
    )
    (registration,) = api.all("/registrations/", meeting=meeting["id"])
    ok(sec.submit(f"{base}/registrations/{registration['id']}/edit/", {"function": "Expert"}))
    assert api.ok("GET", f"/registrations/{registration['id']}/")["function"] == "Expert"
    ok(sec.post_form(f"{base}/registrations/{registration['id']}/withdraw/"))
    assert api.get(f"/registrations/{registration['id']}/").status_code == 404


def test_registry_proposals_and_lockouts(sec, pages_as, api, stack, ids):
    code = "Q" + tag().upper()
    ok(
        sec.submit(
            f"{C}/proposals/participant/",
            {"participant_kind": "organisation", "code": code, "name": f"Org {code}", "reason": "page"},
        )
    )
    ok(
        sec.submit(
            f"{C}/proposals/fx-rate/",
            {"currency": "PLN", "date": "2024-01-05", "rate": "4.3000", "reason": "page"},
        )
    )
    ok(sec.submit(f"{C}/proposals/participant/EE/rename/", {"name": "Estonia (renamed)", "reason": "page"}))
    mine = {p["kind"]: p for p in api.all("/registry-proposals/") if p["status"] == "pending"}
    staff = pages_as(stack.superuser())
    ok(
        staff.submit(
            f"/registry/proposals/{mine['participant_create']['id']}/", {"decision": "accept", "note": "ok"}
        )
    )
    assert any(p["code"] == code for p in api.all("/participants/"))
    ok(
        staff.submit(
            f"/registry/proposals/{mine['fx_rate_create']['id']}/", {"decision": "reject", "note": "no"}
        )
    )
    ok(sec.post_form(f"{C}/proposals/{mine['participant_rename']['id']}/withdraw/"))
    statuses = {p["id"]: p["status"] for p in api.all("/registry-proposals/")}
    assert [
        statuses[mine[k]["id"]] for k in ("participant_create", "fx_rate_create", "participant_rename")
    ] == [
        "accepted",
        "rejected",
        "withdrawn",
    ]

    # a failed login (from another loopback address, so no one else is locked out) is unlocked by staff
    stranger = type(sec)(stack.url, sec.recorder, source_address="127.0.0.9")
    page = stranger.get("/accounts/login/")
    stranger.post(
        "/accounts/login/",
        data={
            "username": "nobody-live",
            "password": "wrong",
            "csrfmiddlewaretoken": stranger.csrf_token(page),
        },
    )
    (attempt,) = stack.sql("select id from axes_accessattempt where username = 'nobody-live'")
    ok(staff.post_form(f"/registry/lockouts/{attempt[0]}/unlock/"))
    assert stack.sql("select id from axes_accessattempt where username = 'nobody-live'") == []
