"""Every write operation of the API, on the real stack, with the result read back as a client would see it.

Each test walks one resource through create, update (PUT and PATCH), its actions and delete, reading the
record back after each step; changes to the figures are also checked in the next status summary.
"""

import secrets
import time
from decimal import Decimal

import pytest

from live.processes import wait_until

COALITION_SLUG = "it-coalition"


def unique(prefix):
    return f"{prefix} {secrets.token_hex(3)}"


def request_fields(schema, name):
    return set(schema["components"]["schemas"][name]["properties"])


def put_back(api, path, schema, request_name, **changes):
    """PUT the record as read, with `changes`, limited to the fields its request schema accepts."""
    current = api.ok("GET", path)
    fields = request_fields(schema, request_name)
    body = {k: v for k, v in current.items() if k in fields and v is not None}
    body.update(changes)
    return api.ok("PUT", path, json=body)


def gone(api, path):
    response = api.get(path)
    assert response.status_code == 404, (path, response.status_code)


@pytest.fixture(scope="module")
def ctx(stack, api_as):
    api = api_as("secretariat")
    coalition = next(c for c in api.all("/coalitions/") if c["slug"] == COALITION_SLUG)
    participants = {p["code"]: p for p in api.all("/participants/")}
    return {"coalition": coalition["id"], "participants": participants, "api": api}


def next_summary(api, coalition, since):
    """The first status summary generated after `since` (an ISO time), as the API serves it."""

    def newer():
        response = api.get("/summaries/latest/", params={"coalition": coalition})
        if response.status_code == 200 and response.json()["generated_at"] > since:
            return response.json()
        return None

    return wait_until(newer, timeout=60, what="the next summary after the change")


def current_summary(api, coalition):
    """A summary of the data as it is now (asked for on demand and waited for)."""
    job = api.ok("POST", "/summaries/", json={"coalition": coalition}, expected=202)
    wait_until(
        lambda: api.ok("GET", f"/summary-jobs/{job['id']}/")["state"] == "succeeded",
        timeout=60,
        what="the job",
    )
    return api.ok("GET", "/summaries/latest/", params={"coalition": coalition})


def pledged_by(summary, code):
    """EUR pledged by a state (all pledges, live stages) in a summary, as the dashboard shows it."""
    row = next(r for r in summary["payload"]["contributions"]["by_state"] if r["participant"]["code"] == code)
    return Decimal(row["all"]["pledged_eur"] or 0)


