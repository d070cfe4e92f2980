"""Contributions: what each participant pledged, confirmed, committed and paid, in which currency, and whether
its own delegate agrees with the secretariat's figures.

Money is always a `Decimal` with an ISO 4217 code beside it. A pledge without a figure is *undisclosed*
(`amount` is NULL): it is counted apart, never as zero. Exchange rates are kept in `FxRate` (units of a
currency per 1 EUR, the ECB layout); see `contributions.fx` for the conversion.
"""

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet, TimestampedQuerySetMixin
from contributions.currencies import validate_currency

MONEY = {"max_digits": 18, "decimal_places": 2}
RATE = {"max_digits": 20, "decimal_places": 8}
EXTERNAL_REFERENCE_HELP = _(
    "This record's identifier in another system (a ministry's ledger, an ERP); unique in the coalition. "
    "An import updates the record that carries the same reference."
)

REVIEW = "review"  # the permission action for a delegate's review (see coalition.permissions)


class PledgeQuerySet(CoalitionScopedQuerySet):
    def with_eur(self):
        """Annotate `rate`, `rate_date` and `amount_eur` (one query; see contributions.fx)."""
        from contributions.fx import annotate_eur

        return annotate_eur(self)

    def with_paid(self):
        """Annotate `paid` (sum of the payments, in the pledge's currency) and `outstanding`."""
        from contributions.selectors import annotate_paid

        return annotate_paid(self)


class FxRateQuerySet(TimestampedQuerySetMixin, models.QuerySet):
    """Rates are shared: anyone with a role in some coalition (or staff) reads them all."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from coalition.permissions import is_registry_manager, roles_of

        return self if roles_of(user) or is_registry_manager(user) else self.none()


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

    history = HistoricalRecords()
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
