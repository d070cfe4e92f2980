import pytest

from procurement.tests.factories import CapabilityAreaFactory, RoadmapItemFactory


@pytest.fixture
def area(world):
    return CapabilityAreaFactory(coalition=world.coalition, name="Secure communications")


@pytest.fixture
def item(world, area):
    return RoadmapItemFactory(coalition=world.coalition, capability_area=area, title="Secure radios")
