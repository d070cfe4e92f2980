"""Security on the real stack: registry proposals (pages and API), the login lockout and the API rate limits
over HTTP, each from a loopback address of its own (127.0.0.x) so no other test is locked out, and both
while Redis is down. The shared stack runs with API_THROTTLE off (live/conftest.py); the throttling tests
start a web node of their own with small limits."""

import re
from decimal import Decimal

import pytest

from live.http import ApiClient, PageClient, messages_of
from live.processes import free_port

C = "/c/it-coalition"


def _coalition_id(api):
    return api.ok("GET", "/coalitions/")["results"][0]["id"]


def test_a_proposed_rate_is_accepted_and_moves_the_shared_table(api_as):
    sec, registry = api_as("secretariat"), api_as("registry")
    body = {"coalition": _coalition_id(sec), "kind": "fx_rate", "currency": "CHF", "date": "2024-05-02"}
    proposal = sec.ok(
        "POST",
        "/registry-proposals/",
        json={**body, "rate": "0.9712", "reason": "ECB reference rate"},
        expected=201,
    )
    assert proposal["status"] == "pending" and proposal["kind"] == "fx_rate_create"
    day = {"currency": "CHF", "date_after": "2024-05-02", "date_before": "2024-05-02"}
    assert sec.ok("GET", "/fx-rates/", params=day)["count"] == 0  # nothing moves yet
    assert api_as("observer").post("/api/v1/registry-proposals/", json={}).status_code == 403
    assert sec.post(f"/api/v1/registry-proposals/{proposal['id']}/accept/", json={}).status_code == 403
    accepted = registry.ok("POST", f"/registry-proposals/{proposal['id']}/accept/", json={"note": "Checked."})
    assert accepted["status"] == "accepted" and accepted["decided_by"]
    rates = sec.ok("GET", "/fx-rates/", params=day)["results"]
    assert [(r["date"], Decimal(r["rate"])) for r in rates] == [("2024-05-02", Decimal("0.9712"))]


def test_a_rename_is_rejected_with_a_note_and_a_new_participant_withdrawn(api_as):
    sec, registry = api_as("secretariat"), api_as("registry")
    coalition = _coalition_id(sec)
    estonia = next(p for p in sec.all("/participants/", q="EE") if p["code"] == "EE")
    rename = sec.ok(
        "POST",
        "/registry-proposals/",
        json={
            "coalition": coalition,
            "kind": "participant_rename",
            "participant": estonia["id"],
            "name": "Eesti",
            "reason": "Local name",
        },
        expected=201,
    )
    rejected = registry.ok(
        "POST", f"/registry-proposals/{rename['id']}/reject/", json={"note": "Use English."}
    )
    assert (rejected["status"], rejected["decision_note"]) == ("rejected", "Use English.")
    assert sec.ok("GET", f"/participants/{estonia['id']}/")["name"] == estonia["name"]
    new = sec.ok(
        "POST",
        "/registry-proposals/",
        json={
            "coalition": coalition,
            "kind": "participant_create",
            "participant_kind": "state",
            "code": "MT",
            "reason": "Joins",
        },
        expected=201,
    )
    withdrawn = sec.ok("POST", f"/registry-proposals/{new['id']}/withdraw/", json={})
    assert withdrawn["status"] == "withdrawn"
    assert sec.ok("GET", f"/registry-proposals/{new['id']}/")["status"] == "withdrawn"


def test_proposals_on_the_pages_and_the_registry_managers_queue(pages_as):
    sec = pages_as("secretariat")
    page = sec.submit(
        f"{C}/proposals/fx-rate/", {"currency": "SEK", "date": "2024-05-03", "rate": "11.62", "reason": "ECB"}
    )
    assert page.url.endswith(f"{C}/proposals/"), messages_of(page.text)
    assert "SEK 2024-05-03 = 11.62" in page.text
    page = sec.submit(
        f"{C}/proposals/participant/", {"participant_kind": "state", "code": "CY", "reason": "x"}
    )
    assert "CY" in page.text and "Pending" in page.text
    page = sec.submit(
        f"{C}/proposals/participant/LU/rename/", {"name": "Grand Duchy of Luxembourg", "reason": "Official"}
    )
    assert "Grand Duchy of Luxembourg" in page.text
    withdraw = re.search(rf'href="({C}/proposals/(\d+)/withdraw/)"', page.text).group(1)
    page = sec.submit(withdraw)
    assert "Proposal withdrawn." in messages_of(page.text)

    registry = pages_as("registry")
    queue = registry.get("/registry/proposals/")
    decide = re.search(r'href="(/registry/proposals/\d+/)"', queue.text).group(1)
    page = registry.submit(decide, {"decision": "accept", "note": ""})
    assert "Accepted" in " ".join(messages_of(page.text)), messages_of(page.text)
    page = registry.submit("/participants/add/", {"kind": "state", "code": "SI", "name": ""})
    assert page.url.endswith("/participants/SI/") and "Slovenia" in page.text
    page = registry.submit("/participants/SI/edit/", {"name": "Republic of Slovenia"})
    assert "Republic of Slovenia" in page.text
    assert pages_as("secretariat").get("/registry/proposals/").status_code == 403


