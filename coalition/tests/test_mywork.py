"""The start page ("My work"): what waits for each role, in a bounded number of queries, with only links the
user may follow."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from contributions.tests.factories import PledgeFactory
from meetings.models import Minutes
from meetings.tests.factories import ActionItemFactory, InvitationFactory, MeetingFactory
from procurement.tests.factories import DeliveryFactory, OrderFactory, RoadmapItemFactory
from summaries.models import SummaryJob
from summaries.tests.snapshots import snapshot

pytestmark = pytest.mark.django_db


def _work(world):
    ee, lu = world.participants.ee, world.participants.lu
    coming = MeetingFactory(coalition=world.coalition, number=7, title="Coming meeting")
    past = MeetingFactory(coalition=world.coalition, number=6, title="Past meeting", past=True)
    InvitationFactory(meeting=coming, participant=ee)
    InvitationFactory(meeting=coming, participant=lu)
    PledgeFactory(coalition=world.coalition, donor=ee, review_status="needs_review")
    PledgeFactory(coalition=world.coalition, donor=ee, review_status="needs_review")
    PledgeFactory(coalition=world.coalition, donor=lu, review_status="disputed")
    ActionItemFactory(meeting=past, owner_participant=ee, title="Estonia's action")
    ActionItemFactory(
        meeting=past,
        owner_participant=lu,
        title="Overdue action",
        due_on=timezone.localdate() - timedelta(days=3),
    )
    Minutes.objects.create(meeting=past, text="Draft", status=Minutes.Status.CIRCULATED)
    item = RoadmapItemFactory(coalition=world.coalition, title="Radios")
    DeliveryFactory(order=OrderFactory(roadmap_item=item))
    SummaryJob.objects.create(coalition=world.coalition, trigger="on_demand", state="failed", error="boom")


def _links(html):
    return sorted(set(re.findall(r'href="(/[^"#]*)', html)))


def test_a_delegate_sees_reviews_invitations_actions_and_minutes(world, page_client_for):
    _work(world)
    html = page_client_for(world.users.delegate_ee).get("/").content.decode()
    assert "2 pledges need your review" in html
    assert "1 invitation to answer" in html and "Coming meeting" in html
    assert "1 open action item" in html and "Estonia&#x27;s action" in html
    assert "1 set of minutes out for comment" in html
    assert "Overdue action" not in html  # Luxembourg's, not Estonia's
    assert "disputed pledge" not in html  # the secretariat's list


def test_the_secretariat_sees_disputes_overdue_meetings_and_failed_jobs(world, page_client_for):
    _work(world)
    html = page_client_for(world.users.secretariat).get("/").content.decode()
    assert "1 disputed pledge" in html
    assert "1 overdue action item" in html and "Overdue action" in html
    assert "1 overdue delivery" in html and "Radios" in html
    assert "1 failed job" in html
    assert "pledges need your review" not in html


def test_an_observer_sees_the_latest_summary(world, page_client_for):
    html = page_client_for(world.users.observer).get("/").content.decode()
    assert "No summary has been generated yet" in html
    snapshot(world.coalition)
    html = page_client_for(world.users.observer).get("/").content.decode()
    assert "Read the latest summary" in html
    assert "disputed" not in html and "need your review" not in html


@pytest.mark.parametrize("role", ["observer", "delegate_ee", "secretariat"])
def test_every_link_on_the_start_page_can_be_followed(world, page_client_for, role):
    _work(world)
    snapshot(world.coalition)
    client = page_client_for(getattr(world.users, role))
    links = _links(client.get("/").content.decode())
    assert links
    refused = {link: client.get(link).status_code for link in links if not link.startswith("/static/")}
    assert {link: code for link, code in refused.items() if code >= 400} == {}


def test_the_start_page_queries_are_bounded(world, page_client_for, django_assert_max_num_queries):
    _work(world)
    client = page_client_for(world.users.secretariat)
    client.get("/")
    with django_assert_max_num_queries(20):
        client.get("/")
    for n in range(8, 20):  # more records do not mean more queries
        MeetingFactory(coalition=world.coalition, number=n + 100, past=True)
        PledgeFactory(coalition=world.coalition, donor=world.participants.ee, review_status="disputed")
    with django_assert_max_num_queries(20):
        assert "13 disputed pledges" in client.get("/").content.decode()
