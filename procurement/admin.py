from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procurement.models import Allocation, CapabilityArea, Delivery, Order, RoadmapItem, RoadmapItemTransition


@admin.register(CapabilityArea)
class CapabilityAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "coalition", "position"]
    list_filter = ["coalition"]


class TransitionInline(admin.TabularInline):
    model = RoadmapItemTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "on", "note", "actor", "recorded_at"]
    can_delete = False


@admin.register(RoadmapItem)
class RoadmapItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "coalition",
        "planned_year",
        "planned_quarter",
        "priority",
        "status",
        "is_illustrative",
    ]
    list_filter = ["coalition", "status", "planned_year", "capability_area", "is_illustrative"]
    list_select_related = ["coalition"]
    search_fields = ["title"]
    readonly_fields = ["status", "status_changed_on"]  # changed only by a logged transition
    inlines = [TransitionInline]


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "roadmap_item", "amount", "created_by", "created_at"]
    list_select_related = ["pledge__donor", "roadmap_item"]
    raw_id_fields = ["pledge", "roadmap_item"]

    # Allocations are made through procurement.services, which locks the pledge and checks its amount.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "contract_reference", "roadmap_item", "value", "currency", "ordered_on"]
    list_select_related = ["roadmap_item"]


@admin.register(Delivery)
class DeliveryAdmin(SimpleHistoryAdmin):
    list_display = ["order", "quantity", "expected_on", "delivered_on"]
    list_select_related = ["order__roadmap_item"]
