"""Helpers of the webhook tests: a pledge created through its service, which emits `pledge.created`."""

from datetime import date
from decimal import Decimal

from contributions import services as contributions


def create_pledge(world, **extra):
    return contributions.pledge_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        donor=world.participants.ee,
        currency="EUR",
        amount=Decimal("250000.00"),
        announced_on=date(2024, 3, 1),
        **extra,
    )
