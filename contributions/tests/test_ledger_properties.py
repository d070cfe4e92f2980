"""Property-based tests over random ledgers: every per-pledge identity holds, in the pledge's currency and in
EUR, and every total is the sum of the per-pledge figures. The expected figures are computed here in Python
from the raw rows (an oracle independent of the selectors' SQL)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contributions import selectors, services
from contributions.models import Disbursement, FxRate, Pledge

pytestmark = pytest.mark.django_db

D = datetime.date
S = Pledge.Status
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ANNOUNCED_ON, PAID_ON = D(2024, 2, 2), D(2024, 3, 4)
RATES = {  # units per EUR; JPY has none, so its pledges stay unconverted
    ("USD", D(2024, 2, 1)): Decimal("1.0798"),
    ("DKK", D(2024, 2, 1)): Decimal("7.4560"),
    ("USD", D(2024, 3, 1)): Decimal("1.0813"),
    ("DKK", D(2024, 3, 1)): Decimal("7.4551"),
}

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("90000000"), places=2)
payment = st.tuples(  # at least a euro: a payment worth less than a cent is refused (tested apart)
    st.decimals(min_value=Decimal("1.00"), max_value=Decimal("90000000"), places=2),
    st.sampled_from(["EUR", "USD", "DKK"]),
)
pledge_spec = st.fixed_dictionaries(
    {
        "donor": st.sampled_from(["ee", "lu", "dk"]),
        "amount": st.one_of(st.none(), money),
        "currency": st.sampled_from(["EUR", "USD", "DKK", "JPY"]),
        "final": st.sampled_from([S.ANNOUNCED, S.CONFIRMED, S.COMMITTED, S.FULFILLED, S.WITHDRAWN]),
        "payments": st.lists(payment, max_size=3),
    }
)
ledgers = st.lists(pledge_spec, min_size=1, max_size=6)


def _eur(amount, rate):
    return None if amount is None or rate is None else (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _rate(currency):
    """The oracle's pledge rate: the latest on or before the announcement (EUR is 1)."""
    if currency == "EUR":
        return Decimal(1)
    found = [(day, r) for (c, day), r in RATES.items() if c == currency and day <= ANNOUNCED_ON]
    return max(found)[1] if found else None


def _build(world, specs):
    """Write the ledger through the services (over-payments carry an override reason)."""
    for currency, day in {(c, d) for c, d in RATES}:
        FxRate.objects.create(currency=currency, date=day, rate=RATES[(currency, day)])
    actor = world.users.secretariat
    for spec in specs:
        payable = spec["amount"] is not None and spec["currency"] != "JPY" and spec["final"] != S.ANNOUNCED
        pledge = services.pledge_create(
            actor=actor,
            coalition=world.coalition,
            donor=getattr(world.participants, spec["donor"]),
            amount=spec["amount"],
            currency=spec["currency"],
            announced_on=ANNOUNCED_ON,
            status=S.ANNOUNCED if spec["final"] == S.ANNOUNCED else S.CONFIRMED,
        )
        if payable and spec["final"] != S.WITHDRAWN:
            for amount, currency in spec["payments"]:
                services.disbursement_create(
                    actor=actor,
                    pledge=pledge,
                    amount=amount,
                    currency=currency,
                    paid_on=PAID_ON,
                    overpayment_reason="agreed top-up",
                )
        if spec["final"] == S.WITHDRAWN:
            services.pledge_transition(actor=actor, pledge=pledge, to_status=S.WITHDRAWN, on=PAID_ON)
        elif spec["final"] in (S.COMMITTED, S.FULFILLED):
            services.pledge_transition(actor=actor, pledge=pledge, to_status=S.COMMITTED, on=PAID_ON)
            if spec["final"] == S.FULFILLED and spec["amount"] is not None:
                paid = services.paid_total(pledge)
                if paid < spec["amount"] and spec["currency"] != "JPY":
                    services.disbursement_create(
                        actor=actor, pledge=pledge, amount=spec["amount"] - paid, paid_on=PAID_ON
                    )
                if spec["currency"] != "JPY" or paid >= spec["amount"]:
                    services.pledge_transition(actor=actor, pledge=pledge, to_status=S.FULFILLED, on=PAID_ON)


