"""The registry API: every endpoint for each role, tokens, filters, and the problem-details error format."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coalition.models import ApiToken, ExpertGroup, Membership, Participant
from coalition.services import api_token_create
from coalition.tests.factories import MembershipFactory, OrganisationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def assert_problem(response, status, *fields):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["title"] and "detail" in body
    assert {e["field"] for e in body["errors"]} >= set(fields)
    return body


class TestAuthentication:
    def test_missing_token_is_401_problem(self, world, api_client_for):
        response = api_client_for(None).get("/api/v1/participants/")
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")

    @pytest.mark.parametrize("header", ["Bearer nope", "Bearer", "Bearer a b"])
    def test_bad_token_is_401(self, world, api_client_for, header):
        client = api_client_for(None)
        client.credentials(HTTP_AUTHORIZATION=header)
        assert_problem(client.get("/api/v1/participants/"), 401)

    def test_expired_and_revoked_tokens_are_refused(self, world, api_client_for):
        token, secret = api_token_create(
            user=world.users.secretariat, scope="read", expires_at=timezone.now() + timedelta(hours=1)
        )
        client = api_client_for(None)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert client.get("/api/v1/participants/").status_code == 200
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        assert_problem(client.get("/api/v1/participants/"), 401)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=None, revoked_at=timezone.now())
        assert_problem(client.get("/api/v1/participants/"), 401)

    def test_token_of_an_inactive_user_is_refused(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        world.users.secretariat.is_active = False
        world.users.secretariat.save()
        assert_problem(client.get("/api/v1/participants/"), 401)

    def test_read_scope_cannot_write(self, world, api_client_for):
        client = api_client_for(world.users.secretariat, scope="read")
        assert client.get("/api/v1/memberships/").status_code == 200
        body = assert_problem(client.post("/api/v1/participants/", {"kind": "state", "code": "FI"}), 403)
        assert "read scope" in body["detail"]
        assert not Participant.objects.filter(code="FI").exists()

    def test_token_use_is_recorded(self, world, api_client_for):
        token, secret = api_token_create(user=world.users.observer, scope="read")
        client = api_client_for(None)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        client.get("/api/v1/coalitions/")
        token.refresh_from_db()
        assert token.last_used_at is not None


class TestVisibility:
    def test_lists_show_only_the_users_coalitions(self, world, api_client_for):
        ids = {
            m["id"]
            for m in api_client_for(world.users.observer).get("/api/v1/memberships/").json()["results"]
        }
        assert ids == {world.memberships.ee.pk, world.memberships.lu.pk, world.memberships.dk.pk}
        coalitions = api_client_for(world.users.outsider).get("/api/v1/coalitions/").json()["results"]
        assert [c["slug"] for c in coalitions] == ["dmc"]

    @pytest.mark.parametrize("path", ["/api/v1/coalitions/{coalition}/", "/api/v1/memberships/{membership}/"])
    def test_another_coalitions_record_is_404_not_403(self, world, api_client_for, path):
        url = path.format(coalition=world.coalition.pk, membership=world.memberships.ee.pk)
        assert_problem(api_client_for(world.users.outsider).get(url), 404)
        assert_problem(api_client_for(world.users.outsider).delete(url), 404)

    def test_user_without_any_role_sees_nothing(self, world, api_client_for):
        client = api_client_for(world.users.nobody)
        for endpoint in ("coalitions", "participants", "memberships", "expert-groups"):
            assert client.get(f"/api/v1/{endpoint}/").json()["count"] == 0

    def test_unknown_endpoint_is_a_problem_404(self, world, api_client_for):
        assert_problem(api_client_for(world.users.observer).get("/api/v1/no-such-thing/"), 404)


class TestParticipantsEndpoint:
    def test_registry_manager_creates_and_updates(self, world, api_client_for):
        client = api_client_for(world.users.registry)
        response = client.post("/api/v1/participants/", {"kind": "state", "code": "fi"})
        assert response.status_code == 201, response.content
        assert response.json()["name"] == "Finland"
        pk = response.json()["id"]
        response = client.patch(f"/api/v1/participants/{pk}/", {"name": "Republic of Finland"})
        assert response.status_code == 200
        assert Participant.objects.get(pk=pk).name == "Republic of Finland"

    @pytest.mark.parametrize("user", ["delegate_ee", "observer", "secretariat", "outsider"])
    def test_only_registry_managers_write_shared_participants(self, world, api_client_for, user):
        # Before: the secretariat of any coalition renamed Estonia for every coalition (issue 10).
        client = api_client_for(getattr(world.users, user))
        assert_problem(client.post("/api/v1/participants/", {"kind": "state", "code": "FI"}), 403)
        assert_problem(client.patch(f"/api/v1/participants/{world.participants.ee.pk}/", {"name": "X"}), 403)
        assert Participant.objects.get(code="EE").name == "Estonia"

    def test_bad_input_names_each_field(self, world, api_client_for):
        client = api_client_for(world.users.registry)
        body = assert_problem(client.post("/api/v1/participants/", {"kind": "planet"}), 400, "kind", "code")
        assert "kind" in body["detail"]
        assert_problem(client.post("/api/v1/participants/", {"kind": "state", "code": "XX"}), 400, "code")
        assert_problem(client.post("/api/v1/participants/", {"kind": "state", "code": "EE"}), 400, "code")

    def test_deleting_a_participant_with_memberships_is_409(self, world, api_client_for):
        client = api_client_for(world.users.registry)
        assert_problem(client.delete(f"/api/v1/participants/{world.participants.ee.pk}/"), 409)

    def test_filter_by_role_in_a_coalition(self, world, api_client_for):
        client = api_client_for(world.users.observer)
        response = client.get(f"/api/v1/participants/?coalition={world.coalition.pk}&role=lead&ordering=code")
        assert [p["code"] for p in response.json()["results"]] == ["EE", "LU"]
        response = client.get("/api/v1/participants/?q=den")
        assert [p["code"] for p in response.json()["results"]] == ["DK"]

    def test_bad_filter_value_is_400(self, world, api_client_for):
        response = api_client_for(world.users.observer).get("/api/v1/participants/?role=emperor")
        assert_problem(response, 400, "role")

    def test_filtering_by_a_hidden_coalition_is_400(self, world, api_client_for):
        response = api_client_for(world.users.observer).get(
            f"/api/v1/participants/?coalition={world.other.pk}"
        )
        assert_problem(response, 400, "coalition")


class TestMembershipsEndpoint:
    def test_secretariat_adds_a_membership(self, world, api_client_for):
        fi = ParticipantFactory(code="FI", name="Finland")
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/memberships/",
            {
                "coalition": world.coalition.pk,
                "participant": fi.pk,
                "role": "observer",
                "joined_on": "2024-04-09",
            },
        )
        assert response.status_code == 201, response.content
        assert response.json()["is_current"] is True

    def test_a_second_current_membership_is_400_on_participant(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/memberships/",
            {
                "coalition": world.coalition.pk,
                "participant": world.participants.ee.pk,
                "role": "member",
                "joined_on": "2024-04-09",
            },
        )
        assert_problem(response, 400, "participant")

    def test_secretariat_cannot_add_to_a_coalition_it_does_not_belong_to(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/memberships/",
            {
                "coalition": world.other.pk,
                "participant": world.participants.ee.pk,
                "role": "member",
                "joined_on": "2024-01-01",
            },
        )
        assert_problem(response, 400, "coalition")
        assert not Membership.objects.filter(
            coalition=world.other, participant=world.participants.ee
        ).exists()

    def test_change_role_action_keeps_history(self, world, api_client_for):
        dk = world.memberships.dk
        on = (dk.joined_on + timedelta(days=10)).isoformat()
        response = api_client_for(world.users.secretariat).post(
            f"/api/v1/memberships/{dk.pk}/change-role/", {"role": "lead", "on": on}
        )
        assert response.status_code == 201, response.content
        assert response.json()["role"] == "lead"
        dk.refresh_from_db()
        assert dk.left_on is not None and dk.role == "member"

    def test_change_role_with_bad_input_is_400(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        assert_problem(
            client.post(f"/api/v1/memberships/{world.memberships.dk.pk}/change-role/", {"role": "king"}),
            400,
            "role",
        )

    def test_patch_of_the_role_is_refused_with_a_reason(self, world, api_client_for):
        response = api_client_for(world.users.secretariat).patch(
            f"/api/v1/memberships/{world.memberships.dk.pk}/", {"role": "observer"}
        )
        body = assert_problem(response, 400, "role")
        assert "change role" in body["errors"][0]["message"]

    @pytest.mark.parametrize("user", ["delegate_ee", "observer"])
    def test_delegate_and_observer_cannot_change_memberships(self, world, api_client_for, user):
        client = api_client_for(getattr(world.users, user))
        assert_problem(client.patch(f"/api/v1/memberships/{world.memberships.ee.pk}/", {"note": "x"}), 403)
        assert_problem(client.delete(f"/api/v1/memberships/{world.memberships.ee.pk}/"), 403)
        assert_problem(
            client.post(f"/api/v1/memberships/{world.memberships.dk.pk}/change-role/", {"role": "lead"}), 403
        )

    def test_secretariat_deletes_a_mistaken_membership_and_history_keeps_it(self, world, api_client_for):
        pk = world.memberships.dk.pk
        assert api_client_for(world.users.secretariat).delete(f"/api/v1/memberships/{pk}/").status_code == 204
        assert not Membership.objects.filter(pk=pk).exists()
        assert Membership.history.filter(id=pk, history_type="-").exists()

    def test_list_query_count_does_not_grow_with_rows(
        self, world, api_client_for, django_assert_max_num_queries
    ):
        client = api_client_for(world.users.observer)
        with django_assert_max_num_queries(8):
            client.get("/api/v1/memberships/")
        for _ in range(25):  # organisations: a state's code may already be a member, by sequence order
            MembershipFactory(coalition=world.coalition, participant=OrganisationFactory())
        with django_assert_max_num_queries(8):
            response = client.get("/api/v1/memberships/?page_size=100")
        assert response.json()["count"] == 28


class TestCoalitionsAndExpertGroupsEndpoints:
    def test_secretariat_updates_its_coalition_but_cannot_create_or_delete(self, world, api_client_for):
        client = api_client_for(world.users.secretariat)
        response = client.patch(
            f"/api/v1/coalitions/{world.coalition.pk}/", {"description": "Digital support"}
        )
        assert response.status_code == 200
        assert_problem(client.post("/api/v1/coalitions/", {"name": "N", "short_name": "N", "slug": "n"}), 403)
        assert_problem(client.delete(f"/api/v1/coalitions/{world.coalition.pk}/"), 403)

    def test_staff_creates_a_coalition(self, world, api_client_for):
        response = api_client_for(world.users.admin).post(
            "/api/v1/coalitions/", {"name": "Drone Coalition", "short_name": "Drones", "slug": "drones"}
        )
        assert response.status_code == 201, response.content

    def test_expert_group_crud_by_role(self, world, api_client_for):
        payload = {
            "coalition": world.coalition.pk,
            "name": "Cyber defence",
            "lead": world.participants.lu.pk,
            "members": [world.participants.lu.pk, world.participants.dk.pk],
        }
        assert_problem(api_client_for(world.users.observer).post("/api/v1/expert-groups/", payload), 403)
        response = api_client_for(world.users.secretariat).post("/api/v1/expert-groups/", payload)
        assert response.status_code == 201, response.content
        group = ExpertGroup.objects.get(pk=response.json()["id"])
        assert set(group.members.values_list("code", flat=True)) == {"LU", "DK"}
        response = api_client_for(world.users.secretariat).patch(
            f"/api/v1/expert-groups/{group.pk}/", {"members": [world.participants.fr.pk]}
        )
        assert_problem(response, 400, "members")  # France is not visible... nor a member
        assert (
            api_client_for(world.users.delegate_lu).get(f"/api/v1/expert-groups/{group.pk}/").status_code
            == 200
        )
        assert_problem(api_client_for(world.users.outsider).get(f"/api/v1/expert-groups/{group.pk}/"), 404)


def test_schema_and_docs_are_served_without_a_cdn(world, page_client_for):
    client = page_client_for(world.users.observer)
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/participants/", "/api/v1/memberships/{id}/change-role/"} <= set(paths)
    assert "bearerAuth" in schema.json()["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"drf_spectacular_sidecar" in docs.content
    assert b"cdn." not in docs.content
