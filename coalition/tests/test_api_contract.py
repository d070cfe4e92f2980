"""What the live schemathesis run (live/test_schemathesis.py) found, pinned in-process: answers the schema
documents, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/participants/?coalition=null", "coalition"),
        ("/api/v1/meetings/?participant=null&participant=null", "participant"),
        ("/api/v1/meetings/?participant=abc", "participant"),
    ],
)
def test_an_id_filter_given_no_id_is_a_400_naming_it(world, api_client_for, path, field):
    response = api_client_for(world.users.secretariat).get(path)
    assert response.status_code == 400, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
