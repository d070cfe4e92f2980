"""Strict parsing of settings from the environment.

A value that cannot be parsed is a start-up error naming the variable, never a silent default.
"""

import os
import re
import secrets
import sys
from pathlib import Path
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


# The local `.env` file -------------------------------------------------------------------------------------
# `make run` writes it once (DEBUG on, a generated SECRET_KEY); manage.py reads it before the settings, so
# every command works for a newcomer. A variable of the real environment always wins over the file.

BASE_DIR = Path(__file__).resolve().parent.parent
ENV_FILE = "ENV_FILE"  # another file's path, or `off` to read none
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_env_file(text: str, source: str = ".env") -> dict[str, str]:
    """`NAME=value` lines (`export NAME=value` too); blank lines and `#` comments skipped; a value may be
    quoted ('…' or "…", kept as written) or followed by ` # a comment`. A line of another shape is an error
    naming the file and the line."""
    values = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, equals, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not _NAME.match(name):
            raise ImproperlyConfigured(f"{source}, line {number}: expected NAME=value, got {raw.strip()!r}.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif value[:1] in ("'", '"'):
            raise ImproperlyConfigured(f"{source}, line {number}: the quote of {name}'s value is not closed.")
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].rstrip()
        values[name] = value
    return values


def env_file_path() -> Path | None:
    """The file to read: $ENV_FILE (`off`: none), else `.env` beside manage.py."""
    given = os.environ.get(ENV_FILE, "").strip()
    if given.lower() == "off":
        return None
    return Path(given) if given else BASE_DIR / ".env"


def load_env_file(path: Path | None = None) -> dict[str, str]:
    """Put the file's variables into os.environ where the environment does not have them already (a real
    environment variable, even an empty one, is never overridden). Returns those it set. A missing `.env`
    is nothing to read; a missing $ENV_FILE is an error naming it."""
    explicit = path is not None or bool(os.environ.get(ENV_FILE, "").strip())
    path = path if path is not None else env_file_path()
    if path is None:
        return {}
    if not path.is_file():
        if explicit:
            raise ImproperlyConfigured(f"{ENV_FILE}={str(path)!r}: no such file.")
        return {}
    applied = {}
    for name, value in parse_env_file(path.read_text(encoding="utf-8"), source=str(path)).items():
        if name not in os.environ:
            os.environ[name] = value
            applied[name] = value
    return applied


LOCAL_ENV_TEMPLATE = """\
# Local development settings, written once by `make run` (git-ignored; delete it to get a new one).
# manage.py reads it; a variable set in the environment wins. Every variable: .env.example.
DEBUG=true
SECRET_KEY={secret_key}
"""


def write_local_env_file(path: Path) -> bool:
    """Write the local development `.env` unless it exists (never overwritten). True when written."""
    try:
        with path.open("x", encoding="utf-8") as handle:  # exclusive: an existing file is kept
            handle.write(LOCAL_ENV_TEMPLATE.format(secret_key=secrets.token_urlsafe(64)))
    except FileExistsError:
        return False
    path.chmod(0o600)
    return True


if __name__ == "__main__":  # python -m coalition.env write [path]: what `make run` does
    if len(sys.argv) < 2 or sys.argv[1] != "write":
        sys.exit("usage: python -m coalition.env write [path]")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else BASE_DIR / ".env")
    written = write_local_env_file(target)
    print(f"{'Wrote' if written else 'Kept'} {target} (local development settings).", file=sys.stderr)
