"""Every write to the registry, with its rules. Pages and the API both call these functions."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from coalition.errors import Conflict
from coalition.figures import day
from coalition.models import Coalition, ExpertGroup, Membership, Participant
from coalition.permissions import ADD, CHANGE, DELETE, require


def _save(instance, *, actor):
    """Validate (fields and constraints) and save, recording `actor` in the change history."""
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    return instance


def _apply(instance, data: dict) -> list[str]:
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


# Participants ----------------------------------------------------------------------------------------------


def clean_participant_code(kind: str, code: str) -> str:
    """The code upper-cased; a state's must be ISO 3166-1 alpha-2 (also checked for proposals)."""
    code = (code or "").strip().upper()
    if kind == Participant.Kind.STATE and code not in dict(countries):
        raise ValidationError(
            {"code": _("%(code)s is not an ISO 3166-1 alpha-2 country code.") % {"code": code}}
        )
    return code


@transaction.atomic
def participant_create(*, actor, kind: str, code: str, name: str = "") -> Participant:
    """Add a state or organisation. A state's code must be ISO 3166-1 alpha-2; its name defaults to it."""
    require(actor, ADD, Participant)
    code = clean_participant_code(kind, code)
    if not name and kind == Participant.Kind.STATE and code in dict(countries):
        name = str(dict(countries)[code])
    return _save(Participant(kind=kind, code=code, name=name), actor=actor)


@transaction.atomic
def participant_update(*, actor, participant: Participant, **data) -> Participant:
    require(actor, CHANGE, participant)
    if "code" in data or "kind" in data:
        data["code"] = clean_participant_code(
            data.get("kind", participant.kind), data.get("code", participant.code)
        )
    _apply(participant, data)
    return _save(participant, actor=actor)


@transaction.atomic
def participant_delete(*, actor, participant: Participant) -> None:
    """A participant with memberships or other records is kept: deleting it would lose history."""
    require(actor, DELETE, participant)
    try:
        participant._history_user = actor
        participant.delete()
    except ProtectedError:
        raise Conflict(
            _("%(name)s still has memberships or other records; end its memberships instead.")
            % {"name": participant.name}
        ) from None


# Coalitions ------------------------------------------------------------------------------------------------


@transaction.atomic
def coalition_create(*, actor, **data) -> Coalition:
    require(actor, ADD, Coalition)
    return _save(Coalition(**data), actor=actor)


@transaction.atomic
def coalition_update(*, actor, coalition: Coalition, **data) -> Coalition:
    require(actor, CHANGE, coalition)
    _apply(coalition, data)
    return _save(coalition, actor=actor)


@transaction.atomic
def coalition_delete(*, actor, coalition: Coalition) -> None:
    require(actor, DELETE, coalition)
    coalition._history_user = actor
    try:
        coalition.delete()
    except ProtectedError:
        raise Conflict(
            _("%(name)s still has pledges or other records that are kept; it cannot be deleted.")
            % {"name": coalition.name}
        ) from None


# Memberships -----------------------------------------------------------------------------------------------


def _current_membership(coalition, participant):
    return Membership.objects.filter(
        coalition=coalition, participant=participant, left_on__isnull=True
    ).first()


@transaction.atomic
def membership_create(
    *,
    actor,
    coalition: Coalition,
    participant: Participant,
    role: str,
    joined_on: date,
    left_on: date | None = None,
    note: str = "",
    source: str = "",
    is_illustrative: bool = False,
) -> Membership:
    """A participant has at most one current membership in a coalition; a role change goes through
    `membership_change_role`, which keeps the earlier period."""
    require(actor, ADD, Membership, coalition=coalition)
    if left_on is None and _current_membership(coalition, participant):
        raise ValidationError(
            {
                "participant": _(
                    "%(name)s is already a current member of %(coalition)s; change its role instead."
                )
                % {"name": participant.name, "coalition": coalition.short_name}
            }
        )
    membership = Membership(
        coalition=coalition,
        participant=participant,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
        note=note,
        source=source,
        is_illustrative=is_illustrative,
    )
    return _save(membership, actor=actor)


