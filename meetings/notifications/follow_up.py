"""E-mails about action items: reminders of items coming due, and a weekly digest of overdue items.

An item's owners are its owner person and the delegates of its owner participant.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coalition.models import UserRole
from meetings import recipients
from meetings.models import ActionItem, NotificationKind
from meetings.notifications.delivery import absolute_url, deliver

DEFAULT_ACTION_DUE_DAYS = 3


def action_due_days() -> int:
    return int(getattr(settings, "MEETINGS_ACTION_DUE_DAYS", DEFAULT_ACTION_DUE_DAYS))


def _owners(items):
    """{item id: [user id, ...]}: the owner person and the delegates of the owner participant, in two
    queries for any number of items."""
    pairs = {
        (item.meeting.coalition_id, item.owner_participant_id) for item in items if item.owner_participant_id
    }
    delegates = defaultdict(list)
    if pairs:
        roles = UserRole.objects.filter(
            kind=UserRole.Kind.DELEGATE,
            coalition_id__in={c for c, _p in pairs},
            participant_id__in={p for _c, p in pairs},
        ).values_list("coalition_id", "participant_id", "user_id")
        for coalition_id, participant_id, user_id in roles:
            delegates[(coalition_id, participant_id)].append(user_id)
    owners = {}
    for item in items:
        user_ids = list(delegates.get((item.meeting.coalition_id, item.owner_participant_id), []))
        if item.owner_user_id:
            user_ids.append(item.owner_user_id)
        owners[item.pk] = user_ids
    return owners


def _board_url(item) -> str:
    return absolute_url(reverse("action-item-board", args=[item.meeting.coalition.slug]))


def send_action_item_reminders(today=None) -> int:
    """Owners of open action items due within MEETINGS_ACTION_DUE_DAYS (3 by default) are reminded once
    per due date (a new due date earns a new reminder)."""
    today = today or timezone.localdate()
    items = list(
        ActionItem.objects.filter(
            status=ActionItem.Status.OPEN,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=action_due_days()),
        ).select_related("meeting", "meeting__coalition", "owner_participant", "owner_user")
    )
    owners = _owners(items)
    sent = 0
    for item in items:
        sent += deliver(
            kind=NotificationKind.ACTION_DUE,
            key=f"action_due:{item.pk}:{item.due_on.isoformat()}",
            recipients=recipients.users(owners[item.pk], NotificationKind.ACTION_DUE),
            template="meetings/email/action_due.txt",
            context={"item": item, "url": _board_url(item), "today": today},
            meeting=item.meeting,
        )
    return sent


def send_overdue_digests(today=None) -> int:
    """Once a week (ISO week), each owner receives one e-mail listing all their overdue open action items,
    across meetings and coalitions. Owners with nothing overdue receive nothing."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    items = list(
        ActionItem.objects.overdue(today)
        .select_related("meeting", "meeting__coalition", "owner_participant", "owner_user")
        .order_by("due_on", "pk")
    )
    owners = _owners(items)
    by_user = defaultdict(list)
    for item in items:
        for user_id in dict.fromkeys(owners[item.pk]):
            by_user[user_id].append(item)
    sent = 0
    for recipient in recipients.users(by_user, NotificationKind.OVERDUE_DIGEST):
        overdue = by_user[recipient.user_id]
        sent += deliver(
            kind=NotificationKind.OVERDUE_DIGEST,
            key=f"overdue_digest:{year}-W{week:02d}",
            recipients=[recipient],
            template="meetings/email/overdue_digest.txt",
            context={
                "items": overdue,
                "today": today,
                "urls": {item.meeting.coalition.slug: _board_url(item) for item in overdue},
            },
        )
    return sent
