"""Secrets and hosts, logins and passwords, HTTPS and security headers, the Content-Security-Policy,
login lockout and API rate limits."""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from coalition.env import env_bool, env_int, env_list, env_rates, env_str, env_url_list
from coalition.settings.base import DEBUG

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
