"""Roadmap pages: who sees and writes what, filters in SQL, forms showing service errors, query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from procurement.models import Allocation, RoadmapItem
from procurement.tests.factories import (
    AllocationFactory,
    CapabilityAreaFactory,
    DeliveryFactory,
    OrderFactory,
    PledgeFactory,
    RoadmapItemFactory,
)

pytestmark = pytest.mark.django_db

READERS = ["secretariat", "delegate_ee", "observer", "admin"]
NON_WRITERS = ["delegate_ee", "delegate_lu", "observer"]


def url(name, *args):
    return reverse(name, args=["itc", *args])


@pytest.mark.parametrize("user", READERS)
def test_members_read_list_timeline_and_detail(world, item, page_client_for, user):
    client = page_client_for(getattr(world.users, user))
    for target in (url("roadmap-list"), url("roadmap-timeline"), url("roadmap-item-detail", item.pk)):
        response = client.get(target)
        assert response.status_code == 200, target
        assert "Secure radios" in response.content.decode()


@pytest.mark.parametrize("user", ["outsider", "nobody"])
def test_outsiders_get_404(world, item, page_client_for, user):
    client = page_client_for(getattr(world.users, user))
    for target in (
        url("roadmap-list"),
        url("roadmap-timeline"),
        url("roadmap-item-detail", item.pk),
        url("roadmap-item-edit", item.pk),
        url("roadmap-allocate"),
    ):
        assert client.get(target).status_code == 404, target


def test_outsider_cannot_open_an_item_through_its_own_coalition(world, item, page_client_for):
    client = page_client_for(world.users.outsider)
    assert client.get(reverse("roadmap-item-detail", args=["dmc", item.pk])).status_code == 404


def test_anonymous_is_sent_to_login(world, item, client):
    response = client.get(url("roadmap-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("user", NON_WRITERS)
def test_delegates_and_observers_cannot_write(world, item, page_client_for, user):
    client = page_client_for(getattr(world.users, user))
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    allocation = AllocationFactory(roadmap_item=item, pledge=pledge)
    order = OrderFactory(roadmap_item=item)
    for target in (
        url("roadmap-item-add"),
        url("roadmap-item-edit", item.pk),
        url("roadmap-item-transition", item.pk),
        url("roadmap-item-allocate", item.pk),
        url("roadmap-allocate") + f"?pledge={pledge.pk}",
        url("allocation-edit", allocation.pk),
        url("allocation-delete", allocation.pk),
        url("order-add", item.pk),
        url("order-edit", order.pk),
        url("delivery-add", order.pk),
        url("capability-area-add"),
    ):
        assert client.get(target).status_code == 403, target
        assert client.post(target, {}).status_code == 403, target
    page = client.get(url("roadmap-item-detail", item.pk)).content.decode()
    assert "Edit item" not in page and "Allocate a pledge" not in page


def test_secretariat_creates_an_item_and_sees_form_errors(world, area, page_client_for):
    client = page_client_for(world.users.secretariat)
    data = {
        "title": "Secure radios",
        "capability_area": area.pk,
        "priority": 1,
        "planned_year": 2024,
        "planned_quarter": 2,
        "estimated_cost_low": "100",
        "estimated_cost_high": "50",
        "currency": "EUR",
    }
    response = client.post(url("roadmap-item-add"), data)
    assert response.status_code == 200
    assert "cannot be below the low end" in response.content.decode()
    response = client.post(url("roadmap-item-add"), {**data, "estimated_cost_high": "150"})
    item = RoadmapItem.objects.get()
    assert response.status_code == 302 and response["Location"] == url("roadmap-item-detail", item.pk)
    assert item.history.get().history_user == world.users.secretariat


def test_transition_form_offers_only_legal_moves_and_logs_them(world, item, page_client_for):
    client = page_client_for(world.users.secretariat)
    page = client.get(url("roadmap-item-transition", item.pk)).content.decode()
    assert 'value="requirements"' in page and 'value="cancelled"' in page and 'value="closed"' not in page
    response = client.post(url("roadmap-item-transition", item.pk), {"to_status": "closed"})
    assert response.status_code == 200  # not a choice: a form error, never a 500
    response = client.post(url("roadmap-item-transition", item.pk), {"to_status": "cancelled"})
    assert "reason" in response.content.decode()
    response = client.post(
        url("roadmap-item-transition", item.pk), {"to_status": "requirements", "note": "Go"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "requirements" and item.transitions.get().note == "Go"
    detail = client.get(url("roadmap-item-detail", item.pk)).content.decode()
    assert "Transition log" in detail and "Go" in detail


def test_allocation_from_a_pledge_and_from_the_item(world, item, page_client_for):
    client = page_client_for(world.users.secretariat)
    pledge = PledgeFactory(coalition=world.coalition, amount=Decimal("100.00"))
    page = client.get(url("roadmap-allocate") + f"?pledge={pledge.pk}").content.decode()
    assert f'<option value="{pledge.pk}" selected>' in page
    response = client.post(
        url("roadmap-allocate") + f"?pledge={pledge.pk}",
        {"pledge": pledge.pk, "roadmap_item": item.pk, "amount": "150.00"},
    )
    assert response.status_code == 200 and "Only 100.00 EUR" in response.content.decode()
    response = client.post(
        url("roadmap-allocate") + f"?pledge={pledge.pk}",
        {"pledge": pledge.pk, "roadmap_item": item.pk, "amount": "60.00"},
    )
    assert response.status_code == 302
    response = client.post(url("roadmap-item-allocate", item.pk), {"pledge": pledge.pk, "amount": "40.00"})
    assert response.status_code == 302 and response["Location"] == url("roadmap-item-detail", item.pk)
    assert sum(a.amount for a in Allocation.objects.all()) == Decimal("100.00")


def test_undisclosed_pledge_shows_why_it_cannot_be_allocated(world, item, page_client_for):
    client = page_client_for(world.users.secretariat)
    pledge = PledgeFactory(coalition=world.coalition, amount=None)
    response = client.post(
        url("roadmap-item-allocate", item.pk) + f"?pledge={pledge.pk}", {"pledge": pledge.pk, "amount": "1"}
    )
    assert response.status_code == 200 and "undisclosed" in response.content.decode()


def test_pledge_of_another_coalition_is_404(world, item, page_client_for):
    pledge = PledgeFactory(coalition=world.other)
    client = page_client_for(world.users.secretariat)
    assert client.get(url("roadmap-allocate") + f"?pledge={pledge.pk}").status_code == 404
    assert client.get(url("roadmap-allocate") + "?pledge=abc").status_code == 404


def test_list_filters_run_in_sql(world, area, page_client_for):
    other_area = CapabilityAreaFactory(coalition=world.coalition, name="Cyber defence")
    funded = RoadmapItemFactory(coalition=world.coalition, capability_area=area, title="Funded one")
    AllocationFactory(roadmap_item=funded, amount=Decimal("100000"))
    partly = RoadmapItemFactory(coalition=world.coalition, capability_area=area, title="Partly one")
    AllocationFactory(roadmap_item=partly, amount=Decimal("10"))
    RoadmapItemFactory(
        coalition=world.coalition, capability_area=other_area, title="Unfunded one", planned_year=2025
    )
    client = page_client_for(world.users.observer)

    def titles(**params):
        response = client.get(url("roadmap-list"), params)
        assert response.status_code == 200
        return {item.title for item in response.context["object_list"]}

    assert titles(funding_state="funded") == {"Funded one"}
    assert titles(funding_state="partly") == {"Partly one"}
    assert titles(funding_state="unfunded") == {"Unfunded one"}
    assert titles(planned_year=2025) == {"Unfunded one"}
    assert titles(capability_area=other_area.pk) == {"Unfunded one"}
    assert titles(status="identified", planned_quarter=2) == {"Funded one", "Partly one", "Unfunded one"}
    assert titles(status="tendering") == set()


def test_htmx_request_gets_only_the_table(world, item, page_client_for):
    client = page_client_for(world.users.observer)
    response = client.get(url("roadmap-list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def test_detail_shows_funding_orders_deliveries_and_overdue(world, item, page_client_for):
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.lu)
    AllocationFactory(roadmap_item=item, pledge=pledge, amount=Decimal("40000"))
    order = OrderFactory(roadmap_item=item, supplier="Radio Works")
    DeliveryFactory(order=order, quantity=5, expected_on=date(2024, 5, 1), delivered_on=None)
    page = page_client_for(world.users.observer).get(url("roadmap-item-detail", item.pk)).content.decode()
    assert "Luxembourg" in page and "Radio Works" in page and "overdue" in page
    assert "60,000.00 EUR" in page  # gap against the low end (100,000 - 40,000)


def _populate(world, area, count):
    for _ in range(count):
        item = RoadmapItemFactory(coalition=world.coalition, capability_area=area)
        AllocationFactory(roadmap_item=item)
        DeliveryFactory(order=OrderFactory(roadmap_item=item))


@pytest.mark.parametrize("name", ["roadmap-list", "roadmap-timeline"])
def test_page_query_count_does_not_grow_with_rows(
    world, area, page_client_for, django_assert_max_num_queries, name
):
    client = page_client_for(world.users.secretariat)
    _populate(world, area, 3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url(name)).status_code == 200
    _populate(world, area, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(name)).status_code == 200


def test_detail_query_count_does_not_grow_with_rows(
    world, item, page_client_for, django_assert_max_num_queries
):
    client = page_client_for(world.users.secretariat)
    AllocationFactory(roadmap_item=item)
    DeliveryFactory(order=OrderFactory(roadmap_item=item))
    with django_assert_max_num_queries(40) as few:
        client.get(url("roadmap-item-detail", item.pk))
    for _ in range(5):
        AllocationFactory(roadmap_item=item)
        DeliveryFactory(order=OrderFactory(roadmap_item=item))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("roadmap-item-detail", item.pk))


def test_capability_areas_are_managed_by_the_secretariat(world, area, page_client_for):
    client = page_client_for(world.users.secretariat)
    response = client.post(url("capability-area-add"), {"name": "Secure communications", "position": 1})
    assert response.status_code == 200 and "already has a capability area" in response.content.decode()
    response = client.post(url("capability-area-add"), {"name": "Cyber defence", "position": 2})
    assert response.status_code == 302
    assert "Cyber defence" in client.get(url("capability-area-list")).content.decode()


def test_timeline_is_bounded_by_year_with_navigation(world, area, page_client_for, monkeypatch):
    """A timeline page renders at most TIMELINE_MAX_ITEMS items, whatever the size of the roadmap."""
    from procurement import selectors

    monkeypatch.setattr(selectors, "TIMELINE_MAX_ITEMS", 4)
    client = page_client_for(world.users.secretariat)
    for priority in range(1, 4):
        RoadmapItemFactory(
            coalition=world.coalition, capability_area=area, planned_year=2025, priority=priority
        )
    response = client.get(url("roadmap-timeline"))
    assert response.context["page"].year is None  # everything fits: every year on one page
    assert response.context["page"].shown == 3
    for priority in range(1, 8):
        RoadmapItemFactory(
            coalition=world.coalition, capability_area=area, planned_year=2026, priority=priority
        )
    RoadmapItemFactory(coalition=world.coalition, capability_area=area, planned_year=2027, priority=1)
    response = client.get(url("roadmap-timeline") + "?year=2026")
    page, html = response.context["page"], response.content.decode()
    assert (page.year, page.shown, page.total, page.more) == (2026, 4, 7, 3)
    assert html.count('class="badge funding-') == 4  # one per rendered item
    assert "3 more are in the roadmap list" in html
    assert url("roadmap-list") + "?planned_year=2026" in html
    assert '?year=2025" rel="prev"' in html and '?year=2027" rel="next"' in html
    response = client.get(url("roadmap-timeline") + "?year=2025")
    assert response.context["page"].shown == 3 and response.context["page"].more == 0
    response = client.get(url("roadmap-timeline"))  # too many for one page: one year by default
    assert response.context["page"].year is not None and response.context["page"].shown <= 4


def test_item_form_shows_its_own_and_the_services_errors_in_one_answer(world, area, page_client_for):
    """Issue 13 item 5: a field error (a quarter that does not exist) and a rule of the service (the high
    end below the low) in the same submit: both are shown, nothing is saved."""
    client = page_client_for(world.users.secretariat)
    data = {
        "title": "Secure radios",
        "capability_area": area.pk,
        "priority": 1,
        "planned_year": 2024,
        "planned_quarter": 7,
        "estimated_cost_low": "100",
        "estimated_cost_high": "50",
        "currency": "EUR",
    }
    response = client.post(url("roadmap-item-add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "planned_quarter" in errors
    assert "cannot be below the low end" in " ".join(errors["estimated_cost_high"])
    assert 'href="#id_estimated_cost_high"' in response.content.decode()  # in the error summary
    assert not RoadmapItem.objects.exists()


def test_timeline_entries_show_the_lists_figures_and_link_their_item(world, area, page_client_for):
    """The timeline reads fewer annotations than the list (annotate_funding_state): the same funding state,
    EUR estimate and overdue flag per item, and each entry links the item's own page."""
    funded = RoadmapItemFactory(coalition=world.coalition, capability_area=area, title="Funded one")
    AllocationFactory(roadmap_item=funded, amount=Decimal("100000"))
    partly = RoadmapItemFactory(coalition=world.coalition, capability_area=area, title="Partly one")
    AllocationFactory(roadmap_item=partly, amount=Decimal("10"))
    late = RoadmapItemFactory(
        coalition=world.coalition,
        capability_area=area,
        title="Late one",
        status=RoadmapItem.Status.CONTRACTED,
    )
    DeliveryFactory(order=OrderFactory(roadmap_item=late), expected_on=date(2024, 1, 1), delivered_on=None)
    RoadmapItemFactory(
        coalition=world.coalition,
        capability_area=area,
        title="Unfunded one",
        estimated_cost_low=None,
        estimated_cost_high=None,
    )
    client = page_client_for(world.users.observer)
    listed = {i.title: i for i in client.get(url("roadmap-list")).context["object_list"]}
    response = client.get(url("roadmap-timeline"))
    shown = {i.title: i for row in response.context["rows"] for _q, items in row.quarters for i in items}
    assert set(shown) == set(listed) == {"Funded one", "Partly one", "Late one", "Unfunded one"}
    for title, item in shown.items():
        expected = listed[title]
        assert (item.funding_state, item.is_overdue, item.estimate_low_eur, item.estimate_high_eur) == (
            expected.funding_state,
            expected.is_overdue,
            expected.estimate_low_eur,
            expected.estimate_high_eur,
        ), title
        assert f'<a href="{url("roadmap-item-detail", item.pk)}">{title}</a>' in response.content.decode()
    assert {shown[t].funding_state for t in ("Funded one", "Partly one")} == {"funded", "partly"}
    assert shown["Late one"].is_overdue and not shown["Funded one"].is_overdue
