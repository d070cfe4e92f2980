"""Reads of delegations: contacts, distribution lists with what they reach, and audiences that miss."""

from django.db.models import Count, Prefetch, Q

from coalition.models import Participant
from coalition.selectors import current_members
from meetings import recipients
from meetings.models import Contact, DistributionList

__all__ = [
    "contact_counts",
    "contacts_for",
    "delegations",
    "distribution_lists_for",
    "list_reach",
    "participants_without_contacts",
    "unreachable_participants",
]


def contacts_for(user, coalition):
    return (
        Contact.objects.visible_to(user)
        .filter(coalition=coalition)
        .select_related("participant", "user")
        .order_by("participant__name", "delegation_role", "name")
    )


def delegations(user, coalition, on=None) -> list:
    """[(membership, [contacts])] for every current member, in name order: the delegation lists page.
    Two queries whatever the number of delegations."""
    contacts = {}
    for contact in contacts_for(user, coalition).filter(is_active=True):
        contacts.setdefault(contact.participant_id, []).append(contact)
    return [(m, contacts.get(m.participant_id, [])) for m in current_members(coalition, on)]


def distribution_lists_for(user, coalition):
    return (
        DistributionList.objects.visible_to(user)
        .filter(coalition=coalition)
        .select_related("expert_group")
        .prefetch_related(Prefetch("extra_contacts", queryset=Contact.objects.select_related("participant")))
        .annotate(extra_count=Count("extra_contacts", distinct=True))
        .order_by("name")
    )


def list_reach(distribution_list) -> dict:
    """The contacts a list reaches, those without an address, and the delegations it covers."""
    contacts = recipients.list_contacts(distribution_list)
    with_address = [c for c in contacts if c.address]
    return {
        "contacts": contacts,
        "with_address": with_address,
        "without_address": [c for c in contacts if not c.address],
        "delegations": sorted({c.participant.name for c in contacts}),
    }


def unreachable_participants(coalition, participants, *, distribution_list=None, kind=None) -> list:
    """The participants among `participants` whose delegation a message would not reach (no contact or
    delegate with an e-mail address): shown as a warning before and after sending."""
    return recipients.reach(coalition.pk, participants, kind, distribution_list=distribution_list).unreachable


def participants_without_contacts(coalition) -> list:
    """Current members with no active contact that has an address (and no delegate with one)."""
    members = Participant.objects.filter(pk__in=current_members(coalition).values("participant_id")).order_by(
        "name"
    )
    return unreachable_participants(coalition, members)


def contact_counts(coalition) -> dict:
    return Contact.objects.filter(coalition=coalition, is_active=True).aggregate(
        total=Count("pk"), without_email=Count("pk", filter=Q(email="") & Q(user__isnull=True))
    )
