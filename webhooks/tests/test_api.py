"""/api/v1/webhooks/ and /api/v1/webhook-deliveries/: the secretariat's, the secret shown once, authorisation
before validation, filters, and re-sending."""

import json

import pytest

from webhooks import services
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
URL = "https://hooks.partner.example/portal"


def _endpoint(world, url=URL, events=("pledge.created",)):
    return services.endpoint_create(
        actor=world.users.secretariat, coalition=world.coalition, url=url, events=list(events)
    )


def _delivery(endpoint, event="pledge.created", status=WebhookDelivery.Status.FAILED):
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=event,
        body=json.dumps({"type": event, "data": {}}),
        status=status,
        attempts=3,
    )


def test_the_secretariat_registers_an_endpoint_and_sees_the_secret_once(world, api_client_for):
    api = api_client_for(world.users.secretariat)
    body = {"coalition": world.coalition.pk, "url": URL, "events": ["pledge.created", "summary.generated"]}
    created = api.post("/api/v1/webhooks/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["secret"].startswith("whsec_") and len(data["secret"]) > 40
    assert created["Location"].endswith(f"/api/v1/webhooks/{data['id']}/")
    assert WebhookEndpoint.objects.get(pk=data["id"]).secret == data["secret"]
    read = api.get(f"/api/v1/webhooks/{data['id']}/").json()
    assert "secret" not in read and read["events"] == ["pledge.created", "summary.generated"]
    assert "secret" not in api.get("/api/v1/webhooks/").json()["results"][0]
    patched = api.patch(f"/api/v1/webhooks/{data['id']}/", {"is_active": False}, format="json")
    assert (
        patched.status_code == 200 and patched.json()["is_active"] is False and "secret" not in patched.json()
    )
    assert api.delete(f"/api/v1/webhooks/{data['id']}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_a_replayed_create_never_stores_nor_answers_the_secret_again(world, api_client_for):
    from coalition.models import IdempotencyKey

    api = api_client_for(world.users.secretariat)
    body = {"coalition": world.coalition.pk, "url": URL, "events": ["pledge.created"]}
    first = api.post("/api/v1/webhooks/", body, format="json", HTTP_IDEMPOTENCY_KEY="hook-1")
    second = api.post("/api/v1/webhooks/", body, format="json", HTTP_IDEMPOTENCY_KEY="hook-1")
    assert first.status_code == second.status_code == 201, second.content
    assert second["Idempotent-Replayed"] == "true" and second.json()["id"] == first.json()["id"]
    assert second.json()["secret"] is None and WebhookEndpoint.objects.count() == 1
    assert first.json()["secret"].encode() not in bytes(
        IdempotencyKey.objects.get(key="hook-1").response_body
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["pledge.exploded"]}, "events"),
        ({"events": []}, "events"),
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://hooks.partner.example/"}, "url"),
    ],
)
def test_bad_endpoints_are_400_naming_the_field(world, api_client_for, body, field):
    full = {"coalition": world.coalition.pk, "url": URL, "events": ["pledge.created"], **body}
    response = api_client_for(world.users.secretariat).post("/api/v1/webhooks/", full, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert {e["field"].split(".")[0] for e in response.json()["errors"]} == {field}


def test_a_loopback_url_is_refused_unless_allowed(world, api_client_for, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    body = {"coalition": world.coalition.pk, "url": "http://127.0.0.1:6379/", "events": ["pledge.created"]}
    response = api_client_for(world.users.secretariat).post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["url"]


@pytest.mark.parametrize("who", ["observer", "delegate_ee", "outsider"])
def test_others_cannot_read_or_write_the_endpoints_whatever_the_body(world, api_client_for, who):
    endpoint = _endpoint(world)
    delivery = _delivery(endpoint)
    api = api_client_for(getattr(world.users, who))
    assert api.get("/api/v1/webhooks/").json()["results"] == []
    assert api.get("/api/v1/webhook-deliveries/").json()["results"] == []
    assert api.get(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 404
    garbage = "{not json"
    expected_create = (
        400 if who == "outsider" else 403
    )  # the outsider is a secretariat (of another coalition)
    create = api.post("/api/v1/webhooks/", garbage, content_type="application/json")
    assert create.status_code == expected_create
    body = {"coalition": world.coalition.pk, "url": URL, "events": ["pledge.created"]}
    named_x = api.post("/api/v1/webhooks/", body, format="json")
    if who == "outsider":  # X is a coalition it cannot see: answered as one that does not exist
        assert named_x.status_code == 400 and named_x.json()["errors"][0]["field"] == "coalition"
    else:
        assert named_x.status_code == 403
    assert (
        api.patch(f"/api/v1/webhooks/{endpoint.pk}/", garbage, content_type="application/json").status_code
        == 404
    )
    redeliver = api.post(
        f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/", garbage, content_type="application/json"
    )
    assert redeliver.status_code == 404
    assert WebhookDelivery.objects.count() == 1


def test_a_read_token_reads_but_never_writes(world, api_client_for):
    endpoint = _endpoint(world)
    delivery = _delivery(endpoint)
    api = api_client_for(world.users.secretariat, scope="read")
    assert api.get(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 200
    assert api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/").status_code == 403
    assert api.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 403


def test_the_delivery_log_filters_by_endpoint_event_and_status(world, api_client_for):
    first, second = _endpoint(world), _endpoint(world, events=["meeting.changed"])
    a = _delivery(first, status=WebhookDelivery.Status.SUCCEEDED)
    b = _delivery(first, status=WebhookDelivery.Status.FAILED)
    c = _delivery(second, event="meeting.changed", status=WebhookDelivery.Status.FAILED)
    api = api_client_for(world.users.secretariat)

    def ids(**params):
        response = api.get("/api/v1/webhook-deliveries/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(endpoint=first.pk) == {a.pk, b.pk}
    assert ids(event="meeting.changed") == {c.pk}
    assert ids(status="failed") == {b.pk, c.pk}
    assert ids(status="failed", endpoint=first.pk) == {b.pk}
    assert api.get("/api/v1/webhook-deliveries/", {"status": "lost"}).status_code == 400
    assert api.get("/api/v1/webhook-deliveries/", {"colour": "red"}).status_code == 400
    detail = api.get(f"/api/v1/webhook-deliveries/{c.pk}/").json()
    assert detail["payload"] == {"type": "meeting.changed", "data": {}} and detail["attempts"] == 3
    assert detail["status"] == "failed" and detail["response_code"] is None


def test_redeliver_over_the_api_makes_a_new_delivery(
    world, api_client_for, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(world, url=receiver.url)
    failed = _delivery(endpoint)
    api = api_client_for(world.users.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/webhook-deliveries/{failed.pk}/redeliver/")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["redelivery_of"] == failed.pk and data["event_id"] == str(failed.event_id)
    assert response["Location"].endswith(f"/api/v1/webhook-deliveries/{data['id']}/")
    assert WebhookDelivery.objects.get(pk=data["id"]).status == "succeeded"
    assert len(receiver.received) == 1 and receiver.received[0].body == failed.body


def test_redeliver_to_an_inactive_endpoint_is_a_conflict(world, api_client_for):
    endpoint = _endpoint(world)
    delivery = _delivery(endpoint)
    services.endpoint_update(actor=world.users.secretariat, endpoint=endpoint, is_active=False)
    response = api_client_for(world.users.secretariat).post(
        f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/"
    )
    assert response.status_code == 409
    assert WebhookDelivery.objects.count() == 1


def test_an_endpoint_does_not_move_to_another_coalition(world, api_client_for):
    endpoint = _endpoint(world)
    api = api_client_for(world.users.admin)
    response = api.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"coalition": world.other.pk}, format="json")
    assert response.status_code == 400
    endpoint.refresh_from_db()
    assert endpoint.coalition == world.coalition
