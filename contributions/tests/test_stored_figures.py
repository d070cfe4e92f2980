"""The figures stored on each pledge (contributions.figures_store): the rate of the announcement date, its
date and published decimals, and the paid sum stay exact on every path that changes one of their inputs
(pledges, payments, rates: services, admin-style saves, factories, bulk loads, the import, the benchmark
generator), are written without a history row, and are what the lists and totals read."""

import ast
import datetime
import inspect
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from contributions import figures_store, services
from contributions.models import Disbursement, FxRate, Pledge
from contributions.selectors import pledges_for, totals
from contributions.tests.factories import DisbursementFactory, FxRateFactory, PledgeFactory
from contributions.tests.stored import assert_stored_exact, stale_figures
from contributions.transfer import import_pledges

pytestmark = pytest.mark.django_db

D = datetime.date
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rates(db):
    FxRateFactory(currency="USD", date=D(2024, 2, 1), rate=Decimal("1.0800"), places=4)
    FxRateFactory(currency="USD", date=D(2024, 3, 1), rate=Decimal("1.1000"), places=4)
    FxRateFactory(currency="DKK", date=D(2024, 2, 1), rate=Decimal("7.4551"), places=4)


def _pledge(world, **data):
    fields = {"amount": Decimal("10000.00"), "currency": "USD", "announced_on": D(2024, 2, 20)}
    return services.pledge_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        donor=world.participants.ee,
        **({"status": Pledge.Status.CONFIRMED} | fields | data),
    )


def _stored(pledge):
    return Pledge.objects.values_list("fx_rate", "fx_rate_date", "fx_rate_places", "paid").get(pk=pledge.pk)


def test_a_new_pledge_stores_its_rate_and_no_payment(world, rates):
    pledge = _pledge(world)
    assert _stored(pledge) == (Decimal("1.08"), D(2024, 2, 1), 4, Decimal("0.00"))
    assert (pledge.fx_rate, pledge.fx_rate_date, pledge.paid) == (Decimal("1.08"), D(2024, 2, 1), 0)
    eur = _pledge(world, currency="EUR")
    assert _stored(eur) == (Decimal(1), D(2024, 2, 20), None, Decimal("0.00"))
    none = _pledge(world, currency="SEK")  # no SEK rate at all: no figure, never a guess
    assert _stored(none) == (None, None, None, Decimal("0.00"))
    assert_stored_exact()


def test_payment_added_edited_deleted(world, rates):
    pledge = _pledge(world)
    actor = world.users.secretariat
    payment = services.disbursement_create(
        actor=actor, pledge=pledge, amount=Decimal("400.00"), paid_on=D(2024, 2, 21)
    )
    assert _stored(pledge)[3] == Decimal("400.00")
    services.disbursement_update(actor=actor, disbursement=payment, amount=Decimal("250.50"))
    assert _stored(pledge)[3] == Decimal("250.50")
    FxRateFactory(currency="DKK", date=D(2024, 2, 20), rate=Decimal("7.4560"))
    FxRateFactory(currency="USD", date=D(2024, 2, 20), rate=Decimal("1.0810"))  # after the pledge's rate day
    converted = services.disbursement_create(  # paid in DKK, counted in USD at the rates of its day
        actor=actor, pledge=pledge, amount=Decimal("1000.00"), currency="DKK", paid_on=D(2024, 2, 21)
    )
    assert_stored_exact()
    services.disbursement_delete(actor=actor, disbursement=payment)
    assert _stored(pledge)[3] == converted.amount_in_pledge_currency
    assert_stored_exact()


