"""The guarantees every resource has from the API base: strictness, pagination bounds, Location, ETags and
preconditions, idempotency keys. Shown on a few resources; the live suite walks the others."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from coalition.api.models import IdempotencyKey
from coalition.models import Participant
from coalition.services import api_token_create
from coalition.tests.factories import ParticipantFactory
from contributions.models import Disbursement, Pledge
from contributions.tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def pledge_body(world, **extra):
    return {
        "coalition": world.coalition.pk,
        "donor": world.participants.ee.pk,
        "amount": "1000000.00",
        "currency": "EUR",
        "announced_on": "2024-02-02",
        **extra,
    }


class TestStrictness:
    def test_unknown_query_parameter_is_400_naming_it(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).get("/api/v1/pledges/", {"donor_code": "LV"})
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "unknown-parameters" and "donor_code" in body["detail"]
        assert [e["field"] for e in body["errors"]] == ["donor_code"]

    def test_list_filters_are_not_taken_by_a_detail(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        response = client.get(f"/api/v1/participants/{world.participants.ee.pk}/", {"kind": "state"})
        assert response.status_code == 400 and response.json()["code"] == "unknown-parameters"

    def test_documented_parameters_are_taken(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        ok = client.get(
            "/api/v1/participants/", {"kind": "state", "page": 1, "page_size": 2, "ordering": "code"}
        )
        assert ok.status_code == 200 and ok.json()["count"] == 4
        assert client.get("/api/v1/summaries/latest/", {"coalition": world.coalition.pk}).status_code == 404

    @pytest.mark.parametrize("size", ["0", "501", "ten", "-1"])
    def test_page_size_outside_1_to_500_is_400(self, world, api_client_for, size):
        for path in ("/api/v1/participants/", "/api/v1/pledges/"):
            response = api_client_for(world.users.secretariat).get(path, {"page_size": size})
            assert response.status_code == 400
            assert [e["field"] for e in response.json()["errors"]] == ["page_size"]

    def test_page_size_500_and_pages(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        assert client.get("/api/v1/participants/", {"page_size": 500}).status_code == 200
        assert client.get("/api/v1/participants/", {"page": "0"}).status_code == 400
        assert client.get("/api/v1/participants/", {"page": "9"}).json()["code"] == "not-found"

    def test_money_as_a_json_number_is_refused(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        response = client.post("/api/v1/pledges/", pledge_body(world, amount=1000000), format="json")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("amount", "not_a_string")]
        assert not Pledge.objects.exists()
        assert client.post("/api/v1/pledges/", pledge_body(world), format="json").status_code == 201

    def test_writing_a_read_only_field_names_the_action(self, world, api_client_for):
        pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee, status="confirmed")
        client = api_client_for(world.users.secretariat)
        response = client.patch(f"/api/v1/pledges/{pledge.pk}/", {"status": "withdrawn"}, format="json")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "read-only-fields"
        assert body["errors"][0]["field"] == "status"
        assert f"POST /api/v1/pledges/{pledge.pk}/transition/" in body["detail"]
        assert Pledge.objects.get(pk=pledge.pk).status == "confirmed"

    def test_computed_fields_are_refused_too(self, world, api_client_for):
        pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
        client = api_client_for(world.users.secretariat)
        response = client.patch(f"/api/v1/pledges/{pledge.pk}/", {"paid": "5.00"}, format="json")
        assert response.status_code == 400 and "the portal sets it" in response.json()["detail"]

    def test_json_bodies_only(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        response = client.post("/api/v1/pledges/", pledge_body(world), format="multipart")
        assert response.status_code == 415 and response.json()["code"] == "unsupported-media-type"


class TestLocationAndConditionalRequests:
    def test_201_has_location_of_the_new_record(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        created = client.post("/api/v1/pledges/", pledge_body(world), format="json")
        assert created.status_code == 201
        assert created["Location"] == f"http://testserver/api/v1/pledges/{created.json()['id']}/"
        assert client.get(created["Location"]).json()["id"] == created.json()["id"]

    def test_etag_and_if_none_match(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        path = f"/api/v1/participants/{world.participants.ee.pk}/"
        etag = client.get(path)["ETag"]
        assert etag.startswith('"')
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
        assert client.get(path, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
        listing = client.get("/api/v1/participants/")
        assert client.get("/api/v1/participants/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
        Participant.objects.filter(pk=world.participants.ee.pk).update(name="Eesti")
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_stale_if_match_is_412_and_changes_nothing(self, world, api_client_for):
        client = api_client_for(world.users.admin)  # participants are shared: staff keep them
        path = f"/api/v1/participants/{world.participants.ee.pk}/"
        etag = client.get(path)["ETag"]
        first = client.patch(path, {"name": "Eesti"}, format="json", HTTP_IF_MATCH=etag)
        assert first.status_code == 200
        assert first["ETag"] == client.get(path)["ETag"] != etag  # the write's answer is the new read
        stale = client.patch(path, {"name": "Estland"}, format="json", HTTP_IF_MATCH=etag)
        assert stale.status_code == 412 and stale.json()["code"] == "precondition-failed"
        assert stale["ETag"] == first["ETag"]
        assert Participant.objects.get(pk=world.participants.ee.pk).name == "Eesti"
        assert client.delete(path, HTTP_IF_MATCH=etag).status_code == 412
        assert client.patch(path, {"name": "Estland"}, format="json", HTTP_IF_MATCH="*").status_code == 200

    def test_if_match_on_a_detail_action(self, world, api_client_for):
        pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
        client = api_client_for(world.users.secretariat)
        path = f"/api/v1/pledges/{pledge.pk}/"
        etag = client.get(path)["ETag"]
        client.patch(path, {"note": "changed"}, format="json")
        stale = client.post(
            path + "transition/", {"to_status": "confirmed"}, format="json", HTTP_IF_MATCH=etag
        )
        assert stale.status_code == 412 and Pledge.objects.get(pk=pledge.pk).status == "announced"

    def test_if_match_can_be_required(self, world, api_client_for, settings):
        settings.API_REQUIRE_IF_MATCH = True
        client = api_client_for(world.users.admin)
        path = f"/api/v1/participants/{world.participants.ee.pk}/"
        response = client.patch(path, {"name": "Eesti"}, format="json")
        assert response.status_code == 428 and response.json()["code"] == "precondition-required"
        etag = client.get(path)["ETag"]
        assert client.patch(path, {"name": "Eesti"}, format="json", HTTP_IF_MATCH=etag).status_code == 200


class TestIdempotencyKey:
    def test_same_key_and_body_replays_without_a_second_record(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        first = client.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        again = client.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json() and again["Location"] == first["Location"]
        assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
        assert Pledge.objects.count() == 1

    def test_same_key_other_body_is_422(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        client.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        other = client.post(
            "/api/v1/pledges/", pledge_body(world, amount="5.00"), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
        assert other.status_code == 422 and other.json()["code"] == "idempotency-key-reused"
        assert Pledge.objects.count() == 1

    def test_a_refused_request_is_replayed_as_refused(self, world, api_client_for):
        pledge = PledgeFactory(
            coalition=world.coalition,
            donor=world.participants.ee,
            amount=Decimal("100.00"),
            status="confirmed",
        )
        client = api_client_for(world.users.secretariat)
        body = {"pledge": pledge.pk, "amount": "150.00", "paid_on": "2024-03-01"}
        first = client.post("/api/v1/disbursements/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-7")
        again = client.post("/api/v1/disbursements/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-7")
        assert first.status_code == again.status_code == 400
        assert again.json()["code"] == "over-payment" and again["Content-Type"].startswith(
            "application/problem"
        )
        assert not Disbursement.objects.exists()

    def test_keys_belong_to_their_user_and_expire(self, world, api_client_for):
        mine = api_client_for(world.users.secretariat)
        staff = api_client_for(world.users.admin)
        mine.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        staff.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert Pledge.objects.count() == 2
        key = IdempotencyKey.objects.get(user=world.users.secretariat)
        assert timedelta(hours=23) < key.expires_at - key.created_at <= timedelta(hours=24)
        IdempotencyKey.objects.update(expires_at=timezone.now())
        mine.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert Pledge.objects.count() == 3

    def test_a_key_in_progress_is_409(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        now = timezone.now()
        IdempotencyKey.objects.create(
            user=world.users.secretariat,
            key="k-1",
            fingerprint=_fingerprint_of(world, client),
            created_at=now,
            expires_at=now + timedelta(hours=24),
        )
        response = client.post(
            "/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
        assert response.status_code == 409 and response.json()["code"] == "idempotency-key-in-use"
        assert response["Retry-After"] == "1" and not Pledge.objects.exists()

    def test_bad_key_is_400(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        response = client.post(
            "/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="é"
        )
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "Idempotency-Key"


def _fingerprint_of(world, client):
    from rest_framework.test import APIRequestFactory

    from coalition.api.idempotency import fingerprint

    request = APIRequestFactory().post("/api/v1/pledges/", pledge_body(world), format="json")
    from rest_framework.parsers import JSONParser
    from rest_framework.request import Request

    return fingerprint(Request(request, parsers=[JSONParser()]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking and concurrency: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_record(world):
    """Eight clients send the same key at once: one pledge; each answer is the first one or a 409."""
    _token, secret = api_token_create(user=world.users.secretariat, scope="write")
    answers = []
    barrier = threading.Barrier(8)

    def send():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        barrier.wait()
        answers.append(
            client.post("/api/v1/pledges/", pledge_body(world), format="json", HTTP_IDEMPOTENCY_KEY="race")
        )
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Pledge.objects.count() == 1
    assert {a.status_code for a in answers} <= {201, 409}
    assert sum(a.status_code == 201 and not a.has_header("Idempotent-Replayed") for a in answers) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking and concurrency: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_one_etag_one_wins(world):
    """Two writers read the same ETag and PATCH at once: one succeeds, the other gets 412."""
    participant = ParticipantFactory(code="LV", name="Latvia")
    _token, secret = api_token_create(user=world.users.admin, scope="write")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    path = f"/api/v1/participants/{participant.pk}/"
    etag = client.get(path)["ETag"]
    answers = []
    barrier = threading.Barrier(2)

    def send(name):
        mine = APIClient()
        mine.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        barrier.wait()
        answers.append(mine.patch(path, {"name": name}, format="json", HTTP_IF_MATCH=etag).status_code)
        connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("Latvija", "Lettland")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 412]


def test_expired_keys_are_purged_by_the_hourly_task(world):
    from django_celery_beat.models import PeriodicTask

    from coalition.tasks import purge_idempotency_keys

    now = timezone.now()
    for key, expires in (("old", now - timedelta(minutes=1)), ("new", now + timedelta(hours=1))):
        IdempotencyKey.objects.create(
            user=world.users.secretariat, key=key, fingerprint="x", created_at=now, expires_at=expires
        )
    assert purge_idempotency_keys.delay().get() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert PeriodicTask.objects.get(task="coalition.tasks.purge_idempotency_keys").interval.every == 1
