"""The page-form tests' fixtures: the secretariat logged in, its API client, the ids of the seeds' records."""

import pytest


@pytest.fixture(scope="module")
def sec(pages_as):
    return pages_as("secretariat")


@pytest.fixture(scope="module")
def api(api_as):
    return api_as("secretariat")


@pytest.fixture(scope="module")
def ids(api):
    coalition = next(c["id"] for c in api.all("/coalitions/") if c["slug"] == "it-coalition")
    participants = {p["code"]: p["id"] for p in api.all("/participants/")}
    return {"coalition": coalition, **participants}