def test_factories_and_plain_saves_keep_them_exact(world, rates):
    pledge = PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.ee,
        currency="USD",
        announced_on=D(2024, 3, 5),
        status=Pledge.Status.CONFIRMED,
    )
    DisbursementFactory(pledge=pledge, amount=Decimal("10.00"))
    DisbursementFactory(pledge=pledge, amount=Decimal("5.25"))
    assert _stored(pledge) == (Decimal("1.1"), D(2024, 3, 1), 4, Decimal("15.25"))
    other = PledgeFactory(
        coalition=world.coalition,
        donor=world.participants.lu,
        currency="USD",
        announced_on=D(2024, 3, 5),
        status=Pledge.Status.CONFIRMED,
    )
    moved = Disbursement.objects.filter(pledge=pledge).first()
    moved.pledge = other  # a payment moved to another pledge: both sums change
    moved.save()
    Disbursement.objects.filter(pledge=pledge).delete()  # a queryset delete sends post_delete per row
    assert_stored_exact()
    assert _stored(pledge)[3] == 0 and _stored(other)[3] == Decimal("10.00")


def test_a_rate_added_for_an_earlier_date_becomes_the_pledges_rate(world, rates):
    pledge = _pledge(world, announced_on=D(2024, 2, 20))
    later = _pledge(world, announced_on=D(2024, 3, 20))
    services.fx_rate_create(
        actor=world.users.registry, currency="USD", date=D(2024, 2, 15), rate=Decimal("1.0900")
    )
    assert _stored(pledge)[:3] == (Decimal("1.09"), D(2024, 2, 15), 4)
    assert _stored(later)[:2] == (Decimal("1.1"), D(2024, 3, 1))  # its own rate is later still
    assert_stored_exact()


def test_a_rate_edited_moved_or_deleted(world, rates):
    pledge = _pledge(world, announced_on=D(2024, 3, 20))
    rate = FxRate.objects.get(currency="USD", date=D(2024, 3, 1))
    services.fx_rate_update(actor=world.users.registry, fx_rate=rate, rate=Decimal("1.1050"))
    assert _stored(pledge)[0] == Decimal("1.105")
    rate.date = D(2024, 3, 25)  # moved past the announcement (admin-style save): the older rate applies
    rate.save()
    assert _stored(pledge)[:2] == (Decimal("1.08"), D(2024, 2, 1))
    rate.date = D(2024, 3, 10)
    rate.save()
    assert _stored(pledge)[:2] == (Decimal("1.105"), D(2024, 3, 10))
    services.fx_rate_delete(actor=world.users.registry, fx_rate=rate)
    assert _stored(pledge)[:2] == (Decimal("1.08"), D(2024, 2, 1))
    services.fx_rate_delete(
        actor=world.users.registry, fx_rate=FxRate.objects.get(currency="USD", date=D(2024, 2, 1))
    )
    assert _stored(pledge)[:3] == (None, None, None)
    assert_stored_exact()


def test_pledge_amount_currency_and_date_changed(world, rates):
    pledge = _pledge(world, status=Pledge.Status.ANNOUNCED)
    actor = world.users.secretariat
    services.pledge_update(actor=actor, pledge=pledge, announced_on=D(2024, 3, 2))
    assert _stored(pledge)[:2] == (Decimal("1.1"), D(2024, 3, 1))
    services.pledge_update(actor=actor, pledge=pledge, currency="DKK")
    assert _stored(pledge)[:2] == (Decimal("7.4551"), D(2024, 2, 1))
    services.pledge_update(actor=actor, pledge=pledge, currency="EUR", amount=None)
    assert _stored(pledge)[:3] == (Decimal(1), D(2024, 3, 2), None)
    assert_stored_exact()


def test_the_ecb_load_refreshes_the_pledges_of_its_rates(world, rates):
    pledge = _pledge(world, announced_on=D(2024, 2, 20))
    dkk = _pledge(world, currency="DKK", announced_on=D(2024, 2, 20))
    services.fx_rates_load(
        actor=None,
        rates=[("USD", D(2024, 2, 19), Decimal("1.0777"), 4), ("DKK", D(2024, 2, 1), Decimal("7.4560"), 4)],
    )  # bulk writes (no signal): one added USD rate, one corrected DKK rate
    assert _stored(pledge)[:2] == (Decimal("1.0777"), D(2024, 2, 19))
    assert _stored(dkk)[0] == Decimal("7.456")
    assert_stored_exact()


