"""Every write to meetings, with its rules. Pages and the API both call these functions.

Notifications are enqueued with `transaction.on_commit`, so nothing is sent for a write that rolls back.
"""

import hashlib
import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, ProtectedError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition, Membership, Participant, UserRole
from coalition.permissions import ADD, CHANGE, DELETE, VIEW, can, require
from coalition.selectors import current_memberships_q
from coalition.services import _apply, _save
from meetings.documents import check_upload
from meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    Decision,
    Invitation,
    Meeting,
    Minutes,
    MinutesRevision,
    NotificationKind,
    NotificationPreference,
)

MAX_PERSONS_PER_INVITATION = 20
# A change to one of these fields is a change of the calendar event: SEQUENCE rises and invitees hear of it.
CALENDAR_FIELDS = ("starts_at", "ends_at", "format", "place", "address", "online_url", "title")


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _enqueue(task, *args):
    transaction.on_commit(lambda: task.delay(*args))


def _tasks():
    from meetings import tasks  # tasks import services; import here to keep the modules acyclic

    return tasks


def _has_role(user, coalition) -> bool:
    return UserRole.objects.filter(user=user, coalition=coalition).exists()


# Meetings --------------------------------------------------------------------------------------------------


def _check_times(starts_at, ends_at):
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": _("The meeting must end after it starts (%(start)s).") % {"start": _when(starts_at)}}
        )


def _members_on(coalition, on: date):
    return Membership.objects.filter(current_memberships_q(on), coalition=coalition)


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


# Invitations and answers -----------------------------------------------------------------------------------


def _check_invitable(meeting: Meeting):
    if meeting.status != Meeting.Status.PLANNED or meeting.has_started:
        raise ValidationError(
            {"meeting": _("Invitations are sent for planned meetings that have not started yet.")}
        )


@transaction.atomic
def invitation_create(
    *, actor, meeting: Meeting, participant: Participant | None = None, user=None, note: str = ""
) -> Invitation:
    """Invite a participant (its delegates answer) and/or a person with a role in the coalition. Invitees
    receive the invitation with its .ics by e-mail."""
    require(actor, ADD, Invitation, coalition=meeting.coalition_id)
    _check_invitable(meeting)
    errors = {}
    if participant is None and user is None:
        errors["participant"] = _("Invite a participant, a person, or both.")
    if (
        participant is not None
        and not _members_on(meeting.coalition, meeting.local_date).filter(participant=participant).exists()
    ):
        errors["participant"] = _("%(name)s is not a member of %(coalition)s on %(day)s.") % {
            "name": participant.name,
            "coalition": meeting.coalition.short_name,
            "day": _day(meeting.local_date),
        }
    if user is not None and not _has_role(user, meeting.coalition):
        errors["user"] = _("%(name)s has no role in %(coalition)s and could not see the meeting.") % {
            "name": user.get_username(),
            "coalition": meeting.coalition.short_name,
        }
    if errors:
        raise ValidationError(errors)
    duplicate = Invitation.objects.filter(meeting=meeting)
    duplicate = (
        duplicate.filter(user=user)
        if user is not None
        else duplicate.filter(participant=participant, user__isnull=True)
    )
    if duplicate.exists():
        field = "user" if user is not None else "participant"
        raise ValidationError({field: _("Already invited to this meeting.")})
    invitation = _save(
        Invitation(meeting=meeting, participant=participant, user=user, note=note), actor=actor
    )
    _enqueue(_tasks().send_invitation, invitation.pk)
    return invitation


@transaction.atomic
def invitations_create_for_members(*, actor, meeting: Meeting, participants) -> list[Invitation]:
    """Invite several participants at once; those already invited are skipped."""
    require(actor, ADD, Invitation, coalition=meeting.coalition_id)
    already = set(
        Invitation.objects.filter(meeting=meeting, user__isnull=True).values_list("participant_id", flat=True)
    )
    return [
        invitation_create(actor=actor, meeting=meeting, participant=p)
        for p in participants
        if p.pk not in already
    ]


