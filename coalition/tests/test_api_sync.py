"""Incremental sync: `?updated_since=` on every list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coalition.models import Participant
from coalition.urls import router

pytestmark = pytest.mark.django_db


def _set_updated(model, pk, when):
    model.objects.filter(pk=pk).update(updated_at=when)


def test_updated_since_returns_only_records_changed_since(world, api_client_for):
    client = api_client_for(world.users.secretariat)
    long_ago = timezone.now() - timedelta(days=10)
    for participant in Participant.objects.all():
        _set_updated(Participant, participant.pk, long_ago)
    cutoff = timezone.now() - timedelta(hours=1)
    _set_updated(Participant, world.participants.lu.pk, cutoff)  # exactly at the cutoff: included
    since = cutoff.isoformat().replace("+00:00", "Z")
    body = client.get("/api/v1/participants/", {"updated_since": since}).json()
    assert [row["code"] for row in body["results"]] == ["LU"]
    assert body["results"][0]["updated_at"] == since


def test_updated_since_with_an_offset(world, api_client_for):
    client = api_client_for(world.users.secretariat)
    future = (timezone.now() + timedelta(hours=1)).astimezone(timezone.get_fixed_timezone(120))
    body = client.get("/api/v1/participants/", {"updated_since": future.isoformat()}).json()
    assert body["results"] == []
    past = (timezone.now() - timedelta(hours=1)).astimezone(timezone.get_fixed_timezone(120))
    assert (
        len(client.get("/api/v1/participants/", {"updated_since": past.isoformat()}).json()["results"]) == 4
    )


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01T00:00:00Z", "2024-04-09T08:00:00"])
def test_bad_updated_since_is_400_naming_it(world, api_client_for, value):
    response = api_client_for(world.users.secretariat).get("/api/v1/pledges/", {"updated_since": value})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["updated_since"]


def test_every_list_documents_updated_since():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    resources = [
        prefix for prefix, viewset, _b in router.registry if getattr(viewset, "queryset", None) is not None
    ]
    assert len(resources) > 20
    for prefix in resources:
        operation = schema["paths"][f"/api/v1/{prefix}/"]["get"]
        assert "updated_since" in {p["name"] for p in operation.get("parameters", [])}, prefix