@transaction.atomic
def membership_update(*, actor, membership: Membership, **data) -> Membership:
    """Corrects a membership's dates and notes. The role is never overwritten: see membership_change_role."""
    require(actor, CHANGE, membership)
    if "role" in data and data["role"] != membership.role:
        raise ValidationError({"role": _("A role is changed with 'change role', which keeps the history.")})
    for fixed in ("coalition", "participant"):
        if fixed in data and data[fixed] != getattr(membership, fixed):
            raise ValidationError({fixed: _("This cannot be changed; end the membership and add another.")})
    _apply(membership, data)
    return _save(membership, actor=actor)


@transaction.atomic
def membership_change_role(
    *, actor, membership: Membership, role: str, on: date | None = None, note: str = "", source: str = ""
) -> Membership:
    """Close the current period the day before `on` and open a new one with `role` from `on`."""
    require(actor, CHANGE, membership)
    on = on or timezone.localdate()
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError({"role": _("This membership has ended; add a new membership instead.")})
    if role == membership.role:
        raise ValidationError({"role": _("The participant already has this role.")})
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    if on <= membership.joined_on:
        raise ValidationError(
            {
                "on": _("The new role must start after the current one (%(date)s).")
                % {"date": day(membership.joined_on)}
            }
        )
    membership.left_on = on - timedelta(days=1)
    _save(membership, actor=actor)
    successor = Membership(
        coalition=membership.coalition,
        participant=membership.participant,
        role=role,
        joined_on=on,
        note=note,
        source=source,
    )
    return _save(successor, actor=actor)


@transaction.atomic
def membership_end(*, actor, membership: Membership, left_on: date) -> Membership:
    require(actor, CHANGE, membership)
    if membership.left_on is not None:
        raise ValidationError({"left_on": _("This membership has already ended.")})
    membership.left_on = left_on
    return _save(membership, actor=actor)


@transaction.atomic
def membership_delete(*, actor, membership: Membership) -> None:
    """Only a membership entered by mistake is deleted; its history stays in the change log."""
    require(actor, DELETE, membership)
    membership._history_user = actor
    membership.delete()


# Expert groups ---------------------------------------------------------------------------------------------


def _check_group_participants(coalition, lead, members):
    current = set(
        Membership.objects.filter(coalition=coalition, left_on__isnull=True).values_list(
            "participant_id", flat=True
        )
    )
    errors = {}
    if lead is not None and lead.pk not in current:
        errors["lead"] = _("%(name)s is not a current member of the coalition.") % {"name": lead.name}
    outsiders = [p.name for p in members if p.pk not in current]
    if outsiders:
        errors["members"] = _("Not current members of the coalition: %(names)s.") % {
            "names": ", ".join(sorted(outsiders))
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def expert_group_create(*, actor, coalition: Coalition, members=(), **data) -> ExpertGroup:
    """The lead and members of an expert group are current members of its coalition."""
    require(actor, ADD, ExpertGroup, coalition=coalition)
    members = list(members)
    _check_group_participants(coalition, data.get("lead"), members)
    group = _save(ExpertGroup(coalition=coalition, **data), actor=actor)
    group.members.set(members)
    return group


@transaction.atomic
def expert_group_update(*, actor, expert_group: ExpertGroup, members=None, **data) -> ExpertGroup:
    require(actor, CHANGE, expert_group)
    if "coalition" in data and data["coalition"] != expert_group.coalition:
        raise ValidationError({"coalition": _("An expert group cannot move to another coalition.")})
    new_members = list(members) if members is not None else list(expert_group.members.all())
    _check_group_participants(expert_group.coalition, data.get("lead", expert_group.lead), new_members)
    _apply(expert_group, data)
    _save(expert_group, actor=actor)
    if members is not None:
        expert_group.members.set(new_members)
    return expert_group


@transaction.atomic
def expert_group_delete(*, actor, expert_group: ExpertGroup) -> None:
    require(actor, DELETE, expert_group)
    expert_group._history_user = actor
    expert_group.delete()


# API tokens: coalition.tokens (re-exported for the authentication and the command) -------------------------

from coalition.tokens import (  # noqa: E402, F401
    api_token_authenticate,
    api_token_create,
)


def preferred_language_set(*, actor, language: str) -> None:
    """The language the user chose with the switcher, kept in their own profile (only their own)."""
    from coalition.models import UserPreference

    if not actor.is_authenticated:
        return
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the portal's languages.")})
    UserPreference.objects.update_or_create(user=actor, defaults={"language": language})
