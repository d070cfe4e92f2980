"""Registry pages for each role: what renders, what is refused, and form errors beside their fields."""

import pytest
from django.urls import reverse

from coalition.models import ExpertGroup, Membership, Participant
from coalition.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "delegate_ee", "observer", "admin"]


def test_anonymous_is_sent_to_login_from_every_page(world, client):
    for url in ["/", "/c/itc/", "/c/itc/participants/", "/participants/EE/", "/c/itc/memberships/add/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_login_with_a_wrong_password_shows_an_error(world, client):
    response = client.post("/accounts/login/", {"username": "sec", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_pages_render_for_every_role(world, page_client_for, role):
    client = page_client_for(getattr(world.users, role))
    group = ExpertGroup.objects.create(
        coalition=world.coalition, name="Cyber defence", lead=world.participants.ee
    )
    for url in ["/c/itc/", "/c/itc/participants/", "/participants/EE/", f"/c/itc/expert-groups/{group.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, (role, url)
    home = client.get("/c/itc/").content.decode()
    assert "Estonia" in home and "Luxembourg" in home and "Cyber defence" in home


def test_users_with_a_role_land_on_their_start_page(world, page_client_for):
    response = page_client_for(world.users.observer).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "My work" in html and 'href="/c/itc/"' in html


def test_user_without_a_role_is_told_so(world, page_client_for):
    response = page_client_for(world.users.nobody).get("/")
    assert response.status_code == 200
    assert "no role in any coalition" in response.content.decode()


def test_another_coalitions_pages_are_404(world, page_client_for):
    client = page_client_for(world.users.outsider)
    assert client.get("/c/itc/").status_code == 404
    assert client.get("/c/itc/participants/").status_code == 404
    assert client.get("/c/itc/memberships/add/").status_code == 404
    assert client.get("/c/dmc/").status_code == 200


def test_participant_page_shows_only_memberships_the_user_may_see(world, page_client_for):
    MembershipFactory(coalition=world.other, participant=world.participants.ee, role="observer")
    page = page_client_for(world.users.observer).get("/participants/EE/").content.decode()
    assert "ITC" in page and "DMC" not in page


@pytest.mark.parametrize("role", ["delegate_ee", "observer"])
def test_forms_are_forbidden_to_delegates_and_observers(world, page_client_for, role):
    client = page_client_for(getattr(world.users, role))
    m = world.memberships.dk
    for url in [
        "/participants/add/",
        "/participants/EE/edit/",
        "/c/itc/edit/",
        "/c/itc/memberships/add/",
        f"/c/itc/memberships/{m.pk}/change-role/",
        f"/c/itc/memberships/{m.pk}/end/",
        "/c/itc/expert-groups/add/",
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x"}).status_code == 403, url
    assert Participant.objects.get(code="EE").name == "Estonia"


def test_edit_links_show_only_for_the_secretariat(world, page_client_for):
    assert "Edit coalition" in page_client_for(world.users.secretariat).get("/c/itc/").content.decode()
    assert "Edit coalition" not in page_client_for(world.users.delegate_ee).get("/c/itc/").content.decode()


class TestParticipantList:
    def test_role_filter_and_search(self, world, page_client_for):
        client = page_client_for(world.users.observer)
        page = client.get("/c/itc/participants/?role=lead").content.decode()
        assert "Estonia" in page and "Luxembourg" in page and "Denmark" not in page
        page = client.get("/c/itc/participants/?q=lux").content.decode()
        assert "Luxembourg" in page and "Estonia" not in page

    def test_the_list_never_shows_another_coalitions_members_as_members(self, world, page_client_for):
        page = page_client_for(world.users.observer).get("/c/itc/participants/?role=lead").content.decode()
        assert "France" not in page

    def test_bad_filter_value_is_a_form_error_not_a_500(self, world, page_client_for):
        response = page_client_for(world.users.observer).get("/c/itc/participants/?role=emperor")
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()

    def test_htmx_request_gets_only_the_table(self, world, page_client_for):
        response = page_client_for(world.users.observer).get(
            "/c/itc/participants/?role=lead", HTTP_HX_REQUEST="true"
        )
        body = response.content.decode()
        assert "<table" in body and "<html" not in body and "Estonia" in body

    def test_query_count_does_not_grow_with_rows(self, world, page_client_for, django_assert_max_num_queries):
        client = page_client_for(world.users.observer)
        with django_assert_max_num_queries(12):
            client.get("/c/itc/participants/")
        for _ in range(30):
            MembershipFactory(coalition=world.coalition, participant=OrganisationFactory())
        with django_assert_max_num_queries(12):
            response = client.get("/c/itc/participants/")
        assert response.context["paginator"].count == 33

    def test_home_query_count_does_not_grow_with_members(
        self, world, page_client_for, django_assert_max_num_queries
    ):
        client = page_client_for(world.users.observer)
        for _ in range(30):
            MembershipFactory(coalition=world.coalition, participant=OrganisationFactory())
        with django_assert_max_num_queries(10):
            assert client.get("/c/itc/").status_code == 200


class TestForms:
    def test_add_participant_shows_field_errors_and_keeps_input(self, world, page_client_for):
        response = page_client_for(world.users.registry).post(
            "/participants/add/", {"kind": "state", "code": "XX", "name": "Nowhere"}
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert "not an ISO 3166-1 alpha-2" in form.errors["code"][0]
        assert 'value="Nowhere"' in response.content.decode()
        assert not Participant.objects.filter(code="XX").exists()

    def test_add_participant_then_its_page(self, world, page_client_for):
        response = page_client_for(world.users.registry).post(
            "/participants/add/", {"kind": "state", "code": "fi", "name": ""}
        )
        assert response.status_code == 302 and response["Location"] == "/participants/FI/"

    def test_a_secretariat_cannot_add_or_rename_shared_participants(self, world, page_client_for):
        # Before: any coalition's secretariat created and renamed participants for every coalition (issue 10).
        client = page_client_for(world.users.outsider)
        assert client.post("/participants/add/", {"kind": "state", "code": "FI"}).status_code == 403
        rename = {"kind": "state", "code": "EE", "name": "X"}
        assert client.post("/participants/EE/edit/", rename).status_code == 403
        assert not Participant.objects.filter(code="FI").exists()
        assert Participant.objects.get(code="EE").name == "Estonia"

    def test_membership_form_errors(self, world, page_client_for):
        client = page_client_for(world.users.secretariat)
        response = client.post(
            "/c/itc/memberships/add/",
            {"participant": world.participants.ee.pk, "role": "member", "joined_on": "2024-04-09"},
        )
        assert "already a current member" in response.context["form"].errors["participant"][0]
        response = client.post(
            "/c/itc/memberships/add/",
            {"participant": world.participants.fr.pk, "role": "member", "joined_on": "not a date"},
        )
        assert "joined_on" in response.context["form"].errors
        response = client.post(
            "/c/itc/memberships/add/",
            {
                "participant": world.participants.fr.pk,
                "role": "member",
                "joined_on": "2024-04-09",
                "left_on": "2024-01-01",
            },
        )
        assert "cannot end before it starts" in str(response.context["form"].non_field_errors())
        assert not Membership.objects.filter(
            coalition=world.coalition, participant=world.participants.fr
        ).exists()

    def test_change_role_page_keeps_history(self, world, page_client_for):
        dk = world.memberships.dk
        on = dk.joined_on.replace(year=dk.joined_on.year + 1)
        response = page_client_for(world.users.secretariat).post(
            f"/c/itc/memberships/{dk.pk}/change-role/", {"role": "lead", "on": on.isoformat()}
        )
        assert response.status_code == 302
        roles = list(
            Membership.objects.filter(participant=world.participants.dk)
            .order_by("joined_on")
            .values_list("role", flat=True)
        )
        assert roles == ["member", "lead"]

    def test_expert_group_form_offers_only_current_members(self, world, page_client_for):
        response = page_client_for(world.users.secretariat).get("/c/itc/expert-groups/add/")
        choices = {str(label) for _value, label in response.context["form"].fields["members"].choices}
        assert choices == {"Denmark", "Estonia", "Luxembourg"}

    def test_expert_group_created_from_the_page(self, world, page_client_for):
        response = page_client_for(world.users.secretariat).post(
            "/c/itc/expert-groups/add/",
            {
                "name": "Cyber defence",
                "lead": world.participants.ee.pk,
                "members": [world.participants.dk.pk],
            },
        )
        group = ExpertGroup.objects.get(name="Cyber defence")
        assert response["Location"] == reverse("expert-group-detail", args=["itc", group.pk])

    def test_coalition_edit(self, world, page_client_for):
        response = page_client_for(world.users.secretariat).post(
            "/c/itc/edit/",
            {"name": "IT Coalition", "short_name": "ITC", "description": "Digital", "founded_on": ""},
        )
        assert response.status_code == 302
        world.coalition.refresh_from_db()
        assert world.coalition.description == "Digital"
        assert world.coalition.history.first().history_user == world.users.secretariat


def test_pages_switch_to_ukrainian(world, page_client_for):
    client = page_client_for(world.users.observer)
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/c/itc/"})
    assert response.status_code == 302
    page = client.get("/c/itc/").content.decode()
    assert '<html lang="uk">' in page
