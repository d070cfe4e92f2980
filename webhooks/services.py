"""Every write of webhooks, with its rules: endpoints (the secretariat's), emitting events, attempts.

Emitting is best effort after the commit: the delivery row is written in the database first, then queued;
a broker that is down is logged and the sweeper (beat, every minute) queues the delivery later. A write of
the portal never fails because of a webhook.
"""

import json
import logging
import secrets
import uuid
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, CHANGE, DELETE, require
from webhooks import signing, transport
from webhooks.events import EVENTS, representation
from webhooks.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
Status = WebhookDelivery.Status
LEASE_SECONDS = 60  # a claimed attempt is not claimed again for this long (a worker that died mid-send)


# Endpoints -------------------------------------------------------------------------------------------------


def _clean(url: str | None, events) -> dict:
    errors = {}
    if url is not None:
        try:
            transport.check_url(url)
        except transport.UnsafeDestination as exc:
            errors["url"] = str(exc)
    if events is not None:
        unknown = sorted(set(events) - set(EVENTS))
        if unknown:
            errors["events"] = _("Unknown events: %(names)s. Known: %(known)s.") % {
                "names": ", ".join(unknown),
                "known": ", ".join(EVENTS),
            }
        elif not events:
            errors["events"] = _("Choose at least one event.")
    if errors:
        raise ValidationError(errors)
    return {}


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def endpoint_create(
    *, actor, coalition, url: str, events, description: str = "", is_active: bool = True
) -> WebhookEndpoint:
    """Register an endpoint. Its `secret` is on the returned object: show it once, it is not shown again."""
    require(actor, ADD, WebhookEndpoint, coalition=coalition)
    events = list(dict.fromkeys(events))
    _clean(url, events)
    endpoint = WebhookEndpoint(
        coalition=coalition,
        url=url,
        events=events,
        description=description,
        is_active=is_active,
        secret=new_secret(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_update(*, actor, endpoint: WebhookEndpoint, **data) -> WebhookEndpoint:
    require(actor, CHANGE, endpoint)
    if "coalition" in data and data.pop("coalition") != endpoint.coalition:
        raise ValidationError({"coalition": _("An endpoint cannot move to another coalition.")})
    if "events" in data:
        data["events"] = list(dict.fromkeys(data["events"]))
    _clean(data.get("url"), data.get("events"))
    for name, value in data.items():
        setattr(endpoint, name, value)
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor, endpoint: WebhookEndpoint) -> None:
    """The endpoint goes with its delivery log."""
    require(actor, DELETE, endpoint)
    endpoint.delete()


# Emitting --------------------------------------------------------------------------------------------------


def _utc(moment) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def build_body(*, event_id, event: str, coalition, data: dict, occurred_at) -> str:
    payload = {
        "id": str(event_id),
        "type": event,
        "created_at": _utc(occurred_at),
        "api_version": "v1",
        "coalition": {"id": coalition.pk, "slug": coalition.slug},
        "data": data,
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str)


def emit(coalition_id, event: str, label: str, pk, *, action: str = "created", extra=None) -> list:
    """Record one delivery per active endpoint of the coalition subscribed to `event`, then queue them.

    Called after the commit (webhooks.signals). The record is read as the API shows it at that moment."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event}")
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(coalition_id=coalition_id, is_active=True) if e.wants(event)
    ]
    if not endpoints:
        return []
    try:
        obj = representation(label, pk) if action != "deleted" else None
    except Exception:  # the event still goes out, with the record's id: the receiver can read it back
        log.exception("webhook %s: could not read %s %s", event, label, pk)
        obj = None
    data = {"action": action, "object": obj if obj is not None else {"id": pk}, **(extra or {})}
    now = timezone.now()
    body = build_body(
        event_id=uuid.uuid4(), event=event, coalition=endpoints[0].coalition, data=data, occurred_at=now
    )
    event_id = json.loads(body)["id"]
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(endpoint=e, event_id=event_id, event=event, body=body, next_attempt_at=now)
            for e in endpoints
        ]
    )
    for delivery in deliveries:
        enqueue(delivery.pk)
    return deliveries


def enqueue(delivery_id, *, countdown: int = 0) -> bool:
    """Queue one attempt; a broker that is down is logged (the sweeper queues the delivery later)."""
    from webhooks.tasks import deliver

    try:
        deliver.apply_async(args=[delivery_id], countdown=countdown)
        return True
    except Exception as exc:  # the broker (Redis) is unreachable: the row is in the database
        log.warning("webhook delivery %s not queued, the sweeper will: %s", delivery_id, exc)
        return False


# Attempts --------------------------------------------------------------------------------------------------


def backoff_seconds(attempts: int) -> int:
    """The wait after the `attempts`-th failed attempt: base * 2^(n-1), capped."""
    base = settings.WEBHOOKS_BACKOFF_SECONDS
    return int(min(base * 2 ** (attempts - 1), settings.WEBHOOKS_BACKOFF_MAX_SECONDS))


def _claim(delivery_id) -> WebhookDelivery | None:
    """Take the attempt if it is due: one sender at a time, without holding a transaction while sending."""
    now = timezone.now()
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + timedelta(seconds=LEASE_SECONDS))
    if not taken:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def attempt(delivery_id) -> WebhookDelivery | None:
    """Send a due delivery once and record the outcome; schedule the next attempt after a failure.

    Returns the delivery, or None when it was not due (sent already, or another sender holds it)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    now = timezone.now()
    fields = {"attempts": delivery.attempts + 1, "last_attempt_at": now}
    retry = False
    if not endpoint.is_active:
        fields.update(status=Status.FAILED, last_error=_("The endpoint is not active."), next_attempt_at=None)
    else:
        headers = {
            signing.SIGNATURE_HEADER: signing.header(endpoint.secret, delivery.body),
            signing.EVENT_ID_HEADER: str(delivery.event_id),
            signing.EVENT_TYPE_HEADER: delivery.event,
            signing.DELIVERY_HEADER: str(delivery.pk),
        }
        try:
            outcome = transport.post(endpoint.url, delivery.body, headers)
        except transport.UnsafeDestination as exc:  # not retried: the address will not become public
            outcome = None
            fields.update(status=Status.FAILED, last_error=str(exc), next_attempt_at=None, response_code=None)
        except Exception as exc:  # anything unforeseen counts as a failed attempt: never an endless lease
            log.exception("webhook delivery %s: sending failed", delivery.pk)
            outcome = transport.Outcome(status=None, error=f"{type(exc).__name__}: {exc}"[:500])
        if outcome is not None:
            fields.update(response_code=outcome.status, response_excerpt=outcome.excerpt)
            if outcome.ok:
                fields.update(status=Status.SUCCEEDED, delivered_at=timezone.now(), last_error="")
                fields["next_attempt_at"] = None
            else:
                fields["last_error"] = outcome.error or _("The receiver answered %(code)s.") % {
                    "code": outcome.status
                }
                retry = fields["attempts"] < settings.WEBHOOKS_MAX_ATTEMPTS
                if retry:
                    wait = backoff_seconds(fields["attempts"])
                    fields["next_attempt_at"] = timezone.now() + timedelta(seconds=wait)
                else:
                    fields.update(status=Status.FAILED, next_attempt_at=None)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    delivery.refresh_from_db()
    if retry and backoff_seconds(fields["attempts"]) <= settings.CELERY_VISIBILITY_TIMEOUT:
        # longer waits are left to the sweeper: a broker redelivers ETA messages after its visibility timeout
        enqueue(delivery.pk, countdown=backoff_seconds(fields["attempts"]))
    return delivery


def sweep(*, grace_seconds: int | None = None) -> list[int]:
    """Queue every pending delivery overdue by `grace_seconds`: its message was lost, or never sent."""
    grace = settings.WEBHOOKS_SWEEP_GRACE_SECONDS if grace_seconds is None else grace_seconds
    due = timezone.now() - timedelta(seconds=grace)
    ids = list(
        WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=due)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for delivery_id in ids:
        enqueue(delivery_id)
    return ids


@transaction.atomic
def redeliver(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event (same id and body) again, as a new delivery with its own attempts."""
    require(actor, "redeliver", delivery)
    if not delivery.endpoint.is_active:
        raise Conflict(_("The endpoint is not active; activate it before re-sending."))
    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event_id=delivery.event_id,
        event=delivery.event,
        body=delivery.body,
        next_attempt_at=timezone.now(),
        redelivery_of=delivery,
    )
    transaction.on_commit(lambda: enqueue(copy.pk), robust=True)
    return copy
