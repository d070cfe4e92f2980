"""The work between meetings on the real stack (see __init__.py): documents, their versions and
classification markings, by the API and on the pages."""

from live.test_meetings.helpers import C, gone, held_meeting, ok, tag


def agenda_item(api, meeting):
    return api.ok("POST", "/agenda-items/", json={"meeting": meeting["id"], "title": f"Papers {tag()}"})


def test_document_versions_and_markings_by_api(api, api_as, ids):
    meeting = held_meeting(api, ids, days_ago=5)
    item = agenda_item(api, meeting)
    ee = api_as("delegate-ee")
    document = ee.ok(
        "POST",
        "/documents/",
        data={"agenda_item": item["id"], "visibility": "members", "title": "Estonian paper"},
        files={"file": ("paper.txt", b"version one\n", "text/plain")},
    )
    assert document["participant"] == ids["EE"]
    path = f"/documents/{document['id']}/"
    markings = api.all("/classification-markings/", coalition=ids["coalition"])
    assert markings, "the coalition has a managed list of markings"
    marking = markings[-1]
    api.ok("PATCH", path, json={"classification": marking["id"], "visibility": "secretariat"})
    body = api.ok("GET", path)
    assert (body["marking"], body["visibility"]) == (marking["label"], "secretariat")

    version = ee.ok(
        "POST",
        f"{path}versions/",
        data={"note": "Figures updated"},
        files={"file": ("paper.txt", b"version two\n", "text/plain")},
        expected=201,
    )
    assert version["number"] == 2
    assert [v["number"] for v in api.ok("GET", f"{path}versions/")] == [2, 1]
    current = api.get(f"{path}download/")
    assert current.status_code == 200 and current.content == b"version two\n"
    assert marking["label"] in current.headers["Content-Disposition"]
    first = api.get(f"{path}download/", params={"version": 1})
    assert first.content == b"version one\n"
    # Secretariat only: the other delegations no longer see it.
    assert api_as("delegate-lu").get(path).status_code == 404


def test_document_versions_and_markings_on_the_pages(api, sec, ids):
    label = f"LIVE {tag().upper()}"
    ok(sec.submit(f"{C}/meetings/markings/add/", {"label": label, "position": "9"}), label)
    marking = next(
        m for m in api.all("/classification-markings/", coalition=ids["coalition"]) if m["label"] == label
    )
    ok(sec.submit(f"{C}/meetings/markings/{marking['id']}/edit/", {"description": "Handle with care."}))
    assert api.ok("GET", f"/classification-markings/{marking['id']}/")["description"] == "Handle with care."

    meeting = held_meeting(api, ids, days_ago=4)
    item = agenda_item(api, meeting)
    document = api.ok(
        "POST",
        "/documents/",
        data={"agenda_item": item["id"], "visibility": "members"},
        files={"file": ("page.txt", b"page one\n", "text/plain")},
    )
    base = f"{C}/meetings/{meeting['number']}/documents/{document['id']}"
    ok(sec.submit(f"{base}/edit/", {"title": "Page paper", "classification": marking["id"]}), "Page paper")
    body = api.ok("GET", f"/documents/{document['id']}/")
    assert (body["title"], body["marking"]) == ("Page paper", label)
    ok(
        sec.submit(
            f"{base}/versions/add/",
            {"note": "Second draft"},
            files={"file": ("page.txt", b"page two\n", "text/plain")},
        ),
        "Second draft",
    )
    assert [v["number"] for v in api.ok("GET", f"/documents/{document['id']}/versions/")] == [2, 1]

    # A marking in use is kept (the page says why); an unused one is deleted.
    spare = f"SPARE {tag().upper()}"
    ok(sec.submit(f"{C}/meetings/markings/add/", {"label": spare}), spare)
    spare_id = next(
        m["id"]
        for m in api.all("/classification-markings/", coalition=ids["coalition"])
        if m["label"] == spare
    )
    ok(sec.post_form(f"{C}/meetings/markings/{spare_id}/delete/"), "Marking deleted.")
    gone(api, f"/classification-markings/{spare_id}/")
