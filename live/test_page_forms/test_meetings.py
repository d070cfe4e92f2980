"""Every page form submitted as a browser would, on the real stack (see __init__.py): meetings (before and
after, decisions, calendar and notifications, delegations, registrations)."""

import re

from live.processes import wait_until
from live.test_page_forms.helpers import C, local, ok, tag


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