def _check_pledge(row):
    """Every identity of one annotated pledge, against figures computed here from its raw rows."""
    paid = sum((d.amount_in_pledge_currency for d in row.disbursements.all()), ZERO)
    rate = _rate(row.currency)
    assert row.paid == paid
    assert row.fx_rate == rate
    assert row.amount_eur == _eur(row.amount, rate)
    assert row.paid_eur == _eur(paid, rate)
    for value in (row.outstanding, row.overpaid, row.outstanding_eur, row.overpaid_eur):
        assert value is None or value >= 0  # never a negative balance
    if row.amount is None:
        assert row.outstanding is None and row.outstanding_eur is None and paid == ZERO
        return
    assert row.overpaid == max(paid - row.amount, ZERO)
    if row.status in (S.CONFIRMED, S.COMMITTED, S.FULFILLED):
        assert row.outstanding == max(row.amount - paid, ZERO)
        assert row.paid - row.overpaid + row.outstanding == row.amount
        assert row.unconfirmed is None
        if rate is not None:
            assert row.paid_eur - row.overpaid_eur + row.outstanding_eur == row.amount_eur
        else:
            assert row.outstanding_eur is None
    else:  # announced: not yet owed; withdrawn: no longer
        assert row.outstanding is None and row.outstanding_eur is None and paid == ZERO
        expected = row.amount if row.status == S.ANNOUNCED else None
        assert row.unconfirmed == expected
        assert row.unconfirmed_eur == (_eur(expected, rate) if expected is not None else None)
    if row.status == S.FULFILLED and row.kind == Pledge.Kind.FINANCIAL:
        assert row.outstanding == ZERO


def _total(rows, name, statuses=None):
    values = [getattr(r, name) for r in rows if statuses is None or r.status in statuses]
    return sum((v for v in values if v is not None), ZERO)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=ledgers)
def test_every_figure_of_a_random_ledger_reconciles(world, specs):
    with transaction.atomic():  # each example starts from the same database
        _build(world, specs)
        pledges = selectors.pledges_for(world.users.secretariat, world.coalition)
        rows = list(pledges.prefetch_related("disbursements"))
        assert len(rows) == len(specs)
        for row in rows:
            _check_pledge(row)

        whole = selectors.totals(pledges)
        live = (S.ANNOUNCED, S.CONFIRMED, S.COMMITTED, S.FULFILLED)
        due = (S.CONFIRMED, S.COMMITTED, S.FULFILLED)
        assert whole.pledged_eur == _total(rows, "amount_eur", live)
        assert whole.unconfirmed_eur == _total(rows, "unconfirmed_eur")
        assert whole.confirmed_eur == _total(rows, "amount_eur", due)
        assert whole.paid_eur == _total(rows, "paid_eur", live)
        assert whole.outstanding_eur == _total(rows, "outstanding_eur")
        assert whole.overpaid_eur == _total(rows, "overpaid_eur")
        # The stages apart add up: not yet confirmed + confirmed or further = pledged; and what is owed
        # once confirmed is paid (without the over-payment) plus outstanding.
        assert whole.unconfirmed_eur + whole.confirmed_eur == whole.pledged_eur
        assert whole.paid_eur - whole.overpaid_eur + whole.outstanding_eur == whole.confirmed_eur
        assert whole.undisclosed == sum(1 for r in rows if r.amount is None and r.status in live)
        assert whole.unconverted == sum(
            1 for r in rows if r.amount is not None and r.fx_rate is None and r.status in live
        )

        by_state = selectors.state_summary(world.users.secretariat, world.coalition)
        for key in ("pledged_eur", "unconfirmed_eur", "paid_eur", "outstanding_eur", "overpaid_eur"):
            assert sum((r[key] for r in by_state), ZERO) == getattr(whole, key), key
        assert Disbursement.objects.filter(amount_in_pledge_currency__lte=0).count() == 0
        transaction.set_rollback(True)
