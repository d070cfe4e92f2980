"""Exchange rates (units of a currency per 1 EUR)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Timestamped
from coalition.querysets import TimestampedQuerySetMixin
from contributions.currencies import validate_currency
from contributions.models.common import RATE


class FxRateQuerySet(TimestampedQuerySetMixin, models.QuerySet):
    """Rates are shared: anyone with a role in some coalition (or staff) reads them all."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from coalition.permissions import is_registry_manager, roles_of

        return self if roles_of(user) or is_registry_manager(user) else self.none()


class FxRate(Timestamped):
    """A reference exchange rate: `rate` units of `currency` buy 1 EUR on `date` (the ECB layout).

    So an amount converts to EUR as `amount / rate`. Rates are global (shared by all coalitions). `places`
    keeps the decimals the source published ("0.85440" has 5), so a rate is shown as published, not padded
    to the column's 8 places nor stripped of a significant trailing zero. `published_on` is the date of the
    publication the rate was taken from (an ECB file's newest date). `outlier_confirmed` says the rate was
    entered although it jumped beyond the sane band of the previous rate (see contributions.fx.RATE_BAND).
    """

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date = models.DateField(_("date"))
    rate = models.DecimalField(
        _("units per euro"),
        **RATE,
        help_text=_("How many units of the currency one euro buys on that date."),
    )
    places = models.PositiveSmallIntegerField(
        _("decimal places as published"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(8)],
        help_text=_("How many decimals the source gave (e.g. 5 for 0.85440); empty: as stored."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True, default="ECB euro reference rates")
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Date of the publication the rate comes from (an ECB file: its newest date)."),
    )
    outlier_confirmed = models.BooleanField(
        _("jump confirmed"),
        default=False,
        help_text=_("Entered although far from the previous rate, after an explicit confirmation."),
    )

    history = HistoricalRecords()
    objects = FxRateQuerySet.as_manager()
    coalition_lookup = None  # shared: read by any role, written by registry managers (coalition.permissions)

    class Meta:
        ordering = ["currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="fxrate_unique_currency_date",
                violation_error_message=_("There is already a rate for this currency on this date."),
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0),
                name="fxrate_rate_positive",
                violation_error_message=_("A rate must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(currency="EUR"),
                name="fxrate_not_eur",
                violation_error_message=_("The euro is the base currency: it has no rate."),
            ),
        ]

    def __str__(self):
        return f"1 EUR = {self.published_rate} {self.currency} ({self.date})"

    @property
    def published_rate(self) -> str:
        """The rate as its source wrote it (see `places`)."""
        from contributions.fx import rate_text

        return rate_text(self.rate, self.places)
