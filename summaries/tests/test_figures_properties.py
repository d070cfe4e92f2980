"""Property-based: for random ledgers, the summary's figures equal a plain-Python model of the rules, and
every identity holds (pledged = sum of the live stages; all = facts + illustrative; sum of states = totals).

PostgreSQL only: exact decimal arithmetic is what the figures promise; SQLite divides in floating point.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contributions.models import Disbursement, FxRate, Pledge
from summaries.figures import compute_payload

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")
RATES = {"EUR": Decimal(1), "USD": Decimal("1.0813"), "DKK": Decimal("7.4573"), "GBP": None}
LIVE = ("announced", "confirmed", "committed", "fulfilled")
DUE = ("confirmed", "committed", "fulfilled")  # owed once confirmed, as on the pledge pages

money = st.integers(min_value=1, max_value=10**9).map(lambda cents: Decimal(cents) / 100)
payment = st.tuples(money, st.booleans())
pledge = st.fixed_dictionaries(
    {
        "donor": st.integers(min_value=0, max_value=2),
        "amount": st.one_of(st.none(), money),
        "currency": st.sampled_from(sorted(RATES)),
        "status": st.sampled_from([*LIVE, "withdrawn"]),
        "illustrative": st.booleans(),
        "payments": st.lists(payment, max_size=3),
    }
)


def eur(amount, rate):
    return (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)


def model(pledges, *, facts_only):
    """The rules in plain Python: per pledge, then summed."""
    out = {"pledges": 0, "undisclosed": 0, "unconverted": 0}
    sums = {"pledged": Decimal(0), "paid": Decimal(0), "outstanding": Decimal(0), "overpaid": Decimal(0)}
    known = {"amount": 0, "paid": 0, "due": 0, "due_known": 0}
    for p in pledges:
        if p["status"] == "withdrawn" or (facts_only and p["illustrative"]):
            continue
        out["pledges"] += 1
        rate = RATES[p["currency"]]
        paid = sum((a for a, illustrative in p["payments"] if not (facts_only and illustrative)), Decimal(0))
        due = p["status"] in DUE
        known["due"] += due
        if p["amount"] is None:
            out["undisclosed"] += 1
        elif rate is None:
            out["unconverted"] += 1
        if rate is not None:
            known["paid"] += 1
            sums["paid"] += eur(paid, rate)
        if p["amount"] is not None and rate is not None:
            amount_eur, paid_eur = eur(p["amount"], rate), eur(paid, rate)
            known["amount"] += 1
            sums["pledged"] += amount_eur
            sums["overpaid"] += max(paid_eur - amount_eur, Decimal(0))
            if due:
                known["due_known"] += 1
                sums["outstanding"] += max(amount_eur - paid_eur, Decimal(0))

    def shown(value, records, known_records):
        return None if records and not known_records else str(value.quantize(CENT))

    return {
        **out,
        "pledged_eur": shown(sums["pledged"], out["pledges"], known["amount"]),
        "paid_eur": shown(sums["paid"], out["pledges"], known["paid"]),
        "outstanding_eur": shown(sums["outstanding"], known["due"], known["due_known"]),
        "overpaid_eur": shown(sums["overpaid"], out["pledges"], known["amount"]),
    }


def headline(figures):
    return {key: value for key, value in figures.items() if key != "stages"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exact decimals: PostgreSQL")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledger=st.lists(pledge, min_size=1, max_size=12))
def test_random_ledgers_follow_the_rules(world, ledger):
    donors = [world.participants.ee, world.participants.lu, world.participants.dk]
    with transaction.atomic():
        FxRate.objects.bulk_create(
            FxRate(currency=code, date=date(2024, 1, 1), rate=rate)
            for code, rate in RATES.items()
            if rate and code != "EUR"
        )
        created = Pledge.objects.bulk_create(
            Pledge(
                coalition=world.coalition,
                donor=donors[p["donor"]],
                amount=p["amount"],
                currency=p["currency"],
                status=p["status"],
                announced_on=date(2024, 2, 2),
                is_illustrative=p["illustrative"],
            )
            for p in ledger
        )
        Disbursement.objects.bulk_create(
            Disbursement(
                pledge=row,
                coalition=world.coalition,
                amount=amount,
                amount_in_pledge_currency=amount,
                currency=row.currency,
                paid_on=date(2024, 3, 1),
                is_illustrative=i,
            )
            for row, p in zip(created, ledger, strict=True)
            for amount, i in p["payments"]
        )
        contributions = compute_payload(world.coalition, as_of=timezone.now())["contributions"]
        transaction.set_rollback(True)

    for facts_only, variant in ((False, "all"), (True, "facts")):
        assert headline(contributions["totals"][variant]) == model(ledger, facts_only=facts_only)
        for row in contributions["by_state"]:
            index = [d.pk for d in donors].index(row["participant"]["id"])
            mine = [p for p in ledger if p["donor"] == index]
            assert headline(row[variant]) == model(mine, facts_only=facts_only)
    for figures in (contributions["totals"]["all"], *(row["all"] for row in contributions["by_state"])):
        live = [s for s in figures["stages"] if s["stage"] in LIVE]
        assert sum(s["pledges"] for s in live) == figures["pledges"]
        assert sum(Decimal(s["amount_eur"] or 0) for s in live) == Decimal(figures["pledged_eur"] or 0)
        assert figures["outstanding_eur"] is None or Decimal(figures["outstanding_eur"]) >= 0
    totals = contributions["totals"]
    for key in ("pledged_eur", "paid_eur", "outstanding_eur", "overpaid_eur"):
        assert Decimal(totals["all"][key] or 0) == Decimal(totals["facts"][key] or 0) + Decimal(
            totals["illustrative"][key] or 0
        )
