"""Issue 12: rows that update an existing pledge are checked with the services' rules (on the locked
pledges, payments and allocations read once) and written in bulk with their history rows, transitions and
review resets; a refused rule is that row's error, and nothing is written while any row has one."""

import datetime
from decimal import Decimal

import pytest

from contributions import services
from contributions.models import ImportRecord, Pledge, PledgeReview, PledgeTransition
from contributions.transfer import import_pledges, pledge_updates
from contributions.transfer import pledges as pledge_import
from procurement.tests.factories import AllocationFactory, RoadmapItemFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
HEADER = ["external_reference", "donor", "amount", "currency", "announced_on", "status", "status_on", "note"]


def csv(*rows):
    return ("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n").encode()


SEED = csv(
    ["MOD-EE-1", "EE", "1500000.00", "EUR", "2024-02-02", "confirmed", "", ""],
    ["MOD-LU-1", "LU", "", "EUR", "2024-02-02", "announced", "", ""],
    ["MOD-DK-1", "DK", "250000.00", "DKK", "2024-04-09", "announced", "", ""],
)


def run(world, content, *, dry_run):
    return import_pledges(
        actor=world.users.secretariat, coalition=world.coalition, content=content, fmt="csv", dry_run=dry_run
    )


@pytest.fixture
def seeded(world):
    assert run(world, SEED, dry_run=False).created == 3
    return {p.external_reference: p for p in Pledge.objects.all()}


def allocate(world, pledge, amount):
    item = RoadmapItemFactory(coalition=world.coalition)
    return AllocationFactory(roadmap_item=item, pledge=pledge, amount=Decimal(amount))


def errors(report):
    return {row.line: row.errors for row in report.rows if row.errors}


def test_an_update_below_the_allocations_is_that_rows_error_and_nothing_is_half_written(world, seeded):
    allocate(world, seeded["MOD-EE-1"], "1000000.00")
    records = ImportRecord.objects.count()
    content = csv(
        ["MOD-EE-1", "EE", "900000.00", "EUR", "2024-02-02", "", "", ""],  # below its allocations
        ["MOD-DK-1", "DK", "300000.00", "DKK", "2024-04-09", "", "", "raised"],  # valid
        ["MOD-NEW-1", "LU", "100.00", "EUR", "2024-04-09", "", "", ""],  # valid, new
    )
    report = run(world, content, dry_run=False)
    assert not report.is_valid and report.written == 0
    assert list(errors(report)) == [2]
    assert "allocated" in errors(report)[2][0][1]
    assert [row.action for row in report.rows[1:]] == ["changed", "created"]
    # Nothing of the valid rows was written: no change, no new pledge, no history, no import record.
    assert Pledge.objects.get(pk=seeded["MOD-DK-1"].pk).amount == Decimal("250000.00")
    assert not Pledge.objects.filter(external_reference="MOD-NEW-1").exists()
    assert not Pledge.history.filter(history_type="~").exists()
    assert ImportRecord.objects.count() == records


def test_each_refused_transition_is_the_error_of_its_row(world, seeded):
    allocate(world, seeded["MOD-DK-1"], "1000.00")
    content = csv(
        ["MOD-EE-1", "EE", "1500000.00", "EUR", "2024-02-02", "fulfilled", "2024-03-01", ""],  # unpaid
        ["MOD-DK-1", "DK", "250000.00", "DKK", "2024-04-09", "withdrawn", "2024-05-01", ""],  # allocated
        ["MOD-LU-1", "LU", "", "EUR", "2024-02-02", "confirmed", "2024-01-01", ""],  # before announced
    )
    report = run(world, content, dry_run=True)
    found = errors(report)
    assert sorted(found) == [2, 3, 4]
    assert "outstanding" in found[2][0][1]
    assert "allocated" in found[3][0][1] and "withdrawing" in found[3][0][1]
    assert found[4][0][0] == "status_on"
    assert Pledge.objects.get(pk=seeded["MOD-EE-1"].pk).status == S.CONFIRMED


def test_an_announcement_date_after_the_confirmation_is_refused_by_the_models_constraint(world, seeded):
    content = csv(["MOD-EE-1", "EE", "1500000.00", "EUR", "2024-03-01", "", "", ""])
    report = run(world, content, dry_run=True)
    assert errors(report)[2] == [("", "A pledge cannot be confirmed before it was announced.")]


