"""The demo contributions: the seeds' facts, undisclosed where the seeds give no figure; idempotent."""

from decimal import Decimal

import pytest

from coalition import demo as coalition_demo
from contributions import demo, selectors
from contributions.models import Disbursement, FxRate, Pledge, PledgeTransition, ReportedTotal

pytestmark = pytest.mark.django_db


def load():
    context = coalition_demo.load()
    demo.load(context)
    return context


def history_rows():
    models = (Pledge, Disbursement, FxRate, PledgeTransition, ReportedTotal)
    return sum(model.history.count() for model in models)


def test_demo_holds_the_seeds_contributions():
    context = load()
    coalition = context["coalition"]
    first = Pledge.objects.filter(announced_at=context["meetings"][1], is_illustrative=False)
    assert sorted(first.values_list("donor__code", flat=True)) == ["DK", "EE", "LT", "LU", "LV", "NL"]
    assert all(p.amount is None and p.status == "confirmed" and p.source for p in first)
    second = Pledge.objects.filter(announced_at=context["meetings"][2])
    assert sorted(second.values_list("donor__code", flat=True)) == ["EE", "LU"]
    assert all(p.amount is None and p.status == "announced" for p in second)
    total = ReportedTotal.objects.get()
    assert (total.amount, total.currency, total.qualifier, total.is_illustrative) == (
        Decimal("30000000.00"),
        "EUR",
        "more_than",
        False,
    )
    # Everything with a figure is illustrative and says so.
    assert not Pledge.objects.filter(amount__isnull=False, is_illustrative=False).exists()
    assert not Disbursement.objects.filter(is_illustrative=False).exists()
    reported = selectors.reported_totals_for(context["users"]["secretariat"], coalition).get()
    rec = selectors.reconcile(reported)
    assert rec.undisclosed == 6 and rec.verdict == "unknown"
    assert FxRate.objects.filter(currency="DKK").exists()


def test_demo_is_idempotent():
    load()
    counts = (Pledge.objects.count(), Disbursement.objects.count(), PledgeTransition.objects.count())
    rows = history_rows()
    load()
    assert (Pledge.objects.count(), Disbursement.objects.count(), PledgeTransition.objects.count()) == counts
    assert history_rows() == rows
