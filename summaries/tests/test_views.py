"""Dashboard pages: latest snapshot, regenerate with progress, history and what changed."""

import pytest

from summaries.models import StatusSnapshot, SummaryJob

pytestmark = pytest.mark.django_db(transaction=True)  # jobs are published on commit


@pytest.mark.django_db
def test_dashboard_without_a_snapshot_says_so(world, page_client_for):
    page = page_client_for(world.users.observer).get("/c/itc/dashboard/").content.decode()
    assert "No summary has been generated yet" in page
    assert "Regenerate now" not in page


def test_secretariat_regenerates_and_sees_the_figures(world, page_client_for):
    from contributions.tests.factories import DisbursementFactory

    DisbursementFactory(
        pledge__coalition=world.coalition, pledge__donor=world.participants.ee, amount="250000.00"
    )
    client = page_client_for(world.users.secretariat)
    response = client.post("/c/itc/dashboard/regenerate/")
    job = SummaryJob.objects.get()
    assert response["Location"] == f"/c/itc/dashboard/?job={job.pk}"
    page = client.get(response["Location"])
    assert page.context["snapshot"] == StatusSnapshot.objects.get()
    body = page.content.decode()
    assert "<svg" in body and "Summary generated" in body
    assert "Estonia" in body and "1,000,000" in body and "250,000" in body
    assert 'id="-title"' not in body and 'id="chart-1-title"' in body and 'id="chart-3-title"' in body


def test_observer_cannot_regenerate(world, page_client_for):
    assert page_client_for(world.users.observer).post("/c/itc/dashboard/regenerate/").status_code == 403
    assert not SummaryJob.objects.exists()


def test_job_status_partial_asks_htmx_to_refresh_when_done(world, page_client_for):
    client = page_client_for(world.users.secretariat)
    client.post("/c/itc/dashboard/regenerate/")
    job = SummaryJob.objects.get()
    response = client.get(f"/c/itc/dashboard/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    queued = SummaryJob.objects.create(coalition=world.coalition, trigger="on_demand")
    partial = client.get(f"/c/itc/dashboard/jobs/{queued.pk}/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in partial.content.decode() and "HX-Refresh" not in partial


@pytest.mark.django_db
def test_other_coalitions_dashboard_and_jobs_are_404(world, page_client_for):
    job = SummaryJob.objects.create(coalition=world.coalition, trigger="on_demand")
    client = page_client_for(world.users.outsider)
    assert client.get("/c/itc/dashboard/").status_code == 404
    assert client.get(f"/c/dmc/dashboard/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_what_changed_page_reads_as_sentences(world, page_client_for):
    from decimal import Decimal

    from contributions.tests.factories import DisbursementFactory, PledgeFactory

    pledge = PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, amount=Decimal("1000.00"), status="confirmed"
    )
    from summaries.tests.snapshots import snapshot

    client = page_client_for(world.users.secretariat)
    snapshot(world.coalition)
    DisbursementFactory(pledge=pledge, amount=Decimal("400.00"))
    snapshot(world.coalition)
    page = client.get("/c/itc/dashboard/changes/")
    assert page.status_code == 200
    assert page.context["older"].data_as_of <= page.context["newer"].data_as_of
    body = page.content.decode()
    assert (
        "<strong>Estonia</strong>: paid rose from 0 EUR to 400 EUR (+400 EUR); "
        "outstanding (confirmed, not yet paid) fell from 1,000 EUR to 600 EUR (−400 EUR)." in body  # noqa: RUF001
    )
    assert "outstanding_eur" not in body and "paid_eur" not in body
    assert client.get("/c/itc/dashboard/changes/?from=abc").status_code == 404


@pytest.mark.django_db
def test_an_old_snapshot_is_shown_as_computed_and_not_compared(world, page_client_for):
    from summaries.tests.snapshots import legacy_snapshot, snapshot

    old, new = legacy_snapshot(world.coalition), snapshot(world.coalition)
    client = page_client_for(world.users.observer)
    page = client.get(f"/c/itc/dashboard/snapshots/{old.pk}/").content.decode()
    assert "computed by an earlier version of the portal" in page and "Estonia" in page
    changes = client.get(f"/c/itc/dashboard/changes/?from={old.pk}&to={new.pk}")
    assert changes.status_code == 200 and "cannot be compared" in changes.content.decode()


@pytest.mark.django_db
def test_facts_only_leaves_illustrations_out_of_every_total(world, page_client_for):
    from decimal import Decimal

    from contributions.tests.factories import PledgeFactory
    from summaries.tests.snapshots import snapshot

    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=Decimal("1000000.00"))
    PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.dk,
        amount=Decimal("7000000.00"),
        is_illustrative=True,
    )
    snapshot(world.coalition)
    client = page_client_for(world.users.observer)
    everything = client.get("/c/itc/dashboard/").content.decode()
    assert "8,000,000" in everything and "1 illustrative pledge" in everything
    facts = client.get("/c/itc/dashboard/?facts=1").content.decode()
    assert "8,000,000" not in facts and "7,000,000" not in facts and "1,000,000" in facts
    assert "Facts only" in facts
