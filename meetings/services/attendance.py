"""Attendance: who was present, with the role each participant held on the meeting's date."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from coalition.models import Participant
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from meetings.models import Attendance, Meeting, Registration
from meetings.services._common import _day, _members_on, _when


def role_on(coalition, participant: Participant, on: date) -> str | None:
    """The attendance role of `participant` in `coalition` on `on`: its membership role, `organisation` for
    an international organisation, or None when it was not a member that day."""
    membership = (
        _members_on(coalition, on).filter(participant=participant).order_by("-joined_on").only("role").first()
    )
    if membership is None:
        return None
    if participant.kind == Participant.Kind.ORGANISATION:
        return Attendance.Role.ORGANISATION
    return membership.role


def roles_on(coalition, on: date) -> dict:
    """{participant_id: attendance role} for every member on `on`, in one query."""
    roles = {}
    for participant_id, kind, role in (
        _members_on(coalition, on)
        .order_by("joined_on")
        .values_list("participant_id", "participant__kind", "role")
    ):
        roles[participant_id] = (
            Attendance.Role.ORGANISATION if kind == Participant.Kind.ORGANISATION else role
        )
    return roles


def _check_recordable(meeting: Meeting):
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"meeting": _("This meeting was cancelled; no attendance is recorded.")})
    if not meeting.has_started:
        raise ValidationError(
            {
                "meeting": _("Attendance is recorded after the meeting has started (%(start)s).")
                % {"start": _when(meeting.starts_at)}
            }
        )


def _not_member_error(meeting, names):
    return ValidationError(
        {
            "participant": _(
                "Not a member of %(coalition)s on %(day)s, so attendance cannot be recorded: %(names)s. "
                "Record the membership first."
            )
            % {"coalition": meeting.coalition.short_name, "day": _day(meeting.local_date), "names": names}
        }
    )


@transaction.atomic
def attendance_record(
    *,
    actor,
    meeting: Meeting,
    participant: Participant,
    persons: int | None = None,
    note: str = "",
    source: str = "",
    is_illustrative: bool = False,
) -> Attendance:
    """Record a participant as present, after the meeting has started, with its role on the meeting's date
    copied from its membership. A participant who was not a member that day is refused."""
    require(actor, ADD, Attendance, coalition=meeting.coalition_id)
    _check_recordable(meeting)
    role = role_on(meeting.coalition, participant, meeting.local_date)
    if role is None:
        raise _not_member_error(meeting, participant.name)
    if Attendance.objects.filter(meeting=meeting, participant=participant).exists():
        raise ValidationError(
            {"participant": _("%(name)s is already recorded as present.") % {"name": participant.name}}
        )
    attendance = Attendance(
        meeting=meeting,
        participant=participant,
        role=role,
        persons=persons,
        note=note,
        source=source,
        is_illustrative=is_illustrative,
    )
    return _save(attendance, actor=actor)


@transaction.atomic
def attendance_set(
    *, actor, meeting: Meeting, participants, source: str = "", is_illustrative: bool = False
) -> dict:
    """Make the recorded attendance exactly `participants`: add the missing (with the number of persons
    registered by name), remove the others. Every participant must have been a member on the meeting's
    date. Returns {"added": n, "removed": n}."""
    require(actor, ADD, Attendance, coalition=meeting.coalition_id)
    _check_recordable(meeting)
    wanted = {p.pk: p for p in participants}
    roles = roles_on(meeting.coalition, meeting.local_date)
    outsiders = sorted(p.name for pk, p in wanted.items() if pk not in roles)
    if outsiders:
        raise _not_member_error(meeting, ", ".join(outsiders))
    existing = {a.participant_id: a for a in Attendance.objects.filter(meeting=meeting)}
    removed = 0
    for participant_id, attendance in existing.items():
        if participant_id not in wanted:
            require(actor, DELETE, attendance)
            attendance._history_user = actor
            attendance.delete()
            removed += 1
    added = 0
    registered = dict(
        Registration.objects.filter(invitation__meeting=meeting, invitation__participant__isnull=False)
        .values("invitation__participant")
        .annotate(n=Count("pk"))
        .values_list("invitation__participant", "n")
    )
    for pk, participant in wanted.items():
        if pk not in existing:
            _save(
                Attendance(
                    meeting=meeting,
                    participant=participant,
                    role=roles[pk],
                    persons=registered.get(pk),
                    source=source,
                    is_illustrative=is_illustrative,
                ),
                actor=actor,
            )
            added += 1
    return {"added": added, "removed": removed}


@transaction.atomic
def attendance_update(*, actor, attendance: Attendance, **data) -> Attendance:
    """Notes, persons and source are corrected; the participant, meeting and role are fixed."""
    require(actor, CHANGE, attendance)
    for fixed in ("meeting", "participant", "role"):
        if fixed in data and data[fixed] != getattr(attendance, fixed):
            raise ValidationError(
                {fixed: _("This cannot be changed; remove the attendance and record it again.")}
            )
        data.pop(fixed, None)
    _apply(attendance, data)
    return _save(attendance, actor=actor)


@transaction.atomic
def attendance_delete(*, actor, attendance: Attendance) -> None:
    require(actor, DELETE, attendance)
    attendance._history_user = actor
    attendance.delete()
