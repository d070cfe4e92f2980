"""Delivering events: signed POSTs to a real receiver (a thread), retries with backoff, the log, re-sending,
and a broker outage that never fails the write (the SSRF guard: test_ssrf.py)."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from contributions import services as contributions
from webhooks import services, signing, transport
from webhooks.models import WebhookDelivery
from webhooks.tests.helpers import create_pledge
from webhooks.tests.receiver import Receiver

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def test_a_created_pledge_is_posted_signed_to_the_endpoint(
    world, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = create_pledge(world)
    created = [r for r in receiver.received if r.headers["X-Portal-Event"] == "pledge.created"]
    assert len(created) == 1
    request = created[0]
    assert request.path == "/hooks/portal"
    assert request.headers["Content-Type"] == "application/json"
    assert signing.verify(endpoint.secret, request.body, request.headers["X-Portal-Signature"])
    body = json.loads(request.body)
    assert body["type"] == "pledge.created" and body["id"] == request.headers["X-Portal-Event-Id"]
    assert body["coalition"] == {"id": world.coalition.pk, "slug": world.coalition.slug}
    assert body["created_at"].endswith("Z")
    obj = body["data"]["object"]  # the pledge as GET /api/v1/pledges/{id}/ shows it
    assert obj["id"] == pledge.pk and obj["amount"] == "250000.00" and obj["donor_code"] == "EE"
    assert body["data"]["action"] == "created"
    delivery = WebhookDelivery.objects.get(event="pledge.created")
    assert (delivery.status, delivery.response_code, delivery.attempts) == (Status.SUCCEEDED, 200, 1)
    assert delivery.delivered_at is not None and delivery.body == request.body


def test_nothing_is_sent_for_a_write_that_rolls_back(world, endpoint, receiver):
    # pytest-django's transaction is rolled back: on_commit never runs, so no delivery is even recorded
    create_pledge(world)
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_only_subscribed_active_endpoints_of_the_coalition_get_the_event(
    world, receiver, django_capture_on_commit_callbacks
):
    sec = world.users.secretariat
    wanted = services.endpoint_create(
        actor=sec, coalition=world.coalition, url=receiver.url, events=["pledge.created"]
    )
    services.endpoint_create(
        actor=sec, coalition=world.coalition, url=receiver.url, events=["meeting.changed"]
    )
    services.endpoint_create(
        actor=sec, coalition=world.coalition, url=receiver.url, events=["pledge.created"], is_active=False
    )
    services.endpoint_create(
        actor=world.users.admin, coalition=world.other, url=receiver.url, events=["pledge.created"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        create_pledge(world)
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [wanted.pk]


def test_every_event_is_emitted_by_its_service(world, endpoint, receiver, django_capture_on_commit_callbacks):
    from meetings import services as meetings
    from procurement import services as procurement
    from procurement.tests.factories import CapabilityAreaFactory, RoadmapItemFactory
    from summaries import services as summaries

    sec, admin = world.users.secretariat, world.users.admin
    item = RoadmapItemFactory(
        coalition=world.coalition, capability_area=CapabilityAreaFactory(coalition=world.coalition)
    )
    now = timezone.now()
    steps = [  # each its own commit, as requests are
        lambda: create_pledge(world),
        lambda p: contributions.pledge_update(actor=sec, pledge=p, purpose="Servers"),
        lambda p: contributions.pledge_transition(
            actor=sec, pledge=p, to_status="confirmed", on=date(2024, 3, 2)
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        pledge = steps[0]()
    for step in steps[1:]:
        with django_capture_on_commit_callbacks(execute=True):
            pledge = step(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        contributions.disbursement_create(
            actor=sec, pledge=pledge, amount=Decimal("1000.00"), paid_on=date(2024, 3, 3)
        )
    with django_capture_on_commit_callbacks(execute=True):
        allocation = procurement.allocation_create(
            actor=sec, pledge=pledge, roadmap_item=item, amount=Decimal("500.00")
        )
    allocation_id = allocation.pk
    with django_capture_on_commit_callbacks(execute=True):
        procurement.allocation_delete(actor=sec, allocation=allocation)
    with django_capture_on_commit_callbacks(execute=True):
        procurement.roadmap_item_transition(
            actor=sec, roadmap_item=item, to_status="requirements", on=date(2024, 3, 4)
        )
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_create(
            actor=sec,
            coalition=world.coalition,
            title="Steering group",
            starts_at=now + timedelta(days=5),
            ends_at=now + timedelta(days=5, hours=2),
        )
    job = summaries.request_summary(actor=admin, coalition=world.coalition)
    with django_capture_on_commit_callbacks(execute=True):
        summaries.run_summary_job(job.pk)
    bodies = [json.loads(r.body) for r in receiver.received]
    by_type = {}
    for body in bodies:
        by_type.setdefault(body["type"], []).append(body["data"])
    assert set(by_type) == {
        "pledge.created",
        "pledge.changed",
        "pledge.transitioned",
        "disbursement.recorded",
        "allocation.changed",
        "roadmap_item.transitioned",
        "meeting.changed",
        "summary.generated",
    }
    transition = by_type["pledge.transitioned"][-1]  # the first: announced, on creation
    assert (
        transition["transition"]["to_status"] == "confirmed" and transition["object"]["status"] == "confirmed"
    )
    assert [d["action"] for d in by_type["allocation.changed"]] == ["created", "deleted"]
    assert by_type["allocation.changed"][1]["object"] == {"id": allocation_id}
    assert by_type["roadmap_item.transitioned"][-1]["object"]["status"] == "requirements"
    assert by_type["pledge.changed"][0]["object"]["purpose"] == "Servers"
    assert by_type["disbursement.recorded"][0]["object"]["amount"] == "1000.00"
    assert by_type["summary.generated"][0]["object"]["coalition"] == world.coalition.pk
    assert by_type["meeting.changed"][0]["object"]["title"] == "Steering group"
    assert all(r.status == Status.SUCCEEDED for r in WebhookDelivery.objects.all())


def _due(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_failures_are_retried_with_exponential_backoff_then_given_up(
    world, settings, django_capture_on_commit_callbacks
):
    receiver = Receiver(answers=[500]).start()
    try:
        services.endpoint_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            url=receiver.url,
            events=["pledge.created"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            create_pledge(world)
        delivery = WebhookDelivery.objects.get()
        waits = []
        for attempt in (1, 2):
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts, delivery.response_code) == (
                Status.PENDING,
                attempt,
                500,
            )
            assert delivery.last_error == "The receiver answered 500."
            waits.append((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
            assert services.attempt(delivery.pk) is None  # not due yet: nothing is sent early
            _due(delivery)
            services.attempt(delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (Status.FAILED, 3, None)
        assert len(receiver.received) == 3  # WEBHOOKS_MAX_ATTEMPTS
        assert [round(w) for w in waits] == [10, 20]  # base * 2^(n-1)
        # every attempt is signed afresh (a new timestamp), over the same body
        assert {r.body for r in receiver.received} == {delivery.body}
    finally:
        receiver.stop()


def test_backoff_is_capped(settings):
    settings.WEBHOOKS_BACKOFF_SECONDS, settings.WEBHOOKS_BACKOFF_MAX_SECONDS = 30, 3600
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_failed_then_answered_delivery_succeeds_on_retry(world, django_capture_on_commit_callbacks):
    receiver = Receiver(answers=[503, 204]).start()
    try:
        services.endpoint_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            url=receiver.url,
            events=["pledge.created"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            create_pledge(world)
        delivery = WebhookDelivery.objects.get()
        _due(delivery)
        services.attempt(delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_code) == (Status.SUCCEEDED, 2, 204)
        ids = {r.headers["X-Portal-Event-Id"] for r in receiver.received}
        assert ids == {str(delivery.event_id)}  # the receiver can tell a retry from a new event
    finally:
        receiver.stop()


def test_a_receiver_that_hangs_costs_the_timeout_and_is_retried(
    world, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.3
    receiver = Receiver(delay=1.5).start()
    try:
        services.endpoint_create(
            actor=world.users.secretariat,
            coalition=world.coalition,
            url=receiver.url,
            events=["pledge.created"],
        )
        started = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            create_pledge(world)
        assert (timezone.now() - started).total_seconds() < 1.4
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == Status.PENDING and delivery.response_code is None
        assert "timed out" in delivery.last_error
    finally:
        receiver.stop()


def test_redeliver_sends_the_same_event_again_as_a_new_delivery(
    world, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create_pledge(world)
    first = WebhookDelivery.objects.get(event="pledge.created")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.redeliver(actor=world.users.secretariat, delivery=first)
    again.refresh_from_db()
    assert (again.status, again.attempts, again.redelivery_of_id) == (Status.SUCCEEDED, 1, first.pk)
    assert (again.event_id, again.body) == (first.event_id, first.body)
    sent = [r for r in receiver.received if r.headers["X-Portal-Event"] == "pledge.created"]
    assert len(sent) == 2 and sent[0].body == sent[1].body
    assert sent[1].headers["X-Portal-Delivery"] == str(again.pk)


def test_a_broker_outage_never_fails_the_write_and_the_sweeper_catches_up(
    world, endpoint, receiver, dead_broker, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = create_pledge(world)  # no exception: the write stands
    assert pledge.pk and receiver.received == []
    delivery = WebhookDelivery.objects.get(event="pledge.created")
    assert delivery.status == Status.PENDING and delivery.attempts == 0
    assert "not queued, the sweeper will" in caplog.text
    # the broker is back; the sweeper (beat, every minute) queues what is overdue
    dead_broker.conf.task_always_eager = True
    assert services.sweep(grace_seconds=60) == []  # not overdue yet
    assert delivery.pk in services.sweep(grace_seconds=0)
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED and len(receiver.received) >= 1


def test_the_enqueue_failure_is_logged_not_raised(world, endpoint, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:9. Connection refused.")

    monkeypatch.setattr("webhooks.tasks.deliver.apply_async", down)
    assert services.enqueue(1) is False


def test_a_claimed_delivery_is_not_sent_twice_and_a_dead_senders_lease_expires(world, endpoint, receiver):
    from webhooks.tasks import sweep_deliveries

    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="pledge.created", body="{}", next_attempt_at=timezone.now()
    )
    assert services._claim(delivery.pk) is not None  # a worker took it, then died before recording anything
    assert services.attempt(delivery.pk) is None  # another sender (a redelivered message) does not send it
    assert sweep_deliveries() == [] and receiver.received == []
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=services.LEASE_SECONDS + 61)
    )
    assert sweep_deliveries() == [delivery.pk]  # beat's sweeper: the lease ran out, it is sent once
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.received)) == (Status.SUCCEEDED, 1, 1)


def test_an_unforeseen_sending_error_counts_as_an_attempt(world, endpoint, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("port could not be cast to integer value as '99999'")

    monkeypatch.setattr(transport, "post", broken)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="pledge.created", body="{}", next_attempt_at=timezone.now()
    )
    services.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    assert delivery.last_error.startswith("ValueError") and delivery.next_attempt_at > timezone.now()
