"""API rate limits per token, per user and per address, a slow-down for repeated bad tokens, and the
client address used by them and by the login lockout (django-axes). See docs/security.md.

Counters are fixed windows in the `throttle` cache (Redis in production, shared by every web node):
all the limits of a check are counted in one round trip (a pipeline). When the cache is unreachable the
limits fail open — the request is served and a warning logged — and the cache is left alone for a few
seconds, so an outage costs neither a 500 nor a timeout per request.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

log = logging.getLogger(__name__)
_CACHE_PAUSE_SECONDS = 5
_cache_down_until = 0.0
KEY_PREFIX = "rl"  # tests give each test its own


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets (CLIENT_IP_HEADER)."""
    header = getattr(settings, "CLIENT_IP_HEADER", None)
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def _count(key: str, period: int) -> int | None:
    """Add one to a window's counter; None when the cache is unreachable (fail open)."""
    global _cache_down_until
    if time.monotonic() < _cache_down_until:
        return None
    cache = caches["throttle"]
    try:
        if cache.add(key, 1, timeout=period + 1):
            return 1
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        return 1
    except Exception as exc:  # any cache outage: serve the request, never a 500
        _cache_down_until = time.monotonic() + _CACHE_PAUSE_SECONDS
        log.warning(
            "rate limits are off for %ss: the throttle cache is unreachable (%s)", _CACHE_PAUSE_SECONDS, exc
        )
        return None


def _redis_client(cache):
    """The raw client of Django's RedisCache when it has a single server (else None: count key by key)."""
    client = getattr(cache, "_cache", None)
    if (
        client is None
        or not hasattr(cache, "make_and_validate_key")
        or len(getattr(client, "_servers", ())) != 1
    ):
        return None
    return client.get_client(write=True)


def _count_many(windows, peek: str | None = None) -> tuple[list[int | None], int | None]:
    """`_count` for several (key, period) windows in ONE round trip to Redis (a MULTI/EXEC pipeline of
    `SET key 0 EX period+1 NX` + `INCR key` per window: the counter always has its expiry), and the value
    of the `peek` key read in the same trip. None for each when the cache is unreachable (fail open)."""
    global _cache_down_until
    if not windows and peek is None:
        return [], None
    if time.monotonic() < _cache_down_until:
        return [None] * len(windows), None
    cache = caches["throttle"]
    try:
        client = _redis_client(cache)
        if client is None:
            counts = [_count(key, period) for key, period in windows]
            return counts, (_peek(peek) if peek is not None else None)
        pipe = client.pipeline(transaction=True)
        if peek is not None:
            pipe.get(cache.make_and_validate_key(peek))
        for key, period in windows:
            full = cache.make_and_validate_key(key)
            pipe.set(full, 0, ex=period + 1, nx=True)
            pipe.incr(full)
        results = pipe.execute()
        peeked = int(results.pop(0) or 0) if peek is not None else None
        return [int(value) for value in results[1::2]], peeked
    except Exception as exc:  # any cache outage: serve the request, never a 500
        _cache_down_until = time.monotonic() + _CACHE_PAUSE_SECONDS
        log.warning(
            "rate limits are off for %ss: the throttle cache is unreachable (%s)", _CACHE_PAUSE_SECONDS, exc
        )
        return [None] * len(windows), None


def _peek(key: str) -> int:
    if time.monotonic() < _cache_down_until:
        return 0
    try:
        return int(caches["throttle"].get(key) or 0)
    except Exception:  # fail open, as _count does
        return 0


