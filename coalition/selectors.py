"""Reads of the registry, shared by pages, the API and tasks."""

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from coalition.models import Coalition, ExpertGroup, Membership, Participant


def current_memberships_q(on=None, prefix=""):
    """Memberships in force on `on` (today by default)."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}joined_on__lte": on}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": on})
    )


def coalitions_for(user):
    return Coalition.objects.visible_to(user).select_related("beneficiary")


def current_members(coalition, on=None):
    return (
        Membership.objects.filter(coalition=coalition)
        .filter(current_memberships_q(on))
        .select_related("participant")
        .order_by("participant__name")
    )


def members_by_role(coalition, on=None) -> dict:
    """{role: [membership, ...]} in the order of Membership.Role, every role present."""
    grouped = {role: [] for role in Membership.Role.values}
    for membership in current_members(coalition, on):
        grouped[membership.role].append(membership)
    return grouped


def participants_with_role(user, coalition=None):
    """Participants the user sees, annotated with their current role in `coalition` (if given)."""
    qs = Participant.objects.visible_to(user)
    if coalition is not None:
        role = Membership.objects.filter(
            current_memberships_q(), coalition=coalition, participant=OuterRef("pk")
        ).values("role")[:1]
        qs = qs.annotate(current_role=Subquery(role))
    return qs


def expert_groups_for(coalition):
    return (
        ExpertGroup.objects.filter(coalition=coalition)
        .select_related("lead")
        .prefetch_related(Prefetch("members", queryset=Participant.objects.order_by("name")))
    )


def participant_memberships(user, participant):
    return (
        Membership.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("coalition")
        .order_by("coalition__name", "-joined_on")
    )


def coalitions_proposing_for(user):
    """The coalitions in which the user may propose registry changes (its secretariat)."""
    from coalition.models import RegistryProposal
    from coalition.permissions import ADD, can, roles_of

    ids = [cid for cid in roles_of(user) if can(user, ADD, RegistryProposal, coalition=cid)]
    return Coalition.objects.filter(pk__in=ids).only("slug", "short_name") if ids else []
