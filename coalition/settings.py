"""Settings, all from the environment: see README.md and .env.example for each variable."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from coalition.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    env_rates,
    env_redis_url,
    env_str,
    env_time_zone,
    env_url,
    env_url_list,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value (see .env.example), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only
MIN_SECRET_KEY_LENGTH = 50  # as Django's own deployment check asks
if not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY has {len(SECRET_KEY)} characters; with DEBUG off it needs at least "
        f"{MIN_SECRET_KEY_LENGTH} random ones: python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_url_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "django_htmx",
    "django_countries",
    "coalition",
    "contributions",
    "meetings",
    "procurement",
    "summaries",
    "webhooks",
    "axes",  # login lockout; last, as its docs ask
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coalition.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coalition.middleware.PreferredLanguageMiddleware",
    "coalition.middleware.PortalLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "coalition.throttling.RateLimitMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalition.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL (or any dj-database-url URL) from DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        # Persistent connections are checked before reuse, so the portal recovers by itself once the
        # database is back; connecting gives up after DATABASE_CONNECT_TIMEOUT (an outage answers 503).
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from None
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
            "DATABASE_CONNECT_TIMEOUT", 3
        )
        # JIT compilation costs seconds on the lists' correlated subqueries and gains nothing on OLTP reads
        # (issue 12, docs/performance.md): off for the portal's connections unless DATABASE_JIT=true.
        if not env_bool("DATABASE_JIT", False):
            DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user or address before the password check
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: English and Ukrainian; every user-facing string is marked for translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English is written as in Europe (en-GB dates and numbers); Ukrainian adds ISO input (coalition/formats/).
FORMAT_MODULE_PATH = ["coalition.formats"]
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
# Meeting documents live outside MEDIA_ROOT: they are served only through a permission-checked view.
MEETINGS_DOCUMENT_ROOT = Path(
    env_str("MEETINGS_DOCUMENT_ROOT", str(BASE_DIR / "var" / "private" / "meeting-documents"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Through Django's storage API: web nodes sharing this directory (or another backend set here, e.g. an
    # object store) serve the same documents. See docs/operations.md.
    "documents": {
        "BACKEND": env_str("MEETINGS_DOCUMENT_STORAGE", "meetings.storage.PrivateDocumentStorage"),
        "OPTIONS": {"location": str(MEETINGS_DOCUMENT_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
MEETINGS_DOCUMENT_MAX_BYTES = env_int("MEETINGS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# A request body above this is refused with 413 before it is read (the largest upload plus its form).
# Pledge and payment imports (CSV or XLSX): larger files are refused before they are read.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
REQUEST_BODY_MAX_BYTES = env_int(
    "REQUEST_BODY_MAX_BYTES", max(MEETINGS_DOCUMENT_MAX_BYTES, IMPORT_MAX_BYTES) + 1024 * 1024
)
# JSON nested deeper than this is refused with 400 (deeper input only serves to exhaust the parser).
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
MEETINGS_REMINDER_HOURS = env_int("MEETINGS_REMINDER_HOURS", 48)
MEETINGS_ACTION_DUE_DAYS = env_int("MEETINGS_ACTION_DUE_DAYS", 3)
MEETINGS_PROCEDURE_REMINDER_HOURS = env_int("MEETINGS_PROCEDURE_REMINDER_HOURS", 24)
# Absolute links in e-mails (e.g. https://portal.example.org); empty: links are relative.
PORTAL_BASE_URL = env_url("PORTAL_BASE_URL")

# HTTPS: on by default when DEBUG is off; HTTPS=false only behind a trusted local setup or in tests.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): our own files only — no inline script or style anywhere, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # the Swagger UI's icons are data: URIs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The API schema and its docs need a login (token or session) unless API_DOCS_PUBLIC is on.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

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

# Status summaries: a burst of edits within this window gives one job, run when the window closes.
SUMMARY_DEBOUNCE_SECONDS = env_int("SUMMARY_DEBOUNCE_SECONDS", 60)
SUMMARY_ON_CHANGE = env_bool("SUMMARY_ON_CHANGE", True)
SUMMARY_JOB_DELAY_SECONDS = env_int("SUMMARY_JOB_DELAY_SECONDS", 0)  # tests only: makes a job slow
# Webhooks (webhooks/, docs/api.md): attempts per delivery, the backoff between them (base * 2^(n-1), capped),
# each request's timeout, and how overdue a pending delivery is before the sweeper queues it again.
# Private, loopback and link-local addresses are refused unless WEBHOOKS_ALLOW_PRIVATE (tests, live suite).
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 8)
WEBHOOKS_BACKOFF_SECONDS = env_int("WEBHOOKS_BACKOFF_SECONDS", 30)
WEBHOOKS_BACKOFF_MAX_SECONDS = env_int("WEBHOOKS_BACKOFF_MAX_SECONDS", 6 * 3600)
WEBHOOKS_TIMEOUT_SECONDS = env_float("WEBHOOKS_TIMEOUT_SECONDS", 5.0)
WEBHOOKS_SWEEP_GRACE_SECONDS = env_int("WEBHOOKS_SWEEP_GRACE_SECONDS", 60)
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
# Briefing packs are built (by the daily beat task) for meetings starting within this many days.
BRIEFING_DAYS_AHEAD = env_int("BRIEFING_DAYS_AHEAD", 3)

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

# Login lockout (django-axes, records in the database so it holds while Redis is down): at most
# LOGIN_FAILURE_LIMIT failures per username and per address within LOGIN_LOCKOUT_MINUTES; staff unlock at
# /registry/lockouts/. API rate limits (coalition.throttling): per token, user and address, burst and hourly.
AXES_ENABLED = env_bool("LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "coalition.throttling.client_address"
AXES_VERBOSE = False
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")  # e.g. HTTP_X_REAL_IP, set only behind a proxy that sets it
API_THROTTLE = env_bool("API_THROTTLE", True)
API_RATE_LIMITS = {
    "token": env_rates("API_RATE_TOKEN", "120/min,3600/hour"),
    "user": env_rates("API_RATE_USER", "120/min,3600/hour"),
    "address": env_rates("API_RATE_ADDRESS", "600/min,20000/hour"),
}
API_BAD_TOKEN_LIMIT = env_int("API_BAD_TOKEN_LIMIT", 20)  # unknown tokens per address and window...
API_BAD_TOKEN_WINDOW = env_int("API_BAD_TOKEN_WINDOW_SECONDS", 600)  # ...then 429 until the window ends

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coalition.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["coalition.api.permissions.PortalPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["coalition.throttling.PortalRateThrottle"],
    # JSON only (depth-bounded); an endpoint that takes a file adds multipart itself
    "DEFAULT_PARSER_CLASSES": ["coalition.api.parsers.BoundedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "coalition.api.filters.PortalFilterBackend",  # django-filter, choices scoped to the user
        "coalition.api.filters.UpdatedSinceFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "coalition.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "coalition.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "coalition.api.problems.problem_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# API guarantees (coalition/api/base.py): refuse PUT/PATCH/DELETE without If-Match (428); how long an
# Idempotency-Key and its answer are kept; after how long a key whose request never finished is freed.
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", False)
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
API_IDEMPOTENCY_LOCK_SECONDS = env_int("API_IDEMPOTENCY_LOCK_SECONDS", 120)

SPECTACULAR_SETTINGS = {
    "TITLE": "Coalition Portal API",
    "DESCRIPTION": (
        "The secretariat's registry, contributions, meetings and procurement roadmap of a capability "
        "coalition. Authenticate with `Authorization: Bearer <token>`; errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions." + ("AllowAny" if API_DOCS_PUBLIC else "IsAuthenticated")
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema is the truth (coalition/api/schema.py): no "null"/"" members in enums, problem responses.
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coalition.api.schema.postprocess",
    ],
    # Several models have a "status" or "role": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "WebhookEventEnum": "webhooks.events.EVENT_CHOICES",
        "WebhookDeliveryStatusEnum": "webhooks.models.WebhookDelivery.Status",
        "MembershipRoleEnum": "coalition.models.Membership.Role",
        "ParticipantKindEnum": "coalition.models.Participant.Kind",
        "PledgeStatusEnum": "contributions.models.Pledge.Status",
        "PledgeKindEnum": "contributions.models.Pledge.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ActionItemStatusEnum": "meetings.models.ActionItem.Status",
        "MinutesStatusEnum": "meetings.models.Minutes.Status",
        "AttendanceRoleEnum": "meetings.models.Attendance.Role",
        "DelegationRoleEnum": "meetings.models.Contact.DelegationRole",
        "RegistrationModeEnum": "meetings.models.Registration.Mode",
        "WrittenProcedureStatusEnum": "meetings.models.WrittenProcedure.Status",
        "MinutesCommentStatusEnum": "meetings.models.MinutesComment.Status",
        "MeetingFormatEnum": "meetings.models.Meeting.Format",
        "RoadmapItemStatusEnum": "procurement.models.RoadmapItem.Status",
        "ApiTokenStatusEnum": "coalition.models.ApiToken.Status",
    },
}

FILTERS_EMPTY_CHOICE_LABEL = _("Any")
FILTERS_NULL_CHOICE_LABEL = _("None")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "secretariat@coalition.invalid")
