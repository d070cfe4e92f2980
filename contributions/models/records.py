"""Totals reported at meetings and the import bookkeeping."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from contributions.currencies import validate_currency
from contributions.models.common import MONEY


class ReportedTotal(Timestamped, Sourced):
    """A total announced at a meeting ("more than €30 million"), reconciled against the itemised pledges."""

    class Qualifier(models.TextChoices):
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")
        ABOUT = "about", _("about")
        EXACTLY = "exactly", _("exactly")
        UP_TO = "up_to", _("up to")

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="reported_totals",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency], default="EUR")
    qualifier = models.CharField(
        _("qualifier"), max_length=16, choices=Qualifier.choices, default=Qualifier.EXACTLY
    )
    stated_text = models.CharField(
        _("as stated"),
        max_length=500,
        blank=True,
        help_text=_("The words used, e.g. “more than €30 million”."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("reported total")
        verbose_name_plural = _("reported totals")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="reported_total_amount_positive",
                violation_error_message=_("A reported total must be greater than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.get_qualifier_display()} {self.amount:,.2f} {self.currency} ({self.meeting})"


class ImportRecord(models.Model):
    """One file written by an import: so the same checked file is written once (a double click, a back
    button and a second click: `token` is unique), and a file already imported is recognised by its content
    (`sha256`) and the user warned before writing it again."""

    class Kind(models.TextChoices):
        PLEDGES = "pledges", _("Pledges")
        PAYMENTS = "payments", _("Payments")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="imports"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("content hash (SHA-256)"), max_length=64, db_index=True)
    token = models.CharField(_("checked-file token"), max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    created = models.PositiveIntegerField(_("created"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["coalition", "kind", "sha256"])]

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
