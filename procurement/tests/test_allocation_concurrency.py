"""Two concurrent allocations of one pledge: its row lock, not timing, keeps the total within it."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from procurement import services
from procurement.models import Allocation
from procurement.services import allocations as allocation_services
from procurement.tests.factories import CapabilityAreaFactory, PledgeFactory, RoadmapItemFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks (select_for_update is a no-op there)",
    ),
]


def test_two_concurrent_allocations_cannot_exceed_the_pledge(world, monkeypatch):
    area = CapabilityAreaFactory(coalition=world.coalition)
    items = [RoadmapItemFactory(coalition=world.coalition, capability_area=area) for _ in range(2)]
    pledge = PledgeFactory(coalition=world.coalition, amount=Decimal("100.00"))
    actor = world.users.secretariat

    # Widen the race window: each writer reads the allocated total, then waits before inserting. Without the
    # row lock both would read 0 and both would insert 60.
    read_total = allocation_services.pledge_allocated

    def slow_total(*args, **kwargs):
        total = read_total(*args, **kwargs)
        time.sleep(0.5)
        return total

    monkeypatch.setattr(allocation_services, "pledge_allocated", slow_total)
    barrier = threading.Barrier(2)
    outcomes = []

    def allocate(item):
        try:
            barrier.wait()
            services.allocation_create(actor=actor, pledge=pledge, roadmap_item=item, amount=Decimal("60.00"))
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["amount"][0])
        finally:
            connection.close()  # each thread used its own connection

    threads = [threading.Thread(target=allocate, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("ok") == 1, outcomes
    assert "Only 40.00 EUR" in next(o for o in outcomes if o != "ok")
    assert Allocation.objects.filter(pledge=pledge).count() == 1
    assert sum(a.amount for a in Allocation.objects.filter(pledge=pledge)) == Decimal("60.00")


def _race(*jobs):
    """Run each job in its own thread and transaction, started together; return what each raised (or "ok")."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            job()
            outcomes[index] = "ok"
        except Exception as exc:  # the outcome is what the test checks
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transaction is stuck (deadlock?)"
    return outcomes


def _slow(monkeypatch, module, name, seconds=0.5):
    original = getattr(module, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(module, name, slow)


@pytest.mark.parametrize("first", ["allocation", "edit"])
def test_lowering_a_pledge_while_it_is_being_allocated_never_over_allocates_it(world, monkeypatch, first):
    from coalition.errors import Conflict
    from contributions import services as pledges

    item = RoadmapItemFactory(
        coalition=world.coalition, capability_area=CapabilityAreaFactory(coalition=world.coalition)
    )
    pledge = PledgeFactory(coalition=world.coalition, amount=Decimal("100.00"))
    actor = world.users.secretariat
    # Whichever starts first reads the figures, then waits before writing while the other one starts: it
    # must wait for the first to commit and then see its result (without the lock, or without the check on
    # the pledge's side, the edit would read no allocation and write 50 under 60 allocated).
    _slow(monkeypatch, allocation_services, "pledge_allocated")
    _slow(monkeypatch, services, "check_pledge_change")
    allocate = lambda: services.allocation_create(  # noqa: E731
        actor=actor, pledge=pledge, roadmap_item=item, amount=Decimal("60")
    )
    lower = lambda: pledges.pledge_update(actor=actor, pledge=pledge, amount=Decimal("50"))  # noqa: E731
    jobs = [allocate, _after(0.2, lower)] if first == "allocation" else [lower, _after(0.2, allocate)]
    outcomes = _race(*jobs)
    assert outcomes.count("ok") == 1, outcomes
    refused = next(o for o in outcomes if o != "ok")
    assert isinstance(refused, Conflict if first == "allocation" else ValidationError), refused
    pledge.refresh_from_db()
    allocated = sum(a.amount for a in Allocation.objects.filter(pledge=pledge))
    assert allocated <= pledge.amount


def test_withdrawing_a_pledge_while_it_is_being_allocated_leaves_no_allocation_on_it(world, monkeypatch):
    from contributions import services as pledges

    item = RoadmapItemFactory(
        coalition=world.coalition, capability_area=CapabilityAreaFactory(coalition=world.coalition)
    )
    pledge = PledgeFactory(coalition=world.coalition, amount=Decimal("100.00"))
    actor = world.users.secretariat
    _slow(monkeypatch, allocation_services, "pledge_allocated")
    outcomes = _race(
        lambda: services.allocation_create(
            actor=actor, pledge=pledge, roadmap_item=item, amount=Decimal("60")
        ),
        _after(0.2, lambda: pledges.pledge_transition(actor=actor, pledge=pledge, to_status="withdrawn")),
    )
    assert outcomes.count("ok") == 1, outcomes
    pledge.refresh_from_db()
    assert pledge.status != "withdrawn" and Allocation.objects.filter(pledge=pledge).count() == 1


def _after(seconds, job):
    def delayed():
        time.sleep(seconds)
        return job()

    return delayed


def test_cancelling_an_item_while_it_is_being_allocated_leaves_no_allocation_on_it(world, monkeypatch):
    item = RoadmapItemFactory(
        coalition=world.coalition, capability_area=CapabilityAreaFactory(coalition=world.coalition)
    )
    pledge = PledgeFactory(coalition=world.coalition, amount=Decimal("100.00"))
    actor = world.users.secretariat
    # The allocation reads the item's status then waits; the cancellation checks "no allocations" meanwhile.
    _slow(monkeypatch, allocation_services, "pledge_allocated")
    outcomes = _race(
        lambda: services.allocation_create(
            actor=actor, pledge=pledge, roadmap_item=item, amount=Decimal("60")
        ),
        lambda: (
            time.sleep(0.2),
            services.roadmap_item_transition(
                actor=actor, roadmap_item=item, to_status="cancelled", note="no"
            ),
        ),
    )
    assert outcomes.count("ok") == 1, outcomes
    item.refresh_from_db()
    assert not (item.status == "cancelled" and Allocation.objects.filter(roadmap_item=item).exists())
