"""API tokens managed in the portal (issue 11 item 4): coalition.tokens, /api/v1/tokens/ and the Tokens page.

One's own tokens: create (secret shown once), rotate (old secret dead at once), revoke. The secretariat sees
and revokes its coalition's users' tokens, never rotates them; others' tokens answer 404. Each write is in
the audit trail of the owner's coalition, and not in the changes feed.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coalition import audit, tokens
from coalition.errors import Conflict
from coalition.models import ApiToken, IdempotencyKey
from coalition.tests.test_api import assert_problem

pytestmark = pytest.mark.django_db


def bearer(api_client_for, secret):
    client = api_client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


# -- the service -------------------------------------------------------------------------------------------


class TestService:
    def test_create_rotate_revoke_and_what_authenticates(self, world):
        sec = world.users.secretariat
        token, first = tokens.token_create(actor=sec, scope="read", name="ERP")
        assert tokens.api_token_authenticate(first) == token
        rotated, second = tokens.token_rotate(actor=sec, token=token)
        assert rotated.pk == token.pk and second != first and rotated.prefix == second[:8]
        assert (rotated.scope, rotated.name, rotated.rotated_at is not None) == ("read", "ERP", True)
        assert tokens.api_token_authenticate(first) is None  # the old secret stops at once
        assert tokens.api_token_authenticate(second) == token
        tokens.token_revoke(actor=sec, token=token)
        assert tokens.api_token_authenticate(second) is None
        with pytest.raises(Conflict) as raised:
            tokens.token_rotate(actor=sec, token=token)
        assert raised.value.code == "token-not-active"
        again = tokens.token_revoke(actor=sec, token=token)  # revoking twice changes nothing
        assert again.revoked_at == ApiToken.objects.get(pk=token.pk).revoked_at

    def test_bad_fields_are_named(self, world):
        sec = world.users.secretariat
        with pytest.raises(ValidationError) as raised:
            tokens.token_create(
                actor=sec, scope="admin", name="x" * 101, expires_at=timezone.now() - timedelta(days=1)
            )
        assert set(raised.value.message_dict) == {"scope", "name", "expires_at"}
        with pytest.raises(ValidationError, match="three years"):
            tokens.token_create(actor=sec, scope="read", expires_at=timezone.now() + timedelta(days=2000))
        assert not ApiToken.objects.exists()

    def test_who_may_rotate_and_revoke(self, world):
        u = world.users
        token, _secret = tokens.token_create(actor=u.delegate_ee, scope="write")
        for stranger in (u.outsider, u.observer, u.delegate_lu, u.registry):
            assert not tokens.can_revoke(stranger, token)
            with pytest.raises(PermissionDenied):
                tokens.token_revoke(actor=stranger, token=token)
        for other in (u.secretariat, u.admin):  # revoke, never rotate someone else's
            with pytest.raises(PermissionDenied):
                tokens.token_rotate(actor=other, token=token)
        assert tokens.can_revoke(u.secretariat, token) and tokens.can_revoke(u.admin, token)
        tokens.token_revoke(actor=u.secretariat, token=token)
        assert ApiToken.objects.get(pk=token.pk).status == "revoked"

    def test_visibility(self, world):
        u = world.users
        mine, _ = tokens.token_create(actor=u.delegate_ee, scope="read")
        theirs, _ = tokens.token_create(actor=u.outsider, scope="read")  # secretariat of Y only
        assert list(tokens.visible_tokens(u.delegate_ee)) == [mine]
        assert list(tokens.visible_tokens(u.secretariat)) == [mine]
        assert list(tokens.visible_tokens(u.delegate_lu)) == []
        assert list(tokens.visible_tokens(u.outsider)) == [theirs]
        assert set(tokens.visible_tokens(u.admin)) == {mine, theirs}

    def test_at_most_25_active_tokens(self, world):
        sec = world.users.secretariat
        for _ in range(tokens.MAX_LIVE_TOKENS):
            tokens.token_create(actor=sec, scope="read")
        with pytest.raises(Conflict) as raised:
            tokens.token_create(actor=sec, scope="read")
        assert raised.value.code == "token-limit"
        tokens.token_revoke(actor=sec, token=ApiToken.objects.filter(user=sec).first())
        tokens.token_create(actor=sec, scope="read")

    def test_use_updates_last_used_but_not_updated_at(self, world):
        token, secret = tokens.token_create(actor=world.users.secretariat, scope="read")
        before = ApiToken.objects.get(pk=token.pk)
        tokens.api_token_authenticate(secret)
        after = ApiToken.objects.get(pk=token.pk)
        assert after.last_used_at is not None and after.updated_at == before.updated_at
        assert token.history.count() == 1  # use is not a change


class TestAudit:
    def test_create_rotate_revoke_are_in_the_coalitions_audit_trail_not_in_the_changes_feed(self, world):
        u = world.users
        token, _ = tokens.token_create(actor=u.delegate_ee, scope="write", name="sync")
        tokens.token_rotate(actor=u.delegate_ee, token=token)
        tokens.token_revoke(actor=u.secretariat, token=token)
        entries, _next, _last = audit.history_entries(
            coalition_ids=[world.coalition.pk],
            include_shared=False,
            newest_first=True,
            types={"apitoken"},
            audit_trail=True,
        )
        assert [(e["action"], e["user"]) for e in entries] == [
            ("changed", "sec"),
            ("changed", "del-ee"),
            ("created", "del-ee"),
        ]
        assert {c["field"] for c in entries[0]["changes"]} >= {"revoked_at"}
        assert {c["field"] for c in entries[1]["changes"]} >= {"prefix", "rotated_at"}
        assert not any(c["field"] == "digest" for e in entries for c in e["changes"])
        other, _n, _l = audit.history_entries(
            coalition_ids=[world.other.pk], include_shared=False, newest_first=True, audit_trail=True
        )
        assert not [e for e in other if e["type"] == "apitoken"]
        feed, _n, _l = audit.history_entries(
            coalition_ids=[world.coalition.pk], include_shared=True, newest_first=False
        )
        assert not [e for e in feed if e["type"] == "apitoken"]

    def test_the_audit_api_shows_them_to_the_secretariat(self, world, api_client_for):
        tokens.token_create(actor=world.users.observer, scope="read", name="dash")
        response = api_client_for(world.users.secretariat).get(
            "/api/v1/audit/", {"coalition": world.coalition.pk, "type": "apitoken"}
        )
        assert response.status_code == 200, response.content
        entries = [(e["action"], e["user"], e["record"]) for e in response.json()["results"]]
        assert ("created", "obs") in [entry[:2] for entry in entries]  # and the client's own, by the fixture


# -- the API -----------------------------------------------------------------------------------------------


class TestApi:
    def test_create_shows_the_secret_once_and_it_works(self, world, api_client_for):
        client = api_client_for(world.users.delegate_ee)
        response = client.post("/api/v1/tokens/", {"name": "ERP", "scope": "read"}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert response["Location"].endswith(f"/api/v1/tokens/{body['id']}/")
        assert response["Cache-Control"] == "no-store"
        assert (body["scope"], body["status"], body["username"], body["expires_at"]) == (
            "read",
            "active",
            "del-ee",
            None,
        )
        new = bearer(api_client_for, body["secret"])
        assert new.get("/api/v1/participants/").status_code == 200
        read_back = client.get(f"/api/v1/tokens/{body['id']}/").json()
        assert "secret" not in read_back and read_back["last_used_at"] is not None
        assert_problem(new.post("/api/v1/tokens/", {"scope": "read"}, format="json"), 403)  # read scope

    def test_rotate_and_revoke(self, world, api_client_for):
        client = api_client_for(world.users.delegate_ee)
        created = client.post("/api/v1/tokens/", {"scope": "write"}, format="json").json()
        rotated = client.post(f"/api/v1/tokens/{created['id']}/rotate/")
        assert rotated.status_code == 200, rotated.content
        assert rotated.json()["secret"] != created["secret"] and rotated.json()["id"] == created["id"]
        assert_problem(bearer(api_client_for, created["secret"]).get("/api/v1/participants/"), 401)
        fresh = bearer(api_client_for, rotated.json()["secret"])
        assert fresh.get("/api/v1/participants/").status_code == 200
        assert client.delete(f"/api/v1/tokens/{created['id']}/").status_code == 204
        assert_problem(fresh.get("/api/v1/participants/"), 401)
        assert client.get(f"/api/v1/tokens/{created['id']}/").json()["status"] == "revoked"
        body = assert_problem(client.post(f"/api/v1/tokens/{created['id']}/rotate/"), 409)
        assert body["code"] == "token-not-active"

    def test_bad_bodies_name_the_field(self, world, api_client_for):
        client = api_client_for(world.users.observer)
        assert_problem(client.post("/api/v1/tokens/", {"scope": "admin"}, format="json"), 400, "scope")
        past = (timezone.now() - timedelta(days=1)).isoformat()
        response = client.post("/api/v1/tokens/", {"scope": "read", "expires_at": past}, format="json")
        assert_problem(response, 400, "expires_at")
        response = client.post("/api/v1/tokens/", {"scope": "read", "user": 1}, format="json")
        assert assert_problem(response, 400, "user")["code"] == "read-only-fields"
        assert_problem(
            client.post("/api/v1/tokens/", {"scope": "read"}, format="json", QUERY_STRING="x=1"), 400
        )

    def test_the_secretariat_lists_and_revokes_its_coalitions_tokens_but_does_not_rotate(
        self, world, api_client_for
    ):
        u = world.users
        theirs, _ = tokens.token_create(actor=u.delegate_ee, scope="write")
        y_token, _ = tokens.token_create(actor=u.outsider, scope="write")
        sec = api_client_for(u.secretariat)
        listed = sec.get("/api/v1/tokens/", {"user": u.delegate_ee.pk}).json()["results"]
        assert [t["id"] for t in listed] == [theirs.pk]
        assert_problem(sec.post(f"/api/v1/tokens/{theirs.pk}/rotate/"), 403)
        assert sec.delete(f"/api/v1/tokens/{theirs.pk}/").status_code == 204
        assert_problem(sec.get(f"/api/v1/tokens/{y_token.pk}/"), 404)
        assert_problem(sec.delete(f"/api/v1/tokens/{y_token.pk}/"), 404)
        other = api_client_for(u.delegate_lu)
        assert_problem(other.delete(f"/api/v1/tokens/{theirs.pk}/"), 404)
        assert_problem(other.post(f"/api/v1/tokens/{theirs.pk}/rotate/"), 404)
        revoked = sec.get("/api/v1/tokens/", {"status": "revoked"}).json()["results"]
        assert [t["id"] for t in revoked] == [theirs.pk]

    def test_a_replayed_create_never_stores_nor_repeats_the_secret(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        headers = {"HTTP_IDEMPOTENCY_KEY": "token-1"}
        first = client.post("/api/v1/tokens/", {"scope": "read"}, format="json", **headers)
        second = client.post("/api/v1/tokens/", {"scope": "read"}, format="json", **headers)
        assert first.status_code == second.status_code == 201
        assert second["Idempotent-Replayed"] == "true"
        assert second.json()["id"] == first.json()["id"] and second.json()["secret"] is None
        assert ApiToken.objects.filter(name="", scope="read", user=world.users.secretariat).count() == 1
        stored = bytes(IdempotencyKey.objects.get(key="token-1").response_body)
        assert first.json()["secret"].encode() not in stored

    def test_a_token_made_with_an_expiring_token_expires_no_later(self, world, api_client_for):
        soon = timezone.now() + timedelta(days=7)
        _token, secret = tokens.api_token_create(user=world.users.observer, scope="write", expires_at=soon)
        client = bearer(api_client_for, secret)
        assert_problem(client.post("/api/v1/tokens/", {"scope": "read"}, format="json"), 400, "expires_at")
        later = (soon + timedelta(days=1)).isoformat()
        response = client.post("/api/v1/tokens/", {"scope": "read", "expires_at": later}, format="json")
        assert_problem(response, 400, "expires_at")
        earlier = (soon - timedelta(days=1)).isoformat()
        response = client.post("/api/v1/tokens/", {"scope": "read", "expires_at": earlier}, format="json")
        assert response.status_code == 201, response.content

    def test_token_writes_with_summaries_after_changes_on(self, world, settings):
        settings.SUMMARY_ON_CHANGE = True  # the history hook asks no coalition summary for a token
        token, _secret = tokens.token_create(actor=world.users.secretariat, scope="read")
        tokens.token_rotate(actor=world.users.secretariat, token=token)
        assert token.history.count() == 2

    def test_stale_if_match_on_revoke_is_412(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        created = client.post("/api/v1/tokens/", {"scope": "read"}, format="json").json()
        etag = client.get(f"/api/v1/tokens/{created['id']}/")["ETag"]
        client.post(f"/api/v1/tokens/{created['id']}/rotate/")
        response = client.delete(f"/api/v1/tokens/{created['id']}/", HTTP_IF_MATCH=etag)
        assert_problem(response, 412)
        assert ApiToken.objects.get(pk=created["id"]).revoked_at is None


# -- the page ----------------------------------------------------------------------------------------------


class TestPage:
    def test_create_shows_the_secret_once(self, world, page_client_for):
        client = page_client_for(world.users.observer)
        response = client.post(
            "/account/tokens/", {"name": "Dashboard", "scope": "read", "expires_in_days": 30}
        )
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"
        token = ApiToken.objects.get(user=world.users.observer)
        secret = response.content.decode().split("data-secret>")[1].split("<")[0]
        assert tokens.api_token_authenticate(secret) == token
        assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
        page = client.get("/account/tokens/").content.decode()
        assert "Dashboard" in page and token.prefix in page and secret not in page

    def test_bad_form_shows_errors_beside_the_fields(self, world, page_client_for):
        client = page_client_for(world.users.observer)
        response = client.post("/account/tokens/", {"scope": "admin", "expires_in_days": 0})
        assert response.status_code == 200
        assert response.context["form"].errors.keys() == {"scope", "expires_in_days"}
        assert not ApiToken.objects.exists()

    def test_rotate_and_revoke(self, world, page_client_for):
        u = world.users
        token, old = tokens.token_create(actor=u.delegate_ee, scope="write")
        client = page_client_for(u.delegate_ee)
        response = client.post(f"/account/tokens/{token.pk}/rotate/")
        assert response.status_code == 200
        new = response.content.decode().split("data-secret>")[1].split("<")[0]
        assert tokens.api_token_authenticate(old) is None and tokens.api_token_authenticate(new) == token
        response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
        assert "revoked" in response.content.decode()
        assert ApiToken.objects.get(pk=token.pk).status == "revoked"

    def test_the_secretariat_sees_and_revokes_its_users_tokens_others_get_404(
        self, world, page_client_for, client
    ):
        u = world.users
        token, _ = tokens.token_create(actor=u.delegate_ee, scope="write", name="EE sync")
        client.force_login(u.secretariat)
        assert "EE sync" in client.get("/account/tokens/").content.decode()
        assert client.post(f"/account/tokens/{token.pk}/rotate/").status_code == 403
        client.force_login(u.outsider)
        assert "EE sync" not in client.get("/account/tokens/").content.decode()
        assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
        client.force_login(u.secretariat)
        assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
        assert ApiToken.objects.get(pk=token.pk).status == "revoked"
