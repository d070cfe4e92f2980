"""ECB reference-rate files as the ECB publishes them: the full history (withdrawn currencies, N/A cells,
newest first), the daily file (`12 April 2024`, spaces, trailing commas) and their zips."""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from contributions import services
from contributions.ecb import parse_date, read_rates_file
from contributions.models import FxRate
from contributions.tests.factories import FxRateFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DATA = Path(__file__).parent / "data"
HISTORY, DAILY = DATA / "eurofxref-hist.csv", DATA / "eurofxref.csv"
WITHDRAWN = ["CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"]


def zipped(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    return buffer.getvalue()


def test_the_full_history_is_read_as_published():
    parsed = read_rates_file(HISTORY.read_bytes(), HISTORY.name)
    assert parsed.errors == []
    assert parsed.dates == 5 and len(parsed.rates) == 150  # 31 current currencies x 5 days - 5 N/A
    assert parsed.missing == 5  # RUB since 2022, RON and TRY before 2005
    assert parsed.withdrawn_columns == WITHDRAWN
    assert parsed.withdrawn_cells == 17  # values of withdrawn currencies, skipped
    assert parsed.newest == D(2024, 4, 12)  # the first row: newest date first
    rates = {(c, d): (r, p) for c, d, r, p in parsed.rates}
    assert rates[("GBP", D(2024, 4, 12))] == (Decimal("0.85440"), 5)  # the significant trailing zero
    assert rates[("RUB", D(2007, 12, 31))] == (Decimal("35.9860"), 4)
    assert ("RUB", D(2024, 4, 12)) not in rates


def test_the_daily_file_is_read_as_published():
    parsed = read_rates_file(DAILY.read_bytes(), DAILY.name)
    assert parsed.errors == [] and parsed.missing == 0 and not parsed.withdrawn
    assert {d for _c, d, _r, _p in parsed.rates} == {D(2024, 4, 12)}
    assert len(parsed.rates) == 30
    assert ("IDR", D(2024, 4, 12), Decimal("17180.31"), 2) in parsed.rates


@pytest.mark.parametrize("path", [HISTORY, DAILY])
def test_a_zipped_file_reads_as_its_csv(path):
    assert read_rates_file(zipped(path), path.name.replace(".csv", ".zip")).rates == (
        read_rates_file(path.read_bytes(), path.name).rates
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-04-12", D(2024, 4, 12)), ("12 April 2024", D(2024, 4, 12)), ("2 Jan 2024", D(2024, 1, 2))],
)
def test_dates_iso_or_written(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04not a zip", "cannot be read as a zip"),
        (b"\xff\xfe\x00D", "not UTF-8"),
        (b"Date,USD,\n12 Avril 2024,1.0652,\n", "line 2, column Date"),
        (b"Date,USD,\n2024-04-12,1.0652,\n2024-04-12,1.0660,\n", "12 Apr 2024 appears twice"),
        (b"Date,USD,USD,\n2024-04-12,1.0652,1.0652,\n", "column USD: this currency appears twice"),
        (b"Date,USD,\n2024-04-12,1.065212345,\n", "at most 8 decimals"),
        (b"Date,USX,\n2024-04-12,1.0652,\n", "column USX: not an ISO 4217"),
        (b"Rate,USD,\n", "must start with"),
    ],
)
def test_every_bad_file_says_where(content, message):
    errors = read_rates_file(content, "rates.csv").errors
    assert any(message in e for e in errors), errors


def test_a_zip_with_several_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", "Date,USD,\n")
        archive.writestr("b.csv", "Date,USD,\n")
    assert "exactly one CSV" in read_rates_file(buffer.getvalue(), "rates.zip").errors[0]


def test_load_fx_rates_loads_the_history_zip_and_reports_what_it_skipped(tmp_path, capsys):
    archive = tmp_path / "eurofxref-hist.zip"
    archive.write_bytes(zipped(HISTORY))
    call_command("load_fx_rates", str(archive))
    out = capsys.readouterr().out
    assert "150 rate(s) added, 0 changed, 0 unchanged, 5 N/A cell(s) skipped." in out
    assert (
        "10 withdrawn currencies skipped (CYP, EEK, HRK, LTL, LVL, MTL, ROL, SIT, SKK, TRL: 17 cell(s))"
        in out
    )
    gbp = FxRate.objects.get(currency="GBP", date=D(2024, 4, 12))
    assert (gbp.published_rate, gbp.published_on, gbp.source) == (
        "0.85440",
        D(2024, 4, 12),
        "ECB euro reference rates (eurofxref-hist.zip)",
    )
    assert not FxRate.objects.filter(currency__in=WITHDRAWN).exists()