def test_updates_are_written_in_bulk_with_history_transitions_review_resets_and_one_summary(
    world, seeded, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.SUMMARY_ON_CHANGE = True
    from summaries import services as summary_services

    triggers, queued, written = [], [], []
    monkeypatch.setattr(summary_services, "summary_after_change", triggers.append)
    monkeypatch.setattr(pledge_import, "queue_review_reset", queued.append)
    monkeypatch.setattr(pledge_import, "pledges_written", lambda **ids: written.append(ids))
    ee = seeded["MOD-EE-1"]
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=ee)
    content = csv(
        ["MOD-EE-1", "EE", "1750000.00", "EUR", "2024-02-02", "fulfilled", "2024-03-01", ""],
        ["MOD-DK-1", "DK", "250000.00", "DKK", "2024-04-09", "", "", "a note"],
        ["MOD-LU-1", "LU", "", "EUR", "2024-02-02", "", "", ""],
        ["MOD-NEW-1", "LU", "100.00", "EUR", "2024-04-09", "", "", ""],
    )
    assert errors(run(world, content, dry_run=True))[2][0][1].startswith("1,750,000.00 EUR is still")
    content = content.replace(b"fulfilled", b"committed")
    earlier = set(Pledge.history.values_list("history_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        report = run(world, content, dry_run=False)
    assert report.is_valid and (report.created, report.changed, report.unchanged) == (1, 2, 1)
    assert triggers == [world.coalition.pk]  # one summary, after the commit

    ee.refresh_from_db()
    assert (ee.amount, ee.status, ee.committed_on) == (
        Decimal("1750000.00"),
        S.COMMITTED,
        datetime.date(2024, 3, 1),
    )
    steps = list(ee.transitions.order_by("pk").values_list("from_status", "to_status", "effective_on"))
    assert steps[-1] == (S.CONFIRMED, S.COMMITTED, datetime.date(2024, 3, 1))
    assert PledgeTransition.history.filter(pledge_id=ee.pk, history_type="+").count() == len(steps)
    changed = Pledge.history.exclude(history_id__in=earlier).filter(history_type="~")
    assert sorted(changed.values_list("id", flat=True)) == sorted([ee.pk, seeded["MOD-DK-1"].pk])
    assert set(changed.values_list("history_user", flat=True)) == {world.users.secretariat.pk}
    assert changed.get(id=ee.pk).amount == Decimal("1750000.00")
    # The review reset as the service writes it: the first change says why; the delegate is told once.
    comment = "Changed since the delegate's review: amount: 1,500,000.00 → 1,750,000.00"
    assert (ee.review_status, ee.review_comment) == (Pledge.Review.NEEDS_REVIEW, comment)
    reset = PledgeReview.objects.get(pledge=ee, action=PledgeReview.Action.RESET)
    assert reset.comment == comment and reset.by == world.users.secretariat
    assert reset.figures["amount"] == "1750000.00" and queued == [reset.pk]
    assert PledgeReview.history.filter(id=reset.pk, history_type="+").exists()
    # The unchanged pledge is not written; the one point after the writes knows every id.
    assert not Pledge.history.filter(history_type="~", id=seeded["MOD-LU-1"].pk).exists()
    new = Pledge.objects.get(external_reference="MOD-NEW-1")
    assert written == [{"created": [new.pk], "changed": sorted([ee.pk, seeded["MOD-DK-1"].pk])}]
    assert Pledge.objects.get(pk=seeded["MOD-DK-1"].pk).note == "a note"


def test_the_report_names_each_pledge_as_the_pledge_does(world, seeded):
    content = csv(
        ["MOD-EE-1", "EE", "1600000.00", "EUR", "2024-02-02", "committed", "2024-03-01", ""],
        ["MOD-NEW-1", "LU", "", "EUR", "2024-04-09", "confirmed", "", ""],
    )
    report = run(world, content, dry_run=False)
    assert [row.record for row in report.rows] == [
        str(Pledge.objects.get(external_reference=ref)) for ref in ("MOD-EE-1", "MOD-NEW-1")
    ]


def test_an_update_the_actor_may_not_make_is_refused_for_that_row(world, seeded, monkeypatch):
    monkeypatch.setattr(pledge_updates, "can", lambda actor, action, *a, **k: action != "change")
    content = csv(["MOD-DK-1", "DK", "260000.00", "DKK", "2024-04-09", "", "", ""])
    assert errors(run(world, content, dry_run=True))[2] == [("", "You do not have permission to do this.")]


def test_a_pledge_deleted_or_a_reference_written_meanwhile_is_an_error_not_a_500(world, seeded, monkeypatch):
    lu = seeded["MOD-LU-1"]
    handle_fields = pledge_import._fields

    def meanwhile(cells, context):  # runs after the references were read
        Pledge.objects.filter(pk=lu.pk).delete()
        if not Pledge.objects.filter(external_reference="MOD-NEW-1").exists():
            Pledge.objects.create(
                coalition=world.coalition,
                donor=lu.donor,
                currency="EUR",
                announced_on=datetime.date(2024, 1, 1),
                external_reference="MOD-NEW-1",
            )
        return handle_fields(cells, context)

    monkeypatch.setattr(pledge_import, "_fields", meanwhile)
    content = csv(["MOD-LU-1", "LU", "5.00", "EUR", "2024-02-02", "", "", ""])
    assert errors(run(world, content, dry_run=True))[2][0][0] == "external_reference"
    content = csv(["MOD-NEW-1", "LU", "5.00", "EUR", "2024-02-02", "", "", ""])
    report = run(world, content, dry_run=False)  # the COPY meets the unique reference
    assert report.written == 0 and "meanwhile" in report.file_errors[0]
