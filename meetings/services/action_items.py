"""Action items: created, edited, and closed (done, dropped) or reopened."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Membership
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from meetings.models import ActionItem, Meeting
from meetings.services._common import _day, _has_role


def _check_action_item(meeting: Meeting, data: dict):
    errors = {}
    owner_participant, owner_user = data.get("owner_participant"), data.get("owner_user")
    if owner_participant is None and owner_user is None:
        errors["owner_participant"] = _("Name an owner: a participant, a person or both.")
    if (
        owner_participant is not None
        and not Membership.objects.filter(coalition=meeting.coalition, participant=owner_participant).exists()
    ):
        errors["owner_participant"] = _("%(name)s is not a member of %(coalition)s.") % {
            "name": owner_participant.name,
            "coalition": meeting.coalition.short_name,
        }
    if owner_user is not None and not _has_role(owner_user, meeting.coalition):
        errors["owner_user"] = _("%(name)s has no role in %(coalition)s.") % {
            "name": owner_user.get_username(),
            "coalition": meeting.coalition.short_name,
        }
    due_on = data.get("due_on")
    if due_on is not None and due_on < meeting.local_date:
        errors["due_on"] = _("The due date is before the meeting that agreed the action (%(day)s).") % {
            "day": _day(meeting.local_date)
        }
    follow_up = data.get("follow_up_meeting")
    if follow_up is not None and (
        follow_up.coalition_id != meeting.coalition_id or follow_up.starts_at <= meeting.starts_at
    ):
        errors["follow_up_meeting"] = _("The follow-up is a later meeting of the same coalition.")
    decision = data.get("decision")
    if decision is not None and decision.meeting_id != meeting.pk:
        errors["decision"] = _("This decision was taken at another meeting.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_item_create(*, actor, meeting: Meeting, **data) -> ActionItem:
    """An action item has an owner (a member participant and/or a person with a role in the coalition),
    is due no earlier than its meeting, and its follow-up is a later meeting of the same coalition."""
    require(actor, ADD, ActionItem, coalition=meeting.coalition_id)
    data.pop("status", None)
    _check_action_item(meeting, data)
    return _save(ActionItem(meeting=meeting, **data), actor=actor)


@transaction.atomic
def action_item_update(*, actor, action_item: ActionItem, **data) -> ActionItem:
    """Status changes go through complete / drop / reopen, which record when the item was closed."""
    require(actor, CHANGE, action_item)
    if "status" in data and data.pop("status") != action_item.status:
        raise ValidationError({"status": _("Use 'done', 'drop' or 'reopen' to change the status.")})
    if "meeting" in data and data.pop("meeting") != action_item.meeting:
        raise ValidationError({"meeting": _("An action item stays with the meeting that agreed it.")})
    merged = {
        name: data.get(name, getattr(action_item, name))
        for name in ("owner_participant", "owner_user", "due_on", "follow_up_meeting", "decision")
    }
    _check_action_item(action_item.meeting, merged)
    _apply(action_item, data)
    return _save(action_item, actor=actor)


def _transition(actor, action_item, *, allowed_from, to, note):
    require(actor, CHANGE, action_item)
    item = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    if item.status not in allowed_from:
        raise Conflict(
            _("This action item is %(status)s; it cannot become %(target)s.")
            % {"status": item.get_status_display().lower(), "target": ActionItem.Status(to).label.lower()}
        )
    item.status = to
    item.closed_at = None if to == ActionItem.Status.OPEN else timezone.now()
    item.closing_note = note
    return _save(item, actor=actor)


@transaction.atomic
def action_item_complete(*, actor, action_item: ActionItem, note: str = "") -> ActionItem:
    """open → done."""
    return _transition(actor, action_item, allowed_from={"open"}, to=ActionItem.Status.DONE, note=note)


@transaction.atomic
def action_item_drop(*, actor, action_item: ActionItem, note: str = "") -> ActionItem:
    """open → dropped (no longer needed)."""
    return _transition(actor, action_item, allowed_from={"open"}, to=ActionItem.Status.DROPPED, note=note)


@transaction.atomic
def action_item_reopen(*, actor, action_item: ActionItem, note: str = "") -> ActionItem:
    """done or dropped → open again."""
    return _transition(
        actor, action_item, allowed_from={"done", "dropped"}, to=ActionItem.Status.OPEN, note=note
    )


@transaction.atomic
def action_item_delete(*, actor, action_item: ActionItem) -> None:
    require(actor, DELETE, action_item)
    action_item._history_user = actor
    action_item.delete()