def test_loading_the_same_files_again_changes_nothing(capsys):
    call_command("load_fx_rates", str(HISTORY))
    call_command("load_fx_rates", str(DAILY))
    capsys.readouterr()
    history = FxRate.history.count()
    call_command("load_fx_rates", str(HISTORY))
    call_command("load_fx_rates", str(DAILY))
    out = capsys.readouterr().out
    assert (
        "0 rate(s) added, 0 changed, 150 unchanged" in out
        and "0 rate(s) added, 0 changed, 30 unchanged" in out
    )
    assert FxRate.objects.count() == 150 and FxRate.history.count() == history


def test_a_changed_rate_is_corrected_and_reported_old_to_new(capsys):
    FxRateFactory(currency="USD", date=D(2024, 4, 12), rate=Decimal("1.0700"))
    call_command("load_fx_rates", str(DAILY))
    out = capsys.readouterr().out
    assert "changed: USD 2024-04-12: 1.07 → 1.0652" in out and "29 rate(s) added, 1 changed" in out
    corrected = FxRate.objects.get(currency="USD", date=D(2024, 4, 12))
    assert corrected.rate == Decimal("1.0652") and corrected.history.first().history_type == "~"


def test_a_jump_beyond_the_band_loads_nothing_until_confirmed(capsys):
    FxRateFactory(currency="JPY", date=D(2024, 4, 11), rate=Decimal("16.418"))  # a slip: 10x too small
    with pytest.raises(CommandError, match="1 rate"):
        call_command("load_fx_rates", str(DAILY))
    assert "jump: JPY on 12 Apr 2024: 163.16 is +893.8 % from the previous rate (16.418 of 11 Apr 2024)" in (
        capsys.readouterr().out
    )
    assert FxRate.objects.count() == 1
    call_command("load_fx_rates", str(DAILY), "--confirm-jumps")
    assert FxRate.objects.get(currency="JPY", date=D(2024, 4, 12)).outlier_confirmed
    assert not FxRate.objects.get(currency="USD", date=D(2024, 4, 12)).outlier_confirmed


def test_a_dry_run_reports_and_writes_nothing(capsys):
    call_command("load_fx_rates", str(DAILY), "--dry-run")
    assert "Dry run, nothing written: 30 rate(s) added" in capsys.readouterr().out
    assert not FxRate.objects.exists()


# One rate at a time: the same validation


def test_a_rate_far_from_the_previous_one_needs_confirming(world):
    FxRateFactory(currency="USD", date=D(2024, 4, 11), rate=Decimal("1.0729"))
    actor = world.users.admin
    with pytest.raises(ValidationError) as error:
        services.fx_rate_create(actor=actor, currency="USD", date=D(2024, 4, 12), rate=Decimal("9.9"))
    assert "USD on 12 Apr 2024: 9.9 is +822.7 % from the previous rate (1.0729 of 11 Apr 2024)" in str(
        error.value
    )
    assert error.value.error_dict["rate"][0].code == "rate-jump"
    fx = services.fx_rate_create(
        actor=actor, currency="USD", date=D(2024, 4, 12), rate=Decimal("9.9"), confirm_jump=True
    )
    assert fx.outlier_confirmed and fx.history.first().history_user == actor
    # A correction back into the band clears the mark.
    fx = services.fx_rate_update(actor=actor, fx_rate=fx, rate=Decimal("1.0652"))
    assert not fx.outlier_confirmed and fx.published_rate == "1.0652"


def test_a_rate_keeps_the_decimals_it_was_given(world):
    fx = services.fx_rate_create(
        actor=world.users.admin, currency="GBP", date=D(2024, 4, 12), rate=Decimal("0.85440")
    )
    assert (fx.places, fx.published_rate, str(fx)) == (5, "0.85440", "1 EUR = 0.85440 GBP (2024-04-12)")


# The upload page and the API