def server_now(stack):
    return stack.sql("select to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]


# -- registry ------------------------------------------------------------------------------------------


def test_coalitions(api_as, stack, live_schema):
    admin = api_as(stack.superuser())
    created = admin.ok(
        "POST", "/coalitions/", json={"name": "Live Coalition", "short_name": "LC", "slug": "live-c"}
    )
    path = f"/coalitions/{created['id']}/"
    assert admin.ok("GET", path)["name"] == "Live Coalition"
    put_back(admin, path, live_schema, "CoalitionRequest", description="Put by the live suite")
    assert admin.ok("GET", path)["description"] == "Put by the live suite"
    admin.ok("PATCH", path, json={"founded_on": "2024-02-02"})
    assert admin.ok("GET", path)["founded_on"] == "2024-02-02"
    admin.ok("DELETE", path)
    gone(admin, path)


def test_participants_and_memberships(ctx, api_as, stack, live_schema):
    staff = api_as(
        stack.superuser()
    )  # participants are shared records: staff (or registry managers) keep them
    api = ctx["api"]
    code = "L" + secrets.token_hex(3).upper()
    participant = staff.ok(
        "POST", "/participants/", json={"kind": "organisation", "code": code, "name": "Live Org"}
    )
    path = f"/participants/{participant['id']}/"
    put_back(staff, path, live_schema, "ParticipantRequest", name="Live Organisation")
    staff.ok("PATCH", path, json={"name": "Live Organisation (patched)"})
    assert api.ok("GET", path)["name"] == "Live Organisation (patched)"

    membership = api.ok(
        "POST",
        "/memberships/",
        json={
            "coalition": ctx["coalition"],
            "participant": participant["id"],
            "role": "observer",
            "joined_on": "2024-02-02",
        },
    )
    mpath = f"/memberships/{membership['id']}/"
    put_back(api, mpath, live_schema, "MembershipRequest", note="put")
    api.ok("PATCH", mpath, json={"note": "patched"})
    assert api.ok("GET", mpath)["note"] == "patched"
    successor = api.ok(
        "POST", f"{mpath}change-role/", json={"role": "member", "on": "2024-04-09"}, expected=201
    )
    assert successor["role"] == "member" and successor["joined_on"] == "2024-04-09"
    assert api.ok("GET", mpath)["left_on"] == "2024-04-08"  # the observer period is kept, closed
    roles = {m["role"] for m in api.all("/memberships/", participant=participant["id"])}
    assert roles == {"observer", "member"}
    for row in api.all("/memberships/", participant=participant["id"]):
        api.ok("DELETE", f"/memberships/{row['id']}/")
    assert api.all("/memberships/", participant=participant["id"]) == []
    staff.ok("DELETE", path)
    gone(api, path)


def test_expert_groups(ctx, live_schema):
    api = ctx["api"]
    ee = ctx["participants"]["EE"]["id"]
    group = api.ok(
        "POST",
        "/expert-groups/",
        json={"coalition": ctx["coalition"], "name": unique("Live group"), "lead": ee, "members": [ee]},
    )
    path = f"/expert-groups/{group['id']}/"
    put_back(api, path, live_schema, "ExpertGroupRequest", description="put")
    api.ok("PATCH", path, json={"members": [ee, ctx["participants"]["LU"]["id"]]})
    assert sorted(api.ok("GET", path)["members"]) == sorted([ee, ctx["participants"]["LU"]["id"]])
    api.ok("DELETE", path)
    gone(api, path)


# -- contributions ------------------------------------------------------------------------------------


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


# -- procurement --------------------------------------------------------------------------------------


def test_roadmap_allocations_orders_deliveries(ctx, live_schema):
    api = ctx["api"]
    area = api.ok(
        "POST", "/capability-areas/", json={"coalition": ctx["coalition"], "name": unique("Live area")}
    )
    apath = f"/capability-areas/{area['id']}/"
    put_back(api, apath, live_schema, "CapabilityAreaRequest", description="put")
    api.ok("PATCH", apath, json={"position": 9})
    assert api.ok("GET", apath)["position"] == 9

    item = api.ok(
        "POST",
        "/roadmap-items/",
        json={
            "coalition": ctx["coalition"],
            "title": unique("Live item"),
            "capability_area": area["id"],
            "priority": 2,
            "planned_year": 2027,
            "estimated_cost_low": "100000.00",
            "estimated_cost_high": "150000.00",
            "currency": "EUR",
        },
    )
    ipath = f"/roadmap-items/{item['id']}/"
    put_back(api, ipath, live_schema, "RoadmapItemRequest", note="put")
    api.ok("PATCH", ipath, json={"planned_quarter": 3})
    assert api.ok("GET", ipath)["planned_quarter"] == 3

    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ctx["coalition"],
            "donor": ctx["participants"]["LU"]["id"],
            "kind": "financial",
            "amount": "90000.00",
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
    )
    allocation = api.ok(
        "POST",
        "/allocations/",
        json={"pledge": pledge["id"], "roadmap_item": item["id"], "amount": "40000.00"},
    )
    lpath = f"/allocations/{allocation['id']}/"
    put_back(api, lpath, live_schema, "AllocationUpdateRequest", amount="45000.00")
    api.ok("PATCH", lpath, json={"amount": "50000.00", "note": "patched"})
    assert api.ok("GET", lpath)["amount"] == "50000.00"
    assert api.ok("GET", ipath)["funding"]["funded_eur"] == "50000.00"

    for stage in ("requirements", "tendering"):
        api.ok("POST", f"{ipath}transition/", json={"to_status": stage})
    assert api.ok("GET", ipath)["status"] == "tendering"
    order = api.ok(
        "POST",
        "/orders/",
        json={
            "roadmap_item": item["id"],
            "supplier": "Live Supplier",
            "value": "48000.00",
            "currency": "EUR",
            "ordered_on": "2024-07-01",
            "quantity": 10,
        },
    )
    opath = f"/orders/{order['id']}/"
    put_back(api, opath, live_schema, "OrderRequest", contract_reference="C-1")
    api.ok("PATCH", opath, json={"quantity": 12})
    assert api.ok("GET", opath)["quantity"] == 12
    api.ok("POST", f"{ipath}transition/", json={"to_status": "contracted"})
    delivery = api.ok(
        "POST", "/deliveries/", json={"order": order["id"], "quantity": 5, "expected_on": "2024-09-01"}
    )
    dpath = f"/deliveries/{delivery['id']}/"
    put_back(api, dpath, live_schema, "DeliveryRequest", note="put")
    api.ok("PATCH", dpath, json={"delivered_on": "2024-09-02"})
    assert api.ok("GET", dpath)["delivered_on"] == "2024-09-02"

    for path in (dpath, opath, lpath):
        api.ok("DELETE", path)
        gone(api, path)
    api.ok("DELETE", ipath)
    gone(api, ipath)
    api.ok("DELETE", apath)
    gone(api, apath)
    api.ok("DELETE", f"/pledges/{pledge['id']}/")


# -- meetings -----------------------------------------------------------------------------------------


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


def test_registry_proposals(ctx, api_as, stack):
    api = ctx["api"]
    staff = api_as(stack.superuser())

    def propose(code):
        return api.ok(
            "POST",
            "/registry-proposals/",
            json={
                "coalition": ctx["coalition"],
                "kind": "participant_create",
                "reason": "live",
                "participant_kind": "organisation",
                "code": code,
                "name": f"Proposed {code}",
            },
        )

    accepted_code = "A" + secrets.token_hex(3).upper()
    proposal = propose(accepted_code)
    staff.ok("POST", f"/registry-proposals/{proposal['id']}/accept/", json={"note": "fine"})
    assert any(p["code"] == accepted_code for p in api.all("/participants/"))
    assert api.ok("GET", f"/registry-proposals/{proposal['id']}/")["status"] == "accepted"
    rejected = propose("R" + secrets.token_hex(3).upper())
    staff.ok("POST", f"/registry-proposals/{rejected['id']}/reject/", json={"note": "no"})
    assert api.ok("GET", f"/registry-proposals/{rejected['id']}/")["status"] == "rejected"
    withdrawn = propose("W" + secrets.token_hex(3).upper())
    api.ok("POST", f"/registry-proposals/{withdrawn['id']}/withdraw/")
    assert api.ok("GET", f"/registry-proposals/{withdrawn['id']}/")["status"] == "withdrawn"
