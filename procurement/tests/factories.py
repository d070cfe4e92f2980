"""Factories for the roadmap. Pledges and rates come from the contributions factories, with the defaults
these tests allocate from: a confirmed pledge, a rate from early January."""

from datetime import date
from decimal import Decimal

import factory

from coalition.tests.factories import CoalitionFactory
from contributions.models import Pledge
from contributions.tests import factories as contributions_factories
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem


class CapabilityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapabilityArea

    coalition = factory.SubFactory(CoalitionFactory)
    name = factory.Sequence(lambda n: f"Capability {n}")


class RoadmapItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    coalition = factory.SubFactory(CoalitionFactory)
    title = factory.Sequence(lambda n: f"Roadmap item {n}")
    capability_area = factory.SubFactory(
        CapabilityAreaFactory, coalition=factory.SelfAttribute("..coalition")
    )
    priority = factory.Sequence(lambda n: n + 1)
    planned_year = 2024
    planned_quarter = 2
    estimated_cost_low = Decimal("100000.00")
    estimated_cost_high = Decimal("150000.00")
    currency = "EUR"
    estimated_on = date(2024, 4, 9)
    status_changed_on = date(2024, 1, 1)


class PledgeFactory(contributions_factories.PledgeFactory):
    status = Pledge.Status.CONFIRMED


class FxRateFactory(contributions_factories.FxRateFactory):
    date = date(2024, 1, 2)
    rate = Decimal("1.10000000")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    roadmap_item = factory.SubFactory(RoadmapItemFactory)
    pledge = factory.SubFactory(PledgeFactory, coalition=factory.SelfAttribute("..roadmap_item.coalition"))
    amount = Decimal("10000.00")


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    roadmap_item = factory.SubFactory(RoadmapItemFactory, status=RoadmapItem.Status.CONTRACTED)
    supplier = factory.Sequence(lambda n: f"Supplier {n}")
    contract_reference = factory.Sequence(lambda n: f"C-{n:04d}")
    value = Decimal("50000.00")
    currency = "EUR"
    ordered_on = date(2024, 3, 1)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    order = factory.SubFactory(OrderFactory)
    quantity = 10
    expected_on = date(2024, 5, 1)
    delivered_on = None
