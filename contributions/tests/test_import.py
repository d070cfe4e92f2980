"""Import of pledges: a dry run reports every row and every error by column; only a valid file is written,
all rows in one transaction. CSV and XLSX alike."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from contributions.models import Pledge, PledgeTransition
from contributions.tests.factories import MeetingFactory
from contributions.transfer import export_bytes, import_pledges

pytestmark = pytest.mark.django_db

HEADER = ["donor", "amount", "currency", "announced_on", "kind", "status", "meeting", "source"]
GOOD = [
    ["EE", "1500000.00", "EUR", "2024-02-02", "financial", "confirmed", "1", "First meeting"],
    ["LU", "", "usd", "2024-02-02", "", "", "", ""],
    ["DK", "250000", "DKK", "2024-04-09", "services", "announced", "", ""],
]
BAD = [
    ["XX", "10", "EUR", "2024-02-02", "", "", "", ""],  # unknown state
    ["EE", "10", "EURO", "2024-02-02", "", "", "", ""],  # bad currency
    ["LU", "-5", "EUR", "2024-02-02", "", "", "", ""],  # negative amount
    ["DK", "10", "EUR", "02/02/2024", "", "", "", ""],  # bad date
    ["EE", "ten", "EUR", "2024-02-02", "gift", "paid", "9", ""],  # bad number, kind, status, meeting
    ["FR", "10", "EUR", "2024-02-02", "", "", "", ""],  # not a participant of this coalition
]


def csv_bytes(rows, header=HEADER):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        converted = list(row)
        if converted[1] not in ("", "ten", "-5"):
            converted[1] = float(converted[1])  # spreadsheets hold numbers
        if converted[3].count("-") == 2:
            converted[3] = datetime.datetime.fromisoformat(converted[3])  # and dates
        sheet.append(converted)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MAKERS = {"csv": csv_bytes, "xlsx": xlsx_bytes}


@pytest.fixture
def meeting(world):
    return MeetingFactory(coalition=world.coalition, number=1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_dry_run_of_a_valid_file_writes_nothing(world, meeting, fmt):
    report = import_pledges(
        actor=world.users.secretariat,
        coalition=world.coalition,
        content=MAKERS[fmt](GOOD),
        fmt=fmt,
        dry_run=True,
    )
    assert report.is_valid and [r.ok for r in report.rows] == [True, True, True]
    assert [r.line for r in report.rows] == [2, 3, 4] and "Estonia" in report.rows[0].pledge
    assert report.written == 0 and not Pledge.objects.exists() and not PledgeTransition.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_valid_file_is_written_whole(world, meeting, fmt):
    report = import_pledges(
        actor=world.users.secretariat,
        coalition=world.coalition,
        content=MAKERS[fmt](GOOD),
        fmt=fmt,
        dry_run=False,
    )
    assert report.written == 3
    ee = Pledge.objects.get(donor__code="EE")
    assert (ee.amount, ee.status, ee.announced_at, ee.confirmed_on) == (
        Decimal("1500000.00"),
        "confirmed",
        meeting,
        datetime.date(2024, 2, 2),
    )
    lu = Pledge.objects.get(donor__code="LU")
    assert lu.amount is None and lu.currency == "USD" and lu.status == "announced"
    assert Pledge.objects.get(donor__code="DK").kind == "services"
    assert ee.history.first().history_user == world.users.secretariat


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_bad_row_writes_nothing_and_every_error_is_reported_by_row_and_column(world, meeting, fmt):
    report = import_pledges(
        actor=world.users.secretariat,
        coalition=world.coalition,
        content=MAKERS[fmt](GOOD + BAD),
        fmt=fmt,
        dry_run=False,
    )
    assert not report.is_valid and report.written == 0 and not Pledge.objects.exists()
    errors = {r.line: {c for c, _m in r.errors} for r in report.rows if r.errors}
    assert errors == {
        5: {"donor"},
        6: {"currency"},
        7: {"amount"},
        8: {"announced_on"},
        9: {"amount", "kind", "status", "meeting"},
        10: {"donor"},
    }
    assert all(r.ok for r in report.rows[:3])


def test_file_level_errors(world):
    def run(content, fmt="csv"):
        return import_pledges(
            actor=world.users.secretariat, coalition=world.coalition, content=content, fmt=fmt
        )

    assert "Missing column(s): currency" in run(b"donor,announced_on\nEE,2024-01-01\n").file_errors[0]
    assert "no rows" in run(csv_bytes([])).file_errors[0]
    assert "cannot be read" in run(b"not a spreadsheet", fmt="xlsx").file_errors[0]
    report = run(csv_bytes(GOOD[1:2], header=HEADER).replace(b"source", b"comment"))
    assert report.ignored_columns == ["comment"] and report.is_valid


def test_import_is_for_the_secretariat(world):
    from django.core.exceptions import PermissionDenied

    for who in ("delegate_ee", "observer", "outsider"):
        with pytest.raises(PermissionDenied):
            import_pledges(
                actor=getattr(world.users, who), coalition=world.coalition, content=csv_bytes(GOOD), fmt="csv"
            )


def test_an_export_can_be_imported_again(world, meeting):
    import_pledges(
        actor=world.users.secretariat,
        coalition=world.coalition,
        content=csv_bytes(GOOD),
        fmt="csv",
        dry_run=False,
    )
    from contributions.selectors import pledges_for

    exported = export_bytes(pledges_for(world.users.secretariat, world.coalition), "csv")
    Pledge.objects.all().delete()
    report = import_pledges(
        actor=world.users.secretariat, coalition=world.coalition, content=exported, fmt="csv", dry_run=False
    )
    assert report.written == 3, [r.errors for r in report.rows]
    assert "id" in report.ignored_columns


# The page


def test_import_page_dry_run_then_import(world, meeting, page_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = page_client_for(world.users.secretariat)
    target = reverse("pledge-import", args=[world.coalition.slug])
    upload = SimpleUploadedFile("pledges.xlsx", xlsx_bytes(GOOD))
    response = client.post(target, {"file": upload})
    assert response.status_code == 200 and not Pledge.objects.exists()
    html = response.content.decode()
    assert "Every row is valid: 3 to create, 0 to change, 0 unchanged" in html and "Import: create 3" in html
    token = response.context["checked_token"]
    response = client.post(target, {"checked": token})
    assert response.status_code == 302 and Pledge.objects.count() == 3


def test_import_page_shows_errors_and_no_import_button(world, meeting, page_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = page_client_for(world.users.secretariat)
    target = reverse("pledge-import", args=[world.coalition.slug])
    response = client.post(target, {"file": SimpleUploadedFile("p.csv", csv_bytes(GOOD + BAD))})
    html = response.content.decode()
    assert "errors: nothing will be written" in html and "Unknown state or organisation “XX”" in html
    assert response.context["checked_token"] is None and not Pledge.objects.exists()


def test_import_page_rejects_other_file_types_and_forged_tokens(world, page_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = page_client_for(world.users.secretariat)
    target = reverse("pledge-import", args=[world.coalition.slug])
    response = client.post(target, {"file": SimpleUploadedFile("p.pdf", b"%PDF")})
    assert "file" in response.context["form"].errors
    response = client.post(target, {"checked": "forged"})
    assert response.status_code == 302 and not Pledge.objects.exists()


# The bulk path (issue 12)


def test_a_large_file_is_written_in_bulk_with_history_transitions_and_one_summary_trigger(
    world, meeting, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.SUMMARY_ON_CHANGE = True
    from summaries import services as summary_services

    triggers = []
    monkeypatch.setattr(summary_services, "summary_after_change", triggers.append)
    rows = [
        ["EE", f"{1000 + i}.00", "EUR", "2024-02-02", "financial", "committed", "", ""] for i in range(300)
    ]
    content = csv_bytes(rows)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_pledges(
            actor=world.users.secretariat,
            coalition=world.coalition,
            content=content,
            fmt="csv",
            dry_run=False,
        )
    assert report.is_valid and report.written == 300 and report.created == 300
    pledges = Pledge.objects.filter(coalition=world.coalition)
    assert pledges.count() == 300
    assert set(pledges.values_list("committed_on", "confirmed_on").distinct()) == {
        (datetime.date(2024, 2, 2),) * 2
    }
    assert Pledge.history.filter(id__in=pledges.values("pk"), history_type="+").count() == 300
    assert set(Pledge.history.values_list("history_user", flat=True)) == {world.users.secretariat.pk}
    transitions = PledgeTransition.objects.filter(pledge__in=pledges)
    assert transitions.count() == 300 and set(transitions.values_list("to_status", flat=True)) == {
        "committed"
    }
    assert PledgeTransition.history.filter(pledge_id__in=pledges.values("pk")).count() == 300
    assert triggers == [world.coalition.pk]  # one summary trigger for the whole import, after the commit


def test_limits_come_from_settings(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    report = import_pledges(
        actor=world.users.secretariat, coalition=world.coalition, content=csv_bytes(GOOD), fmt="csv"
    )
    assert report.file_errors == ["At most 2 rows per file."]
    settings.IMPORT_MAX_BYTES = 10
    report = import_pledges(
        actor=world.users.secretariat, coalition=world.coalition, content=csv_bytes(GOOD), fmt="csv"
    )
    assert report.file_errors and "larger than" in report.file_errors[0]


def test_a_large_checked_file_travels_in_the_cache_and_is_written_once(
    world, meeting, page_client_for, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contributions.views import imports

    monkeypatch.setattr(imports, "INLINE_CONTENT_MAX", 10)
    client = page_client_for(world.users.secretariat)
    target = reverse("pledge-import", args=[world.coalition.slug])
    response = client.post(target, {"file": SimpleUploadedFile("pledges.csv", csv_bytes(GOOD))})
    token = response.context["checked_token"]
    assert len(token) < 400  # the content is not in the form
    assert client.post(target, {"checked": token}).status_code == 302
    assert Pledge.objects.count() == 3
    client.post(target, {"checked": token})
    assert Pledge.objects.count() == 3