def _login(client, username, password):
    page = client.get("/accounts/login/")
    return client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": client.csrf_token(page)},
        headers={"Referer": page.url},
        allow_redirects=False,
    )


@pytest.fixture(scope="module")
def staff_and_probe(stack):
    stack.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user('live-staff', password='{stack.password}', is_staff=True); "
        f"User.objects.create_user('lockout-probe', password='{stack.password}')",
    )
    return "live-staff", "lockout-probe"


def test_ten_wrong_passwords_lock_the_account_until_staff_unlock_it(stack, recorder, staff_and_probe):
    staff, probe = staff_and_probe
    attacker = PageClient(stack.url, recorder, source_address="127.0.0.2")
    codes = [_login(attacker, probe, "wrong").status_code for _ in range(10)]
    assert codes == [200] * 9 + [429]
    # Locked per username: from another address, with the right password, still refused.
    other = PageClient(stack.url, recorder, source_address="127.0.0.3")
    refused = _login(other, probe, stack.password)
    assert refused.status_code == 429 and "Too many failed logins" in refused.text
    admin = PageClient(stack.url, recorder).login(staff, stack.password)
    listing = admin.get("/registry/lockouts/")
    assert probe in listing.text and "Locked" in listing.text
    unlock = re.search(rf"<td>{probe}</td>.*?action=\"(/registry/lockouts/\d+/unlock/)\"", listing.text, re.S)
    page = admin.post_form(unlock.group(1))
    assert f"Unlocked {probe}." in messages_of(page.text)
    assert _login(other, probe, stack.password).status_code == 302


def test_an_address_that_guesses_many_usernames_is_locked(stack, recorder):
    guesser = PageClient(stack.url, recorder, source_address="127.0.0.4")
    for n in range(10):
        _login(guesser, f"nobody-{n}", "wrong")
    assert _login(guesser, "observer", stack.password).status_code == 429
    assert _login(PageClient(stack.url, recorder), "observer", stack.password).status_code == 302


@pytest.fixture(scope="module")
def throttled_node(stack):
    """A web node with rate limits on and small numbers (the shared stack runs without them)."""
    return stack.start_web(
        workers=1, API_THROTTLE="true", API_RATE_TOKEN="5/min,100/hour", API_BAD_TOKEN_LIMIT="3"
    )


def test_a_token_past_its_burst_limit_gets_429_with_retry_after(stack, throttled_node, recorder):
    api = ApiClient(throttled_node.url, stack.token("observer", "read"), recorder, source_address="127.0.0.5")
    answers = [api.get("/participants/") for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert [a.headers["RateLimit-Remaining"] for a in answers[:5]] == ["4", "3", "2", "1", "0"]
    assert answers[0].headers["RateLimit-Limit"] == "5"
    limited = answers[5]
    assert limited.headers["Content-Type"].startswith("application/problem+json")
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["code"] == "rate-limited"


def test_repeated_bad_tokens_slow_the_address_down(throttled_node, recorder):
    guesses = [
        ApiClient(throttled_node.url, f"guess-{n}", recorder, source_address="127.0.0.6").get(
            "/participants/"
        )
        for n in range(5)
    ]
    assert [g.status_code for g in guesses] == [401, 401, 401, 429, 429]
    assert int(guesses[-1].headers["Retry-After"]) > 0


def test_limits_fail_open_and_the_lockout_holds_while_redis_is_down(stack, recorder):
    node = stack.start_web(workers=1, API_THROTTLE="true", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    api = ApiClient(node.url, stack.token("observer", "read"), recorder, source_address="127.0.0.7")
    answers = [api.get("/participants/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]  # served: no 500, no 429
    assert all(a.elapsed.total_seconds() < 3 for a in answers)
    assert (
        ApiClient(node.url, "bad", recorder, source_address="127.0.0.7").get("/participants/").status_code
        == 401
    )
    pages = PageClient(node.url, recorder, source_address="127.0.0.8")
    codes = [_login(pages, "nobody-redis-down", "wrong").status_code for _ in range(10)]
    assert codes == [200] * 9 + [429]  # the lockout lives in the database
    assert _login(pages, "observer", stack.password).status_code == 429
