"""A generated ledger for the figures tests: pledges of every stage in several currencies (one without a
rate), undisclosed amounts, illustrative pledges and payments, over-payments, and a roadmap funded from them.

Rows are bulk-inserted (no history, no services): the figures are tested, not the rules that keep the data.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from contributions.figures_store import refresh_pledge_figures
from contributions.models import Disbursement, FxRate, Pledge
from procurement.models import Allocation, CapabilityArea, RoadmapItem

CURRENCIES = ("EUR", "USD", "DKK", "PLN", "GBP")  # GBP gets no rate: its amounts stay unconverted
STATUSES = ("announced", "confirmed", "committed", "fulfilled", "withdrawn")


def cents(rng, low, high) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def generate_ledger(coalition, donors, *, seed=1, pledges=300, items=40):
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    rates = []
    for currency, base in (("USD", "1.08"), ("DKK", "7.46"), ("PLN", "4.31")):
        for week in range(0, 60, 2):
            wobble = Decimal(rng.randint(-300, 300)) / 10000
            rates.append(
                FxRate(currency=currency, date=start + timedelta(weeks=week), rate=Decimal(base) + wobble)
            )
    FxRate.objects.bulk_create(rates, ignore_conflicts=True)

    rows = []
    for _ in range(pledges):
        currency = rng.choice(CURRENCIES)
        rows.append(
            Pledge(
                coalition=coalition,
                donor=rng.choice(donors),
                amount=None if rng.random() < 0.15 else cents(rng, 1_000, 5_000_000),
                currency=currency,
                status=rng.choice(STATUSES),
                review_status=rng.choice(("needs_review", "confirmed", "disputed")),
                announced_on=start + timedelta(days=rng.randint(0, 400)),
                is_illustrative=rng.random() < 0.25,
            )
        )
    created = Pledge.objects.bulk_create(rows)
    payments = []
    for pledge in created:
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            ceiling = int(pledge.amount or 1_000_000)
            # Now and then a payment above what is left: over-payments must show as their own figure.
            payments.append(
                Disbursement(
                    pledge=pledge,
                    coalition=coalition,
                    amount=(paid := cents(rng, 1, max(2, int(ceiling * rng.choice((0.2, 0.5, 0.9)))))),
                    amount_in_pledge_currency=paid,
                    currency=pledge.currency,
                    paid_on=pledge.announced_on + timedelta(days=rng.randint(0, 90)),
                    is_illustrative=rng.random() < 0.1,
                )
            )
    Disbursement.objects.bulk_create(payments)
    refresh_pledge_figures(created)  # bulk writes send no signal: the pledges' stored figures

    area, _ = CapabilityArea.objects.get_or_create(coalition=coalition, name="Generated", position=99)
    item_rows = []
    first_priority = RoadmapItem.objects.filter(coalition=coalition).count() + 1
    for n in range(items):
        estimated = rng.random() < 0.8
        low = cents(rng, 10_000, 3_000_000) if estimated else None
        item_rows.append(
            RoadmapItem(
                coalition=coalition,
                title=f"Generated item {n}",
                capability_area=area,
                priority=first_priority + n,
                planned_year=rng.choice((2024, 2025, 2026)),
                planned_quarter=rng.choice((None, 1, 2, 3, 4)),
                estimated_cost_low=low,
                estimated_cost_high=None if low is None else low + cents(rng, 0, 1_000_000),
                currency=rng.choice(CURRENCIES),
                estimated_on=start + timedelta(days=rng.randint(0, 400)),
                status=rng.choice(RoadmapItem.Status.values),
                is_illustrative=rng.random() < 0.2,
            )
        )
    item_objects = RoadmapItem.objects.bulk_create(item_rows)
    disclosed = [p for p in created if p.amount is not None and p.status != "withdrawn"]
    Allocation.objects.bulk_create(
        Allocation(
            pledge=pledge,
            roadmap_item=rng.choice(item_objects),
            amount=cents(rng, 1, max(2, int(pledge.amount / 4))),
        )
        for pledge in rng.sample(disclosed, min(len(disclosed), items * 2))
    )
    return created
