"""Rules of the roadmap services: the lifecycle and the roadmap items (allocations, orders, deliveries and
funding figures: test_services_funding.py)."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.errors import Conflict
from procurement import services
from procurement.models import Allocation, RoadmapItem, RoadmapItemTransition
from procurement.tests.factories import (
    AllocationFactory,
    CapabilityAreaFactory,
    DeliveryFactory,
    OrderFactory,
    PledgeFactory,
    RoadmapItemFactory,
)

S = RoadmapItem.Status
ORDER = [S.IDENTIFIED, S.REQUIREMENTS, S.TENDERING, S.CONTRACTED, S.DELIVERING, S.DELIVERED, S.CLOSED]
LEGAL = {(a, b) for a, b in pairwise(ORDER)} | {(s, S.CANCELLED) for s in ORDER[:5]}
ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


def _ready_for(item, target):
    """Fulfil the guard of `target` so that only the lifecycle rule is tested."""
    if target in (S.CONTRACTED, S.DELIVERED):
        order = OrderFactory(roadmap_item=item)
        DeliveryFactory(order=order, quantity=item.quantity or 10, delivered_on=date(2024, 5, 2))


# Lifecycle --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_every_transition_is_legal_or_refused(world, area, source, target):
    item = RoadmapItemFactory(
        coalition=world.coalition, capability_area=area, status=source, status_changed_on=date(2024, 1, 1)
    )
    _ready_for(item, target)
    note = "Funding withdrawn." if target == S.CANCELLED else ""
    if (source, target) in LEGAL:
        transition = services.roadmap_item_transition(
            actor=world.users.secretariat, roadmap_item=item, to_status=target, note=note
        )
        item.refresh_from_db()
        assert item.status == target
        assert (transition.from_status, transition.to_status) == (source, target)
        assert transition.actor == world.users.secretariat
        assert transition.on == item.status_changed_on
    else:
        with pytest.raises(Conflict, match="cannot move from"):
            services.roadmap_item_transition(
                actor=world.users.secretariat, roadmap_item=item, to_status=target, note=note
            )
        item.refresh_from_db()
        assert item.status == source
        assert not RoadmapItemTransition.objects.filter(roadmap_item=item).exists()


def test_the_full_lifecycle_is_logged_in_order_with_dates(world, item):
    sec = world.users.secretariat
    item.quantity = 10
    item.save()
    on = date(2024, 1, 10)
    for target in ORDER[1:]:
        if target == S.CONTRACTED:
            order = services.order_create(
                actor=sec, roadmap_item=item, supplier="A", value=Decimal(1), ordered_on=on, quantity=10
            )
        if target == S.DELIVERED:
            services.delivery_create(actor=sec, order=order, quantity=10, expected_on=on, delivered_on=on)
        services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=target, on=on)
        on += timedelta(days=7)
    log = list(item.transitions.values_list("from_status", "to_status"))
    assert log == list(pairwise(ORDER))
    assert item.history.count() >= len(ORDER)


def test_transition_dates_cannot_go_back_or_into_the_future(world, item):
    sec = world.users.secretariat
    item.status_changed_on = date(2024, 3, 1)
    item.save()
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_transition(
            actor=sec, roadmap_item=item, to_status=S.REQUIREMENTS, on=date(2024, 2, 1)
        )
    assert "on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.roadmap_item_transition(
            actor=sec, roadmap_item=item, to_status=S.REQUIREMENTS, on=date.today() + timedelta(days=2)
        )


def test_cancellation_needs_a_reason_and_released_allocations(world, item):
    sec = world.users.secretariat
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.CANCELLED)
    assert "note" in exc.value.message_dict
    AllocationFactory(roadmap_item=item)
    with pytest.raises(Conflict, match="release them"):
        services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.CANCELLED, note="No money")


def test_guards_contracted_needs_an_order_and_delivered_needs_everything_received(world, item):
    sec = world.users.secretariat
    item.status = S.TENDERING
    item.quantity = 100
    item.save()
    with pytest.raises(Conflict, match="order"):
        services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.CONTRACTED)
    order = OrderFactory(roadmap_item=item, quantity=100)
    services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.CONTRACTED)
    services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.DELIVERING)
    first = DeliveryFactory(order=order, quantity=60, delivered_on=date(2024, 5, 1))
    second = DeliveryFactory(order=order, quantity=40, delivered_on=None)
    with pytest.raises(Conflict, match="on the way"):
        services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.DELIVERED)
    services.delivery_receive(actor=sec, delivery=second, delivered_on=date(2024, 6, 1))
    assert first.quantity + second.quantity == 100
    services.roadmap_item_transition(actor=sec, roadmap_item=item, to_status=S.DELIVERED)


def test_status_is_not_edited_directly(world, item):
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_update(actor=world.users.secretariat, roadmap_item=item, status=S.CLOSED)
    assert "status" in exc.value.message_dict


# Roadmap items ---------------------------------------------------------------------------------------------


def test_create_item_checks_range_priority_and_coalition(world, area):
    sec = world.users.secretariat
    base = {"title": "Radios", "capability_area": area, "priority": 1, "planned_year": 2024}
    item = services.roadmap_item_create(actor=sec, coalition=world.coalition, **base, currency="eur")
    assert item.status == S.IDENTIFIED and item.currency == "EUR"
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_create(actor=sec, coalition=world.coalition, **{**base, "title": "Other"})
    assert "priority" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_create(
            actor=sec,
            coalition=world.coalition,
            **{**base, "priority": 2},
            estimated_cost_low=Decimal(10),
            estimated_cost_high=Decimal(5),
        )
    assert "estimated_cost_high" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_create(
            actor=sec, coalition=world.coalition, **{**base, "priority": 2}, estimated_cost_low=Decimal(10)
        )
    assert "estimated_cost_high" in exc.value.message_dict
    foreign_area = CapabilityAreaFactory(coalition=world.other)
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_create(
            actor=sec, coalition=world.coalition, **{**base, "priority": 3, "capability_area": foreign_area}
        )
    assert "capability_area" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_create(
            actor=sec, coalition=world.coalition, **{**base, "priority": 3}, lead=world.participants.fr
        )
    assert "lead" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.roadmap_item_create(
            actor=sec, coalition=world.coalition, **{**base, "priority": 3}, currency="XYZ"
        )
    assert "currency" in exc.value.message_dict


@pytest.mark.parametrize("user", ["delegate_ee", "observer", "outsider", "nobody"])
def test_only_the_secretariat_writes(world, item, user):
    actor = getattr(world.users, user)
    pledge = PledgeFactory(coalition=world.coalition, donor=world.participants.ee)
    with pytest.raises(PermissionDenied):
        services.roadmap_item_create(
            actor=actor,
            coalition=world.coalition,
            title="X",
            capability_area=item.capability_area,
            priority=9,
            planned_year=2024,
        )
    with pytest.raises(PermissionDenied):
        services.roadmap_item_transition(actor=actor, roadmap_item=item, to_status=S.REQUIREMENTS)
    with pytest.raises(PermissionDenied):
        services.allocation_create(actor=actor, pledge=pledge, roadmap_item=item, amount=Decimal(1))
    assert not Allocation.objects.exists()
