"""Webhooks: endpoints a coalition's secretariat registers, and every delivery of an event to one of them.

Neither model keeps a change history: an endpoint holds its signing secret, which must not reach the history
tables (and through them the `/api/v1/changes/` feed). The delivery log is the history of what was sent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import Coalition, Timestamped, UserRole
from coalition.querysets import CoalitionScopedQuerySet


class SecretariatQuerySet(CoalitionScopedQuerySet):
    """Only a coalition's secretariat (and staff) sees its webhooks: they carry where the data goes."""

    def visible_to(self, user):
        from coalition.permissions import roles_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        lookup = getattr(self.model, "coalition_lookup", "coalition")
        mine = [cid for cid, role in roles_of(user).items() if role.kind == UserRole.Kind.SECRETARIAT]
        return self.filter(**{f"{lookup}__in": mine})


class WebhookEndpoint(Timestamped):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Where events are POSTed (https in production).")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(
        _("events"), default=list, help_text=_("The event types sent to this endpoint.")
    )
    secret = models.CharField(_("signing secret"), max_length=80, editable=False)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive: nothing is sent."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SecretariatQuerySet.as_manager()
    view_roles = frozenset({UserRole.Kind.SECRETARIAT})

    class Meta:
        ordering = ["coalition", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url

    def wants(self, event: str) -> bool:
        return self.is_active and event in (self.events or [])


class WebhookDelivery(Timestamped):
    """One event sent (or to be sent) to one endpoint: the exact body, and every attempt's outcome.

    `pending` with `next_attempt_at` due is (re)sent by the worker or the sweeper; `succeeded` once the
    receiver answered 2xx; `failed` after the last attempt (or when it cannot be sent at all)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, db_index=True)
    event = models.CharField(_("event"), max_length=64)
    body = models.TextField(_("body"), help_text=_("The JSON body, exactly as signed and sent."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    redelivery_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="redeliveries"
    )

    objects = SecretariatQuerySet.as_manager()
    coalition_lookup = "endpoint__coalition"
    view_roles = frozenset({UserRole.Kind.SECRETARIAT})
    secretariat_actions = frozenset({"redeliver"})

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.status})"
