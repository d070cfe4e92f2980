"""Abstract bases of the portal's models: timestamps for incremental sync, and the source of a record."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    """When a record was created and last changed (UTC), for integrators' incremental sync.

    `updated_at` moves on every save, also a `save(update_fields=[...])`, and on a queryset `update()` of the
    portal's querysets (coalition.querysets.TimestampedQuerySetMixin); the API shows both, read-only.
    """

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class Sourced(models.Model):
    """Where a record comes from, and whether it is a fact or only an illustration."""

    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where this is stated: a meeting, an official statement, a document or a link."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Not stated by any source: an example, shown as such and never as fact."),
    )

    class Meta:
        abstract = True
