"""Briefing packs: built by a job before a meeting, frozen, compared with the previous meeting, printable."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.tests.factories import ActionItemFactory, AgendaItemFactory, MeetingFactory
from summaries import services
from summaries.models import BriefingPack, StatusSnapshot, SummaryJob

pytestmark = pytest.mark.django_db(transaction=True)  # jobs are published on commit


@pytest.fixture
def meetings(world):
    now = timezone.now()
    first = MeetingFactory(
        coalition=world.coalition,
        number=1,
        starts_at=now - timedelta(days=60),
        ends_at=now - timedelta(days=60) + timedelta(hours=3),
        status="held",
    )
    second = MeetingFactory(coalition=world.coalition, number=2, starts_at=now + timedelta(days=2))
    AgendaItemFactory(meeting=second, position=1, title="Status of current purchases")
    ActionItemFactory(meeting=first, title="Present the work plans", owner_participant=world.participants.ee)
    return first, second


def test_a_pack_freezes_agenda_actions_and_compares_with_the_previous_meeting(world, meetings):
    first, second = meetings
    before = StatusSnapshot.objects.create(
        coalition=world.coalition,
        generated_at=first.starts_at - timedelta(hours=1),
        data_as_of=first.starts_at - timedelta(hours=1),
        payload={"pledges": []},
        duration_ms=1,
    )
    job = services.request_briefing_pack(actor=world.users.secretariat, meeting=second)
    assert job.state == SummaryJob.State.SUCCEEDED and job.trigger == SummaryJob.Trigger.BRIEFING
    pack = BriefingPack.objects.get(meeting=second)
    assert pack.snapshot == job.snapshot and pack.previous_snapshot == before
    assert [item["title"] for item in pack.agenda] == ["Status of current purchases"]
    assert [(a["title"], a["owner"]) for a in pack.action_items] == [("Present the work plans", "Estonia")]
    AgendaItemFactory(meeting=second, position=2, title="Added later")
    pack.refresh_from_db()
    assert len(pack.agenda) == 1, "a pack is a record of what was sent"


def test_pack_page_and_pdf(world, meetings, page_client_for):
    _first, second = meetings
    client = page_client_for(world.users.secretariat)
    response = client.post(f"/c/itc/meetings/{second.number}/briefing/build/")
    assert response["Location"] == f"/c/itc/meetings/{second.number}/briefing/"
    page = client.get(response["Location"]).content.decode()
    assert "Status of current purchases" in page and "Present the work plans" in page
    pdf = client.get(f"/c/itc/meetings/{second.number}/briefing/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 2000


def test_delegates_read_packs_but_cannot_build_them(world, meetings, page_client_for):
    _first, second = meetings
    client = page_client_for(world.users.delegate_ee)
    assert client.post(f"/c/itc/meetings/{second.number}/briefing/build/").status_code == 403
    assert client.get(f"/c/itc/meetings/{second.number}/briefing/").status_code == 200
    assert not BriefingPack.objects.exists()
    assert (
        page_client_for(world.users.outsider).get(f"/c/itc/meetings/{second.number}/briefing/").status_code
        == 404
    )


def test_the_daily_task_builds_packs_only_for_meetings_due_soon(world, meetings, settings):
    from summaries.tasks import build_due_briefing_packs

    _first, second = meetings
    far = MeetingFactory(coalition=world.coalition, number=3, starts_at=timezone.now() + timedelta(days=30))
    settings.BRIEFING_DAYS_AHEAD = 3
    build_due_briefing_packs.delay()
    assert list(BriefingPack.objects.values_list("meeting", flat=True)) == [second.pk]
    build_due_briefing_packs.delay()
    assert BriefingPack.objects.count() == 1, "a meeting that has a pack gets no second one"
    assert not BriefingPack.objects.filter(meeting=far).exists()
