"""Funding figures of roadmap items: estimates, allocations and orders in EUR, in the database."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contributions.fx import MONEY_FIELD, eur_expression, rate_annotations
from procurement.models import Allocation, Delivery, Order

ZERO = Decimal("0.00")


class FundingState:
    """How much of an item's estimate its allocations cover (the filter on the list page and the API)."""

    UNFUNDED = "unfunded"
    PARTLY = "partly"
    FUNDED = "funded"
    choices = [
        (UNFUNDED, _("Unfunded")),
        (PARTLY, _("Partly funded")),
        (FUNDED, _("Funded")),
    ]


def _zero():
    return Value(ZERO, output_field=MONEY_FIELD)


def allocations_with_eur(queryset=None):
    """Allocations annotated with `fx_rate`, `fx_rate_date` and `amount_eur` (the pledge's rate)."""
    queryset = Allocation.objects.all() if queryset is None else queryset
    return queryset.annotate(
        currency=F("pledge__currency"),
        **rate_annotations(currency="pledge__currency", on="pledge__announced_on"),
    ).annotate(amount_eur=eur_expression("amount", "fx_rate"))


def _allocations_at_stored_rate():
    """Allocations with `fx_rate` and `amount_eur` from their pledge's stored rate (the rate of its
    announcement date, kept exact by contributions.figures_store): the same figures as
    allocations_with_eur's, without a rate lookup per allocation (the item aggregates below)."""
    return Allocation.objects.annotate(fx_rate=F("pledge__fx_rate")).annotate(
        amount_eur=eur_expression("amount", "fx_rate")
    )


def orders_with_eur(queryset=None):
    queryset = Order.objects.all() if queryset is None else queryset
    return queryset.annotate(**rate_annotations(currency="currency", on="ordered_on")).annotate(
        value_eur=eur_expression("value", "fx_rate")
    )


def _per_item(queryset, expression, *, output_field):
    """A correlated subquery: `expression` aggregated over the rows of `queryset` of the outer item."""
    return Subquery(
        queryset.filter(roadmap_item=OuterRef("pk"))
        .order_by()
        .values("roadmap_item")
        .annotate(total=expression)
        .values("total")[:1],
        output_field=output_field,
    )


def _estimate_eur(column, rate):
    return eur_expression(column, rate)


def _estimates_and_funding(today: date) -> dict:
    """The item annotations the timeline needs too: EUR estimate, allocation count, funded EUR, overdue."""
    int_field = IntegerField()
    return {
        "estimate_low_eur": _estimate_eur("estimated_cost_low", "estimate_rate"),
        "estimate_high_eur": _estimate_eur("estimated_cost_high", "estimate_rate"),
        "allocation_count": Coalesce(
            _per_item(Allocation.objects.all(), Count("pk"), output_field=int_field), 0
        ),
        "funded_eur": Coalesce(
            _per_item(_allocations_at_stored_rate(), Sum("amount_eur"), output_field=MONEY_FIELD), _zero()
        ),
        "is_overdue": Exists(
            Delivery.objects.filter(
                order__roadmap_item=OuterRef("pk"), delivered_on__isnull=True, expected_on__lt=today
            )
        ),
    }


def _funding_state():
    return Case(
        When(allocation_count=0, then=Value(FundingState.UNFUNDED)),
        When(
            estimate_low_eur__isnull=False,
            funded_eur__gte=F("estimate_low_eur"),
            then=Value(FundingState.FUNDED),
        ),
        default=Value(FundingState.PARTLY),
        output_field=CharField(),
    )


def annotate_funding_state(queryset, *, today: date | None = None):
    """The subset of annotate_funding a timeline entry shows (EUR estimate, `funding_state`, `is_overdue`),
    the same expressions, without the gap, order and delivery figures each item would otherwise compute."""
    today = today or timezone.localdate()
    figures = _estimates_and_funding(today)
    return (
        queryset.annotate(**rate_annotations(currency="currency", on="estimated_on", prefix="estimate_"))
        .annotate(**figures)
        .annotate(funding_state=_funding_state())
    )


def annotate_funding(queryset, *, today: date | None = None):
    """Annotate roadmap items with their EUR estimate, funding, gap, over-funding, orders and deliveries.

    All in one query (correlated subqueries per item, no join fan-out), so it can be filtered and ordered in
    SQL: `funding_state` is one of FundingState; `is_overdue` is true when a delivery is past its expected
    date and not delivered.
    """
    today = today or timezone.localdate()
    allocations = _allocations_at_stored_rate()
    int_field = IntegerField()
    figures = _estimates_and_funding(today)
    is_overdue = figures.pop("is_overdue")
    funded_eur = figures.pop("funded_eur")
    queryset = queryset.annotate(
        **rate_annotations(currency="currency", on="estimated_on", prefix="estimate_"),
    ).annotate(
        **figures,
        missing_rates=Coalesce(
            _per_item(allocations.filter(fx_rate__isnull=True), Count("pk"), output_field=int_field),
            0,
        ),
        funded_eur=funded_eur,
        ordered_eur=Coalesce(
            _per_item(orders_with_eur(), Sum("value_eur"), output_field=MONEY_FIELD), _zero()
        ),
        order_count=Coalesce(_per_item(Order.objects.all(), Count("pk"), output_field=int_field), 0),
        ordered_quantity=_per_item(Order.objects.all(), Sum("quantity"), output_field=int_field),
        delivered_quantity=Coalesce(
            Subquery(
                Delivery.objects.filter(order__roadmap_item=OuterRef("pk"), delivered_on__isnull=False)
                .order_by()
                .values("order__roadmap_item")
                .annotate(total=Sum("quantity"))
                .values("total")[:1],
                output_field=int_field,
            ),
            0,
        ),
        is_overdue=is_overdue,
    )
    return queryset.annotate(
        gap_low_eur=Case(
            When(estimate_low_eur__isnull=True, then=Value(None, output_field=MONEY_FIELD)),
            When(funded_eur__gte=F("estimate_low_eur"), then=_zero()),
            default=F("estimate_low_eur") - F("funded_eur"),
            output_field=MONEY_FIELD,
        ),
        gap_high_eur=Case(
            When(estimate_high_eur__isnull=True, then=Value(None, output_field=MONEY_FIELD)),
            When(funded_eur__gte=F("estimate_high_eur"), then=_zero()),
            default=F("estimate_high_eur") - F("funded_eur"),
            output_field=MONEY_FIELD,
        ),
        over_funded_eur=Case(
            When(estimate_high_eur__isnull=True, then=_zero()),
            When(funded_eur__gt=F("estimate_high_eur"), then=F("funded_eur") - F("estimate_high_eur")),
            default=_zero(),
            output_field=MONEY_FIELD,
        ),
        funding_state=_funding_state(),
        estimate_rate_missing=Case(
            When(estimated_cost_low__isnull=False, estimate_rate__isnull=True, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
