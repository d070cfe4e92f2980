"""Every write operation of the API on the real stack (see __init__.py): the registry (coalitions,
participants and memberships, expert groups, registry proposals)."""

import secrets

from live.test_api_writes.helpers import gone, put_back, unique


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
