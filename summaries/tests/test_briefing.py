"""Briefing packs: frozen when built, compared with the last meeting *held* before, and showing the figures
as of the meeting (rebuilt from the change history for a past meeting), printable as HTML and PDF."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contributions.models import Disbursement, Pledge
from contributions.tests.factories import DisbursementFactory, PledgeFactory
from meetings.models import ActionItem, Meeting
from meetings.tests.factories import ActionItemFactory, AgendaItemFactory, MeetingFactory
from summaries import services
from summaries.briefing import previous_meeting
from summaries.models import BriefingPack, StatusSnapshot, SummaryJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Jobs are published on commit: run what a request queued at once, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def held(world, number, starts_at, **fields):
    return MeetingFactory(
        coalition=world.coalition,
        number=number,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        status=fields.pop("status", "held"),
        **fields,
    )


@pytest.fixture
def meetings(world):
    now = timezone.now()
    first = held(world, 1, now - timedelta(days=60))
    second = MeetingFactory(coalition=world.coalition, number=2, starts_at=now + timedelta(days=2))
    AgendaItemFactory(meeting=second, position=1, title="Status of current purchases")
    ActionItemFactory(meeting=first, title="Present the work plans", owner_participant=world.participants.ee)
    return first, second


def test_a_pack_freezes_agenda_and_actions_and_compares_with_the_previous_meeting(world, meetings, on_commit):
    first, second = meetings
    with on_commit():
        job = services.request_briefing_pack(actor=world.users.secretariat, meeting=second)
    job.refresh_from_db()
    assert job.state == SummaryJob.State.SUCCEEDED and job.trigger == SummaryJob.Trigger.BRIEFING
    pack = BriefingPack.objects.get(meeting=second)
    assert pack.snapshot == job.snapshot and pack.snapshot.payload["figures_from"] == "records"
    assert pack.previous_snapshot.data_as_of == first.starts_at
    assert pack.previous_snapshot.payload["figures_from"] == "history"
    assert [item["title"] for item in pack.agenda] == ["Status of current purchases"]
    assert [(a["title"], a["owner"]) for a in pack.action_items] == [("Present the work plans", "Estonia")]
    AgendaItemFactory(meeting=second, position=2, title="Added later")
    pack.refresh_from_db()
    assert len(pack.agenda) == 1, "a pack is a record of what was sent"


def test_the_previous_meeting_is_the_last_one_held_before(world):
    now = timezone.now()
    one = held(world, 1, now - timedelta(days=90))
    held(world, 2, now - timedelta(days=60), status="cancelled")
    three = held(world, 3, now - timedelta(days=30))
    four = MeetingFactory(coalition=world.coalition, number=4, starts_at=now + timedelta(days=5))
    five = MeetingFactory(coalition=world.coalition, number=5, starts_at=now + timedelta(days=40))
    assert previous_meeting(four) == three
    assert previous_meeting(five) == three, "a planned meeting is never 'the previous meeting'"
    assert previous_meeting(three) == one, "a cancelled one neither"
    assert previous_meeting(one) is None, "nor the meeting itself"


def move_history(model, to):
    """Make every change recorded so far look as if it was made at `to`."""
    model.history.update(history_date=to)


def test_a_pack_for_a_past_meeting_shows_the_figures_of_that_day(world, on_commit):
    """Data changed after the meeting (a new payment, a bigger pledge, an action item closed) does not reach
    the pack of that meeting, nor the 'previous meeting' figures it is compared with."""
    march, april = datetime(2024, 3, 1, 9, tzinfo=UTC), datetime(2024, 4, 9, 9, tzinfo=UTC)
    pledge = PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, amount=Decimal("1000.00"), status="confirmed"
    )
    first, second = held(world, 1, march), held(world, 2, april)
    action = ActionItemFactory(
        meeting=first, title="Report on spending", owner_participant=world.participants.lu
    )
    for model in (Pledge, ActionItem, Meeting):
        move_history(model, march - timedelta(days=1))
    DisbursementFactory(pledge=pledge, amount=Decimal("300.00"))  # paid before the second meeting
    move_history(Disbursement, april - timedelta(days=1))

    # After the second meeting: more money, a larger pledge, the action item done.
    DisbursementFactory(pledge=pledge, amount=Decimal("500.00"))
    pledge.amount = Decimal("5000.00")
    pledge.save()
    action.status, action.closed_at = ActionItem.Status.DONE, timezone.now()
    action.save()

    with on_commit():
        services.request_briefing_pack(actor=world.users.secretariat, meeting=second)
    pack = BriefingPack.objects.get(meeting=second)
    figures = pack.snapshot.payload["contributions"]["totals"]["all"]
    assert pack.snapshot.data_as_of == april and pack.snapshot.payload["figures_from"] == "history"
    assert (figures["pledged_eur"], figures["paid_eur"], figures["outstanding_eur"]) == (
        "1000.00",
        "300.00",
        "700.00",
    )
    assert [a["title"] for a in pack.action_items] == ["Report on spending"], "open on the day"
    before = pack.previous_snapshot.payload["contributions"]["totals"]["all"]
    assert pack.previous_snapshot.data_as_of == march
    assert (before["pledged_eur"], before["paid_eur"]) == ("1000.00", "0.00")

    with on_commit():
        today = services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
    today.refresh_from_db()
    now = today.snapshot.payload["contributions"]["totals"]["all"]
    assert (now["pledged_eur"], now["paid_eur"]) == ("5000.00", "800.00"), "today's figures are today's"
    latest = StatusSnapshot.objects.filter(coalition=world.coalition).first()
    assert latest == today.snapshot, "a pack's past figures never become the dashboard's latest"


def test_rebuilding_a_pack_reuses_the_previous_meetings_figures(world, meetings, on_commit):
    _first, second = meetings
    for _ in range(2):
        with on_commit():
            services.request_briefing_pack(actor=world.users.secretariat, meeting=second)
    first_pack, second_pack = BriefingPack.objects.order_by("generated_at")
    assert first_pack.previous_snapshot == second_pack.previous_snapshot
    assert StatusSnapshot.objects.filter(job__isnull=True).count() == 1


def test_pack_page_and_pdf(world, meetings, page_client_for, on_commit):
    _first, second = meetings
    PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("2500000.00"))
    client = page_client_for(world.users.secretariat)
    with on_commit():
        response = client.post(f"/c/itc/meetings/{second.number}/briefing/build/")
    assert response["Location"] == f"/c/itc/meetings/{second.number}/briefing/"
    page = client.get(response["Location"]).content.decode()
    assert "Status of current purchases" in page and "Present the work plans" in page
    assert "<strong>Luxembourg</strong>: pledged rose from 0 EUR to 2,500,000 EUR (+2,500,000 EUR);" in page
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


def test_the_daily_task_builds_packs_only_for_meetings_due_soon(world, meetings, settings, on_commit):
    from summaries.tasks import build_due_briefing_packs

    _first, second = meetings
    far = MeetingFactory(coalition=world.coalition, number=3, starts_at=timezone.now() + timedelta(days=30))
    settings.BRIEFING_DAYS_AHEAD = 3
    with on_commit():
        build_due_briefing_packs.delay()
    assert list(BriefingPack.objects.values_list("meeting", flat=True)) == [second.pk]
    with on_commit():
        build_due_briefing_packs.delay()
    assert BriefingPack.objects.count() == 1, "a meeting that has a pack gets no second one"
    assert not BriefingPack.objects.filter(meeting=far).exists()