def test_a_registry_manager_uploads_the_history_zip_checks_it_then_loads_it(world, page_client_for):
    client = page_client_for(world.users.admin)
    assert client.get("/c/itc/fx-rates/upload/").status_code == 200
    upload = io.BytesIO(zipped(HISTORY))
    upload.name = "eurofxref-hist.zip"
    response = client.post("/c/itc/fx-rates/upload/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and not FxRate.objects.exists()  # a dry run: nothing written
    assert (
        '<dd id="rates-added">150</dd>' in page and "CYP, EEK, HRK, LTL, LVL, MTL, ROL, SIT, SKK, TRL" in page
    )
    token = response.context["checked_token"]
    response = client.post("/c/itc/fx-rates/upload/", {"checked": token})
    assert response.status_code == 302 and FxRate.objects.count() == 150
    listing = client.get("/c/itc/fx-rates/?currency=GBP").content.decode()
    assert "0.85440" in listing and "ECB euro reference rates (eurofxref-hist.zip)" in listing
    # The same file again: every rate already there, nothing to load.
    upload = io.BytesIO(HISTORY.read_bytes())
    upload.name = "eurofxref-hist.csv"
    page = client.post("/c/itc/fx-rates/upload/", {"file": upload}).content.decode()
    assert '<dd id="rates-unchanged">150</dd>' in page and "nothing to do" in page


def test_an_upload_with_a_jump_loads_only_once_confirmed(world, page_client_for):
    FxRateFactory(currency="JPY", date=D(2024, 4, 11), rate=Decimal("16.418"))
    client = page_client_for(world.users.admin)
    upload = io.BytesIO(DAILY.read_bytes())
    upload.name = "eurofxref.csv"
    response = client.post("/c/itc/fx-rates/upload/", {"file": upload})
    assert "JPY on 12 Apr 2024: 163.16 is +893.8 %" in response.content.decode()
    token = response.context["checked_token"]
    response = client.post("/c/itc/fx-rates/upload/", {"checked": token})
    assert response.status_code == 200 and FxRate.objects.count() == 1  # not confirmed: nothing loaded
    response = client.post("/c/itc/fx-rates/upload/", {"checked": token, "confirm_jumps": "on"})
    assert response.status_code == 302 and FxRate.objects.count() == 31


def test_a_bad_upload_lists_every_error_and_loads_nothing(world, page_client_for):
    client = page_client_for(world.users.admin)
    upload = io.BytesIO(b"Date,USD,XYZ\n2024-02-05,1.0765,1.0\nnot-a-date,1.2,1.0\n2024-02-06,-1,1.0\n")
    upload.name = "rates.csv"
    page = client.post("/c/itc/fx-rates/upload/", {"file": upload}).content.decode()
    assert "3 errors" in page and "line 3, column Date" in page and "line 4, column USD" in page
    assert not FxRate.objects.exists()


@pytest.mark.parametrize("who", ["observer", "delegate_ee", "secretariat"])  # a secretariat proposes
def test_only_those_who_keep_rates_may_upload(world, page_client_for, who):
    client = page_client_for(getattr(world.users, who))
    assert client.get("/c/itc/fx-rates/upload/").status_code == 403
    upload = io.BytesIO(DAILY.read_bytes())
    upload.name = "eurofxref.csv"
    assert client.post("/c/itc/fx-rates/upload/", {"file": upload}).status_code == 403


def test_the_api_keeps_the_published_decimals_and_refuses_an_unconfirmed_jump(world, api_client_for):
    client = api_client_for(world.users.admin)
    created = client.post(
        "/api/v1/fx-rates/", {"currency": "GBP", "date": "2024-04-11", "rate": "0.85525"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert (created.json()["rate"], created.json()["places"]) == ("0.85525", 5)
    jump = client.post(
        "/api/v1/fx-rates/", {"currency": "GBP", "date": "2024-04-12", "rate": "8.5440"}, format="json"
    )
    assert jump.status_code == 400
    error = jump.json()["errors"][0]
    assert error["field"] == "rate" and error["code"] == "rate-jump" and "+899.0 %" in error["message"]
    confirmed = client.post(
        "/api/v1/fx-rates/",
        {"currency": "GBP", "date": "2024-04-12", "rate": "8.5440", "confirm_jump": True},
        format="json",
    )
    assert confirmed.status_code == 201 and confirmed.json()["outlier_confirmed"] is True


def test_a_file_too_large_for_a_page_points_to_the_command(world, page_client_for, monkeypatch):
    from contributions.views import rates

    monkeypatch.setattr(rates, "PAGE_MAX_WRITES", 100)
    upload = io.BytesIO(HISTORY.read_bytes())
    upload.name = "eurofxref-hist.csv"
    response = page_client_for(world.users.admin).post("/c/itc/fx-rates/upload/", {"file": upload})
    assert "more than 100 rates" in response.content.decode() and "manage.py load_fx_rates" in (
        response.content.decode()
    )
    assert response.context["checked_token"] is None and not FxRate.objects.exists()


def test_a_pledge_shows_its_rate_with_the_published_decimals(world, page_client_for):
    from contributions.tests.factories import PledgeFactory

    call_command("load_fx_rates", str(DAILY))
    pledge = PledgeFactory(
        coalition=world.coalition, donor=world.participants.ee, currency="GBP", announced_on=D(2024, 4, 12)
    )
    client = page_client_for(world.users.observer)
    assert (
        "at 0.85440 GBP per EUR, rate of 12/04/2024"
        in client.get(f"/c/itc/pledges/{pledge.pk}/").content.decode()
    )
    assert "0.85440 per EUR" in client.get("/c/itc/pledges/").content.decode()
