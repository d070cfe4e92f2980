"""Payments (disbursements) against a pledge."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from contributions.currencies import validate_currency
from contributions.models.common import EXTERNAL_REFERENCE_HELP, MONEY, RATE
from contributions.models.pledges import Pledge


class Disbursement(Timestamped, Sourced):
    """A payment against a pledge, in any currency.

    `amount` and `currency` are what was paid; `amount_in_pledge_currency` is what it counts for against the
    pledge (stored, so a later rate correction never silently changes a settled payment). In the pledge's own
    currency the two are equal and no rate is recorded; in another currency the conversion used the ECB
    reference rates of `fx_rate_date` (the latest on or before the payment date): `fx_rate_paid` units of the
    payment's currency and `fx_rate_pledge` units of the pledge's currency per 1 EUR (1 for EUR itself), so
    `amount_in_pledge_currency = amount / fx_rate_paid * fx_rate_pledge` to the cent.

    The sum counted against a pledge may exceed it only with a recorded override (who, why). The outstanding
    balance is derived from the payments, never stored. `coalition` is the pledge's (a pledge never changes
    coalition): it lets the database keep `external_reference` unique per coalition.
    """

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="disbursements"
    )
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalition"),
        on_delete=models.PROTECT,
        related_name="disbursements",
        editable=False,
    )
    amount = models.DecimalField(_("amount paid"), **MONEY)
    currency = models.CharField(_("currency paid"), max_length=3, validators=[validate_currency])
    amount_in_pledge_currency = models.DecimalField(
        _("amount in the pledge's currency"),
        **MONEY,
        help_text=_("What the payment counts for against the pledge."),
    )
    fx_rate_paid = models.DecimalField(
        _("rate of the currency paid (per EUR)"), **RATE, null=True, blank=True
    )
    fx_rate_pledge = models.DecimalField(
        _("rate of the pledge's currency (per EUR)"), **RATE, null=True, blank=True
    )
    fx_rate_date = models.DateField(
        _("conversion rate date"),
        null=True,
        blank=True,
        help_text=_("Day of the reference rates used (none for a payment in the pledge's currency)."),
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    external_reference = models.CharField(
        _("external reference"), max_length=100, blank=True, help_text=EXTERNAL_REFERENCE_HELP
    )
    note = models.TextField(_("note"), blank=True)
    overpayment_reason = models.TextField(
        _("over-payment override reason"),
        blank=True,
        help_text=_("Required to record a payment that takes the total paid above the pledge."),
    )
    overpayment_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("over-payment approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "pledge__coalition"
    owner_lookup = "pledge__donor"

    class Meta:
        ordering = ["pledge", "paid_on", "pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="disbursement_amount_positive",
                violation_error_message=_("A payment must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(amount_in_pledge_currency__gt=0),
                name="disbursement_pledge_amount_positive",
                violation_error_message=_("A payment must count for more than zero against its pledge."),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"),
                name="disbursement_currency_iso4217",
                violation_error_message=_("The currency must be a three-letter ISO 4217 code."),
            ),
            # Either no conversion (same currency: both amounts equal) or a complete, dated one.
            models.CheckConstraint(
                condition=Q(
                    fx_rate_paid__isnull=True,
                    fx_rate_pledge__isnull=True,
                    fx_rate_date__isnull=True,
                    amount_in_pledge_currency=F("amount"),
                )
                | Q(
                    fx_rate_paid__gt=0,
                    fx_rate_pledge__gt=0,
                    fx_rate_date__isnull=False,
                ),
                name="disbursement_conversion_complete",
                violation_error_message=_(
                    "A payment in another currency records both rates and their date; one in the pledge's "
                    "currency counts for its own amount."
                ),
            ),
            models.UniqueConstraint(
                fields=["coalition", "external_reference"],
                condition=~Q(external_reference=""),
                name="disbursement_unique_external_reference",
                violation_error_message=_("Another payment of this coalition has this external reference."),
            ),
        ]
        indexes = [
            models.Index(fields=["pledge", "paid_on"]),
            models.Index(fields=["created_at", "id"], name="disbursement_created_idx"),  # API cursor order
        ]

    def __str__(self):
        return f"{self.amount:,.2f} {self.currency} ({self.paid_on})"

    @property
    def is_override(self) -> bool:
        return bool(self.overpayment_reason)

    @property
    def is_converted(self) -> bool:
        """Paid in another currency than the pledge's (the amounts differ by a conversion)."""
        return self.fx_rate_date is not None
