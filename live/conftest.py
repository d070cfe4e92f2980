"""Fixtures of the live suite: one stack for the session, clients per demo user, the coverage gate.

    def test_something(stack, pages_as, api_as):
        pages = pages_as("secretariat")          # logged in through the login form
        api = api_as("delegate-ee", "read")      # bearer token of that demo user and scope

Tests that need a fault of their own start extra nodes/workers on `stack` (see live/stack.py) or, rarely,
a `Stack` of their own.
"""

import os

import pytest

from live import coverage
from live.http import ApiClient, PageClient, Recorder
from live.stack import Stack

# Short enough that "the next summary" after a change comes within a test, long enough to debounce.
# API rate limits off on the shared stack (its tests share one token per user and one address); the
# throttling tests of live/test_security.py start a node of their own with them on.
# Webhooks go to receivers on loopback (live/test_webhooks.py), retried after 1 s, 2 s...
STACK_ENV = {
    "SUMMARY_DEBOUNCE_SECONDS": "2",
    "API_THROTTLE": "false",
    "WEBHOOKS_ALLOW_PRIVATE": "true",
    "WEBHOOKS_BACKOFF_SECONDS": "1",
}
# Figures that tests measure (load, outage timings), printed at the end of the run.
FIGURES = pytest.StashKey[list]()


def pytest_addoption(parser):
    parser.addoption(
        "--live-coverage",
        action="store_true",
        help="fail the run when a write operation or page form was not exercised (make live sets it)",
    )


def pytest_collection_modifyitems(session, config, items):
    # The gate judges what the whole run did, so it runs last; schemathesis (which writes and deletes at
    # random in the demo data other tests read) just before it.
    last = ("live/test_schemathesis.py", "live/test_coverage_gate.py")
    items.sort(key=lambda item: next((i + 1 for i, f in enumerate(last) if item.nodeid.startswith(f)), 0))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call":
        stack = item.funcargs.get("stack")
        if isinstance(stack, Stack):
            report.sections.append(("live stack logs", stack.logs()))


@pytest.fixture(scope="session")
def recorder():
    return Recorder()


@pytest.fixture(scope="session")
def stack():
    with Stack(env=STACK_ENV) as running:
        yield running


@pytest.fixture(scope="session")
def api_as(stack, recorder):
    """api_as(username, scope="write", url=None) -> ApiClient with that demo user's bearer token."""

    def make(username, scope="write", *, url=None, **kwargs):
        token = stack.token(username, scope) if username else None
        return ApiClient(url or stack.url, token, recorder, **kwargs)

    return make


@pytest.fixture(scope="session")
def pages_as(stack, recorder):
    """pages_as(username, url=None) -> PageClient logged in through the login form."""

    def make(username, *, url=None, **kwargs):
        return PageClient(url or stack.url, recorder, **kwargs).login(username, stack.password)

    return make


@pytest.fixture(scope="session")
def live_schema(api_as):
    """The OpenAPI schema as the live server serves it."""
    return api_as("secretariat").ok("GET", "/schema/", params={"format": "json"})


@pytest.fixture(scope="session")
def required_operations(live_schema):
    return coverage.api_write_operations(live_schema) | coverage.page_form_routes()


def live_coverage_enabled(config) -> bool:
    return config.getoption("--live-coverage") or os.environ.get("LIVE_COVERAGE") == "1"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from live.test_coverage_gate import COVERAGE_SUMMARY

    for line in config.stash.get(FIGURES, []) + config.stash.get(COVERAGE_SUMMARY, []):
        terminalreporter.write_line(line)
