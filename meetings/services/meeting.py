"""Meetings: create, edit, cancel, mark as held, delete."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from meetings.models import Meeting
from meetings.services._common import _day, _enqueue, _members_on, _tasks, _when
from meetings.validators import check_sane_dates

# A change to one of these fields is a change of the calendar event: SEQUENCE rises and invitees hear of it.
CALENDAR_FIELDS = ("starts_at", "ends_at", "format", "place", "address", "online_url", "title")


def _check_times(starts_at, ends_at):
    check_sane_dates(starts_at=starts_at, ends_at=ends_at)
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": _("The meeting must end after it starts (%(start)s).") % {"start": _when(starts_at)}}
        )


def _check_chairs(coalition, on: date, chairs):
    members = set(_members_on(coalition, on).values_list("participant_id", flat=True))
    outsiders = sorted(p.name for p in chairs if p.pk not in members)
    if outsiders:
        raise ValidationError(
            {
                "chairs": _("Chairs must be members of the coalition on %(day)s: %(names)s are not.")
                % {"day": _day(on), "names": ", ".join(outsiders)}
            }
        )


@transaction.atomic
def meeting_create(*, actor, coalition: Coalition, chairs=(), number: int | None = None, **data) -> Meeting:
    """A meeting ends after it starts; its number is unique in the coalition (next number by default);
    chairs are members of the coalition on the meeting's date."""
    require(actor, ADD, Meeting, coalition=coalition)
    Coalition.objects.select_for_update().filter(pk=coalition.pk).first()  # serialise numbering
    _check_times(data.get("starts_at"), data.get("ends_at"))
    if number is None:
        number = (Meeting.objects.filter(coalition=coalition).aggregate(n=Max("number"))["n"] or 0) + 1
    elif Meeting.objects.filter(coalition=coalition, number=number).exists():
        raise ValidationError(
            {
                "number": _("%(coalition)s already has a meeting number %(number)s.")
                % {"coalition": coalition.short_name, "number": number}
            }
        )
    meeting = Meeting(coalition=coalition, number=number, **data)
    chairs = list(chairs)
    if chairs and meeting.starts_at:
        _check_chairs(coalition, meeting.local_date, chairs)
    _save(meeting, actor=actor)
    meeting.chairs.set(chairs)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, chairs=None, **data) -> Meeting:
    """A cancelled meeting is not edited. A change of time, place or title raises the calendar SEQUENCE and
    sends invitees the updated event."""
    require(actor, CHANGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict(_("This meeting was cancelled; it can no longer be changed."))
    for fixed in ("coalition", "status"):
        if fixed in data and data[fixed] != getattr(meeting, fixed):
            raise ValidationError(
                {fixed: _("This is changed by its own action (cancel, mark as held), not by editing.")}
            )
        data.pop(fixed, None)
    if meeting.status == Meeting.Status.HELD:
        moved = [f for f in ("starts_at", "ends_at") if f in data and data[f] != getattr(meeting, f)]
        if moved:
            raise ValidationError(
                {
                    field: _("A held meeting keeps its dates: it took place on %(day)s.")
                    % {"day": _day(meeting.local_date)}
                    for field in moved
                }
            )
    new_number = data.get("number", meeting.number)
    if (
        new_number != meeting.number
        and Meeting.objects.filter(coalition=meeting.coalition, number=new_number).exists()
    ):
        raise ValidationError({"number": _("Another meeting already has this number.")})
    _check_times(data.get("starts_at", meeting.starts_at), data.get("ends_at", meeting.ends_at))
    changed = _apply(meeting, data)
    if chairs is not None:
        chairs = list(chairs)
        _check_chairs(meeting.coalition, meeting.local_date, chairs)
    calendar_changed = any(name in CALENDAR_FIELDS for name in changed)
    if calendar_changed:
        meeting.ical_sequence += 1
    _save(meeting, actor=actor)
    if chairs is not None and {c.pk for c in chairs} != set(meeting.chairs.values_list("pk", flat=True)):
        meeting.chairs.set(chairs)
    if calendar_changed and meeting.status == Meeting.Status.PLANNED and not meeting.has_started:
        _enqueue(_tasks().send_meeting_update, meeting.pk)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Only a planned meeting that has not started is cancelled; invitees receive the cancellation."""
    require(actor, CHANGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(
            _("Only a planned meeting can be cancelled; this one is %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )
    if meeting.has_started:
        raise Conflict(_("This meeting has already started; mark it as held instead."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason
    meeting.ical_sequence += 1
    _save(meeting, actor=actor)
    _enqueue(_tasks().send_meeting_update, meeting.pk)
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor, meeting: Meeting) -> Meeting:
    """A planned meeting becomes `held` once it has started."""
    require(actor, CHANGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(
            _("Only a planned meeting can be marked as held; this one is %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )
    if not meeting.has_started:
        raise Conflict(
            _("The meeting starts at %(start)s; it can be marked as held once it has started.")
            % {"start": _when(meeting.starts_at)}
        )
    meeting.status = Meeting.Status.HELD
    return _save(meeting, actor=actor)


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    """Only a planned meeting without attendance or minutes is deleted; otherwise cancel it."""
    require(actor, DELETE, meeting)
    if (
        meeting.status != Meeting.Status.PLANNED
        or meeting.attendances.exists()
        or hasattr(meeting, "minutes")
    ):
        raise Conflict(_("This meeting has a record (held, attendance or minutes); cancel it instead."))
    try:
        meeting._history_user = actor
        meeting.delete()
    except ProtectedError:
        raise Conflict(
            _("Other records refer to this meeting (pledges, minutes); cancel it instead.")
        ) from None
