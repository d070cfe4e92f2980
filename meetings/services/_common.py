"""Helpers shared by the meetings services: dates in messages, tasks after commit, roles and members."""

from datetime import date

from django.db import transaction
from django.utils import formats, timezone

from coalition.figures import day
from coalition.models import Membership, UserRole
from coalition.selectors import current_memberships_q


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _day(value: date) -> str:
    return day(value)


def _enqueue(task, *args):
    transaction.on_commit(lambda: task.delay(*args))


def _tasks():
    from meetings import tasks  # tasks import services; import here to keep the modules acyclic

    return tasks


def _has_role(user, coalition) -> bool:
    return UserRole.objects.filter(user=user, coalition=coalition).exists()


def _members_on(coalition, on: date):
    return Membership.objects.filter(current_memberships_q(on), coalition=coalition)
