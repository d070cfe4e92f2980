"""Webhooks on the real stack: a receiver in this test process (a thread) gets, from the real Celery worker,
a signed event for a pledge created over the API; a failing receiver is retried with backoff; a delivery is
re-sent; every webhook write (API and pages) is exercised and read back."""

import json
import time

import pytest

from live.processes import free_port, wait_until
from webhooks.signing import verify
from webhooks.tests.receiver import Receiver

COALITION_SLUG = "it-coalition"


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def ctx(stack, api_as):
    api = api_as("secretariat")
    coalition = next(c for c in api.all("/coalitions/") if c["slug"] == COALITION_SLUG)
    participants = {p["code"]: p for p in api.all("/participants/")}
    return {"coalition": coalition["id"], "participants": participants, "api": api}


def _pledge(api, ctx, amount):
    return api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ctx["coalition"],
            "donor": ctx["participants"]["EE"]["id"],
            "kind": "financial",
            "amount": amount,
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
    )


def _received(receiver, event, object_id, *, timeout=60):
    def found():
        hits = [
            r
            for r in receiver.received
            if r.headers.get("X-Portal-Event") == event
            and json.loads(r.body)["data"]["object"]["id"] == object_id
        ]
        return hits or None

    return wait_until(found, timeout=timeout, what=f"{event} of {object_id} at the receiver")


def _delivery(api, endpoint_id, event, *, status, attempts=None, timeout=60):
    def settled():
        rows = api.ok("GET", "/webhook-deliveries/", params={"endpoint": endpoint_id, "event": event})[
            "results"
        ]
        done = [r for r in rows if r["status"] == status and (attempts is None or r["attempts"] == attempts)]
        return done[0] if done else None

    return wait_until(settled, timeout=timeout, what=f"a {status} {event} delivery to endpoint {endpoint_id}")


def test_a_real_worker_delivers_a_signed_event_for_a_pledge_created_over_the_api(ctx, receiver):
    api = ctx["api"]
    endpoint = api.ok(
        "POST",
        "/webhooks/",
        json={
            "coalition": ctx["coalition"],
            "url": receiver.url,
            "description": "Finance system",
            "events": ["pledge.created", "pledge.transitioned"],
        },
        expected=201,
    )
    secret = endpoint["secret"]
    assert "secret" not in api.ok("GET", f"/webhooks/{endpoint['id']}/")
    started = time.monotonic()
    pledge = _pledge(api, ctx, "4321.00")
    request = _received(receiver, "pledge.created", pledge["id"])[0]
    latency = time.monotonic() - started
    assert verify(secret, request.body, request.headers["X-Portal-Signature"])
    body = json.loads(request.body)
    assert body["id"] == request.headers["X-Portal-Event-Id"] and body["type"] == "pledge.created"
    assert body["data"]["object"]["amount"] == "4321.00" and body["data"]["object"]["donor_code"] == "EE"
    assert body["data"]["object"] == api.ok("GET", f"/pledges/{pledge['id']}/")  # the record as GET shows it
    delivery = _delivery(api, endpoint["id"], "pledge.created", status="succeeded")
    assert delivery["response_code"] == 200 and delivery["attempts"] == 1 and delivery["delivered_at"]
    assert delivery["payload"] == body
    print(f"webhook: pledge created → signed POST received after {latency:.2f} s")

    # re-sent: the same event (id and body), as a new delivery
    again = api.ok("POST", f"/webhook-deliveries/{delivery['id']}/redeliver/", expected=201)
    assert again["redelivery_of"] == delivery["id"] and again["event_id"] == delivery["event_id"]
    wait_until(
        lambda: len(_received(receiver, "pledge.created", pledge["id"])) == 2, timeout=60, what="re-sent"
    )
    resent = api.ok("GET", f"/webhook-deliveries/{again['id']}/")
    assert resent["status"] == "succeeded" and resent["attempts"] == 1

    # PUT, PATCH, DELETE, each read back
    put = api.ok(
        "PUT",
        f"/webhooks/{endpoint['id']}/",
        json={"url": receiver.url, "events": ["pledge.changed"], "description": "Renamed", "is_active": True},
    )
    assert put["events"] == ["pledge.changed"] and put["description"] == "Renamed"
    api.ok("PATCH", f"/webhooks/{endpoint['id']}/", json={"is_active": False})
    assert api.ok("GET", f"/webhooks/{endpoint['id']}/")["is_active"] is False
    api.ok("DELETE", f"/webhooks/{endpoint['id']}/", expected=204)
    assert api.get(f"/webhooks/{endpoint['id']}/").status_code == 404


