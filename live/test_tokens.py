"""API tokens managed in the portal (issue 11 item 4), on the real stack: every write of /api/v1/tokens/ and
of the Tokens page, each checked where it shows — the new secret works as a bearer token, a rotated or
revoked one answers 401, the page lists the token, the coalition's audit trail has each step.
"""

import re
import secrets

import pytest

from live.http import ApiClient


def secret_on(page_text):
    match = re.search(r"<code data-secret>([^<]+)</code>", page_text)
    assert match, "no secret on the page"
    return match.group(1)


def works(stack, secret):
    return ApiClient(stack.url, secret).get("/participants/").status_code


@pytest.fixture(scope="module")
def delegate(api_as):
    return api_as("delegate-ee")


def test_api_create_rotate_revoke(stack, delegate, api_as):
    name = f"ERP {secrets.token_hex(3)}"
    response = delegate.post("/tokens/", json={"name": name, "scope": "read"})
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["Location"].endswith(f"/api/v1/tokens/{created['id']}/")
    assert response.headers["Cache-Control"] == "no-store"
    assert works(stack, created["secret"]) == 200
    read_back = delegate.ok("GET", f"/tokens/{created['id']}/")
    assert (read_back["name"], read_back["status"]) == (name, "active")
    assert read_back["last_used_at"] is not None and "secret" not in read_back

    rotated = delegate.ok("POST", f"/tokens/{created['id']}/rotate/")
    assert rotated["id"] == created["id"] and rotated["secret"] != created["secret"]
    assert works(stack, created["secret"]) == 401
    assert works(stack, rotated["secret"]) == 200

    secretariat = api_as("secretariat")
    assert secretariat.post(f"/tokens/{created['id']}/rotate/").status_code == 403  # not the owner's
    etag = delegate.get(f"/tokens/{created['id']}/").headers["ETag"]
    assert delegate.delete(f"/tokens/{created['id']}/", headers={"If-Match": etag}).status_code == 204
    assert works(stack, rotated["secret"]) == 401
    assert delegate.ok("GET", f"/tokens/{created['id']}/")["status"] == "revoked"

    coalition = next(c["id"] for c in secretariat.all("/coalitions/") if c["slug"] == "it-coalition")
    trail = secretariat.ok(
        "GET", "/audit/", params={"coalition": coalition, "type": "apitoken", "record": str(created["id"])}
    )["results"]
    assert [(e["action"], e["user"]) for e in trail] == [
        ("changed", "delegate-ee"),
        ("changed", "delegate-ee"),
        ("created", "delegate-ee"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "admin"}, "scope"),
        ({"scope": "read", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"scope": "read", "user": 1}, "user"),
    ],
)
def test_api_problems_name_the_field(delegate, body, field):
    response = delegate.post("/tokens/", json=body)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_secretariat_revokes_a_users_token(stack, api_as):
    observer = api_as("observer")
    created = observer.ok("POST", "/tokens/", json={"scope": "read", "name": "dash"}, expected=201)
    secretariat = api_as("secretariat")
    listed = secretariat.ok("GET", "/tokens/", params={"status": "active"})["results"]
    assert created["id"] in {t["id"] for t in listed}
    secretariat.ok("DELETE", f"/tokens/{created['id']}/", expected=204)
    assert works(stack, created["secret"]) == 401


def test_page_forms_create_rotate_revoke(stack, pages_as):
    page = pages_as("delegate-ee")
    name = f"Dashboard {secrets.token_hex(3)}"
    response = page.submit("/account/tokens/", {"name": name, "scope": "read", "expires_in_days": "30"})
    assert response.status_code == 200, response.text[:1000]
    first = secret_on(response.text)
    assert works(stack, first) == 200
    listing = page.get("/account/tokens/").text
    assert name in listing and first not in listing
    prefix = first[:8]
    row = re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(prefix)}(?:(?!</tr>).)*</tr>", listing, flags=re.S)
    assert row, "the new token is not listed"
    rotate = re.search(r'action="(/account/tokens/\d+/rotate/)"', row.group(0)).group(1)
    revoke = re.search(r'action="(/account/tokens/\d+/revoke/)"', row.group(0)).group(1)

    response = page.post_form(rotate, {})
    assert response.status_code == 200, response.text[:1000]
    second = secret_on(response.text)
    assert works(stack, first) == 401 and works(stack, second) == 200

    response = page.post_form(revoke, {})
    assert response.status_code == 200 and "revoked" in response.text
    assert works(stack, second) == 401
