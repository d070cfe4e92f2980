import pytest

from summaries.tests.conftest import dead_broker  # noqa: F401 - publishing to a Redis port nobody serves
from webhooks.tests.receiver import Receiver


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    """Tests send to a receiver on loopback: private addresses allowed (the SSRF tests turn it off)."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 2
    settings.WEBHOOKS_BACKOFF_SECONDS = 10
    settings.WEBHOOKS_BACKOFF_MAX_SECONDS = 300
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    return settings


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def endpoint(world, receiver):
    from webhooks import services
    from webhooks.events import EVENTS

    return services.endpoint_create(
        actor=world.users.secretariat, coalition=world.coalition, url=receiver.url, events=list(EVENTS)
    )