@transaction.atomic
def invitation_update(*, actor, invitation: Invitation, note: str = "", **data) -> Invitation:
    """Only the note is edited; answers go through invitation_respond, invitees are fixed."""
    require(actor, CHANGE, invitation)
    for fixed in ("meeting", "participant", "user"):
        if fixed in data and data[fixed] != getattr(invitation, fixed):
            raise ValidationError({fixed: _("The invitee cannot be changed; withdraw and invite again.")})
    invitation.note = note
    return _save(invitation, actor=actor)


def can_respond(user, invitation: Invitation) -> bool:
    """The secretariat, a delegate of the invited participant, or the invited person may answer."""
    if can(user, CHANGE, invitation):
        return True
    return bool(
        invitation.user_id and getattr(user, "pk", None) == invitation.user_id and can(user, VIEW, invitation)
    )


@transaction.atomic
def invitation_respond(
    *, actor, invitation: Invitation, response: str, persons: int | None = None, note: str | None = None
) -> Invitation:
    """Answer an invitation (attending with the number of persons, or apologies) before the meeting starts.
    A delegate answers only for their own participant."""
    if not can_respond(actor, invitation):
        raise PermissionDenied(_("You can answer only invitations to your own participant or to you."))
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"response": _("This meeting was cancelled; there is nothing to answer.")})
    if meeting.has_started:
        raise ValidationError(
            {
                "response": _(
                    "Answers closed when the meeting started (%(start)s). Tell the secretariat instead; "
                    "attendance is recorded after the meeting."
                )
                % {"start": _when(meeting.starts_at)}
            }
        )
    if response == Invitation.Response.ATTENDING:
        persons = 1 if persons in (None, 0) else persons
        if persons < 1 or persons > MAX_PERSONS_PER_INVITATION:
            raise ValidationError(
                {"persons": _("Between 1 and %(max)s persons.") % {"max": MAX_PERSONS_PER_INVITATION}}
            )
    elif response == Invitation.Response.APOLOGIES:
        persons = 0
    else:
        raise ValidationError({"response": _("Answer 'attending' or 'apologies'.")})
    invitation.response = response
    invitation.persons = persons
    if note is not None:
        invitation.note = note
    invitation.responded_at = timezone.now()
    invitation.responded_by = actor
    return _save(invitation, actor=actor)


@transaction.atomic
def invitation_delete(*, actor, invitation: Invitation) -> None:
    require(actor, DELETE, invitation)
    invitation._history_user = actor
    invitation.delete()


