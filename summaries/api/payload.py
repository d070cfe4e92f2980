"""Serializers that describe (and serve) a snapshot's payload and a diff, so the OpenAPI schema has real
components: every key named and typed, money as decimal strings (null: not known), timestamps in UTC with Z.

The payload keeps codes; the `label` fields are added here, in the reader's language. The layout is that of
summaries.figures (schema version 2); docs/summaries.md explains each figure.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.api.base import UTCDateTimeField
from contributions.models import Pledge
from procurement.models import RoadmapItem
from summaries import payload as payloads

UNKNOWN = "EUR, to the cent; null when not known (every amount concerned is undisclosed or has no rate)."


def Money(help_text=UNKNOWN):
    return serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=True, help_text=help_text
    )


def Count(help_text=""):
    return serializers.IntegerField(min_value=0, help_text=help_text)


class SummaryCoalitionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class SummaryParticipantRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="ISO 3166 alpha-2 for a state, or the organisation's code.")
    name = serializers.CharField()


class SummaryPledgeStageFiguresSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Pledge.Status.values)
    label = serializers.SerializerMethodField()
    pledges = Count()
    undisclosed = Count("Pledges of this stage without a disclosed amount.")
    unconverted = Count("Disclosed pledges whose currency has no rate at their announcement date.")
    amount_eur = Money()
    paid_eur = Money("All payments received on these pledges, in EUR.")
    unpaid_eur = Money("Per pledge max(amount - paid, 0), summed.")
    overpaid_eur = Money("Per pledge max(paid - amount, 0), summed: never subtracted from what is unpaid.")

    def get_label(self, row) -> str:
        return payloads.pledge_stage_label(row["stage"])


class SummaryPledgeFiguresSerializer(serializers.Serializer):
    pledges = Count("Live pledges (every stage but withdrawn).")
    undisclosed = Count("Live pledges without a disclosed amount: counted, never summed as zero.")
    unconverted = Count("Live pledges whose currency has no rate at their announcement date.")
    pledged_eur = Money("Sum of the live pledges' amounts.")
    paid_eur = Money("Sum of the payments on live pledges.")
    outstanding_eur = Money(
        "Unpaid balance of the pledges once confirmed (confirmed, committed, fulfilled); never negative "
        "per pledge."
    )
    overpaid_eur = Money("Paid beyond the pledged amount, per pledge, summed.")
    stages = SummaryPledgeStageFiguresSerializer(
        many=True, help_text="Announced to withdrawn, in lifecycle order."
    )


class SummaryPledgeBreakdownSerializer(serializers.Serializer):
    all = SummaryPledgeFiguresSerializer(help_text="Facts and illustrations together.")
    facts = SummaryPledgeFiguresSerializer(help_text="Without any illustrative pledge or payment.")
    illustrative = SummaryPledgeFiguresSerializer(help_text="What the illustrations add: all minus facts.")


class SummaryReviewCountsSerializer(serializers.Serializer):
    confirmed = Count("Live pledges whose figures the delegation confirmed.")
    disputed = Count("Live pledges the delegation disputes.")
    needs_review = Count("Live pledges awaiting the delegation's review.")


class SummaryReviewBreakdownSerializer(serializers.Serializer):
    all = SummaryReviewCountsSerializer()
    facts = SummaryReviewCountsSerializer()
    illustrative = SummaryReviewCountsSerializer()


class SummaryStateFiguresSerializer(SummaryPledgeBreakdownSerializer):
    participant = SummaryParticipantRefSerializer()
    review = SummaryReviewBreakdownSerializer()


class SummaryNativeFiguresSerializer(serializers.Serializer):
    pledged = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, help_text="In the currency itself."
    )
    paid = serializers.DecimalField(max_digits=20, decimal_places=2, help_text="In the currency itself.")


class SummaryNativeBreakdownSerializer(serializers.Serializer):
    all = SummaryNativeFiguresSerializer()
    facts = SummaryNativeFiguresSerializer()
    illustrative = SummaryNativeFiguresSerializer()


class SummaryCurrencyFiguresSerializer(SummaryPledgeBreakdownSerializer):
    currency = serializers.CharField(help_text="ISO 4217 code of the pledges.")
    native = SummaryNativeBreakdownSerializer()


class SummaryQuarterFiguresSerializer(SummaryPledgeBreakdownSerializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class SummaryMeetingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()


class SummaryReportedTotalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meeting = SummaryMeetingRefSerializer()
    stated_text = serializers.CharField(allow_blank=True)
    qualifier = serializers.CharField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    currency = serializers.CharField()
    is_illustrative = serializers.BooleanField()
    reported_eur = Money()
    itemised_eur = Money("Sum of the pledges announced at the meeting.")
    itemised_pledges = Count()
    difference_eur = Money("Itemised minus reported.")
    undisclosed = Count()
    unconverted = Count()
    verdict = serializers.ChoiceField(choices=["consistent", "short", "over", "unknown"])
    verdict_label = serializers.SerializerMethodField()

    def get_verdict_label(self, row) -> str:
        return str(payloads.VERDICT_LABELS.get(row["verdict"], row["verdict"]))


class SummaryReportedTotalsSerializer(serializers.Serializer):
    count = Count("Reported totals in all; `items` keeps the latest.")
    items = SummaryReportedTotalSerializer(many=True)


class SummaryContributionsSerializer(serializers.Serializer):
    totals = SummaryPledgeBreakdownSerializer()
    by_state = SummaryStateFiguresSerializer(many=True)
    by_currency = SummaryCurrencyFiguresSerializer(many=True)
    by_quarter = SummaryQuarterFiguresSerializer(many=True, help_text="By quarter of announcement.")
    unconverted_currencies = serializers.ListField(child=serializers.CharField())
    review = SummaryReviewBreakdownSerializer()
    reported_totals = SummaryReportedTotalsSerializer()


class SummaryRoadmapFiguresSerializer(serializers.Serializer):
    items = Count()
    unestimated = Count("Items without an estimate.")
    estimates_without_rate = Count(
        "Estimates whose currency has no rate at the price date: not in the EUR totals."
    )
    unfunded_items = Count()
    overdue_items = Count("Items with a delivery past its expected date.")
    overdue_deliveries = Count()
    allocations_without_rate = Count()
    estimate_low_eur = Money()
    estimate_high_eur = Money()
    funded_eur = Money("Sum of the allocations, each at its pledge's rate.")
    gap_low_eur = Money("Per item max(low estimate - funded, 0), summed.")
    gap_high_eur = Money("Per item max(high estimate - funded, 0), summed.")
    over_funded_eur = Money("Per item max(funded - high estimate, 0), summed.")


class SummaryRoadmapBreakdownSerializer(serializers.Serializer):
    all = SummaryRoadmapFiguresSerializer()
    facts = SummaryRoadmapFiguresSerializer()
    illustrative = SummaryRoadmapFiguresSerializer()


class SummaryRoadmapStageSerializer(SummaryRoadmapBreakdownSerializer):
    stage = serializers.ChoiceField(choices=RoadmapItem.Status.values)
    label = serializers.SerializerMethodField()

    def get_label(self, row) -> str:
        return payloads.roadmap_stage_label(row["stage"])


class SummaryRoadmapQuarterSerializer(SummaryRoadmapBreakdownSerializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(
        min_value=1, max_value=4, allow_null=True, help_text="Null: only the year is planned."
    )


class SummaryUnconvertedEstimateSerializer(serializers.Serializer):
    currency = serializers.CharField()
    items = Count()
    estimate_low = serializers.DecimalField(max_digits=20, decimal_places=2, help_text="In the currency.")
    estimate_high = serializers.DecimalField(max_digits=20, decimal_places=2, help_text="In the currency.")


class SummaryRoadmapItemRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SummaryOverdueDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    roadmap_item = SummaryRoadmapItemRefSerializer()
    expected_on = serializers.DateField()
    quantity = serializers.IntegerField()


class SummaryOverdueDeliveriesSerializer(serializers.Serializer):
    count = Count()
    first = SummaryOverdueDeliverySerializer(many=True, help_text="The most overdue few.")


class SummaryRoadmapSerializer(serializers.Serializer):
    totals = SummaryRoadmapBreakdownSerializer(help_text="Live items: every stage but cancelled.")
    by_stage = SummaryRoadmapStageSerializer(many=True, help_text="In lifecycle order, cancelled last.")
    by_quarter = SummaryRoadmapQuarterSerializer(many=True, help_text="Live items by planned quarter.")
    unconverted_estimates = SummaryUnconvertedEstimateSerializer(many=True)
    overdue_deliveries = SummaryOverdueDeliveriesSerializer()


class SummaryMeetingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = UTCDateTimeField()
    place = serializers.CharField(allow_blank=True)


class SummaryOverdueActionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    owner = SummaryParticipantRefSerializer(allow_null=True)
    meeting = serializers.IntegerField(help_text="Number of the meeting that agreed it.")


class SummaryActionItemCountsSerializer(serializers.Serializer):
    open = Count()
    overdue = Count()
    overdue_first = SummaryOverdueActionItemSerializer(many=True, help_text="The most overdue few.")


class SummaryMeetingsSerializer(serializers.Serializer):
    upcoming = SummaryMeetingSummarySerializer(many=True)
    last_held = SummaryMeetingSummarySerializer(allow_null=True)
    action_items = SummaryActionItemCountsSerializer()


class SummaryPayloadSerializer(serializers.Serializer):
    schema_version = serializers.IntegerField(help_text="2: this layout.")
    coalition = SummaryCoalitionRefSerializer()
    generated_at = UTCDateTimeField()
    data_as_of = UTCDateTimeField(help_text="The moment the figures describe.")
    figures_from = serializers.ChoiceField(
        choices=["records", "history"],
        help_text="`history`: rebuilt from the change history as the records stood at `data_as_of`.",
    )
    contributions = SummaryContributionsSerializer()
    roadmap = SummaryRoadmapSerializer()
    meetings = SummaryMeetingsSerializer()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "nullable": True,
        "description": "Only for snapshots of schema version 1: their figures as computed then (untyped, "
        "not comparable with version 2). Null otherwise.",
    }
)
class LegacyPayloadField(serializers.JSONField):
    pass


class SummaryChangeSubjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["coalition", "state", "roadmap", "roadmap_stage", "action_items"])
    code = serializers.CharField(allow_blank=True, help_text="The state's code or the stage, else empty.")
    label = serializers.CharField()


class SummaryChangeSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=["contributions", "roadmap", "meetings"])
    subject = SummaryChangeSubjectSerializer()
    figure = serializers.CharField(help_text="A stable key, e.g. `paid` or `confirmed_pledges`.")
    label = serializers.CharField(help_text="The figure in words, in the request's language.")
    unit = serializers.ChoiceField(choices=["EUR", "count"])
    before = serializers.CharField(allow_null=True, help_text="A decimal string; null: not known.")
    after = serializers.CharField(allow_null=True, help_text="A decimal string; null: not known.")
    difference = serializers.CharField(allow_null=True, help_text="after - before; null if one is unknown.")
    text = serializers.CharField(help_text="The change as a sentence, in the request's language.")


class SummaryDiffSerializer(serializers.Serializer):
    from_snapshot = serializers.IntegerField(help_text="The older snapshot.")
    to_snapshot = serializers.IntegerField(help_text="The newer snapshot.")
    from_data_as_of = UTCDateTimeField()
    to_data_as_of = UTCDateTimeField()
    facts_only = serializers.BooleanField()
    unchanged = serializers.BooleanField()
    changes = SummaryChangeSerializer(many=True)
