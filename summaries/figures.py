"""The figures of one coalition's status summary, all computed by database aggregation.

Each section reuses its app's selectors (the same annotations the pages show), so a snapshot can never
disagree with a page computed at the same moment. Money leaves as strings (JSON has no decimals).
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from coalition.querysets import aggregate_row
from contributions.models import Pledge, ReportedTotal
from contributions.selectors import (
    MONEY_KEYS,
    annotate_figures,
    annotate_reported_totals,
    reconcile,
    stage_aggregates,
    totals,
)
from meetings.models import ActionItem, Meeting
from procurement.models import Delivery, RoadmapItem
from procurement.selectors import annotate_funding

PAYLOAD_VERSION = 1


def _money(value) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01")))


def _jsonable(row: dict, money_keys=()) -> dict:
    """Decimals as strings; a sum over no rows (NULL) of a money figure is 0.00, not blank."""
    row = {**row, **{k: Decimal(0) for k in money_keys if row.get(k) is None}}
    return {k: _money(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def contributions_section(coalition, as_of):
    pledges = annotate_figures(Pledge.objects.filter(coalition=coalition, announced_on__lte=as_of.date()))
    overall = totals(pledges)
    by_state = (
        pledges.order_by()
        .values("donor_id", "donor__code", "donor__name")
        .annotate(**stage_aggregates())
        .order_by("donor__name")
    )
    review = (
        Pledge.objects.filter(coalition=coalition)
        .exclude(status=Pledge.Status.WITHDRAWN)
        .order_by()
        .values("donor__code", "donor__name")
        .annotate(
            confirmed=Count("pk", filter=Q(review_status=Pledge.Review.CONFIRMED)),
            disputed=Count("pk", filter=Q(review_status=Pledge.Review.DISPUTED)),
            needs_review=Count("pk", filter=Q(review_status=Pledge.Review.NEEDS_REVIEW)),
        )
        .order_by("donor__name")
    )
    reported_totals = annotate_reported_totals(
        ReportedTotal.objects.filter(meeting__coalition=coalition, meeting__starts_at__lte=as_of)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    reported = [
        {
            "meeting": total.meeting.number,
            "meeting_title": total.meeting.title,
            "stated_text": total.stated_text,
            "qualifier": total.qualifier,
            "amount": _money(total.amount),
            "currency": total.currency,
            **_jsonable(vars(reconcile(total))),
        }
        for total in reported_totals
    ]
    pledge_rows = [
        {
            "id": row["pk"],
            "donor": row["donor__code"],
            "amount": _money(row["amount"]),
            "currency": row["currency"],
            "status": row["status"],
            "review_status": row["review_status"],
            "paid": _money(row["paid"]),
        }
        for row in pledges.order_by("pk").values(
            "pk", "donor__code", "amount", "currency", "status", "review_status", "paid"
        )
    ]
    totals_out = _jsonable(
        {k: v for k, v in vars(overall).items() if k not in ("by_status", "unconverted_currencies")}
    )
    totals_out["unconverted_currencies"] = overall.unconverted_currencies
    totals_out["by_status"] = [_jsonable(vars(stage)) for stage in overall.by_status]
    return {
        "totals": totals_out,
        "by_state": [_jsonable(row, MONEY_KEYS) for row in by_state],
        "reported_totals": reported,
        "review": list(review),
    }, pledge_rows


def roadmap_section(coalition, as_of):
    today = timezone.localdate(as_of)
    items = annotate_funding(RoadmapItem.objects.filter(coalition=coalition), today=today)
    money = {
        "estimate_low_eur": Sum("estimate_low_eur"),
        "estimate_high_eur": Sum("estimate_high_eur"),
        "funded_eur": Sum("funded_eur"),
        "gap_low_eur": Sum("gap_low_eur"),
        "gap_high_eur": Sum("gap_high_eur"),
        "over_funded_eur": Sum("over_funded_eur"),
    }
    live = items.exclude(status=RoadmapItem.Status.CANCELLED)
    by_status = items.order_by().values("status").annotate(items=Count("pk"), **money).order_by("status")
    by_quarter = (
        live.order_by()
        .values("planned_year", "planned_quarter")
        .annotate(items=Count("pk"), **money)
        .order_by("planned_year", F("planned_quarter").asc(nulls_last=True))
    )
    overall = aggregate_row(
        live,
        {
            "items": Count("pk"),
            "unfunded_items": Count("pk", filter=Q(funding_state="unfunded")),
            "overdue_items": Count("pk", filter=Q(is_overdue=True)),
            "missing_rates": Sum("missing_rates"),
            **money,
        },
    )
    overdue = (
        Delivery.objects.filter(
            order__roadmap_item__coalition=coalition, delivered_on__isnull=True, expected_on__lt=today
        )
        .order_by("expected_on", "pk")
        .values("pk", "order__roadmap_item_id", "order__roadmap_item__title", "expected_on", "quantity")
    )
    overdue_rows = [
        {
            "id": row["pk"],
            "item": row["order__roadmap_item_id"],
            "title": row["order__roadmap_item__title"],
            "expected_on": row["expected_on"].isoformat(),
            "quantity": row["quantity"],
        }
        for row in overdue
    ]
    item_rows = list(items.order_by("pk").values("pk", "title", "status"))
    return (
        {
            "totals": _jsonable(overall, money),
            "by_status": [_jsonable(r, money) for r in by_status],
            "by_quarter": [_jsonable(r, money) for r in by_quarter],
            "overdue_deliveries": overdue_rows,
        },
        [{"id": r["pk"], "title": r["title"], "status": r["status"]} for r in item_rows],
    )


def meetings_section(coalition, as_of):
    today = timezone.localdate(as_of)
    upcoming = (
        Meeting.objects.filter(coalition=coalition, starts_at__gte=as_of)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values("pk", "number", "title", "starts_at", "place")[:5]
    )
    actions = ActionItem.objects.filter(meeting__coalition=coalition, status=ActionItem.Status.OPEN)
    counts = actions.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    overdue = (
        actions.filter(due_on__lt=today)
        .order_by("due_on", "pk")
        .values("pk", "title", "due_on", "owner_participant__code", "meeting__number")
    )
    return {
        "upcoming": [
            {
                "id": m["pk"],
                "number": m["number"],
                "title": m["title"],
                "starts_at": m["starts_at"].isoformat(),
                "place": m["place"],
            }
            for m in upcoming
        ],
        "action_items": {
            **counts,
            "overdue_items": [
                {
                    "id": a["pk"],
                    "title": a["title"],
                    "due_on": a["due_on"].isoformat(),
                    "owner": a["owner_participant__code"],
                    "meeting": a["meeting__number"],
                }
                for a in overdue
            ],
        },
    }


def compute_payload(coalition, *, as_of) -> dict:
    contributions, pledge_rows = contributions_section(coalition, as_of)
    roadmap, item_rows = roadmap_section(coalition, as_of)
    meetings = meetings_section(coalition, as_of)
    return {
        "version": PAYLOAD_VERSION,
        "coalition": {"id": coalition.pk, "name": coalition.name, "short_name": coalition.short_name},
        "generated_at": timezone.now().isoformat(),
        "data_as_of": as_of.isoformat(),
        "contributions": contributions,
        "roadmap": roadmap,
        "meetings": meetings,
        "pledges": pledge_rows,
        "roadmap_items": item_rows,
        "overdue_delivery_ids": [row["id"] for row in roadmap["overdue_deliveries"]],
        "overdue_action_item_ids": [row["id"] for row in meetings["action_items"]["overdue_items"]],
    }
