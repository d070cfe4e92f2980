"""Strict parsing of settings from the environment.

A value that cannot be parsed is a start-up error naming the variable, never a silent default.
"""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use one of {sorted(_TRUE | _FALSE)}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item: separate values by commas.")
    return items


def _check_http(name: str, value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{name} value {value!r} must start with http:// or https://.")
    return value


def env_url(name: str, default: str = "") -> str:
    value = env_str(name)
    return default if value is None else _check_http(name, value)


def env_url_list(name: str, default: list[str]) -> list[str]:
    return [_check_http(name, item) for item in env_list(name, default)]


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not an IANA time zone.") from None
    return value


_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def env_rates(name: str, default: str) -> list[tuple[int, int]]:
    """Rate limits: '120/min,3600/hour' -> [(120, 60), (3600, 3600)] (count per period in seconds)."""
    value = env_str(name, default)
    rates = []
    for part in value.split(","):
        try:
            count, period = part.strip().split("/")
            rates.append((int(count), _PERIODS[period.strip()]))
        except (ValueError, KeyError):
            raise ImproperlyConfigured(
                f"{name}={value!r}: give limits as <count>/<period>, e.g. 120/min,3600/hour "
                f"(periods: {', '.join(_PERIODS)})."
            ) from None
    return rates


def env_redis_url(name: str) -> str | None:
    value = env_str(name)
    if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name}={value!r} must start with redis://, rediss:// or unix://.")
    return value
