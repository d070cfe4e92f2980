"""The Django admin cannot bypass the rules: figures and lifecycle fields are read-only there, and its
actions go through the services (issue 9: the admin set a pledge to fulfilled with no transition, date or
review reset)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contributions import services
from contributions.models import Pledge
from contributions.tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.users.admin)
    return client


@pytest.fixture
def reviewed(world):
    pledge = PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.ee,
        status=S.CONFIRMED,
        confirmed_on=datetime.date(2024, 2, 2),
    )
    return services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=pledge)


def test_the_change_form_cannot_set_the_status_nor_the_figures(admin_client, reviewed):
    url = f"/admin/contributions/pledge/{reviewed.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="status"' not in page and 'name="amount"' not in page and 'name="review_status"' not in page
    response = admin_client.post(
        url,
        {
            "status": S.FULFILLED,
            "fulfilled_on": "2024-03-01",
            "amount": "1",
            "review_status": "confirmed",
            "purpose": "Edited in the admin",
            "disbursements-TOTAL_FORMS": "0",
            "disbursements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reviewed.refresh_from_db()
    assert (reviewed.status, reviewed.fulfilled_on, reviewed.amount) == (
        S.CONFIRMED,
        None,
        Decimal("1000000.00"),
    )
    assert reviewed.purpose == "Edited in the admin"  # free text stays editable


def test_the_admin_action_moves_a_pledge_through_the_service(world, admin_client, reviewed):
    response = admin_client.post(
        "/admin/contributions/pledge/",
        {"action": "mark_committed", "_selected_action": [reviewed.pk]},
        follow=True,
    )
    assert "1 pledge(s) moved to Committed" in response.content.decode()
    reviewed.refresh_from_db()
    step = reviewed.transitions.last()
    assert (reviewed.status, reviewed.committed_on) == (S.COMMITTED, timezone.localdate())
    assert (step.from_status, step.to_status, step.recorded_by) == (
        S.CONFIRMED,
        S.COMMITTED,
        world.users.admin,
    )
    assert reviewed.review_status == Pledge.Review.NEEDS_REVIEW  # the delegate's review was reset


def test_an_illegal_admin_action_is_refused_with_the_reason(admin_client, reviewed):
    response = admin_client.post(
        "/admin/contributions/pledge/",
        {"action": "mark_fulfilled", "_selected_action": [reviewed.pk]},
        follow=True,
    )
    assert "cannot go from Confirmed to Fulfilled" in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.status == S.CONFIRMED


@pytest.mark.parametrize(
    "url",
    [
        "/admin/contributions/pledge/add/",
        "/admin/contributions/disbursement/add/",
        "/admin/contributions/pledgetransition/add/",
        "/admin/contributions/fxrate/add/",
    ],
)
def test_records_with_rules_are_not_added_in_the_admin(admin_client, url):
    assert admin_client.get(url).status_code == 403


def test_a_roadmap_items_status_is_read_only_in_the_admin(world, admin_client):
    from procurement.tests.factories import RoadmapItemFactory

    item = RoadmapItemFactory(coalition=world.coalition)
    page = admin_client.get(f"/admin/procurement/roadmapitem/{item.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="title"' in page
