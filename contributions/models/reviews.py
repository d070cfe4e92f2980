"""The delegate's review of a pledge's figures, with its evidence storage."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.querysets import CoalitionScopedQuerySet
from contributions.models.pledges import Pledge


def evidence_storage():
    """Evidence files live in the private, shared "documents" storage (served only through a
    permission-checked view; see meetings/storage.py and docs/operations.md)."""
    from meetings.storage import DocumentsStorage

    return DocumentsStorage()


def evidence_name(instance, filename):
    """A random name with the (lowercased, checked) extension; the original name is kept in a field."""
    extension = os.path.splitext(filename)[1].lower()
    return f"contributions/evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class PledgeReview(models.Model):
    """One event in a delegate's review: confirmed, disputed, or reset to "needs review" by a change.

    A confirmation the delegation gave outside the portal (an e-mail, a letter, at a meeting) is recorded by
    the secretariat: `channel` says how, `confirmed_by_name` who confirmed and `received_on` when, with the
    e-mail or document kept as `evidence`; `recorded_by` is the secretariat user who recorded it. A reset's
    delegates are told (e-mail and their start page): `notified_at` says when the e-mail went out."""

    class Action(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed figures")
        DISPUTED = "disputed", _("Disputed")
        RESET = "reset", _("Reset to needs review")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("on the portal")
        EMAIL = "email", _("by e-mail")
        LETTER = "letter", _("by letter")
        MEETING = "meeting", _("at a meeting")
        OTHER = "other", _("otherwise")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="reviews"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    channel = models.CharField(_("received"), max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    confirmed_by_name = models.CharField(
        _("confirmed by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who confirmed for the delegation (name and function), when recorded by the secretariat."
        ),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence = models.FileField(
        _("evidence"), upload_to=evidence_name, storage=evidence_storage, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_sha256 = models.CharField(_("evidence SHA-256"), max_length=64, blank=True)
    notified_at = models.DateTimeField(_("delegates told at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "pledge__coalition"
    owner_lookup = "pledge__donor"

    class Meta:
        ordering = ["pledge", "at", "pk"]
        verbose_name = _("pledge review")
        verbose_name_plural = _("pledge reviews")
        indexes = [models.Index(fields=["pledge", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"