def _consume(http_request, subjects, peek: str | None = None) -> int | None:
    """Count this request against each (kind, ident, rates); keep the tightest limit on the request for the
    RateLimit-* headers (and the `peek` key's value as `_peeked`, read in the same round trip). Returns
    the seconds to wait when a limit is exceeded, else None."""
    now = time.time()
    tightest, exceeded = getattr(http_request, "_rate_state", None), []
    windows = [
        (limit, period, int(now // period), f"{KEY_PREFIX}:{kind}:{ident}:{period}:{int(now // period)}")
        for kind, ident, rates in subjects
        for limit, period in rates
    ]
    counts, peeked = _count_many([(key, period) for _limit, period, _window, key in windows], peek)
    if peek is not None and peeked is not None:
        http_request._peeked = peeked
    for (limit, period, window, _key), count in zip(windows, counts, strict=True):
        if count is None:
            continue
        reset = math.ceil((window + 1) * period - now)
        state = (limit - count, limit, reset)
        if tightest is None or state < tightest:
            tightest = state
        if count > limit:
            exceeded.append(reset)
    if tightest is not None:
        http_request._rate_state = tightest
        remaining, limit, reset = tightest
        http_request.rate_limit = (limit, max(remaining, 0), reset)
    return max(exceeded) if exceeded else None


class PortalRateThrottle(BaseThrottle):
    """Burst (per minute) and sustained (per hour) limits per token and per user (the per-address limit
    is counted earlier, for every API request, by RateLimitMiddleware).

    The tightest limit of the request is reported in `RateLimit-Limit`, `RateLimit-Remaining` and
    `RateLimit-Reset` (seconds), on every API response; past it: 429 with `Retry-After`.
    """

    def allow_request(self, request, view):
        from coalition.models import ApiToken

        self._wait = None
        if not settings.API_THROTTLE:
            return True
        subjects = []
        if isinstance(request.auth, ApiToken):
            subjects.append(("token", request.auth.pk, settings.API_RATE_LIMITS["token"]))
        if request.user and request.user.is_authenticated:
            subjects.append(("user", request.user.pk, settings.API_RATE_LIMITS["user"]))
        self._wait = _consume(request._request, subjects)
        return self._wait is None

    def wait(self):
        return self._wait


# Repeated bad tokens ---------------------------------------------------------------------------------------


def _bad_token_key(request) -> str:
    window = int(time.time() // settings.API_BAD_TOKEN_WINDOW)
    return f"{KEY_PREFIX}:badtoken:{client_address(request) or 'unknown'}:{window}"


def check_bad_tokens(request) -> None:
    """An address that sent API_BAD_TOKEN_LIMIT unknown tokens in the window waits for the next one (429)."""
    if not settings.API_THROTTLE:
        return
    seen = getattr(request, "_peeked", None)  # read with the address's count (RateLimitMiddleware)
    if (seen if seen is not None else _peek(_bad_token_key(request))) >= settings.API_BAD_TOKEN_LIMIT:
        window = settings.API_BAD_TOKEN_WINDOW
        raise Throttled(
            wait=math.ceil(window - time.time() % window),
            detail=_("Too many invalid tokens from this address; wait before trying again."),
        )


def note_bad_token(request) -> None:
    if settings.API_THROTTLE:
        _count(_bad_token_key(request), settings.API_BAD_TOKEN_WINDOW)


class RateLimitMiddleware:
    """Every API request counts against its address's limits first — anonymous ones and bad tokens too,
    which DRF's throttles never see — and every API response gets the RateLimit-* headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.API_THROTTLE and request.path_info.startswith("/api/"):
            bearer = request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
            wait = _consume(
                request,
                [("address", client_address(request) or "unknown", settings.API_RATE_LIMITS["address"])],
                peek=_bad_token_key(request) if bearer else None,  # check_bad_tokens reads it
            )
            if wait is not None:
                return self._too_many(request, wait)
        response = self.get_response(request)
        state = getattr(request, "rate_limit", None)
        if state is not None:
            limit, remaining, reset = state
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response

    def _too_many(self, request, wait):
        from coalition.api.problems import problem_response

        limit, remaining, reset = request.rate_limit
        return problem_response(
            "rate-limited",
            _("Too many requests from this address; wait %(seconds)s s.") % {"seconds": wait},
            headers={
                "Retry-After": str(wait),
                "RateLimit-Limit": str(limit),
                "RateLimit-Remaining": str(remaining),
                "RateLimit-Reset": str(reset),
            },
        )
