"""The check that every pledge's stored figures (contributions.figures_store) equal what they are computed
from, by an independent path: the rate looked up in Python (contributions.fx.rate_on) and the payments summed
in Python. Used by the stored-figures tests and the ledger state machine's invariants."""

from decimal import Decimal

from contributions.figures_store import STORED
from contributions.fx import eur_of, rate_on
from contributions.models import Disbursement, FxRate, Pledge


def expected_figures(pledge: Pledge) -> dict:
    found = rate_on(pledge.currency, pledge.announced_on)
    rate, day = found if found is not None else (None, None)
    places = None
    if found is not None and pledge.currency != "EUR":
        places = FxRate.objects.get(currency=pledge.currency, date=day).places
    paid = sum(
        (d.amount_in_pledge_currency for d in Disbursement.objects.filter(pledge_id=pledge.pk)),
        Decimal("0.00"),
    )
    return {
        "fx_rate": None if rate is None else Decimal(rate),
        "fx_rate_date": day,
        "fx_rate_places": places,
        "paid": paid,
        "amount_eur": eur_of(pledge.amount, rate),
        "paid_eur": eur_of(paid, rate),
    }


def stale_figures(pledges=None) -> list:
    """(pledge id, {field: (stored, expected)}) of every pledge whose stored figures are not exact."""
    stale = []
    for pledge in pledges if pledges is not None else Pledge.objects.order_by("pk"):
        stored = Pledge.objects.filter(pk=pledge.pk).values(*STORED).first()
        wrong = {
            name: (stored[name], value)
            for name, value in expected_figures(pledge).items()
            if stored[name] != value
        }
        if wrong:
            stale.append((pledge.pk, wrong))
    return stale


def assert_stored_exact(pledges=None):
    stale = stale_figures(pledges)
    assert not stale, f"stored figures out of date: {stale}"
