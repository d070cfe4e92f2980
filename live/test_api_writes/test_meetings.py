"""Every write operation of the API on the real stack (see __init__.py): meetings (invitations, held
meetings' records, decisions, contacts and distribution lists, registrations)."""

import time

from live.test_api_writes.helpers import gone, put_back, unique


def _meeting(api, ctx, *, days_from_now, title=None):
    start = time.gmtime(time.time() + days_from_now * 86400)
    starts_at = time.strftime("%Y-%m-%dT09:00:00Z", start)
    ends_at = time.strftime("%Y-%m-%dT12:00:00Z", start)
    return api.ok(
        "POST",
        "/meetings/",
        json={
            "coalition": ctx["coalition"],
            "title": title or unique("Live meeting"),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "format": "virtual",
        },
    )


def test_meetings_invitations_and_cancel(ctx, api_as, live_schema):
    api = ctx["api"]
    meeting = _meeting(api, ctx, days_from_now=30)
    path = f"/meetings/{meeting['id']}/"
    put_back(api, path, live_schema, "MeetingRequest", place="Tallinn")
    api.ok("PATCH", path, json={"summary": "patched"})
    assert (api.ok("GET", path)["place"], api.ok("GET", path)["summary"]) == ("Tallinn", "patched")

    ee, lu = ctx["participants"]["EE"]["id"], ctx["participants"]["LU"]["id"]
    invited = api.ok("POST", f"{path}invite/", json={"participants": [ee]}, expected=201)["invitations"]
    assert [i["participant"] for i in invited] == [ee]
    invitation = api.ok("POST", "/invitations/", json={"meeting": meeting["id"], "participant": lu})
    ipath = f"/invitations/{invitation['id']}/"
    api.ok("PATCH", ipath, json={"note": "patched"})
    assert api.ok("GET", ipath)["note"] == "patched"
    ee_invitation = invited[0]["id"]
    answered = api_as("delegate-ee").ok(
        "POST", f"/invitations/{ee_invitation}/respond/", json={"response": "attending", "persons": 2}
    )
    assert answered["response"] == "attending"
    assert api.ok("GET", f"/invitations/{ee_invitation}/")["persons"] == 2
    api.ok("DELETE", ipath)
    gone(api, ipath)

    cancelled = api.ok("POST", f"{path}cancel/", json={"reason": "Moved online"})
    assert api.ok("GET", path)["status"] == "cancelled" == cancelled["status"]
    spare = _meeting(api, ctx, days_from_now=40)  # a meeting with no record can be deleted
    api.ok("DELETE", f"/meetings/{spare['id']}/")
    gone(api, f"/meetings/{spare['id']}/")


def test_held_meeting_records(ctx, stack, live_schema):
    api = ctx["api"]
    meeting = _meeting(api, ctx, days_from_now=-20)
    later = _meeting(api, ctx, days_from_now=-10)
    path = f"/meetings/{meeting['id']}/"
    assert api.ok("POST", f"{path}mark-held/")["status"] == "held"
    api.ok("POST", f"/meetings/{later['id']}/mark-held/")
    ee = ctx["participants"]["EE"]["id"]

    attendance = api.ok(
        "POST", "/attendances/", json={"meeting": meeting["id"], "participant": ee, "persons": 2}
    )
    tpath = f"/attendances/{attendance['id']}/"
    put_back(api, tpath, live_schema, "AttendanceRequest", persons=3)
    api.ok("PATCH", tpath, json={"note": "patched"})
    assert (api.ok("GET", tpath)["persons"], api.ok("GET", tpath)["note"]) == (3, "patched")

    first = api.ok("POST", "/agenda-items/", json={"meeting": meeting["id"], "title": "Opening"})
    second = api.ok("POST", "/agenda-items/", json={"meeting": meeting["id"], "title": "Roadmap"})
    gpath = f"/agenda-items/{second['id']}/"
    put_back(api, gpath, live_schema, "AgendaItemRequest", duration_minutes=30)
    api.ok("PATCH", gpath, json={"description": "patched"})
    api.ok("POST", f"{gpath}move/", json={"position": 1})
    titles = [
        i["title"]
        for i in sorted(api.all("/agenda-items/", meeting=meeting["id"]), key=lambda i: i["position"])
    ]
    assert titles == ["Roadmap", "Opening"]

    document = api.ok(
        "POST",
        "/documents/",
        data={"agenda_item": second["id"], "visibility": "members"},
        files={"file": ("notes.txt", b"live notes\n", "text/plain")},
    )
    download = api.get(f"/documents/{document['id']}/download/")
    assert download.status_code == 200 and download.content == b"live notes\n"
    api.ok("DELETE", f"/documents/{document['id']}/")
    gone(api, f"/documents/{document['id']}/")

    action = api.ok(
        "POST",
        "/action-items/",
        json={
            "meeting": meeting["id"],
            "title": unique("Live action"),
            "owner_participant": ee,
            "due_on": "2027-01-15",
        },
    )
    xpath = f"/action-items/{action['id']}/"
    put_back(api, xpath, live_schema, "ActionItemRequest", description="put")
    api.ok("PATCH", xpath, json={"due_on": "2027-02-01"})
    assert api.ok("POST", f"{xpath}complete/", json={"note": "done"})["status"] == "done"
    assert api.ok("POST", f"{xpath}reopen/", json={})["status"] == "open"
    assert api.ok("POST", f"{xpath}drop/", json={"note": "no longer needed"})["status"] == "dropped"
    assert api.ok("GET", xpath)["status"] == "dropped"
    api.ok("DELETE", xpath)
    gone(api, xpath)

    minutes = api.ok("POST", "/minutes/", json={"meeting": meeting["id"], "text": "Draft minutes."})
    npath = f"/minutes/{minutes['id']}/"
    api.ok("PATCH", npath, json={"text": "Draft minutes, revised."})
    assert len(api.ok("GET", f"{npath}revisions/")) == 2
    assert (
        api.ok("POST", f"{npath}circulate/", json={"comments_due_on": "2027-01-10"})["status"] == "circulated"
    )
    approved = api.ok("POST", f"{npath}approve/", json={"approved_at_meeting": later["id"]})
    assert approved["status"] == "approved" and api.ok("GET", npath)["status"] == "approved"

    for gid in (first["id"], second["id"]):
        api.ok("DELETE", f"/agenda-items/{gid}/")
    api.ok("DELETE", tpath)
    gone(api, tpath)


