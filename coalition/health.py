"""Probes for load balancers and orchestrators: /healthz (the process answers) and /readyz (it can serve:
the database, Redis and at least one Celery worker answer). Neither needs a login; neither reveals more
than which dependency failed."""

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)
WORKER_PING_SECONDS = 1.0


@login_not_required
@never_cache
def healthz(request):
    """The process is alive: no dependency is touched, so a database outage does not restart web nodes."""
    return HttpResponse("ok", content_type="text/plain")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis():
    if not settings.REDIS_URL:
        return "not configured (eager tasks)"
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )
    try:
        client.ping()
    finally:
        client.close()
    return None


def _worker():
    if not settings.REDIS_URL:
        return "not configured (eager tasks)"
    from coalition.celery import app

    if app.conf.task_always_eager:  # tasks run in the web process: no worker is needed
        return "not needed (eager tasks)"
    replies = app.control.ping(timeout=WORKER_PING_SECONDS)
    if not replies:
        raise RuntimeError("no worker answered a ping")
    return f"{len(replies)} answering"


CHECKS = {"database": _database, "redis": _redis, "worker": _worker}


@login_not_required
@never_cache
def readyz(request):
    """200 when every dependency answers, else 503 naming those that failed (each check is bounded)."""
    results, failed = {}, []
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            note = check()
        except Exception as exc:  # any failure of a dependency is "not ready"
            log.warning("readyz: %s failed: %s", name, exc)
            results[name] = {"ok": False, "error": type(exc).__name__}
            failed.append(name)
            if name == "redis":  # the worker ping goes through Redis: it cannot answer either
                results["worker"] = {"ok": False, "error": "redis unavailable"}
                failed.append("worker")
                break
        else:
            results[name] = {"ok": True, **({"note": note} if note else {})}
        results[name]["ms"] = round((time.monotonic() - started) * 1000)
    status = 503 if failed else 200
    body = {"status": "unavailable" if failed else "ready", "failed": failed, "checks": results}
    response = JsonResponse(body, status=status)
    if failed:
        response["Retry-After"] = "5"
    return response
