"""Invitations and the answers to them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Participant
from coalition.permissions import ADD, CHANGE, DELETE, VIEW, can, require
from coalition.services import _save
from meetings.models import Invitation, Meeting
from meetings.services._common import _day, _enqueue, _has_role, _members_on, _tasks, _when

MAX_PERSONS_PER_INVITATION = 20


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
