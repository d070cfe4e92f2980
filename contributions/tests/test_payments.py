"""Payments in any currency: both amounts and the rates used are kept; the pledge counts the converted one."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coalition.errors import Conflict
from contributions import services
from contributions.models import Disbursement, Pledge
from contributions.selectors import disbursements_for, pledges_for
from contributions.tests.factories import FxRateFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = Pledge.Status
FRIDAY, MONDAY = D(2024, 3, 1), D(2024, 3, 4)


@pytest.fixture
def rates(db):
    """The ECB publishes no rate at weekends: a Monday payment uses Friday's rates until Monday's exist."""
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.0798"))
    FxRateFactory(currency="DKK", date=D(2024, 2, 1), rate=Decimal("7.4560"))
    FxRateFactory(currency="USD", date=FRIDAY, rate=Decimal("1.0813"))
    FxRateFactory(currency="DKK", date=FRIDAY, rate=Decimal("7.4551"))
    FxRateFactory(currency="JPY", date=FRIDAY, rate=Decimal("162.30"))


def pledge(world, currency, amount="10000.00", **kwargs):
    made = services.pledge_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        donor=world.participants.ee,
        currency=currency,
        amount=Decimal(amount),
        announced_on=D(2024, 2, 2),
        status=S.CONFIRMED,
        **kwargs,
    )
    return made


def pay(world, target, amount, currency, paid_on=MONDAY, **kwargs):
    return services.disbursement_create(
        actor=world.users.secretariat,
        pledge=target,
        amount=Decimal(amount),
        currency=currency,
        paid_on=paid_on,
        **kwargs,
    )


def test_a_euro_payment_against_a_dollar_pledge_keeps_both_amounts_and_the_rates(world, rates):
    payment = pay(world, pledge(world, "USD"), "1000.00", "EUR")
    assert (payment.amount, payment.currency) == (Decimal("1000.00"), "EUR")
    assert payment.amount_in_pledge_currency == Decimal("1081.30")
    assert (payment.fx_rate_paid, payment.fx_rate_pledge, payment.fx_rate_date) == (
        Decimal("1"),
        Decimal("1.0813"),
        FRIDAY,
    )
    row = pledges_for(world.users.secretariat).get(pk=payment.pledge_id)
    assert (row.paid, row.outstanding) == (Decimal("1081.30"), Decimal("8918.70"))


def test_between_two_foreign_currencies_both_rates_are_of_one_day(world, rates):
    # Monday's USD rate is in, Monday's DKK rate is not: the conversion uses Friday's pair, not a mix.
    FxRateFactory(currency="USD", date=MONDAY, rate=Decimal("1.0850"))
    payment = pay(world, pledge(world, "DKK", "100000.00"), "1081.30", "USD")
    assert (payment.fx_rate_paid, payment.fx_rate_pledge, payment.fx_rate_date) == (
        Decimal("1.0813"),
        Decimal("7.4551"),
        FRIDAY,
    )
    assert payment.amount_in_pledge_currency == Decimal("7455.10")  # 1081.30 / 1.0813 * 7.4551


def test_a_payment_in_the_pledge_currency_records_no_rate(world, rates):
    payment = pay(world, pledge(world, "USD"), "100.00", "usd")
    assert payment.currency == "USD" and payment.amount_in_pledge_currency == Decimal("100.00")
    assert (payment.fx_rate_paid, payment.fx_rate_pledge, payment.fx_rate_date) == (None, None, None)


def test_a_missing_or_stale_rate_is_refused_naming_the_currencies(world, rates):
    target = pledge(world, "USD")
    with pytest.raises(ValidationError) as error:
        pay(world, target, "100.00", "GBP")
    assert "no GBP and USD reference rates" in error.value.message_dict["currency"][0]
    with pytest.raises(ValidationError) as error:
        pay(world, target, "100.00", "EUR", paid_on=D(2024, 3, 12))
    message = error.value.message_dict["currency"][0]
    assert "of 1 Mar 2024, more than a week before the payment (12 Mar 2024)" in message
    assert not Disbursement.objects.exists()


def test_a_payment_worth_less_than_a_cent_is_refused(world, rates):
    with pytest.raises(ValidationError) as error:
        pay(world, pledge(world, "EUR"), "0.50", "JPY")
    assert "less than a cent" in error.value.message_dict["amount"][0]


def test_the_over_payment_rule_counts_the_converted_amount(world, rates):
    target = pledge(world, "USD", "1081.30")
    with pytest.raises(ValidationError) as error:
        pay(world, target, "1000.01", "EUR")  # 1081.31 USD
    assert "total paid to 1,081.31 USD" in error.value.message_dict["amount"][0]
    pay(world, target, "1000.00", "EUR")


def test_correcting_the_currency_or_date_converts_again_and_says_so_in_the_review(world, rates):
    target = pledge(world, "USD")
    payment = pay(world, target, "100.00", "USD", paid_on=FRIDAY)
    services.pledge_confirm_figures(actor=world.users.delegate_ee, pledge=target)
    payment = services.disbursement_update(
        actor=world.users.secretariat, disbursement=payment, currency="EUR"
    )
    assert payment.amount_in_pledge_currency == Decimal("108.13") and payment.fx_rate_date == FRIDAY
    target.refresh_from_db()
    assert target.review_status == Pledge.Review.NEEDS_REVIEW
    assert "paid: 100.00 → 108.13 USD (100.00 EUR)" in target.review_comment
    # Back to the pledge's currency: no rate recorded any more.
    payment = services.disbursement_update(
        actor=world.users.secretariat, disbursement=payment, currency="USD"
    )
    assert (payment.amount_in_pledge_currency, payment.fx_rate_date) == (Decimal("100.00"), None)


def test_a_later_rate_correction_does_not_change_a_recorded_payment(world, rates):
    payment = pay(world, pledge(world, "USD"), "1000.00", "EUR")
    services.fx_rates_load(actor=None, rates=[("USD", FRIDAY, Decimal("1.2000"))])
    payment.refresh_from_db()
    assert payment.amount_in_pledge_currency == Decimal("1081.30")
    # Editing something else keeps the conversion; only a new amount, currency or date converts again.
    payment = services.disbursement_update(
        actor=world.users.secretariat, disbursement=payment, note="bank ref"
    )
    assert payment.amount_in_pledge_currency == Decimal("1081.30")


def test_a_fulfilled_pledge_cannot_be_left_short_by_a_correction(world, rates):
    target = pledge(world, "EUR", "100.00", status_on=D(2024, 2, 2))
    services.pledge_transition(actor=world.users.secretariat, pledge=target, to_status=S.COMMITTED, on=FRIDAY)
    payment = pay(world, target, "100.00", "EUR")
    services.pledge_transition(actor=world.users.secretariat, pledge=target, to_status=S.FULFILLED, on=MONDAY)
    with pytest.raises(Conflict, match=r"would leave 0\.01 EUR outstanding"):
        services.disbursement_update(actor=world.users.secretariat, disbursement=payment, amount="99.99")


def test_each_payment_has_its_eur_figure_at_its_pledge_rate(world, rates):
    target = pledge(world, "DKK", "100000.00")
    pay(world, target, "1081.30", "USD")
    row = disbursements_for(world.users.secretariat).get()
    # 7455.10 DKK at the pledge's rate (7.4560 DKK per EUR of 2024-02-01, before its announcement).
    assert (row.amount_eur, row.eur_rate, row.eur_rate_date) == (
        Decimal("999.88"),
        Decimal("7.4560"),
        D(2024, 2, 1),
    )


def test_the_api_records_a_payment_in_another_currency(world, rates, api_client_for):
    target = pledge(world, "USD")
    client = api_client_for(world.users.secretariat)
    response = client.post(
        "/api/v1/disbursements/",
        {"pledge": target.pk, "amount": "1000.00", "currency": "EUR", "paid_on": "2024-03-04"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("amount", "currency", "amount_in_pledge_currency", "fx_rate_date")} == {
        "amount": "1000.00",
        "currency": "EUR",
        "amount_in_pledge_currency": "1081.30",
        "fx_rate_date": "2024-03-01",
    }
    assert (body["fx_rate_paid"], body["fx_rate_pledge"]) == ("1.00000000", "1.08130000")
    assert (body["amount_eur"], body["eur_rate_date"]) == ("1001.39", "2024-02-01")  # 1081.30 / 1.0798
    missing = client.post(
        "/api/v1/disbursements/",
        {"pledge": target.pk, "amount": "1", "currency": "GBP", "paid_on": "2024-03-04"},
        format="json",
    )
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "currency"


def test_the_payment_form_takes_a_currency_and_the_pledge_page_shows_the_conversion(
    world, rates, page_client_for
):
    target = pledge(world, "DKK", "100000.00")
    client = page_client_for(world.users.secretariat)
    response = client.post(
        f"/c/itc/pledges/{target.pk}/payments/add/",
        {"amount": "1081.30", "currency": "USD", "paid_on": "2024-03-04"},
    )
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(f"/c/itc/pledges/{target.pk}/").content.decode()
    assert "1,081.30 USD" in page and "7,455.10 DKK" in page
    assert "converted at 1.0813 USD and 7.4551 DKK per EUR, rates of 01/03/2024" in page
    assert "999.88 EUR" in page and "at the pledge's rate of 01/02/2024" in page
    assert "rate of the currency paid (per EUR): — → 1.0813" in page  # the change history, rate unrounded
    # A missing rate is said on the form, beside the currency, and nothing is recorded.
    response = client.post(
        f"/c/itc/pledges/{target.pk}/payments/add/",
        {"amount": "10", "currency": "GBP", "paid_on": "2024-03-04"},
    )
    assert "no GBP and DKK reference rates" in response.context["form"].errors["currency"][0]
    assert target.disbursements.count() == 1