def test_the_bulk_import_stores_the_figures(world, rates):
    content = (
        b"donor,amount,currency,announced_on,status\n"
        b"EE,1500.00,USD,2024-03-04,confirmed\nLU,,USD,2024-02-02,announced\nDK,250,EUR,2024-04-09,announced\n"
    )
    report = import_pledges(
        actor=world.users.secretariat, coalition=world.coalition, content=content, fmt="csv", dry_run=False
    )
    assert report.written == 3
    assert Pledge.objects.get(donor__code="EE").fx_rate == Decimal("1.1")
    assert_stored_exact()


def test_the_figures_are_not_in_the_history_and_write_no_history_row(world, rates):
    pledge = _pledge(world)
    rows = pledge.history.count()
    services.disbursement_create(
        actor=world.users.secretariat, pledge=pledge, amount=Decimal("10.00"), paid_on=D(2024, 2, 21)
    )
    FxRateFactory(currency="USD", date=D(2024, 2, 10), rate=Decimal("1.0700"))
    assert pledge.history.count() == rows  # the refreshes wrote no history row
    history_fields = {f.name for f in Pledge.history.model._meta.fields}
    assert not history_fields & set(figures_store.STORED)
    before = Pledge.objects.get(pk=pledge.pk).updated_at
    figures_store.refresh_pledge_figures([pledge.pk])
    assert Pledge.objects.get(pk=pledge.pk).updated_at == before  # derived: the record did not "change"


def test_one_update_refreshes_a_set(world, rates, django_assert_num_queries):
    pledges = [_pledge(world, announced_on=D(2024, 2, day)) for day in (5, 10, 15)]
    Pledge.objects.update(fx_rate=None, paid=Decimal("1.00"))  # made stale behind the store's back
    assert len(stale_figures()) == 3  # the check sees it
    with django_assert_num_queries(1):
        assert (
            figures_store.refresh_pledge_figures(Pledge.objects.filter(pk__in=[p.pk for p in pledges])) == 3
        )
    assert_stored_exact()


def test_lists_and_totals_read_the_stored_columns(world, rates):
    pledge = _pledge(world)
    services.disbursement_create(
        actor=world.users.secretariat, pledge=pledge, amount=Decimal("1080.00"), paid_on=D(2024, 2, 21)
    )
    row = pledges_for(world.users.secretariat, world.coalition).get(pk=pledge.pk)
    assert (row.amount_eur, row.paid_eur, row.outstanding_eur) == (
        Decimal("9259.26"),
        Decimal("1000.00"),
        Decimal("8259.26"),
    )
    # A stored figure is what the list and the totals show: no per-request rate lookup or payments sum.
    Pledge.objects.filter(pk=pledge.pk).update(amount_eur=Decimal("5000.00"), paid_eur=Decimal("0.00"))
    row = pledges_for(world.users.secretariat, world.coalition).get(pk=pledge.pk)
    assert (row.amount_eur, row.paid_eur, row.outstanding_eur) == (Decimal("5000.00"), 0, Decimal("5000.00"))
    sql = str(pledges_for(world.users.secretariat, world.coalition).query).lower()
    assert "contributions_fxrate" not in sql and "contributions_disbursement" not in sql
    assert totals(pledges_for(world.users.secretariat, world.coalition)).confirmed_eur == Decimal("5000.00")


# Every write that bypasses the signals is followed by a refresh ----------

BULK_WRITES = (
    "bulk_create",
    "bulk_update",
    "insert_rows",  # transfer.bulk: COPY on PostgreSQL
    "update_in_bulk",
    "bulk_create_with_history",
    "bulk_update_with_history",
    "raw_insert",
)
PATHS = ["contributions", "coalition/benchdata.py", "summaries/bench.py"]


