"""Conversion to EUR: the rate of the latest date on or before the day, EUR at 1, a missing rate reported."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from contributions.fx import Conversion, to_eur
from contributions.models import FxRate
from contributions.selectors import pledges_for
from contributions.tests.factories import FxRateFactory, PledgeFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DATA = "contributions/tests/data"


def test_eur_converts_at_one_on_the_day_itself():
    assert to_eur(Decimal("12.34"), "EUR", D(2024, 2, 3)) == Conversion(
        Decimal("12.34"), Decimal(1), D(2024, 2, 3)
    )


def test_uses_the_latest_rate_on_or_before_the_day_and_says_which():
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.0814"))
    FxRateFactory(currency="USD", date=D(2024, 2, 2), rate=Decimal("1.0823"))
    FxRateFactory(currency="USD", date=D(2024, 2, 5), rate=Decimal("1.0765"))
    weekend = to_eur(Decimal("1082.30"), "USD", D(2024, 2, 4))  # Sunday: Friday's rate
    assert weekend == Conversion(Decimal("1000.00"), Decimal("1.0823"), D(2024, 2, 2))
    assert to_eur(Decimal("1000"), "USD", D(2024, 2, 1)).rate_date == D(2024, 2, 1)


def test_amount_over_rate_is_rounded_half_up_to_the_cent():
    FxRateFactory(currency="GBP", date=D(2024, 2, 1), rate=Decimal("0.85"))
    # 100 GBP / 0.85 = 117.647... EUR
    assert to_eur(Decimal("100"), "GBP", D(2024, 2, 1)).eur == Decimal("117.65")


def test_a_missing_rate_is_reported_not_guessed():
    FxRateFactory(currency="USD", date=D(2024, 2, 5), rate=Decimal("1.0765"))  # only after the day
    assert to_eur(Decimal("1000"), "USD", D(2024, 2, 2)) == Conversion(None, None, None)
    assert to_eur(Decimal("1000"), "JPY", D(2024, 2, 2)).missing


def test_an_undisclosed_amount_keeps_no_figure_but_reports_the_rate():
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.08"))
    conversion = to_eur(None, "USD", D(2024, 2, 2))
    assert conversion.eur is None and conversion.rate == Decimal("1.08")


def test_queryset_annotation_agrees_with_to_eur_in_one_query(world, django_assert_num_queries):
    FxRateFactory(currency="USD", date=D(2024, 1, 31), rate=Decimal("1.0837"))
    FxRateFactory(currency="USD", date=D(2024, 2, 2), rate=Decimal("1.0823"))
    usd = PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.ee,
        currency="USD",
        amount=Decimal("5000000"),
        announced_on=D(2024, 2, 4),
    )
    eur = PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("42.00"))
    jpy = PledgeFactory(coalition=world.coalition, donor=world.participants.dk, currency="JPY")
    with django_assert_num_queries(1):
        rows = {p.pk: p for p in pledges_for(world.users.secretariat, world.coalition)}
    expected = to_eur(usd.amount, "USD", usd.announced_on)
    assert (rows[usd.pk].amount_eur, rows[usd.pk].fx_rate, rows[usd.pk].fx_rate_date) == (
        expected.eur,
        expected.rate,
        expected.rate_date,
    )
    assert rows[eur.pk].amount_eur == Decimal("42.00") and rows[eur.pk].fx_rate_date == eur.announced_on
    assert rows[jpy.pk].amount_eur is None and rows[jpy.pk].fx_rate is None


def test_load_fx_rates_reads_the_ecb_layout_and_is_idempotent(capsys):
    call_command("load_fx_rates", f"{DATA}/ecb-rates.csv")
    assert FxRate.objects.count() == 27  # 4 dates x 7 currencies, one N/A skipped
    assert FxRate.objects.get(currency="USD", date=D(2024, 2, 2)).rate == Decimal("1.0823")
    assert not FxRate.objects.filter(currency="ISK", date=D(2024, 1, 31)).exists()
    out = capsys.readouterr().out
    assert "27 rate(s) added" in out and "1 N/A" in out
    history = FxRate.history.count()
    call_command("load_fx_rates", f"{DATA}/ecb-rates.csv")
    assert FxRate.objects.count() == 27 and FxRate.history.count() == history
    assert "27 unchanged" in capsys.readouterr().out


def test_load_fx_rates_corrects_a_changed_rate():
    FxRateFactory(currency="USD", date=D(2024, 2, 2), rate=Decimal("9.99"))
    call_command("load_fx_rates", f"{DATA}/ecb-rates.csv")
    assert FxRate.objects.get(currency="USD", date=D(2024, 2, 2)).rate == Decimal("1.0823")


def test_load_fx_rates_rejects_a_bad_file_whole_and_says_where(capsys):
    with pytest.raises(CommandError, match="3 error"):
        call_command("load_fx_rates", f"{DATA}/ecb-bad.csv")
    err = capsys.readouterr().err
    assert "column XYZ" in err and "line 3, column Date" in err and "line 4, column USD" in err
    assert FxRate.objects.count() == 0


def test_load_fx_rates_reports_a_missing_file():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_fx_rates", f"{DATA}/nope.csv")
