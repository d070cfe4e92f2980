"""The gate: runs last and fails when a write operation of the schema or a page form was not exercised."""

import pytest

from live import coverage
from live.conftest import live_coverage_enabled


def test_every_write_operation_and_page_form_was_exercised(request, recorder, required_operations):
    if not live_coverage_enabled(request.config):
        pytest.skip("the gate judges a whole run: make live (pytest live --live-coverage)")
    done = coverage.exercised(recorder.requests, required_operations)
    problems, summary = coverage.report(required_operations, done, coverage.ALLOWED_UNCOVERED)
    print(summary)
    request.config.stash.setdefault(COVERAGE_SUMMARY, []).append(summary)
    assert not problems, "\n".join([summary, *problems])


COVERAGE_SUMMARY = pytest.StashKey[list]()
