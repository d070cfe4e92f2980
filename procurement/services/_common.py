"""The lifecycle of a roadmap item and the helpers the services share."""

from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from procurement.models import (
    RoadmapItem,
)

Status = RoadmapItem.Status


Status = RoadmapItem.Status

# The lifecycle (Open Contracting stages): one step forward, or cancellation before delivery is complete.
NEXT = {
    Status.IDENTIFIED: Status.REQUIREMENTS,
    Status.REQUIREMENTS: Status.TENDERING,
    Status.TENDERING: Status.CONTRACTED,
    Status.CONTRACTED: Status.DELIVERING,
    Status.DELIVERING: Status.DELIVERED,
    Status.DELIVERED: Status.CLOSED,
}
CANCELLABLE = frozenset(
    {Status.IDENTIFIED, Status.REQUIREMENTS, Status.TENDERING, Status.CONTRACTED, Status.DELIVERING}
)
ALLOWED_TRANSITIONS = {
    status: ({NEXT[status]} if status in NEXT else set())
    | ({Status.CANCELLED} if status in CANCELLABLE else set())
    for status in Status
}
# Orders and deliveries are recorded from tendering (the contract being placed) until delivery is complete.
ORDERING_STATUSES = frozenset({Status.TENDERING, Status.CONTRACTED, Status.DELIVERING})
DELIVERY_STATUSES = frozenset({Status.CONTRACTED, Status.DELIVERING, Status.DELIVERED})


def allowed_transitions(item: RoadmapItem) -> list[str]:
    """The statuses `item` may move to next, in lifecycle order."""
    return [status for status in Status.values if status in ALLOWED_TRANSITIONS[Status(item.status)]]


def _delete(instance, *, actor, message):
    try:
        instance._history_user = actor
        instance.delete()
    except ProtectedError:
        raise Conflict(message) from None


def _same_coalition(errors: dict, name: str, value, coalition_id) -> None:
    if value is not None and value.coalition_id != coalition_id:
        errors[name] = _("This belongs to another coalition.")
