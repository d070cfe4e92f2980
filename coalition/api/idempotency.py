"""`Idempotency-Key` on POST (as the IETF httpapi draft): a retried request gets the first answer.

- same key, same request (method, path and body) → the first response again, with `Idempotent-Replayed:
  true`, and no second record;
- same key, another request → 422 `idempotency-key-reused`;
- same key while the first request still runs → 409 `idempotency-key-in-use` (retry shortly).

Keys are per user and kept API_IDEMPOTENCY_HOURS (24); a 5xx answer is not kept, so a retry runs again.
Concurrency: the key's row is committed before the request runs; the unique (user, key) constraint lets one
request through and shows the others the row. A worker killed mid-request leaves the key "in progress"
for API_IDEMPOTENCY_LOCK_SECONDS, then a retry runs again.
"""

import hashlib
import json
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from coalition.api.models import IdempotencyKey
from coalition.api.problems import ProblemError

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
KEPT_HEADERS = ("Content-Type", "Location", "ETag")


class Replay(Exception):  # not an error: carries the stored answer out of DRF's initial()
    def __init__(self, response):
        super().__init__("replay")
        self.response = response


def _canonical_body(request) -> bytes:
    data = request.data
    if hasattr(data, "lists"):  # form or multipart: values and the files' contents
        items = {}
        for name, values in data.lists():
            items[name] = [
                hashlib.sha256(b"".join(v.chunks())).hexdigest() if hasattr(v, "chunks") else str(v)
                for v in values
            ]
        data = items
    return json.dumps(data, sort_keys=True, default=str).encode()


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), _canonical_body(request)):
        digest.update(part + b"\0")
    return digest.hexdigest()


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.status)
    for name, value in record.response_headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def begin(request) -> IdempotencyKey | None:
    """Claim the request's key (None without one); raise Replay or a problem when it was used before."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.match(key):
        raise ValidationError({HEADER: [_("Use 1 to 255 visible ASCII characters, e.g. a UUID.")]})
    now = timezone.now()
    print_ = fingerprint(request)
    user = request.user
    IdempotencyKey.objects.filter(user=user, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user,
                key=key,
                fingerprint=print_,
                created_at=now,
                expires_at=now + timedelta(hours=settings.API_IDEMPOTENCY_HOURS),
            )
    except IntegrityError:
        pass
    record = IdempotencyKey.objects.filter(user=user, key=key).first()
    if record is None:  # expired and removed meanwhile: one more try
        return begin(request)
    if record.fingerprint != print_:
        raise ProblemError(
            "idempotency-key-reused",
            _("This Idempotency-Key was used with another request; use a new key for a new request."),
            errors=[{"field": HEADER, "message": _("Used with another request."), "code": "reused"}],
        )
    if record.status is None:
        stale = now - timedelta(seconds=settings.API_IDEMPOTENCY_LOCK_SECONDS)
        taken = IdempotencyKey.objects.filter(pk=record.pk, status__isnull=True, created_at__lt=stale).update(
            created_at=now
        )
        if taken:
            record.created_at = now
            return record
        raise ProblemError(
            "idempotency-key-in-use",
            _("A request with this Idempotency-Key is still being processed; retry in a moment."),
            headers={"Retry-After": "1"},
        )
    raise Replay(_replay(record))


def _redacted(content: bytes, redact) -> bytes:
    """The JSON body with the `redact` keys set to null: a secret (a new API token's) is never stored."""
    try:
        data = json.loads(content)
    except ValueError:
        return content
    if isinstance(data, dict):
        data.update({name: None for name in redact if name in data})
    return json.dumps(data).encode()


def finish(record: IdempotencyKey, response, redact=()) -> None:
    """Keep the answer once rendered (a 5xx is dropped: the retry runs again); the `redact` keys of its
    body are kept as null (a replay answers them null)."""

    def store(rendered):
        if rendered.status_code >= 500:
            IdempotencyKey.objects.filter(pk=record.pk).delete()
            return
        headers = {name: rendered[name] for name in KEPT_HEADERS if rendered.has_header(name)}
        body = _redacted(rendered.content, redact) if redact else rendered.content
        IdempotencyKey.objects.filter(pk=record.pk).update(
            status=rendered.status_code, response_body=body, response_headers=headers
        )

    if hasattr(response, "add_post_render_callback") and not getattr(response, "is_rendered", True):
        response.add_post_render_callback(store)
    else:
        store(response)


def abandon(record: IdempotencyKey) -> None:
    IdempotencyKey.objects.filter(pk=record.pk).delete()


def purge_expired() -> int:
    return IdempotencyKey.objects.filter(expires_at__lte=timezone.now()).delete()[0]