def _bulk_writers():
    """(file, function) of every non-test function that writes pledges, payments or rates in bulk."""
    found = []
    files = []
    for path in PATHS:
        target = ROOT / path
        files += [target] if target.is_file() else list(target.rglob("*.py"))
    for file in files:
        if "tests" in file.parts or "migrations" in file.parts:
            continue
        tree = ast.parse(file.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            text = ast.unparse(node)
            if any(f"{name}(" in text for name in BULK_WRITES) and any(
                model in text for model in ("Pledge", "FxRate", "Disbursement")
            ):
                found.append((file.relative_to(ROOT).as_posix(), node.name, text))
    return found


def test_every_bulk_write_of_an_input_is_followed_by_a_refresh():
    """A new bulk path (bulk_create / bulk_update of pledges, payments or rates: no signal is sent) must
    call the store itself, or be listed here with the caller that does."""
    refreshed_by_caller = {
        ("contributions/transfer/common.py", "create_in_bulk"),  # its caller (transfer.pledges) refreshes
        ("contributions/transfer/pledges.py", "_finish"),  # through pledges_written, asserted below
        ("contributions/transfer/pledges.py", "finish"),
        ("summaries/bench.py", "generate"),  # coalition.benchdata.generate refreshes every pledge
        ("summaries/bench.py", "insert"),
    }
    missing = [
        (file, name)
        for file, name, text in _bulk_writers()
        if "refresh_pledge_figures" not in text
        and "refresh_for_rate" not in text
        and (file, name) not in refreshed_by_caller
    ]
    assert not missing, (
        f"bulk writes of pledges, payments or rates without a stored-figures refresh: {missing}"
    )
    pledge_import = __import__("contributions.transfer.pledges", fromlist=["_finish"])
    assert "pledges_written(" in inspect.getsource(pledge_import._finish)
    assert "refresh_pledge_figures(" in inspect.getsource(pledge_import.pledges_written)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark generator is PostgreSQL only")
def test_the_benchmark_generator_stores_the_figures(settings):
    from django.core.management import call_command

    settings.SUMMARY_ON_CHANGE = False
    call_command("generate_benchmark_data", "--scale", "0.001", "--seed", "3")
    sample = Pledge.objects.order_by("pk")[:: max(1, Pledge.objects.count() // 40)]
    assert Pledge.objects.exclude(paid=0).exists()
    assert_stored_exact(sample)


def test_the_refresh_command_finds_and_corrects_figures_written_around_the_portal(world):
    """A write that bypasses the portal (here a queryset update, as raw SQL or loaddata would) leaves a
    stored figure stale: `refresh_pledge_figures --check` names it and changes nothing; without --check the
    command corrects it."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    confirmed = {"coalition": world.coalition, "status": Pledge.Status.CONFIRMED}
    pledge = PledgeFactory(**confirmed, donor=world.participants.ee, amount=Decimal("1000.00"))
    other = PledgeFactory(**confirmed, donor=world.participants.lu, amount=Decimal("50.00"))
    DisbursementFactory(pledge=pledge, amount=Decimal("400.00"))
    Pledge.objects.filter(pk=pledge.pk).update(paid=Decimal("0.00"))  # stale: no signal
    out = StringIO()
    with pytest.raises(CommandError, match="1 pledges"):
        call_command("refresh_pledge_figures", "--check", stdout=out)
    assert f"1 differ: {pledge.pk}" in out.getvalue()
    pledge.refresh_from_db()
    assert pledge.paid == Decimal("0.00")  # --check changed nothing
    out = StringIO()
    call_command("refresh_pledge_figures", stdout=out)
    assert f"1 corrected: {pledge.pk}" in out.getvalue()
    pledge.refresh_from_db()
    other.refresh_from_db()
    assert pledge.paid == Decimal("400.00") and other.paid == Decimal("0.00")
    assert_stored_exact([pledge, other])
    out = StringIO()
    call_command("refresh_pledge_figures", "--check", stdout=out)
    assert "0 differ" in out.getvalue()
