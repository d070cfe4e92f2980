"""Invitations and the answers to them."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Participant
from coalition.permissions import ADD, CHANGE, DELETE, VIEW, can, require
from coalition.services import _save
from meetings import recipients
from meetings.models import Attendance, DistributionList, Invitation, Meeting, NotificationKind
from meetings.services._common import _day, _enqueue, _has_role, _members_on, _tasks, _when

MAX_PERSONS_PER_INVITATION = 20
ORGANISATION = Attendance.Role.ORGANISATION
INVITABLE_ROLES = Attendance.Role.values  # lead, member, observer, beneficiary, organisation


def _check_invitable(meeting: Meeting):
    """Invitations and answers are open until the meeting ends (late invitees join a running meeting)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"meeting": _("This meeting was cancelled; nobody is invited to it.")})
    if meeting.has_ended:
        raise ValidationError(
            {
                "meeting": _("This meeting ended on %(end)s; invitations are closed.")
                % {"end": _when(meeting.ends_at)}
            }
        )


@transaction.atomic
def invitation_create(
    *,
    actor,
    meeting: Meeting,
    participant: Participant | None = None,
    user=None,
    note: str = "",
    distribution_list: DistributionList | None = None,
) -> Invitation:
    """Invite a participant (its delegation is e-mailed and its delegates answer) and/or a person with a
    role in the coalition, until the meeting ends. Through a distribution list, the delegation's e-mail goes
    to that list's contacts. Invitees receive the invitation with its .ics by e-mail."""
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
    if distribution_list is not None and distribution_list.coalition_id != meeting.coalition_id:
        errors["distribution_list"] = _("This distribution list belongs to another coalition.")
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
    invitation = Invitation(
        meeting=meeting, participant=participant, user=user, note=note, distribution_list=distribution_list
    )
    _save(invitation, actor=actor)
    _enqueue(_tasks().send_invitation, invitation.pk)
    return invitation


@dataclass
class InviteResult:
    created: list = field(default_factory=list)  # new invitations
    already_invited: list = field(default_factory=list)  # participants invited before
    unreachable: list = field(default_factory=list)  # invited participants whom no e-mail reaches


def _invitees(meeting, *, participants, roles, expert_groups, distribution_list) -> list[Participant]:
    """The members on the meeting's date chosen by name, by role, by expert group or by list."""
    members = _members_on(meeting.coalition, meeting.local_date).select_related("participant")
    by_pk = {m.participant_id: m for m in members}
    chosen = {p.pk for p in participants}
    errors = {}
    outsiders = sorted(p.name for p in participants if p.pk not in by_pk)
    if outsiders:
        errors["participants"] = _("Not members of %(coalition)s on %(day)s: %(names)s.") % {
            "coalition": meeting.coalition.short_name,
            "day": _day(meeting.local_date),
            "names": ", ".join(outsiders),
        }
    unknown = sorted(set(roles) - set(INVITABLE_ROLES))
    if unknown:
        errors["roles"] = _("Unknown roles: %(roles)s.") % {"roles": ", ".join(unknown)}
    for membership in by_pk.values():
        role = (
            ORGANISATION if membership.participant.kind == Participant.Kind.ORGANISATION else membership.role
        )
        if role in roles or membership.role in roles:  # "observers" includes observer organisations
            chosen.add(membership.participant_id)
    for group in expert_groups:
        if group.coalition_id != meeting.coalition_id:
            errors["expert_groups"] = _("%(group)s belongs to another coalition.") % {"group": group.name}
            continue
        chosen.update(pk for pk in group.members.values_list("pk", flat=True) if pk in by_pk)
    if distribution_list is not None:
        if distribution_list.coalition_id != meeting.coalition_id:
            errors["distribution_list"] = _("This distribution list belongs to another coalition.")
        else:
            listed = {
                c.participant_id for c in recipients.list_contacts(distribution_list, meeting.local_date)
            }
            chosen.update(pk for pk in listed if pk in by_pk)
    if errors:
        raise ValidationError(errors)
    return sorted((by_pk[pk].participant for pk in chosen if pk in by_pk), key=lambda p: p.name)


@transaction.atomic
def invitations_create(
    *,
    actor,
    meeting: Meeting,
    participants=(),
    roles=(),
    expert_groups=(),
    distribution_list: DistributionList | None = None,
    user=None,
) -> InviteResult:
    """Invite many at once: participants by name, every member with one of `roles` (lead, member,
    observer, beneficiary, organisation), the members of expert groups, the delegations on a distribution
    list (whose e-mail then goes to the list's contacts), and/or one person. Those already invited are
    skipped; the result names the delegations that no e-mail would reach."""
    require(actor, ADD, Invitation, coalition=meeting.coalition_id)
    _check_invitable(meeting)
    invitees = _invitees(
        meeting,
        participants=list(participants),
        roles=list(roles),
        expert_groups=list(expert_groups),
        distribution_list=distribution_list,
    )
    already = set(
        Invitation.objects.filter(meeting=meeting, user__isnull=True).values_list("participant_id", flat=True)
    )
    result = InviteResult()
    for participant in invitees:
        if participant.pk in already:
            result.already_invited.append(participant)
            continue
        result.created.append(
            invitation_create(
                actor=actor, meeting=meeting, participant=participant, distribution_list=distribution_list
            )
        )
    if user is not None:
        result.created.append(invitation_create(actor=actor, meeting=meeting, user=user))
    reach = recipients.by_participant(
        meeting.coalition_id,
        [i.participant_id for i in result.created if i.participant_id and not i.user_id],
        NotificationKind.INVITATION,
        distribution_list=distribution_list,
    )
    result.unreachable = [p for p in invitees if reach.get(p.pk) == []]
    return result


@transaction.atomic
def invitations_create_for_members(*, actor, meeting: Meeting, participants) -> list[Invitation]:
    """Invite several participants at once; those already invited are skipped."""
    return invitations_create(actor=actor, meeting=meeting, participants=participants).created


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
    """Answer an invitation (attending with the number of persons, or apologies) until the meeting ends.
    A delegate answers only for their own participant. Named registrations count: attending means at least
    as many persons as are registered, and apologies need the registrations removed first."""
    if not can_respond(actor, invitation):
        raise PermissionDenied(_("You can answer only invitations to your own participant or to you."))
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"response": _("This meeting was cancelled; there is nothing to answer.")})
    if meeting.has_ended:
        raise ValidationError(
            {
                "response": _("Answers closed when the meeting ended (%(end)s); attendance is recorded.")
                % {"end": _when(meeting.ends_at)}
            }
        )
    registered = invitation.registrations.count()
    if response == Invitation.Response.APOLOGIES and registered:
        raise ValidationError(
            {
                "response": _(
                    "%(n)s persons are registered under this invitation; remove their registrations first."
                )
                % {"n": registered}
            }
        )
    if response == Invitation.Response.ATTENDING and not persons:
        persons = registered or None
    if response == Invitation.Response.ATTENDING and persons is not None and persons < registered:
        raise ValidationError(
            {"persons": _("%(n)s persons are registered by name: at least that many.") % {"n": registered}}
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
