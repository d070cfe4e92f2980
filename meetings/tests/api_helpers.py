"""What the meetings API tests share: the API's root and the fields a problem+json answer names."""

API = "/api/v1/"


def fields_of(response):
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    return {e["field"] for e in response.json()["errors"]}
