"""The apps' own settings: meeting reminders, status summaries, webhooks, briefing packs, e-mail."""

from coalition.env import env_bool, env_float, env_int, env_str, env_url

MEETINGS_REMINDER_HOURS = env_int("MEETINGS_REMINDER_HOURS", 48)
MEETINGS_ACTION_DUE_DAYS = env_int("MEETINGS_ACTION_DUE_DAYS", 3)
MEETINGS_PROCEDURE_REMINDER_HOURS = env_int("MEETINGS_PROCEDURE_REMINDER_HOURS", 24)
# Absolute links in e-mails (e.g. https://portal.example.org); empty: links are relative.
PORTAL_BASE_URL = env_url("PORTAL_BASE_URL")

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

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "secretariat@coalition.invalid")