def test_a_failing_receiver_is_retried_with_backoff_until_it_answers(ctx):
    api = ctx["api"]
    receiver = Receiver(answers=[500, 503, 200]).start()
    try:
        endpoint = api.ok(
            "POST",
            "/webhooks/",
            json={"coalition": ctx["coalition"], "url": receiver.url, "events": ["pledge.created"]},
            expected=201,
        )
        pledge = _pledge(api, ctx, "777.00")
        delivery = _delivery(api, endpoint["id"], "pledge.created", status="succeeded", attempts=3)
        assert delivery["response_code"] == 200
        hits = _received(receiver, "pledge.created", pledge["id"])
        assert len(hits) == 3 and len({h.headers["X-Portal-Event-Id"] for h in hits}) == 1
        stamps = [int(h.headers["X-Portal-Signature"].split(",")[0][2:]) for h in hits]
        assert stamps[2] - stamps[0] >= 2  # waited 1 s, then 2 s (WEBHOOKS_BACKOFF_SECONDS=1 on the stack)
        api.ok("DELETE", f"/webhooks/{endpoint['id']}/", expected=204)
    finally:
        receiver.stop()


def test_the_secretariat_manages_webhooks_on_the_pages(ctx, pages_as, receiver):
    pages = pages_as("secretariat")
    base = f"/c/{COALITION_SLUG}/webhooks/"
    added = pages.submit(
        base + "add/", {"url": receiver.url, "description": "Pages receiver", "events": ["pledge.created"]}
    )
    assert added.status_code == 200 and "Pages receiver" in added.text
    assert "whsec_" in added.text  # the secret, shown once
    api = ctx["api"]
    endpoint = next(e for e in api.all("/webhooks/") if e["description"] == "Pages receiver")
    edited = pages.submit(f"{base}{endpoint['id']}/edit/", {"description": "Pages receiver (edited)"})
    assert edited.status_code == 200
    assert api.ok("GET", f"/webhooks/{endpoint['id']}/")["description"] == "Pages receiver (edited)"
    pledge = _pledge(api, ctx, "55.00")
    _received(receiver, "pledge.created", pledge["id"])
    delivery = _delivery(api, endpoint["id"], "pledge.created", status="succeeded")
    log = pages.get(base + "deliveries/", params={"endpoint": endpoint["id"]})
    assert log.status_code == 200 and str(delivery["event_id"]) in log.text
    redeliver = f"{base}deliveries/{delivery['id']}/redeliver/"
    resent = pages.submit(base + "deliveries/?endpoint=" + str(endpoint["id"]), action=redeliver)
    assert resent.status_code == 200
    wait_until(
        lambda: len(_received(receiver, "pledge.created", pledge["id"])) == 2, timeout=60, what="re-sent"
    )
    deleted = pages.submit(f"{base}{endpoint['id']}/delete/")
    assert deleted.status_code == 200
    assert api.get(f"/webhooks/{endpoint['id']}/").status_code == 404


def test_redis_down_the_write_succeeds_and_the_sweeper_delivers_later(stack, ctx, api_as, receiver):
    api = ctx["api"]
    endpoint = api.ok(
        "POST",
        "/webhooks/",
        json={"coalition": ctx["coalition"], "url": receiver.url, "events": ["pledge.created"]},
        expected=201,
    )
    node = stack.start_web(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")  # a node whose Redis is gone
    try:
        started = time.monotonic()
        pledge = _pledge(api_as("secretariat", url=node.url), ctx, "31337.00")
        took = time.monotonic() - started
        assert api.ok("GET", f"/pledges/{pledge['id']}/")["amount"] == "31337.00"  # the write stands
        pending = _delivery(api, endpoint["id"], "pledge.created", status="pending", attempts=0)
        assert "not queued, the sweeper will" in node.log() and "Traceback" not in node.log()
        # the sweeper (beat runs it every minute) queues it; the real worker delivers it
        swept = stack.manage(
            "shell", "-c", "from webhooks import services; print(services.sweep(grace_seconds=0))"
        )
        assert str(pending["id"]) in swept.stdout
        request = _received(receiver, "pledge.created", pledge["id"])[0]
        assert verify(endpoint["secret"], request.body, request.headers["X-Portal-Signature"])
        assert api.ok("GET", f"/webhook-deliveries/{pending['id']}/")["status"] == "succeeded"
        print(f"webhook: pledge created with Redis down answered in {took:.2f} s; delivered after the sweep")
    finally:
        node.stop()
        api.ok("DELETE", f"/webhooks/{endpoint['id']}/", expected=204)
