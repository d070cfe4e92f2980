"""Every page form submitted as a browser would, on the real stack (see __init__.py): the registry
(coalition, participants, memberships, expert groups), language, logout and passwords, registry proposals
and lockouts."""

import re
from urllib.parse import urlparse

from live.processes import wait_until
from live.test_page_forms.helpers import C, ok, tag


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
