"""Action items: created, edited, and closed (done, dropped) or reopened."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Membership
from coalition.permissions import ADD, CHANGE, DELETE, VIEW, can, require
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


def _manages(actor, action_item) -> bool:
    """The secretariat keeps the action list (it may add items, so it may edit them)."""
    return can(actor, ADD, ActionItem, coalition=action_item.meeting.coalition_id)


def can_report(user, action_item: ActionItem) -> bool:
    """The secretariat, a delegate of the owner participant, or the owner person reports progress and
    closes or reopens the item."""
    if can(user, CHANGE, action_item):
        return True
    return bool(
        action_item.owner_user_id
        and getattr(user, "pk", None) == action_item.owner_user_id
        and can(user, VIEW, action_item)
    )


def _require_report(actor, action_item):
    if not can_report(actor, action_item):
        raise PermissionDenied(_("Only the owners of this action item, or the secretariat, report on it."))


def _record_progress(item, actor, progress_note):
    item.progress_note = (progress_note or "").strip()
    item.progress_updated_at = timezone.now()
    item.progress_updated_by = actor


@transaction.atomic
def action_item_update(*, actor, action_item: ActionItem, **data) -> ActionItem:
    """The secretariat edits the item; its owners (delegates of the owner participant, the owner person)
    update only `progress_note`. Status changes go through complete / drop / reopen, which record when
    the item was closed."""
    _require_report(actor, action_item)
    if not _manages(actor, action_item):
        others = sorted(
            name
            for name, value in data.items()
            if name != "progress_note" and value != getattr(action_item, name)
        )
        if others:
            raise PermissionDenied(
                _("Owners update the progress note (and close their item); %(fields)s are the secretariat's.")
                % {"fields": ", ".join(others)}
            )
        data = {"progress_note": data["progress_note"]} if "progress_note" in data else {}
    if "status" in data and data.pop("status") != action_item.status:
        raise ValidationError({"status": _("Use 'done', 'drop' or 'reopen' to change the status.")})
    if "meeting" in data and data.pop("meeting") != action_item.meeting:
        raise ValidationError({"meeting": _("An action item stays with the meeting that agreed it.")})
    merged = {
        name: data.get(name, getattr(action_item, name))
        for name in ("owner_participant", "owner_user", "due_on", "follow_up_meeting", "decision")
    }
    _check_action_item(action_item.meeting, merged)
    progress = data.pop("progress_note", None)
    _apply(action_item, data)
    if progress is not None and progress.strip() != action_item.progress_note:
        _record_progress(action_item, actor, progress)
    return _save(action_item, actor=actor)


@transaction.atomic
def action_item_report(*, actor, action_item: ActionItem, progress_note: str) -> ActionItem:
    """An owner (or the secretariat) reports where the work stands; the time and author are recorded."""
    _require_report(actor, action_item)
    item = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    _record_progress(item, actor, progress_note)
    return _save(item, actor=actor)


def _transition(actor, action_item, *, allowed_from, to, note, owners_may=True):
    if owners_may:
        _require_report(actor, action_item)
    elif not _manages(actor, action_item):
        raise PermissionDenied(_("Only the secretariat drops an action item."))
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
    """open → done, by its owners or the secretariat."""
    return _transition(actor, action_item, allowed_from={"open"}, to=ActionItem.Status.DONE, note=note)


@transaction.atomic
def action_item_drop(*, actor, action_item: ActionItem, note: str = "") -> ActionItem:
    """open → dropped (no longer needed), by the secretariat."""
    return _transition(
        actor, action_item, allowed_from={"open"}, to=ActionItem.Status.DROPPED, note=note, owners_may=False
    )


@transaction.atomic
def action_item_reopen(*, actor, action_item: ActionItem, note: str = "") -> ActionItem:
    """done or dropped → open again, by its owners or the secretariat."""
    return _transition(
        actor, action_item, allowed_from={"done", "dropped"}, to=ActionItem.Status.OPEN, note=note
    )


@transaction.atomic
def action_item_delete(*, actor, action_item: ActionItem) -> None:
    require(actor, DELETE, action_item)
    action_item._history_user = actor
    action_item.delete()
