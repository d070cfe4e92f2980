"""The webhook pages: the secretariat lists, adds (the secret shown once), edits and deletes endpoints, reads
the delivery log and re-sends a delivery; nobody else opens them."""

import pytest
from django.urls import reverse

from webhooks import services
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_the_secretariat_manages_endpoints_on_pages(world, page_client_for, receiver):
    client = page_client_for(world.users.secretariat)
    slug = world.coalition.slug
    assert client.get(reverse("webhook-list", args=[slug])).status_code == 200
    response = client.post(
        reverse("webhook-add", args=[slug]),
        {
            "url": receiver.url,
            "description": "Finance system",
            "events": ["pledge.created", "meeting.changed"],
            "is_active": "on",
        },
        follow=True,
    )
    endpoint = WebhookEndpoint.objects.get()
    page = response.content.decode()
    assert endpoint.secret in page  # shown once, after the add
    assert "Finance system" in page and "pledge.created, meeting.changed" in page
    assert endpoint.secret not in client.get(reverse("webhook-list", args=[slug])).content.decode()
    edit = reverse("webhook-edit", args=[slug, endpoint.pk])
    assert "pledge.created" in client.get(edit).content.decode()
    client.post(edit, {"url": receiver.url, "events": ["summary.generated"]})  # is_active unticked
    endpoint.refresh_from_db()
    assert endpoint.events == ["summary.generated"] and endpoint.is_active is False
    client.post(reverse("webhook-delete", args=[slug, endpoint.pk]))
    assert not WebhookEndpoint.objects.exists()


def test_a_bad_endpoint_form_shows_the_errors(world, page_client_for, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    client = page_client_for(world.users.secretariat)
    response = client.post(
        reverse("webhook-add", args=[world.coalition.slug]), {"url": "http://10.0.0.5/", "events": []}
    )
    assert response.status_code == 200
    assert (
        "not a public address" in response.content.decode()
        and "Choose at least one event" in response.content.decode()
    )
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_status_code_attempts_and_redelivers(
    world, page_client_for, receiver, django_capture_on_commit_callbacks
):
    endpoint = services.endpoint_create(
        actor=world.users.secretariat, coalition=world.coalition, url=receiver.url, events=["pledge.created"]
    )
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="pledge.created",
        body="{}",
        status="failed",
        attempts=3,
        response_code=502,
        last_error="The receiver answered 502.",
    )
    client = page_client_for(world.users.secretariat)
    log = reverse("webhook-delivery-list", args=[world.coalition.slug])
    page = client.get(log, {"status": "failed"}).content.decode()
    assert "502" in page and "The receiver answered 502." in page and "Redeliver" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhook-delivery-redeliver", args=[world.coalition.slug, failed.pk]))
    assert response.status_code == 302
    again = WebhookDelivery.objects.get(redelivery_of=failed)
    assert again.status == "succeeded" and again.response_code == 200
    assert "Succeeded" in client.get(log).content.decode()


@pytest.mark.parametrize("who", ["observer", "delegate_ee"])
def test_other_roles_get_403_and_other_coalitions_404(world, page_client_for, who):
    endpoint = services.endpoint_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        url="https://hooks.partner.example/",
        events=["pledge.created"],
    )
    client = page_client_for(getattr(world.users, who))
    slug = world.coalition.slug
    assert client.get(reverse("webhook-list", args=[slug])).status_code == 403
    assert client.get(reverse("webhook-delivery-list", args=[slug])).status_code == 403
    assert client.post(reverse("webhook-add", args=[slug]), {"url": "https://x.example/"}).status_code == 403
    assert client.post(reverse("webhook-edit", args=[slug, endpoint.pk])).status_code == 404
    outsider = page_client_for(world.users.outsider)
    assert outsider.get(reverse("webhook-list", args=[slug])).status_code == 404
