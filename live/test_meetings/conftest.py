"""The fixtures of the between-meetings tests: the secretariat's API client and pages, the seeds' ids."""

import pytest


@pytest.fixture(scope="module")
def api(api_as):
    return api_as("secretariat")


@pytest.fixture(scope="module")
def sec(pages_as):
    return pages_as("secretariat")


@pytest.fixture(scope="module")
def ids(api):
    coalition = next(c["id"] for c in api.all("/coalitions/") if c["slug"] == "it-coalition")
    return {"coalition": coalition, **{p["code"]: p["id"] for p in api.all("/participants/")}}
