"""Pledges and their allocations to the roadmap."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from coalition.permissions import ADD, can
from contributions.fx import MONEY_FIELD
from contributions.models import Pledge
from procurement.models import Allocation, Delivery
from procurement.selectors.funding import ZERO, _zero, allocations_with_eur

# Pledges ----------------------------------------------------------------------------------------------------


@dataclass
class PledgeAllocations:
    """The allocations of one pledge and their totals, in the pledge's currency (and EUR).

    Iterating gives the allocations (each with its item, the item's status and delivered quantity).
    """

    pledge: Pledge
    rows: list
    allocated: Decimal
    allocated_eur: Decimal | None
    can_allocate: bool = False

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)

    @property
    def currency(self):
        return self.pledge.currency

    @property
    def remaining(self) -> Decimal | None:
        if self.pledge.amount is None:
            return None
        return self.pledge.amount - self.allocated

    @property
    def share_percent(self) -> Decimal | None:
        if not self.pledge.amount:
            return None
        return (self.allocated * 100 / self.pledge.amount).quantize(Decimal("0.1"))


def allocations_for_pledge(pledge, user=None) -> PledgeAllocations:
    """How much of `pledge` is allocated and to what: pledge → item → delivery, in two queries.

    With `user`, `can_allocate` says whether to offer the allocation form.
    """
    rows = list(
        allocations_with_eur(pledge.allocations.all())
        .select_related("roadmap_item__capability_area", "roadmap_item__coalition", "created_by")
        .annotate(
            item_delivered_quantity=Coalesce(
                Subquery(
                    Delivery.objects.filter(
                        order__roadmap_item=OuterRef("roadmap_item"), delivered_on__isnull=False
                    )
                    .order_by()
                    .values("order__roadmap_item")
                    .annotate(total=Sum("quantity"))
                    .values("total")[:1],
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        .order_by("roadmap_item__planned_year", "roadmap_item__priority", "pk")
    )
    totals = allocations_with_eur(Allocation.objects.filter(pledge=pledge)).aggregate(
        allocated=Sum("amount"), allocated_eur=Sum("amount_eur")
    )
    return PledgeAllocations(
        pledge=pledge,
        rows=rows,
        allocated=totals["allocated"] or ZERO,
        allocated_eur=totals["allocated_eur"],
        can_allocate=user is not None and can(user, ADD, Allocation, coalition=pledge.coalition_id),
    )


def annotate_allocated(pledge_queryset):
    """Annotate pledges with `allocated` (sum of their allocations, pledge currency) and `unallocated`."""
    allocated = Coalesce(
        Subquery(
            Allocation.objects.filter(pledge=OuterRef("pk"))
            .order_by()
            .values("pledge")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=MONEY_FIELD,
        ),
        _zero(),
    )
    return pledge_queryset.annotate(allocated=allocated).annotate(
        unallocated=Case(
            When(amount__isnull=True, then=Value(None, output_field=MONEY_FIELD)),
            default=F("amount") - F("allocated"),
            output_field=MONEY_FIELD,
        )
    )


def allocatable_pledges(user, coalition, *, include=None):
    """Pledges of `coalition` that can take an allocation: a figure, not withdrawn, something left (plus
    `include`, a pledge to offer whatever its state)."""
    queryset = annotate_allocated(
        Pledge.objects.visible_to(user).filter(coalition=coalition).select_related("donor")
    )
    open_ = Q(amount__isnull=False, unallocated__gt=0) & ~Q(status=Pledge.Status.WITHDRAWN)
    if include is not None:
        open_ |= Q(pk=include.pk)
    return queryset.filter(open_).order_by("donor__name", "announced_on", "pk")


def coalition_allocation_totals(coalition) -> dict:
    """The coalition's allocated totals: {currency: amount} and EUR, aggregated in the database."""
    allocations = allocations_with_eur(Allocation.objects.filter(roadmap_item__coalition=coalition))
    by_currency = {
        row["pledge__currency"]: row["total"]
        for row in allocations.order_by()
        .values("pledge__currency")
        .annotate(total=Sum("amount"))
        .values("pledge__currency", "total")
    }
    eur = allocations.aggregate(total=Sum("amount_eur"), missing=Count("pk", filter=Q(fx_rate__isnull=True)))
    return {"by_currency": by_currency, "eur": eur["total"] or ZERO, "missing_rates": eur["missing"]}


def deliveries_for(user):
    return Delivery.objects.visible_to(user).select_related("order__roadmap_item")
