"""Redis, Celery (broker, worker, beat schedule) and the caches."""

from coalition.env import env_float, env_int, env_redis_url
from coalition.settings.i18n import TIME_ZONE

# Celery: Redis when REDIS_URL is set; without it tasks run eagerly in the web process.
REDIS_URL = env_redis_url("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Reliability: a job is acknowledged only when done, so a worker that dies mid-job leaves it to be re-run;
# one message at a time per worker process; publishing fails fast (a request never hangs on a dead broker).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
# Every Redis call is bounded (cache, broker, result backend): connecting and each reply, in seconds.
# A Redis that is down or frozen then costs a request at most about a second, never a hang.
REDIS_CONNECT_TIMEOUT = env_float("REDIS_CONNECT_TIMEOUT", 0.5)
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 0.75)
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than any job: a message unacknowledged for this long is given to another worker.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    # connecting: no retry and no pause (kombu's default pause is 2 s); Redis is local and either answers
    # or is down, and a frozen one would cost a socket timeout per attempt
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
# Job state lives in the database (SummaryJob), so results are not stored: publishing then talks to the
# broker only, never to the result backend's pub/sub (whose reconnect loop took ~19 s and then raised
# "Retry limit exceeded" when Redis was down). What is stored anyway is bounded too.
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
}
# No publish retry: redis-py already replaces a connection that Redis closed (tested: a publish after a
# Redis restart succeeds), and each retry of kombu's would add a socket timeout when Redis is frozen.
# A request that needs the queue thus answers 503 within about one REDIS_SOCKET_TIMEOUT.
CELERY_TASK_PUBLISH_RETRY = False
# A summary job still queued this long after it was due was lost with the broker (Redis restarted or
# flushed): the sweep (every minute, run by beat) queues it again. See docs/operations.md.
SUMMARY_REQUEUE_AFTER_SECONDS = env_int("SUMMARY_REQUEUE_AFTER_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    "summaries: re-queue lost summary jobs": {
        "task": "summaries.tasks.requeue_lost_jobs",
        "schedule": 60.0,
    },
    "contributions: tell delegates of reviews reset while the queue was down": {
        "task": "contributions.tasks.notify_pending_review_resets",
        "schedule": 300.0,
    },
    "webhooks: queue deliveries whose message was lost": {
        "task": "webhooks.tasks.sweep_deliveries",
        "schedule": 60.0,
    },
}
CELERY_RESULT_EXPIRES = 7 * 24 * 3600

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rate-limit counters: short timeouts, so a Redis outage costs a request at most half a second.
    "throttle": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "throttle",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}
