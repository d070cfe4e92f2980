"""Shared fixtures: named users per role, API clients, and the CI guard that the real services are used."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# Property-based tests draw the same examples on every run (CI is reproducible and its time bounded);
# HYPOTHESIS_PROFILE=explore draws new ones (and keeps failures in .hypothesis/, git-ignored).
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(
                f"REQUIRE_SERVICES=1 but the database engine is {engine}, not PostgreSQL."
            )
        if not settings.REDIS_URL:
            raise pytest.UsageError("REQUIRE_SERVICES=1 but REDIS_URL is not set.")
        url = urlparse(settings.REDIS_URL)
        try:
            socket.create_connection((url.hostname, url.port or 6379), timeout=3).close()
        except OSError as exc:
            raise pytest.UsageError(
                f"REQUIRE_SERVICES=1 but Redis at {settings.REDIS_URL} is unreachable: {exc}"
            ) from exc


from coalition.tests.browser import *  # noqa: E402, F403 - real-browser fixtures
from coalition.tests.fixtures import *  # noqa: E402, F403 - fixtures shared by every app's tests
