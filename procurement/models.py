"""The procurement roadmap: what the coalition plans to buy, at what cost, funded by which pledges,
ordered from whom and delivered when.

A roadmap item moves through the Open Contracting stages (`RoadmapItem.Status`); every move is a row in
`RoadmapItemTransition`. Funding is an `Allocation` of part of a `contributions.Pledge` to an item; orders and
their deliveries trace each euro from pledge to item to delivery.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, ExpertGroup, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet

FIRST_YEAR = 2000
LAST_YEAR = 2100
MONEY = {"max_digits": 18, "decimal_places": 2}


def validate_currency(value):
    """An active ISO 4217 code (the contributions app keeps the list, so pledges and items agree)."""
    from contributions.currencies import validate_currency as validate

    validate(value)


class CapabilityArea(Timestamped):
    """A managed list, per coalition, of the capabilities the roadmap buys (secure communications...)."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="capability_areas"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in lists and on the timeline (smallest first).")
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "position", "name"]
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "name"],
                name="capability_area_unique_name",
                violation_error_message=_("This coalition already has a capability area with this name."),
            )
        ]

    def __str__(self):
        return self.name


class RoadmapItem(Timestamped, Sourced):
    """Something the coalition plans to procure, ranked within its planned year."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        REQUIREMENTS = "requirements", _("Requirements")
        TENDERING = "tendering", _("Tendering")
        CONTRACTED = "contracted", _("Contracted")
        DELIVERING = "delivering", _("Delivering")
        DELIVERED = "delivered", _("Delivered")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="roadmap_items"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capability_area = models.ForeignKey(
        CapabilityArea,
        verbose_name=_("capability area"),
        on_delete=models.PROTECT,
        related_name="roadmap_items",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        validators=[MinValueValidator(1)],
        help_text=_("Rank within its planned year: 1 is the most urgent."),
    )
    planned_year = models.PositiveSmallIntegerField(
        _("planned year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    planned_quarter = models.PositiveSmallIntegerField(
        _("planned quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 to 4; empty when only the year is known."),
    )
    expert_group = models.ForeignKey(
        ExpertGroup,
        verbose_name=_("responsible expert group"),
        on_delete=models.SET_NULL,
        related_name="roadmap_items",
        null=True,
        blank=True,
    )
    lead = models.ForeignKey(
        Participant,
        verbose_name=_("lead participant"),
        on_delete=models.PROTECT,
        related_name="led_roadmap_items",
        null=True,
        blank=True,
    )
    estimated_cost_low = models.DecimalField(
        _("estimated cost, low"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    estimated_cost_high = models.DecimalField(
        _("estimated cost, high"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", validators=[validate_currency])
    estimated_on = models.DateField(
        _("estimate dated"),
        default=timezone.localdate,
        help_text=_("Price date of the estimate: its EUR equivalent uses the exchange rate of this day."),
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("e.g. radios, licences, sites.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IDENTIFIED, db_index=True
    )
    status_changed_on = models.DateField(_("status since"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "planned_year", "priority"]
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "planned_year", "priority"],
                condition=~Q(status="cancelled"),
                name="roadmap_item_unique_priority_in_year",
                violation_error_message=_("Another item of this year already has this priority."),
            ),
            models.CheckConstraint(
                condition=Q(planned_quarter__isnull=True) | Q(planned_quarter__gte=1, planned_quarter__lte=4),
                name="roadmap_item_quarter_1_to_4",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1),
                name="roadmap_item_priority_positive",
                violation_error_message=_("Priority 1 is the highest; there is no priority 0."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost_low__isnull=True, estimated_cost_high__isnull=True)
                | Q(
                    estimated_cost_low__isnull=False,
                    estimated_cost_high__isnull=False,
                    estimated_cost_low__gte=0,
                    estimated_cost_high__gte=F("estimated_cost_low"),
                ),
                name="roadmap_item_cost_range",
                violation_error_message=_(
                    "The estimate is a range: give both ends, the high end not below the low end."
                ),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"),
                name="roadmap_item_currency_iso",
                violation_error_message=_("The currency is a three-letter ISO 4217 code."),
            ),
        ]
        indexes = [
            models.Index(fields=["coalition", "planned_year", "planned_quarter"]),
            models.Index(fields=["coalition", "status"]),
            models.Index(fields=["planned_year", "priority", "id"], name="roadmap_item_api_order_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def planned_period(self) -> str:
        return (
            f"{self.planned_year} Q{self.planned_quarter}" if self.planned_quarter else str(self.planned_year)
        )

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED, self.Status.CANCELLED)


class RoadmapItemTransition(models.Model):
    """One move of a roadmap item through its lifecycle: when it happened, who recorded it, and why."""

    roadmap_item = models.ForeignKey(
        RoadmapItem, verbose_name=_("roadmap item"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=RoadmapItem.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=RoadmapItem.Status.choices)
    on = models.DateField(_("on"), help_text=_("The day the item reached the new stage."))
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "roadmap_item__coalition"

    class Meta:
        ordering = ["roadmap_item", "recorded_at", "pk"]
        verbose_name = _("status transition")
        verbose_name_plural = _("status transitions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="roadmap_transition_changes_status",
            )
        ]

    def __str__(self):
        return f"{self.roadmap_item}: {self.from_status} → {self.to_status} ({self.on})"


class Order(Timestamped, Sourced):
    """A contract placed with a supplier for (part of) a roadmap item."""

    roadmap_item = models.ForeignKey(
        RoadmapItem, verbose_name=_("roadmap item"), on_delete=models.PROTECT, related_name="orders"
    )
    supplier = models.CharField(_("supplier"), max_length=200)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    value = models.DecimalField(_("value"), **MONEY, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="EUR", validators=[validate_currency])
    ordered_on = models.DateField(_("ordered on"))
    quantity = models.PositiveIntegerField(
        _("quantity"), null=True, blank=True, help_text=_("Units ordered, if the item counts units.")
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "roadmap_item__coalition"

    class Meta:
        ordering = ["roadmap_item", "ordered_on", "pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap_item", "contract_reference"],
                condition=~Q(contract_reference=""),
                name="order_unique_contract_reference",
                violation_error_message=_("This item already has an order with this contract reference."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="order_value_not_negative",
                violation_error_message=_("An order's value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"),
                name="order_currency_iso",
                violation_error_message=_("The currency is a three-letter ISO 4217 code."),
            ),
        ]
        indexes = [models.Index(fields=["roadmap_item", "ordered_on"])]

    def __str__(self):
        reference = f" ({self.contract_reference})" if self.contract_reference else ""
        return f"{self.supplier}{reference}"


class Delivery(Timestamped, Sourced):
    """A shipment against an order. Partial deliveries of one order add up to what was ordered."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="deliveries"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    expected_on = models.DateField(_("expected on"))
    delivered_on = models.DateField(
        _("delivered on"), null=True, blank=True, help_text=_("Empty while the delivery is on the way.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "order__roadmap_item__coalition"

    class Meta:
        ordering = ["order", "expected_on", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="delivery_quantity_positive",
                violation_error_message=_("A delivery has at least one unit."),
            ),
        ]
        indexes = [models.Index(fields=["expected_on", "delivered_on"])]

    def __str__(self):
        return f"{self.quantity} of {self.order.roadmap_item} ({self.expected_on})"

    @property
    def is_delivered(self) -> bool:
        return self.delivered_on is not None

    @property
    def is_overdue(self) -> bool:
        return self.delivered_on is None and self.expected_on < timezone.localdate()


class Allocation(Timestamped):
    """Part of a pledge assigned to a roadmap item, in the pledge's currency.

    The rules (never beyond the pledge's amount, never from an undisclosed or withdrawn pledge) are enforced
    in `procurement.services.allocation_create`, which locks the pledge row so two allocations cannot race.
    """

    pledge = models.ForeignKey(
        "contributions.Pledge",
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    roadmap_item = models.ForeignKey(
        RoadmapItem, verbose_name=_("roadmap item"), on_delete=models.PROTECT, related_name="allocations"
    )
    amount = models.DecimalField(
        _("amount"), **MONEY, help_text=_("In the pledge's currency."), validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("allocated at"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "roadmap_item__coalition"

    class Meta:
        ordering = ["roadmap_item", "created_at", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message=_("An allocation must be greater than zero."),
            ),
        ]
        indexes = [
            models.Index(fields=["pledge", "roadmap_item"]),
            models.Index(fields=["created_at", "id"], name="allocation_created_idx"),  # API cursor order
        ]

    def __str__(self):
        return f"{self.amount:,.2f} {self.pledge.currency} → {self.roadmap_item}"
