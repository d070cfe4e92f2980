"""Pledges and their dated status transitions."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from contributions.currencies import validate_currency
from contributions.models.common import EXTERNAL_REFERENCE_HELP, MONEY, RATE, REVIEW

# Derived from the rate table and the payments, kept by contributions.figures_store; not in the history.
STORED_FIGURES = ["fx_rate", "fx_rate_date", "fx_rate_places", "paid", "amount_eur", "paid_eur"]
STORED_HELP = _("The rate of the announcement date (kept by the portal from the rate table).")


class PledgeQuerySet(CoalitionScopedQuerySet):
    def with_paid(self):
        """Annotate `outstanding`, `overpaid` and `unconfirmed` from the stored `paid` (the sum of the
        payments, in the pledge's currency)."""
        from contributions.selectors import annotate_paid

        return annotate_paid(self)


class Pledge(Timestamped, Sourced):
    """A participant's promise of money, goods or services to a coalition."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        IN_KIND = "in_kind", _("In kind")
        SERVICES = "services", _("Services")

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        CONFIRMED = "confirmed", _("Confirmed")
        COMMITTED = "committed", _("Committed")
        FULFILLED = "fulfilled", _("Fulfilled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Review(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("Needs review")
        CONFIRMED = "confirmed", _("Confirmed by delegate")
        DISPUTED = "disputed", _("Disputed by delegate")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="pledges"
    )
    donor = models.ForeignKey(
        Participant, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="pledges"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FINANCIAL)
    amount = models.DecimalField(
        _("amount"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("Leave empty when the pledge was announced without a figure (undisclosed)."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        validators=[validate_currency],
        help_text=_("ISO 4217 code (EUR, USD...), required even when the amount is undisclosed."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ANNOUNCED)
    purpose = models.TextField(_("purpose or earmark"), blank=True)
    conditions = models.TextField(
        _("conditions"), blank=True, help_text=_("For example: “if the allies provide funds”.")
    )
    announced_on = models.DateField(_("announced on"))
    announced_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("announced at meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    external_reference = models.CharField(
        _("external reference"), max_length=100, blank=True, help_text=EXTERNAL_REFERENCE_HELP
    )

    # The donor's delegate's review of the secretariat's figures.
    review_status = models.CharField(
        _("review"), max_length=16, choices=Review.choices, default=Review.NEEDS_REVIEW
    )
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        help_text=_("The delegate's comment on a dispute, or what changed since the last confirmation."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_figures = models.JSONField(
        _("figures reviewed"),
        null=True,
        blank=True,
        help_text=_("The exact figures the delegate confirmed or disputed."),
    )

    # Stored figures (contributions.figures_store keeps them exact: never edited, not in the history).
    fx_rate = models.DecimalField(
        _("rate (per EUR)"), **RATE, null=True, blank=True, editable=False, help_text=STORED_HELP
    )
    fx_rate_date = models.DateField(_("rate date"), null=True, blank=True, editable=False)
    fx_rate_places = models.PositiveSmallIntegerField(
        _("rate's decimal places as published"), null=True, blank=True, editable=False
    )
    paid = models.DecimalField(
        _("paid"),
        **MONEY,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        editable=False,
        help_text=_("What the payments count for, in the pledge's currency (kept by the portal)."),
    )
    amount_eur = models.DecimalField(_("amount in EUR"), **MONEY, null=True, blank=True, editable=False)
    paid_eur = models.DecimalField(_("paid in EUR"), **MONEY, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=STORED_FIGURES)
    objects = PledgeQuerySet.as_manager()
    owner_lookup = "donor"
    delegate_actions = frozenset({REVIEW})

    class Meta:
        ordering = ["coalition", "-announced_on", "donor__name", "pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="pledge_amount_positive",
                violation_error_message=_(
                    "An amount must be greater than zero (or left empty: undisclosed)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"),
                name="pledge_currency_iso4217",
                violation_error_message=_("The currency must be a three-letter ISO 4217 code."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["announced", "confirmed", "committed", "fulfilled", "withdrawn"]),
                name="pledge_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=F("announced_on")),
                name="pledge_confirmed_after_announced",
                violation_error_message=_("A pledge cannot be confirmed before it was announced."),
            ),
            models.UniqueConstraint(
                fields=["coalition", "external_reference"],
                condition=~Q(external_reference=""),
                name="pledge_unique_external_reference",
                violation_error_message=_("Another pledge of this coalition has this external reference."),
            ),
        ]
        indexes = [
            models.Index(fields=["coalition", "status"]),
            models.Index(fields=["coalition", "donor"]),
            models.Index(fields=["coalition", "review_status"]),
            models.Index(fields=["coalition", "announced_on"]),
            models.Index(fields=["currency", "announced_on"]),
            models.Index(fields=["created_at", "id"], name="pledge_created_idx"),  # the API's cursor order
        ]

    def __str__(self):
        figure = f"{self.amount:,.2f} {self.currency}" if self.amount is not None else _("undisclosed")
        return f"{self.donor} — {figure} ({self.get_status_display()})"

    @property
    def is_undisclosed(self) -> bool:
        return self.amount is None

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.FULFILLED, self.Status.WITHDRAWN)

    @property
    def rate_on(self):
        """The date whose exchange rate converts every figure of this pledge: its announcement date.

        One rate per pledge keeps paid + outstanding = pledged in euros as in the pledge's currency.
        """
        return self.announced_on

    def figures(self, paid=None) -> dict:
        """The figures a delegate reviews, as JSON-safe values."""
        return {
            "amount": None if self.amount is None else f"{self.amount:.2f}",
            "currency": self.currency,
            "kind": self.kind,
            "status": self.status,
            "announced_on": self.announced_on.isoformat() if self.announced_on else None,
            "paid": None if paid is None else f"{paid:.2f}",
        }


class PledgeTransition(models.Model):
    """One step of a pledge's lifecycle: from which status to which, when it took effect, who recorded it."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Pledge.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Pledge.Status.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "pledge__coalition"
    owner_lookup = "pledge__donor"

    class Meta:
        ordering = ["pledge", "recorded_at", "pk"]
        verbose_name = _("pledge transition")
        verbose_name_plural = _("pledge transitions")
        indexes = [models.Index(fields=["pledge", "recorded_at"])]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status} ({self.effective_on})"
