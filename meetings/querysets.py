"""Querysets of the meetings app: every read starts at `visible_to(user)`."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from coalition.querysets import CoalitionScopedQuerySet


class MeetingQuerySet(CoalitionScopedQuerySet):
    def upcoming(self, now=None):
        """Not cancelled and not yet over, soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).exclude(status="cancelled").order_by("starts_at")

    def past(self, now=None):
        """Over, or cancelled; latest first."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__lt=now) | Q(status="cancelled")).order_by("-starts_at")


class ActionItemQuerySet(CoalitionScopedQuerySet):
    def open(self):
        return self.filter(status="open")

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status="open", due_on__lt=today)

    def carried_over_to(self, meeting):
        """Open items only: those agreed at earlier meetings of the same coalition, and those whose
        follow-up is this meeting. Done and dropped items no longer carry over."""
        return (
            self.filter(status="open")
            .filter(
                Q(meeting__coalition_id=meeting.coalition_id, meeting__starts_at__lt=meeting.starts_at)
                | Q(follow_up_meeting=meeting)
            )
            .exclude(meeting=meeting)
        )


class OwnRecordsQuerySet(CoalitionScopedQuerySet):
    """Records that belong to one person: each user sees only their own."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class FeedTokenQuerySet(OwnRecordsQuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class ContactQuerySet(CoalitionScopedQuerySet):
    """Contacts are personal data: the secretariat sees its coalition's, a delegate only their own
    delegation's, observers none."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        user_role = apps.get_model("coalition", "UserRole")
        secretariat = user_role.objects.filter(user=user, kind="secretariat").values("coalition_id")
        own_delegation = user_role.objects.filter(
            user=user, kind="delegate", coalition=OuterRef("coalition"), participant=OuterRef("participant")
        )
        return self.filter(Q(coalition__in=secretariat) | Exists(own_delegation))


def _secretariat_coalitions(user):
    user_role = apps.get_model("coalition", "UserRole")
    return user_role.objects.filter(user=user, kind="secretariat").values("coalition_id")


def _own_participant(user, coalition_path):
    """A subquery: the participant the user is a delegate of, in the coalition at `coalition_path`."""
    user_role = apps.get_model("coalition", "UserRole")
    return user_role.objects.filter(user=user, kind="delegate", coalition=OuterRef(coalition_path)).values(
        "participant_id"
    )


class DocumentQuerySet(CoalitionScopedQuerySet):
    """Members of the coalition see documents for all members; documents for the secretariat only are seen
    by the secretariat and by the delegation that submitted them."""

    def visible_to(self, user):
        scoped = super().visible_to(user)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return scoped
        coalition = "agenda_item__meeting__coalition"
        return scoped.filter(
            Q(visibility="members")
            | Q(**{f"{coalition}__in": _secretariat_coalitions(user)})
            | Q(participant__in=_own_participant(user, coalition))
        )


class DocumentVersionQuerySet(CoalitionScopedQuerySet):
    def visible_to(self, user):
        scoped = super().visible_to(user)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return scoped
        coalition = "document__agenda_item__meeting__coalition"
        return scoped.filter(
            Q(document__visibility="members")
            | Q(**{f"{coalition}__in": _secretariat_coalitions(user)})
            | Q(document__participant__in=_own_participant(user, coalition))
        )
