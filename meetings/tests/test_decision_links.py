"""Decisions name the pledges and roadmap items they concern, within their own coalition."""

import pytest
from django.core.exceptions import ValidationError

from contributions.tests.factories import PledgeFactory
from meetings import services
from meetings.tests.factories import MeetingFactory
from procurement.tests.factories import RoadmapItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return MeetingFactory(coalition=world.coalition, past=True)


def test_decision_links_pledges_and_items_and_the_history_keeps_them(world, meeting):
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    item = RoadmapItemFactory(coalition=world.coalition)
    decision = services.decision_create(
        actor=world.users.secretariat,
        meeting=meeting,
        text="Fund the secure radios from Estonia's pledge.",
        related_pledges=[pledge],
        related_roadmap_items=[item],
    )
    assert list(decision.related_pledges.all()) == [pledge]
    assert list(item.decisions.all()) == [decision]
    services.decision_update(actor=world.users.secretariat, decision=decision, related_pledges=[])
    assert not decision.related_pledges.exists()
    assert list(decision.related_roadmap_items.all()) == [item], "unnamed links stay as they were"


def test_another_coalitions_pledge_is_refused(world, meeting):
    foreign = PledgeFactory(coalition=world.other, donor=world.participants.fr)
    with pytest.raises(ValidationError) as info:
        services.decision_create(
            actor=world.users.secretariat, meeting=meeting, text="x", related_pledges=[foreign]
        )
    assert "related_pledges" in info.value.message_dict
    assert not meeting.decisions.exists()


def test_api_takes_and_shows_the_links(world, meeting, api_client_for):
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.lu)
    client = api_client_for(world.users.secretariat)
    response = client.post(
        "/api/v1/decisions/", {"meeting": meeting.pk, "text": "Confirmed.", "related_pledges": [pledge.pk]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["related_pledges"] == [pledge.pk]
    foreign = PledgeFactory(coalition=world.other, donor=world.participants.fr)
    response = client.post(
        "/api/v1/decisions/", {"meeting": meeting.pk, "text": "No.", "related_pledges": [foreign.pk]}
    )
    assert response.status_code == 400  # the other coalition's pledge is not even visible


def test_meeting_page_links_to_the_pledge(world, meeting, page_client_for):
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    services.decision_create(
        actor=world.users.secretariat, meeting=meeting, text="Ok.", related_pledges=[pledge]
    )
    page = page_client_for(world.users.observer).get(f"/c/itc/meetings/{meeting.number}/").content.decode()
    assert f"/c/itc/pledges/{pledge.pk}/" in page


def test_pledge_and_roadmap_item_pages_show_the_decisions_concerning_them(world, meeting, page_client_for):
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import WrittenProcedure

    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    item = RoadmapItemFactory(coalition=world.coalition)
    services.decision_create(
        actor=world.users.secretariat, meeting=meeting, text="Fund the radios.", related_roadmap_items=[item]
    )
    procedure = services.procedure_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        title="Allocate",
        draft_decision="Allocate Estonia's pledge to the radios.",
        related_pledges=[pledge],
        related_roadmap_items=[item],
    )
    services.procedure_circulate(
        actor=world.users.secretariat, procedure=procedure, deadline=timezone.now() + timedelta(days=1)
    )
    WrittenProcedure.objects.filter(pk=procedure.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    services.conclude_due()
    client = page_client_for(world.users.observer)
    item_page = client.get(f"/c/itc/roadmap/{item.pk}/").content.decode()
    assert f"SG{meeting.number}/1" in item_page and "WP1" in item_page
    assert "/c/itc/written-procedures/1/" in item_page
    pledge_page = client.get(f"/c/itc/pledges/{pledge.pk}/").content.decode()
    assert "WP1" in pledge_page and "Allocate Estonia" in pledge_page
