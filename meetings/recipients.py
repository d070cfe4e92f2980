"""Who receives an e-mail: people (portal users and delegation contacts) resolved to addresses.

A participant is reached through its delegation: the active contacts of its delegation to the coalition
that have an address, and its delegates (portal users). A distribution list reaches the contacts its rules
and additions give. Each address receives one copy (addresses compare case-insensitively); a portal user
who switched a kind of e-mail off is skipped, also when reached as a contact linked to their account.
Everything is resolved in a fixed number of queries, whatever the number of participants.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from coalition.models import Membership, UserRole
from coalition.selectors import current_memberships_q
from meetings.models import Contact, DistributionList, NotificationPreference


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str = ""
    user_id: int | None = None
    contact_id: int | None = None
    participant_id: int | None = None

    @property
    def key(self) -> str:
        return self.email.lower()


def _language(code: str) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    return code if code in available else settings.LANGUAGE_CODE


def _opted_out(kind) -> set:
    if kind is None:
        return set()
    return set(
        NotificationPreference.objects.filter(kind=kind, enabled=False).values_list("user_id", flat=True)
    )


def _contact_recipient(contact: Contact, opted_out: set) -> Recipient | None:
    if contact.user_id and contact.user_id in opted_out:
        return None
    address = contact.address
    if not address:
        return None
    return Recipient(
        email=address,
        name=contact.name,
        language=_language(contact.language),
        user_id=contact.user_id,
        contact_id=contact.pk,
        participant_id=contact.participant_id,
    )


def _user_recipient(user, opted_out: set, participant_id=None) -> Recipient | None:
    if not user.is_active or not user.email or user.pk in opted_out:
        return None
    return Recipient(
        email=user.email,
        name=user.get_full_name() or user.get_username(),
        language=_language(settings.LANGUAGE_CODE),
        user_id=user.pk,
        participant_id=participant_id,
    )


def unique(recipients) -> list[Recipient]:
    """One recipient per address, the first one given (a contact before the same person's account)."""
    seen, result = set(), []
    for recipient in recipients:
        if recipient is not None and recipient.key not in seen:
            seen.add(recipient.key)
            result.append(recipient)
    return result


def _contacts(coalition_id, participant_ids, *, delegation_roles=None):
    contacts = Contact.objects.filter(
        coalition_id=coalition_id, participant_id__in=participant_ids, is_active=True
    ).select_related("user")
    if delegation_roles:
        contacts = contacts.filter(delegation_role__in=delegation_roles)
    return contacts.order_by("participant_id", "delegation_role", "name")


def _delegates(coalition_id, participant_ids):
    roles = UserRole.objects.filter(
        coalition_id=coalition_id, kind=UserRole.Kind.DELEGATE, participant_id__in=participant_ids
    ).select_related("user")
    return [(role.participant_id, role.user) for role in roles.order_by("user_id")]


def by_participant(coalition_id, participant_ids, kind=None, *, distribution_list=None) -> dict:
    """{participant_id: [Recipient, ...]} for each of `participant_ids` (an empty list: nobody to reach).

    With a distribution list, a delegation is reached through that list's contacts (and its delegates).
    """
    participant_ids = list(participant_ids)
    opted_out = _opted_out(kind)
    found = defaultdict(list)
    if distribution_list is not None:
        listed = [c for c in list_contacts(distribution_list) if c.participant_id in set(participant_ids)]
    else:
        listed = list(_contacts(coalition_id, participant_ids))
    for contact in listed:
        found[contact.participant_id].append(_contact_recipient(contact, opted_out))
    for participant_id, user in _delegates(coalition_id, participant_ids):
        found[participant_id].append(_user_recipient(user, opted_out, participant_id))
    return {pk: unique(found.get(pk, [])) for pk in participant_ids}


def users(user_ids, kind=None) -> list[Recipient]:
    opted_out = _opted_out(kind)
    people = get_user_model().objects.filter(pk__in=list(user_ids)).order_by("pk")
    return unique(_user_recipient(user, opted_out) for user in people)


def list_contacts(distribution_list: DistributionList, on: date | None = None) -> list[Contact]:
    """The active contacts a distribution list reaches on `on` (today by default)."""
    chosen = Q(pk__in=distribution_list.extra_contacts.values("pk"))
    if distribution_list.is_rule_based:
        members = Membership.objects.filter(
            current_memberships_q(on), coalition_id=distribution_list.coalition_id
        )
        if distribution_list.membership_roles:
            members = members.filter(role__in=distribution_list.membership_roles)
        rule = Q(participant_id__in=members.values("participant_id"))
        if distribution_list.expert_group_id:
            rule &= Q(participant__expert_groups=distribution_list.expert_group_id)
        if distribution_list.delegation_roles:
            rule &= Q(delegation_role__in=distribution_list.delegation_roles)
        chosen |= rule
    return list(
        Contact.objects.filter(chosen, coalition_id=distribution_list.coalition_id, is_active=True)
        .select_related("participant", "user")
        .distinct()
        .order_by("participant__name", "delegation_role", "name")
    )


def of_list(distribution_list: DistributionList, kind=None) -> list[Recipient]:
    opted_out = _opted_out(kind)
    return unique(_contact_recipient(contact, opted_out) for contact in list_contacts(distribution_list))


@dataclass
class Reach:
    """What a message to some participants would reach: the addresses, and the participants it misses."""

    recipients: list
    unreachable: list  # participants with nobody to receive it

    @property
    def reaches_nobody(self) -> bool:
        return not self.recipients


def reach(coalition_id, participants, kind=None, *, distribution_list=None, extra=()) -> Reach:
    """The addresses a message to `participants` (plus `extra` recipients) reaches, and who it misses."""
    participants = list(participants)
    found = by_participant(
        coalition_id, [p.pk for p in participants], kind, distribution_list=distribution_list
    )
    everyone = unique([r for pk in found for r in found[pk]] + list(extra))
    return Reach(recipients=everyone, unreachable=[p for p in participants if not found[p.pk]])
