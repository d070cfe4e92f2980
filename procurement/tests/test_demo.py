"""The demo roadmap: consistent with the seeds, idempotent, allocations only from illustrative figures."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from coalition import demo as coalition_demo
from contributions.models import Pledge
from procurement import demo
from procurement.models import Allocation, Delivery, Order, RoadmapItem
from procurement.selectors import annotate_funding
from procurement.tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

MODELS = [RoadmapItem, Order, Delivery, Allocation]


def history_rows():
    return sum(model.history.count() for model in MODELS)


def test_load_demo_is_idempotent_and_holds_the_seed_facts():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = history_rows()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert history_rows() == rows

    munitions = annotate_funding(RoadmapItem.objects.filter(title=demo.MUNITIONS_TITLE)).get()
    assert (munitions.estimated_cost_low, munitions.estimated_cost_high) == (
        Decimal("2000000000"),
        Decimal("3000000000"),
    )
    assert munitions.currency == "EUR" and munitions.lead.code == "EE"
    assert not munitions.is_illustrative and "Hanno Pevkur" in munitions.source
    assert munitions.funding_state == "unfunded" and munitions.gap_high_eur == Decimal("3000000000")

    items = RoadmapItem.objects.filter(planned_year=2024)
    assert items.filter(orders__isnull=False).exists()  # first orders placed
    assert Delivery.objects.filter(delivered_on__isnull=True).exists()  # first deliveries on the way
    assert set(RoadmapItem.objects.exclude(pk=munitions.pk).values_list("is_illustrative", flat=True)) == {
        True
    }
    for allocation in Allocation.objects.select_related("pledge"):
        assert allocation.pledge.is_illustrative and allocation.pledge.amount is not None


def test_allocations_come_only_from_illustrative_figures_within_the_pledge():
    context = coalition_demo.load()
    coalition = context["coalition"]
    fact = PledgeFactory(coalition=coalition, donor=context["participants"]["LU"], is_illustrative=False)
    illustrative = PledgeFactory(
        coalition=coalition,
        donor=context["participants"]["DK"],
        is_illustrative=True,
        amount=Decimal("2500000"),
    )
    PledgeFactory(coalition=coalition, donor=context["participants"]["LV"], is_illustrative=True, amount=None)
    PledgeFactory(
        coalition=coalition,
        donor=context["participants"]["LT"],
        is_illustrative=True,
        status=Pledge.Status.WITHDRAWN,
    )
    demo.load(context)
    assert not Allocation.objects.filter(pledge=fact).exists()
    (allocation,) = Allocation.objects.all()
    assert allocation.pledge == illustrative and allocation.amount == Decimal("1000000")
    demo.load(context)
    assert Allocation.objects.count() == 1
