"""The signature of a delivery: `X-Portal-Signature: t=<unix>,v1=<hex>`, where
hex = HMAC-SHA256(secret, "<t>.<body>"). docs/api.md shows a receiver's check (`verify` below is the same)."""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Portal-Signature"
EVENT_ID_HEADER = "X-Portal-Event-Id"
EVENT_TYPE_HEADER = "X-Portal-Event"
DELIVERY_HEADER = "X-Portal-Delivery"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: str) -> str:
    message = f"{timestamp}.{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header(secret: str, body: str, *, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, body: str, value: str, *, tolerance: int = TOLERANCE_SECONDS, now=None) -> bool:
    """What a receiver does: parse the header, recompute, compare in constant time, refuse stale stamps."""
    try:
        parts = dict(item.split("=", 1) for item in value.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), parts.get("v1", ""))
