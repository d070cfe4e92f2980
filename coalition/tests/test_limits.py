"""Outages and bad input answer clearly, never 500: database down → 503, probes, ids, nesting, size, dates."""

import json

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from coalition import health
from coalition.models import Membership

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _refuse(self):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", _refuse)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", _refuse)


class TestDatabaseDown:
    def test_the_api_answers_503_problem_details_with_retry_after(self, world, database_down):
        response = Client(raise_request_exception=False).get(
            "/api/v1/pledges/", HTTP_AUTHORIZATION="Bearer whatever"
        )
        assert response.status_code == 503
        assert response["Content-Type"].startswith(PROBLEM)
        assert response["Retry-After"] == "5"
        assert "database is unavailable" in response.json()["detail"]

    def test_a_page_answers_a_plain_503_page(self, world, monkeypatch):
        client = Client(raise_request_exception=False)
        client.force_login(world.users.secretariat)
        monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", _refuse)
        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", _refuse)
        response = client.get("/c/itc/")
        assert response.status_code == 503
        assert response["Content-Type"].startswith("text/html")
        assert "Service unavailable" in response.content.decode()

    def test_healthz_stays_ok_and_readyz_names_the_database(self, world, database_down, monkeypatch):
        monkeypatch.setitem(health.CHECKS, "redis", lambda: None)
        monkeypatch.setitem(health.CHECKS, "worker", lambda: "1 answering")
        client = Client(raise_request_exception=False)
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["failed"] == ["database"]


def test_readyz_is_ready_when_every_check_answers(world, client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "redis", lambda: None)
    monkeypatch.setitem(health.CHECKS, "worker", lambda: "1 answering")
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ready" and response.json()["failed"] == []


def test_readyz_names_a_missing_worker(world, client, monkeypatch):
    def no_worker():
        raise RuntimeError("no worker answered a ping")

    monkeypatch.setitem(health.CHECKS, "redis", lambda: None)
    monkeypatch.setitem(health.CHECKS, "worker", no_worker)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failed"] == ["worker"]


@pytest.mark.parametrize(
    "method,path",
    [
        ("post", "/api/v1/invitations/abc/respond/"),
        ("get", "/api/v1/pledges/1.5/"),
        ("patch", "/api/v1/memberships/x/"),
        ("get", "/api/v1/summary-jobs/not-a-uuid/"),
    ],
)
def test_a_non_integer_id_is_404_problem(world, api_client_for, method, path):
    response = getattr(api_client_for(world.users.secretariat), method)(path, {})
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_is_400_problem(world, api_client_for, depth):
    body = "[" * depth + "]" * depth
    client = api_client_for(world.users.secretariat)
    response = client.post("/api/v1/capability-areas/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    assert "nested" in response.json()["detail"]


def test_nesting_within_the_limit_is_parsed(world, api_client_for):
    nested = {"a": [[{"b": 1}]]}
    response = api_client_for(world.users.secretariat).post(
        "/api/v1/capability-areas/", json.dumps({"name": nested}), content_type="application/json"
    )
    assert response.status_code == 400  # a field error, not a parse error
    assert {e["field"] for e in response.json()["errors"]} >= {"name"}


class TestBodySize:
    def test_the_api_answers_413_problem(self, world, api_client_for, settings):
        settings.REQUEST_BODY_MAX_BYTES = 1000
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/capability-areas/", {"name": "x" * 2000}, format="json"
        )
        assert response.status_code == 413
        assert response["Content-Type"].startswith(PROBLEM)
        assert "1000 bytes" in response.json()["detail"]

    def test_a_page_answers_a_plain_413_page(self, world, page_client_for, settings):
        settings.REQUEST_BODY_MAX_BYTES = 1000
        response = page_client_for(world.users.secretariat).post(
            "/c/itc/expert-groups/add/", {"name": "x" * 2000}
        )
        assert response.status_code == 413
        assert "Request too large" in response.content.decode()


class TestDateRange:
    def test_the_api_refuses_a_date_outside_1900_2200_naming_the_field(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).patch(
            f"/api/v1/memberships/{world.memberships.dk.pk}/", {"left_on": "9999-12-31"}, format="json"
        )
        assert response.status_code == 400, response.content
        assert [e["field"] for e in response.json()["errors"]] == ["left_on"]
        assert "between 1900 and 2200" in response.json()["errors"][0]["message"]

    def test_a_datetime_outside_the_range_is_refused_too(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/meetings/",
            {
                "coalition": world.coalition.pk,
                "title": "Far future",
                "starts_at": "2026-05-01T10:00:00Z",
                "ends_at": "9999-12-31T23:00:00Z",
            },
            format="json",
        )
        assert response.status_code == 400, response.content
        assert "ends_at" in {e["field"] for e in response.json()["errors"]}

    def test_a_page_form_shows_the_error_beside_the_field(self, world, page_client_for):
        membership = world.memberships.dk
        response = page_client_for(world.users.secretariat).post(
            f"/c/itc/memberships/{membership.pk}/end/", {"left_on": "1066-10-14"}
        )
        assert response.status_code == 200
        assert "between 1900 and 2200" in response.content.decode()
        assert Membership.objects.get(pk=membership.pk).left_on is None

    def test_dates_within_the_range_are_accepted(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).patch(
            f"/api/v1/memberships/{world.memberships.dk.pk}/", {"left_on": "2199-12-31"}, format="json"
        )
        assert response.status_code == 200, response.content
