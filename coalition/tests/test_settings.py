"""Settings come from the environment, strictly: a bad value is a clear start-up error."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coalition import env

ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz-_" + "Z" * 10


def start_django(**overrides) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly these variables (plus PATH)."""
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "coalition.settings", **overrides}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print('ok')",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_without_debug_is_a_clear_startup_error():
    result = start_django(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = start_django(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("TIME_ZONE", "Mars/Olympus", "not an IANA time zone"),
        ("CSRF_TRUSTED_ORIGINS", "portal.example.org", "must start with http:// or https://"),
        ("REDIS_URL", "localhost:6379", "must start with redis://"),
        ("SECURE_HSTS_SECONDS", "a year", "is not a whole number"),
        ("ALLOWED_HOSTS", "a,,b", "has an empty item"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL cannot be parsed"),
    ],
)
def test_a_bad_value_stops_startup_naming_the_variable(name, value, message):
    result = start_django(**{"DEBUG": "true", name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_reports_no_warnings_with_production_values():
    environment = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": LONG_KEY,
        "ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


class TestParsers:
    def test_bool_accepts_the_usual_spellings(self, monkeypatch):
        for value, expected in [("1", True), ("YES", True), ("on", True), ("0", False), ("No", False)]:
            monkeypatch.setenv("FLAG", value)
            assert env.env_bool("FLAG", not expected) is expected

    def test_unset_or_blank_takes_the_default(self, monkeypatch):
        monkeypatch.delenv("FLAG", raising=False)
        assert env.env_bool("FLAG", True) is True
        monkeypatch.setenv("FLAG", "  ")
        assert env.env_int("FLAG", 7) == 7

    def test_list_is_split_and_trimmed(self, monkeypatch):
        monkeypatch.setenv("HOSTS", " a.example , b.example")
        assert env.env_list("HOSTS", []) == ["a.example", "b.example"]

    def test_bad_int_raises(self, monkeypatch):
        monkeypatch.setenv("N", "1.5")
        with pytest.raises(ImproperlyConfigured, match=r"N='1\.5'"):
            env.env_int("N", 0)
