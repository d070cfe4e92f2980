from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem, RoadmapItemTransition
from procurement.selectors import FundingState

MONEY = {"max_digits": 18, "decimal_places": 2, "read_only": True, "allow_null": True}


class CapabilityAreaSerializer(ScopedModelSerializer):
    class Meta:
        model = CapabilityArea
        fields = ["id", "coalition", "name", "description", "position"]
        validators = []


class FundingSerializer(serializers.Serializer):
    """An item's funding in EUR, computed in the database from its allocations and estimate."""

    state = serializers.ChoiceField(choices=FundingState.choices, source="funding_state", read_only=True)
    estimate_low_eur = serializers.DecimalField(**MONEY)
    estimate_high_eur = serializers.DecimalField(**MONEY)
    estimate_rate_missing = serializers.BooleanField(read_only=True)
    funded_eur = serializers.DecimalField(**MONEY)
    gap_low_eur = serializers.DecimalField(**MONEY)
    gap_high_eur = serializers.DecimalField(**MONEY)
    over_funded_eur = serializers.DecimalField(**MONEY)
    ordered_eur = serializers.DecimalField(**MONEY)
    allocation_count = serializers.IntegerField(read_only=True)
    missing_rates = serializers.IntegerField(
        read_only=True, help_text="Allocations left out of the EUR figures for lack of an exchange rate."
    )


class RoadmapItemSerializer(ScopedModelSerializer):
    funding = FundingSerializer(source="*", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    delivered_quantity = serializers.IntegerField(read_only=True)
    allowed_transitions = serializers.SerializerMethodField()
    fast_read_attrs = {"allowed_transitions": ["status"]}  # what the method reads (coalition.api.fastread)

    class Meta:
        model = RoadmapItem
        fields = [
            "id",
            "coalition",
            "title",
            "description",
            "capability_area",
            "priority",
            "planned_year",
            "planned_quarter",
            "expert_group",
            "lead",
            "estimated_cost_low",
            "estimated_cost_high",
            "currency",
            "estimated_on",
            "quantity",
            "unit",
            "status",
            "status_changed_on",
            "allowed_transitions",
            "funding",
            "is_overdue",
            "delivered_quantity",
            "note",
            "source",
            "is_illustrative",
            "created_at",
        ]
        read_only_fields = ["status", "status_changed_on"]
        extra_kwargs = {"estimated_on": {"required": False}}
        validators = []  # the service checks priority uniqueness and the cost range and says why

    def get_allowed_transitions(self, item) -> list[str]:
        from procurement.services import allowed_transitions

        return allowed_transitions(item)


class TransitionRequestSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=RoadmapItem.Status.choices)
    on = serializers.DateField(required=False, allow_null=True, help_text="Day of the move (default: today).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RoadmapItemTransitionSerializer(ScopedModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = RoadmapItemTransition
        fields = ["id", "roadmap_item", "from_status", "to_status", "on", "note", "actor", "recorded_at"]
        read_only_fields = fields


class AllocationSerializer(ScopedModelSerializer):
    currency = serializers.CharField(read_only=True, help_text="The pledge's currency.")
    amount_eur = serializers.DecimalField(**MONEY)
    created_by = serializers.StringRelatedField()

    class Meta:
        model = Allocation
        fields = [
            "id",
            "pledge",
            "roadmap_item",
            "amount",
            "currency",
            "amount_eur",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_by", "created_at"]


class AllocationUpdateSerializer(AllocationSerializer):
    class Meta(AllocationSerializer.Meta):
        read_only_fields = ["pledge", "roadmap_item", "created_by", "created_at"]


class OrderSerializer(ScopedModelSerializer):
    value_eur = serializers.DecimalField(**MONEY)

    class Meta:
        model = Order
        fields = [
            "id",
            "roadmap_item",
            "supplier",
            "contract_reference",
            "value",
            "currency",
            "value_eur",
            "ordered_on",
            "quantity",
            "note",
            "source",
            "is_illustrative",
        ]
        validators = []


class DeliverySerializer(ScopedModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)
    roadmap_item = serializers.IntegerField(source="order.roadmap_item_id", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "order",
            "roadmap_item",
            "quantity",
            "expected_on",
            "delivered_on",
            "is_overdue",
            "note",
            "source",
            "is_illustrative",
        ]
