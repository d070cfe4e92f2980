"""Querysets that start every read from what the user may see (`Model.objects.visible_to(user)`)."""

from django.apps import apps
from django.db import models
from django.utils import timezone


def user_coalition_ids(user):
    """A subquery of the coalitions in which the user holds a role."""
    user_role = apps.get_model("coalition", "UserRole")
    return user_role.objects.filter(user=user).values("coalition_id")


class TimestampedQuerySetMixin:
    """`update()` moves `updated_at` too, as `save()` does, on models that have one (`Timestamped`)."""

    def update(self, **kwargs):
        fields = self.model._meta.concrete_fields
        if "updated_at" not in kwargs and any(field.name == "updated_at" for field in fields):
            kwargs["updated_at"] = timezone.now()
        return super().update(**kwargs)


class CoalitionScopedQuerySet(TimestampedQuerySetMixin, models.QuerySet):
    """Rows belong to one coalition, reached through the model's `coalition_lookup` (default `coalition`)."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        lookup = getattr(self.model, "coalition_lookup", "coalition")
        return self.filter(**{f"{lookup}__in": user_coalition_ids(user)})


class ParticipantQuerySet(TimestampedQuerySetMixin, models.QuerySet):
    """States and organisations are public entities: any user with a role in some coalition sees them.

    Their memberships stay scoped to the coalitions the user belongs to.
    """

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from coalition.permissions import is_registry_manager, roles_of

        return self if roles_of(user) or is_registry_manager(user) else self.none()


def aggregate_row(queryset, aggregates: dict) -> dict:
    """`queryset.aggregate(**aggregates)` computed in the queryset's own SELECT.

    Django's `aggregate()` pushes a query whose annotations hold subqueries into a derived table and can
    leave chained annotations (e.g. paid_eur, outstanding_eur) out of it — SQLite then sums them as zero,
    PostgreSQL raises. Grouping by a constant keeps the aggregate in one plain SELECT, one row always.
    """
    rows = list(queryset.order_by().annotate(_all=models.Value(1)).values("_all").annotate(**aggregates))
    return rows[0] if rows else queryset.none().aggregate(**aggregates)
