"""Two concurrent allocations of one pledge: its row lock, not timing, keeps the total within it."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from procurement import services
from procurement.models import Allocation
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
    read_total = services.pledge_allocated

    def slow_total(*args, **kwargs):
        total = read_total(*args, **kwargs)
        time.sleep(0.5)
        return total

    monkeypatch.setattr(services, "pledge_allocated", slow_total)
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
