"""The database: SQLite under var/ by default, PostgreSQL (or any dj-database-url URL) from DATABASE_URL."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from coalition.env import env_bool, env_int, env_str
from coalition.settings.base import BASE_DIR

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
