"""Dashboard pages: latest snapshot, regenerate with progress, history and what changed."""

import pytest

from summaries.models import StatusSnapshot, SummaryJob

pytestmark = pytest.mark.django_db(transaction=True)  # jobs are published on commit


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
    assert "Estonia" in body and "1,000,000.00" in body and "250,000.00" in body


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


def test_other_coalitions_dashboard_and_jobs_are_404(world, page_client_for):
    job = SummaryJob.objects.create(coalition=world.coalition, trigger="on_demand")
    client = page_client_for(world.users.outsider)
    assert client.get("/c/itc/dashboard/").status_code == 404
    assert client.get(f"/c/dmc/dashboard/jobs/{job.pk}/").status_code == 404


def test_what_changed_page(world, page_client_for):
    client = page_client_for(world.users.secretariat)
    client.post("/c/itc/dashboard/regenerate/")
    from coalition import services as registry

    registry.membership_update(actor=world.users.secretariat, membership=world.memberships.dk, note="x")
    client.post("/c/itc/dashboard/regenerate/")
    page = client.get("/c/itc/dashboard/changes/")
    assert page.status_code == 200
    assert page.context["older"].generated_at <= page.context["newer"].generated_at
    assert client.get("/c/itc/dashboard/changes/?from=abc").status_code == 404
