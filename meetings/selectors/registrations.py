"""Reads of invitations' registrations: who is expected, the attendance list and the badge list."""

from django.db.models import Count, Q

from meetings.models import Invitation, Registration

__all__ = [
    "attendance_sheet",
    "badge_list",
    "expected_participants",
    "registration_counts",
    "registrations_of",
    "registrations_to_manage",
]


def registrations_of(meeting):
    return (
        Registration.objects.filter(invitation__meeting=meeting)
        .select_related("invitation__participant", "invitation__user", "contact", "registered_by")
        .order_by("invitation__participant__name", "name")
    )


def registrations_to_manage(user, meeting, invitations) -> dict:
    """{invitation id: [registrations]} for the invitations the user answers (their delegation's)."""
    ids = [i.pk for i in invitations]
    grouped = {pk: [] for pk in ids}
    for registration in registrations_of(meeting).filter(invitation_id__in=ids):
        grouped[registration.invitation_id].append(registration)
    return grouped


def registration_counts(meeting) -> dict:
    return Registration.objects.filter(invitation__meeting=meeting).aggregate(
        total=Count("pk"),
        in_person=Count("pk", filter=Q(mode=Registration.Mode.IN_PERSON)),
        online=Count("pk", filter=Q(mode=Registration.Mode.ONLINE)),
        badges=Count("pk", filter=Q(needs_badge=True)),
        visa_letters=Count("pk", filter=Q(needs_visa_letter=True)),
        delegations=Count("invitation__participant", distinct=True),
    )


def expected_participants(meeting) -> list:
    """Participants with a registration or an 'attending' answer: attendance is pre-filled with them."""
    return list(
        Invitation.objects.filter(meeting=meeting, participant__isnull=False)
        .filter(Q(response=Invitation.Response.ATTENDING) | Q(registrations__isnull=False))
        .values_list("participant_id", flat=True)
        .distinct()
    )


def attendance_sheet(meeting) -> list:
    """[(invitation, [registrations])] of the invitations answered 'attending' or with registrations, by
    delegation name: the list to sign at the door (in person) or to tick online."""
    invitations = list(
        Invitation.objects.filter(meeting=meeting)
        .filter(Q(response=Invitation.Response.ATTENDING) | Q(registrations__isnull=False))
        .select_related("participant", "user")
        .distinct()
        .order_by("participant__name", "user__username")
    )
    grouped = {i.pk: [] for i in invitations}
    for registration in registrations_of(meeting):
        grouped.setdefault(registration.invitation_id, []).append(registration)
    return [(i, grouped.get(i.pk, [])) for i in invitations]


def badge_list(meeting):
    """In-person registrations that need a badge, by delegation and name."""
    return registrations_of(meeting).filter(mode=Registration.Mode.IN_PERSON, needs_badge=True)