# Attendance ------------------------------------------------------------------------------------------------


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
    """Make the recorded attendance exactly `participants`: add the missing, remove the others.
    Every participant must have been a member on the meeting's date. Returns {"added": n, "removed": n}."""
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
    for pk, participant in wanted.items():
        if pk not in existing:
            _save(
                Attendance(
                    meeting=meeting,
                    participant=participant,
                    role=roles[pk],
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


# Agenda ----------------------------------------------------------------------------------------------------


def _renumber(meeting: Meeting, ordered: list[AgendaItem], *, actor):
    """Give `ordered` the positions 1..n without tripping the unique (meeting, position) constraint."""
    AgendaItem.objects.filter(meeting=meeting).update(position=F("position") + 10000)
    for index, item in enumerate(ordered, start=1):
        item.position = index
        item._history_user = actor
        item.save(update_fields=["position"])


def _check_presenter(meeting, presenter):
    if presenter is not None and roles_on(meeting.coalition, meeting.local_date).get(presenter.pk) is None:
        raise ValidationError(
            {
                "presenter": _("%(name)s is not a member of the coalition on the meeting's date.")
                % {"name": presenter.name}
            }
        )


@transaction.atomic
def agenda_item_create(*, actor, meeting: Meeting, position: int | None = None, **data) -> AgendaItem:
    """Items are numbered 1..n; a new item goes last, or at `position` with the later ones moved down."""
    require(actor, ADD, AgendaItem, coalition=meeting.coalition_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_presenter(meeting, data.get("presenter"))
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    item = AgendaItem(meeting=meeting, position=len(items) + 1, **data)
    item.full_clean()
    _save(item, actor=actor)
    if position is not None and position < item.position:
        items.insert(max(position, 1) - 1, item)
        _renumber(meeting, items, actor=actor)
    return item


@transaction.atomic
def agenda_item_update(*, actor, agenda_item: AgendaItem, position: int | None = None, **data) -> AgendaItem:
    require(actor, CHANGE, agenda_item)
    if "meeting" in data and data.pop("meeting") != agenda_item.meeting:
        raise ValidationError({"meeting": _("An agenda item cannot move to another meeting.")})
    if "presenter" in data:
        _check_presenter(agenda_item.meeting, data["presenter"])
    _apply(agenda_item, data)
    _save(agenda_item, actor=actor)
    if position is not None and position != agenda_item.position:
        agenda_item = agenda_item_move(actor=actor, agenda_item=agenda_item, position=position)
    return agenda_item


@transaction.atomic
def agenda_item_move(*, actor, agenda_item: AgendaItem, position: int) -> AgendaItem:
    """Move an item to `position` (1 = first); the others keep their order."""
    require(actor, CHANGE, agenda_item)
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    items = [
        i for i in AgendaItem.objects.filter(meeting=meeting).order_by("position") if i.pk != agenda_item.pk
    ]
    if position < 1 or position > len(items) + 1:
        raise ValidationError({"position": _("Choose a position from 1 to %(n)s.") % {"n": len(items) + 1}})
    items.insert(position - 1, agenda_item)
    _renumber(meeting, items, actor=actor)
    return agenda_item


@transaction.atomic
def agenda_item_delete(*, actor, agenda_item: AgendaItem) -> None:
    """Delete an item with its documents; the later items move up."""
    require(actor, DELETE, agenda_item)
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    for document in agenda_item.documents.all():
        _delete_document_file(document)
    agenda_item._history_user = actor
    agenda_item.delete()
    _renumber(meeting, list(AgendaItem.objects.filter(meeting=meeting).order_by("position")), actor=actor)


def _delete_document_file(document: AgendaDocument):
    storage, name = document.file.storage, document.file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def agenda_document_add(*, actor, agenda_item: AgendaItem, file) -> AgendaDocument:
    """Attach a file: at most MEETINGS_DOCUMENT_MAX_BYTES (10 MB by default), of an allowed type whose
    content matches its extension. It is stored under a random name; the original name is kept."""
    require(actor, ADD, AgendaDocument, coalition=agenda_item.meeting.coalition_id)
    checked = check_upload(file)
    document = AgendaDocument(
        agenda_item=agenda_item,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(checked.original_name, file, save=False)
    try:
        return _save(document, actor=actor)
    except Exception:
        document.file.storage.delete(document.file.name)
        raise


@transaction.atomic
def agenda_document_delete(*, actor, agenda_document: AgendaDocument) -> None:
    require(actor, DELETE, agenda_document)
    _delete_document_file(agenda_document)
    agenda_document._history_user = actor
    agenda_document.delete()


# Decisions -------------------------------------------------------------------------------------------------


def _check_agenda_item(meeting, agenda_item):
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})


@transaction.atomic
def _check_decision_links(meeting: Meeting, related_pledges, related_roadmap_items):
    """A decision links only to pledges and roadmap items of its own coalition."""
    errors = {}
    for field, records in (
        ("related_pledges", related_pledges),
        ("related_roadmap_items", related_roadmap_items),
    ):
        foreign = [str(r) for r in records or () if r.coalition_id != meeting.coalition_id]
        if foreign:
            errors[field] = _("Not of this coalition: %(names)s.") % {"names": ", ".join(foreign)}
    if errors:
        raise ValidationError(errors)


def _set_decision_links(decision, related_pledges, related_roadmap_items):
    if related_pledges is not None:
        decision.related_pledges.set(related_pledges)
    if related_roadmap_items is not None:
        decision.related_roadmap_items.set(related_roadmap_items)


def decision_create(
    *,
    actor,
    meeting: Meeting,
    text: str,
    agenda_item=None,
    related_pledges=None,
    related_roadmap_items=None,
    **data,
) -> Decision:
    """Decisions are numbered 1, 2, 3... within their meeting, in the order they are recorded; a number is
    never reused, so references like SG2/3 stay valid."""
    require(actor, ADD, Decision, coalition=meeting.coalition_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"meeting": _("A cancelled meeting takes no decisions.")})
    _check_agenda_item(meeting, agenda_item)
    _check_decision_links(meeting, related_pledges, related_roadmap_items)
    last = Decision.history.filter(meeting_id=meeting.pk).aggregate(n=Max("number"))["n"] or 0
    decision = Decision(meeting=meeting, number=last + 1, text=text, agenda_item=agenda_item, **data)
    _save(decision, actor=actor)
    _set_decision_links(decision, related_pledges, related_roadmap_items)
    return decision


@transaction.atomic
def decision_update(
    *, actor, decision: Decision, related_pledges=None, related_roadmap_items=None, **data
) -> Decision:
    require(actor, CHANGE, decision)
    if "meeting" in data and data.pop("meeting") != decision.meeting:
        raise ValidationError({"meeting": _("A decision cannot move to another meeting.")})
    data.pop("number", None)
    _check_agenda_item(decision.meeting, data.get("agenda_item", decision.agenda_item))
    _check_decision_links(decision.meeting, related_pledges, related_roadmap_items)
    _apply(decision, data)
    _save(decision, actor=actor)
    _set_decision_links(decision, related_pledges, related_roadmap_items)
    return decision


@transaction.atomic
def decision_delete(*, actor, decision: Decision) -> None:
    require(actor, DELETE, decision)
    decision._history_user = actor
    decision.delete()


# Action items ----------------------------------------------------------------------------------------------


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


# Minutes ---------------------------------------------------------------------------------------------------


def _locked():
    return Conflict(_("Approved minutes are read-only; their text and history are kept as approved."))


@transaction.atomic
def minutes_save(
    *, actor, meeting: Meeting, text: str, comment: str = "", comments_due_on: date | None = None
) -> Minutes:
    """Write the minutes of a meeting (draft or circulated). Each change of text is kept as a new revision;
    approved minutes are read-only."""
    require(
        actor, ADD if not hasattr(meeting, "minutes") else CHANGE, Minutes, coalition=meeting.coalition_id
    )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"text": _("A cancelled meeting has no minutes.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("The minutes are empty.")})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting, text=text, comments_due_on=comments_due_on)
        _save(minutes, actor=actor)
    else:
        if minutes.is_locked:
            raise _locked()
        if minutes.text == text and minutes.comments_due_on == comments_due_on:
            return minutes
        text_changed = minutes.text != text
        minutes.text = text
        minutes.comments_due_on = comments_due_on
        _save(minutes, actor=actor)
        if not text_changed:
            return minutes
    last = minutes.revisions.aggregate(n=Max("number"))["n"] or 0
    _save(
        MinutesRevision(
            minutes=minutes,
            number=last + 1,
            text=text,
            status=minutes.status,
            comment=comment,
            created_by=actor,
        ),
        actor=actor,
    )
    minutes.__dict__.pop("latest_revision_number", None)
    return minutes


@transaction.atomic
def minutes_circulate(*, actor, minutes: Minutes, comments_due_on: date | None = None) -> Minutes:
    """Circulate the minutes of a held meeting for comment (draft → circulated; circulating again sends
    the latest revision). Invitees and attendees are told by e-mail."""
    require(actor, CHANGE, minutes)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise _locked()
    if minutes.meeting.status != Meeting.Status.HELD:
        raise Conflict(_("Mark the meeting as held before circulating its minutes."))
    if comments_due_on is not None and comments_due_on < timezone.localdate():
        raise ValidationError({"comments_due_on": _("The date for comments is in the past.")})
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = timezone.now()
    if comments_due_on is not None:
        minutes.comments_due_on = comments_due_on
    _save(minutes, actor=actor)
    revision = minutes.revisions.aggregate(n=Max("number"))["n"] or 0
    _enqueue(_tasks().send_minutes_circulated, minutes.pk, revision)
    return minutes


@transaction.atomic
def minutes_approve(*, actor, minutes: Minutes, at_meeting: Meeting) -> Minutes:
    """Circulated minutes are approved at a later meeting of the same coalition that has taken place;
    from then on they are read-only."""
    require(actor, CHANGE, minutes)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise _locked()
    if minutes.status != Minutes.Status.CIRCULATED:
        raise Conflict(_("Minutes are circulated for comment before they are approved."))
    meeting = minutes.meeting
    if (
        at_meeting.coalition_id != meeting.coalition_id
        or at_meeting.starts_at <= meeting.starts_at
        or at_meeting.status == Meeting.Status.CANCELLED
    ):
        raise ValidationError(
            {"approved_at_meeting": _("Minutes are approved at a later meeting of the same coalition.")}
        )
    if not at_meeting.has_started:
        raise ValidationError(
            {
                "approved_at_meeting": _("%(meeting)s has not taken place yet (%(start)s).")
                % {"meeting": at_meeting.title, "start": _when(at_meeting.starts_at)}
            }
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    return _save(minutes, actor=actor)


# Notification preferences ----------------------------------------------------------------------------------


@transaction.atomic
def notification_preferences_set(*, actor, user, enabled: dict) -> dict:
    """Each person chooses, per kind, whether to receive e-mails (all are on until switched off)."""
    if not getattr(actor, "is_authenticated", False) or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied(_("You can change only your own notification settings."))
    unknown = set(enabled) - set(NotificationKind.values)
    if unknown:
        raise ValidationError(
            {"kind": _("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}}
        )
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind, value in enabled.items():
        preference = current.get(kind) or NotificationPreference(user=user, kind=kind)
        if preference.pk is None or preference.enabled != bool(value):
            preference.enabled = bool(value)
            _save(preference, actor=actor)
    return notification_preferences_of(user)


def notification_preferences_of(user) -> dict:
    """{kind: enabled} for every kind; a kind without a row is on."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind: stored.get(kind, True) for kind in NotificationKind.values}


# Calendar feed tokens --------------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    # 256 bits of entropy: a fast hash suffices, there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, actor, coalition: Coalition) -> tuple[CalendarFeedToken, str]:
    """A new secret calendar URL for the actor in `coalition`; the previous one stops working. The secret is
    returned once and only its digest is stored."""
    require(actor, VIEW, coalition)
    now = timezone.now()
    CalendarFeedToken.objects.filter(user=actor, coalition=coalition, revoked_at__isnull=True).update(
        revoked_at=now
    )
    secret = secrets.token_urlsafe(32)
    try:
        token = CalendarFeedToken.objects.create(
            user=actor, coalition=coalition, prefix=secret[:8], digest=_digest(secret)
        )
    except IntegrityError:  # pragma: no cover - a 256-bit collision
        raise Conflict(_("Token collision; try again.")) from None
    return token, secret


@transaction.atomic
def feed_token_revoke(*, actor, coalition: Coalition) -> int:
    """Stop the actor's calendar URL for `coalition` from working."""
    return CalendarFeedToken.objects.filter(user=actor, coalition=coalition, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_token_authenticate(*, coalition_slug: str, secret: str):
    """The user of a live token for this coalition who still holds a role in it, or None."""
    if not secret or len(secret) > 200:
        return None
    token = (
        CalendarFeedToken.objects.select_related("user", "coalition")
        .filter(digest=_digest(secret), revoked_at__isnull=True, coalition__slug=coalition_slug)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if not (token.user.is_superuser or _has_role(token.user, token.coalition)):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
