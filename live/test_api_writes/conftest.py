"""The context of the API-write tests: the secretariat's client in the seeds' coalition, once a module."""

import pytest

from live.test_api_writes.helpers import write_context


@pytest.fixture(scope="module")
def ctx(stack, api_as):
    return write_context(api_as)
