import pytest


def reset_broker_connections(app):
    """Forget pooled broker connections, so a changed broker_url takes effect (Celery keeps them)."""
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def dead_broker(celery_eager):
    """Publishing goes to a Redis port where nothing listens, for real (not eagerly)."""
    app = celery_eager
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    reset_broker_connections(app)
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app.conf.task_always_eager = False
    yield app
    reset_broker_connections(app)
    app.conf.broker_url, app.conf.task_always_eager = saved
