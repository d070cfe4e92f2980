"""The data migration that fills the stored figures of payments recorded before payments in any currency."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("contributions", "0004_payments_in_any_currency")]
AFTER = [("contributions", "0006_payment_figures_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_fill(transactional_db):
    """The schema just before the fill; the latest schema again afterwards, whatever the test did."""
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _world(apps):
    Coalition = apps.get_model("coalition", "Coalition")
    Participant = apps.get_model("coalition", "Participant")
    Pledge = apps.get_model("contributions", "Pledge")
    coalition = Coalition.objects.create(name="IT Coalition", short_name="ITC", slug="itc")
    donor = Participant.objects.create(kind="state", code="DK", name="Denmark")
    return coalition, donor, Pledge


def test_existing_payments_count_for_their_own_amount(before_fill):
    apps = before_fill
    coalition, donor, Pledge = _world(apps)
    Disbursement = apps.get_model("contributions", "Disbursement")
    pledge = Pledge.objects.create(
        coalition=coalition,
        donor=donor,
        amount=Decimal("1000.00"),
        currency="DKK",
        status="confirmed",
        announced_on=datetime.date(2024, 2, 2),
    )
    payment = Disbursement.objects.create(
        pledge=pledge, amount=Decimal("250.00"), currency="DKK", paid_on=datetime.date(2024, 3, 1)
    )
    history = apps.get_model("contributions", "HistoricalDisbursement").objects.create(
        id=payment.pk,
        pledge_id=pledge.pk,
        amount=Decimal("200.00"),
        currency="DKK",
        paid_on=datetime.date(2024, 3, 1),
        history_date=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
        created_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
        history_type="+",
    )

    apps = _migrate(AFTER)

    payment = apps.get_model("contributions", "Disbursement").objects.get(pk=payment.pk)
    assert payment.coalition_id == coalition.pk
    assert payment.amount_in_pledge_currency == Decimal("250.00")
    assert (payment.fx_rate_paid, payment.fx_rate_pledge, payment.fx_rate_date) == (None, None, None)
    history = apps.get_model("contributions", "HistoricalDisbursement").objects.get(pk=history.pk)
    assert (history.coalition_id, history.amount_in_pledge_currency) == (coalition.pk, Decimal("200.00"))


def test_a_payment_in_another_currency_is_converted_or_named(before_fill):
    apps = before_fill
    coalition, donor, Pledge = _world(apps)
    Disbursement = apps.get_model("contributions", "Disbursement")
    FxRate = apps.get_model("contributions", "FxRate")
    pledge = Pledge.objects.create(
        coalition=coalition,
        donor=donor,
        amount=Decimal("100000.00"),
        currency="DKK",
        status="confirmed",
        announced_on=datetime.date(2024, 2, 2),
    )
    payment = Disbursement.objects.create(
        pledge=pledge, amount=Decimal("1081.30"), currency="USD", paid_on=datetime.date(2024, 3, 2)
    )
    with pytest.raises(RuntimeError, match=rf"Disbursement {payment.pk} \(USD → DKK\)"):
        _migrate(AFTER)

    FxRate.objects.create(currency="USD", date=datetime.date(2024, 3, 1), rate=Decimal("1.0813"))
    FxRate.objects.create(currency="DKK", date=datetime.date(2024, 3, 1), rate=Decimal("7.4551"))
    apps = _migrate(AFTER)

    payment = apps.get_model("contributions", "Disbursement").objects.get(pk=payment.pk)
    # 1081.30 USD / 1.0813 = 1000 EUR; times 7.4551 = 7455.10 DKK, at the rates of the Friday before.
    assert payment.amount_in_pledge_currency == Decimal("7455.10")
    assert (payment.fx_rate_paid, payment.fx_rate_pledge) == (Decimal("1.0813"), Decimal("7.4551"))
    assert payment.fx_rate_date == datetime.date(2024, 3, 1)
