"""The SSRF guard of webhook delivery: private and loopback URLs refused on save, names resolving to private
addresses not called, the connection made to the checked address."""

import socket

import pytest

from webhooks import services, transport
from webhooks.models import WebhookDelivery
from webhooks.tests.helpers import create_pledge

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/",
        "ftp://example.org/hook",
        "file:///etc/passwd",
    ],
)
def test_private_and_loopback_urls_are_refused_on_save(world, settings, url):
    from django.core.exceptions import ValidationError

    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        services.endpoint_create(
            actor=world.users.secretariat, coalition=world.coalition, url=url, events=["pledge.created"]
        )
    assert "url" in caught.value.message_dict


def _resolving(monkeypatch, mapping):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in mapping:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (mapping[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_a_public_name_that_resolves_to_a_private_address_is_not_called(
    world, settings, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    _resolving(monkeypatch, {"hooks.partner.example": "127.0.0.1"})
    services.endpoint_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        url=f"http://hooks.partner.example:{receiver.port}/hook",
        events=["pledge.created"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        create_pledge(world)
    delivery = WebhookDelivery.objects.get()
    assert receiver.received == []
    assert delivery.status == Status.FAILED and "127.0.0.1" in delivery.last_error
    assert "not a public address" in delivery.last_error


def test_the_connection_goes_to_the_checked_address_with_the_host_name(world, receiver, monkeypatch):
    _resolving(monkeypatch, {"hooks.partner.example": "127.0.0.1"})
    outcome = transport.post(f"http://hooks.partner.example:{receiver.port}/in?x=1", "{}", {"X-Test": "1"})
    assert outcome.ok and outcome.excerpt == '{"received": 200}'
    request = receiver.received[0]
    assert request.path == "/in?x=1" and request.headers["Host"] == f"hooks.partner.example:{receiver.port}"


def test_public_addresses_pass_the_guard(settings, monkeypatch):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    _resolving(monkeypatch, {"hooks.partner.example": "93.184.215.14"})
    assert transport.resolve("https://hooks.partner.example/x") == (
        "hooks.partner.example",
        443,
        "93.184.215.14",
    )


def test_a_name_that_does_not_resolve_is_retried_not_dropped(world, settings, monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    outcome = transport.post("https://nowhere.partner.example/x", "{}", {})
    assert outcome.status is None and "does not resolve" in outcome.error