def test_decisions(ctx, live_schema):
    api = ctx["api"]
    meeting = api.all("/meetings/", coalition=ctx["coalition"], status="held")[0]
    decision = api.ok("POST", "/decisions/", json={"meeting": meeting["id"], "text": "Decided live."})
    path = f"/decisions/{decision['id']}/"
    assert api.ok("GET", path)["text"] == "Decided live."
    put_back(api, path, live_schema, "DecisionRequest", text="Put by the live suite")
    api.ok("PATCH", path, json={"text": "Patched by the live suite"})
    assert api.ok("GET", path)["text"] == "Patched by the live suite"
    api.ok("DELETE", path)
    gone(api, path)


def test_contacts_and_distribution_lists(ctx, live_schema):
    api = ctx["api"]
    ee = ctx["participants"]["EE"]["id"]
    contact = api.ok(
        "POST",
        "/contacts/",
        json={
            "coalition": ctx["coalition"],
            "participant": ee,
            "name": unique("Live Contact"),
            "email": "c@example.org",
        },
    )
    path = f"/contacts/{contact['id']}/"
    put_back(api, path, live_schema, "ContactRequest", function="Head of delegation")
    api.ok("PATCH", path, json={"phone": "+372 5555 5555"})
    body = api.ok("GET", path)
    assert (body["function"], body["phone"]) == ("Head of delegation", "+372 5555 5555")

    name = unique("Imported")
    csv = f"participant,name,email\nLU,{name},i@example.org\n".encode()
    imported = api.post(
        "/contacts/import/",
        data={"coalition": ctx["coalition"], "dry_run": "false"},
        files={"file": ("c.csv", csv, "text/csv")},
    )
    assert imported.status_code in (200, 201), imported.text
    assert any(c["name"] == name for c in api.all("/contacts/", coalition=ctx["coalition"]))

    listing = api.ok(
        "POST",
        "/distribution-lists/",
        json={"coalition": ctx["coalition"], "name": unique("Live list"), "extra_contacts": [contact["id"]]},
    )
    lpath = f"/distribution-lists/{listing['id']}/"
    put_back(api, lpath, live_schema, "DistributionListRequest", description="put")
    api.ok("PATCH", lpath, json={"description": "patched"})
    assert api.ok("GET", lpath)["description"] == "patched"
    api.ok("DELETE", lpath)
    gone(api, lpath)
    api.ok("DELETE", path)
    gone(api, path)


def test_registrations(ctx, live_schema):
    api = ctx["api"]
    meeting = _meeting(api, ctx, days_from_now=45)
    invited = api.ok(
        "POST",
        f"/meetings/{meeting['id']}/invite/",
        json={"participants": [ctx["participants"]["EE"]["id"]]},
        expected=201,
    )["invitations"][0]
    registration = api.ok(
        "POST",
        "/registrations/",
        json={
            "invitation": invited["id"],
            "name": "Live Delegate",
            "email": "d@example.org",
            "mode": "online",
        },
    )
    path = f"/registrations/{registration['id']}/"
    put_back(api, path, live_schema, "RegistrationRequest", function="Adviser")
    api.ok("PATCH", path, json={"note": "patched"})
    body = api.ok("GET", path)
    assert (body["function"], body["note"], body["mode"]) == ("Adviser", "patched", "online")
    api.ok("DELETE", path)
    gone(api, path)
