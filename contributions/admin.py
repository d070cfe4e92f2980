from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contributions.models import Disbursement, FxRate, Pledge, PledgeReview, PledgeTransition, ReportedTotal


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0
    fields = ["amount", "currency", "amount_in_pledge_currency", "paid_on", "reference", "overpayment_reason"]
    readonly_fields = fields
    can_delete = False


@admin.register(Pledge)
class PledgeAdmin(SimpleHistoryAdmin):
    list_display = ["donor", "coalition", "amount", "currency", "status", "review_status", "announced_on"]
    list_filter = ["coalition", "status", "kind", "review_status", "currency", "is_illustrative"]
    search_fields = ["donor__name", "donor__code", "purpose", "source"]
    list_select_related = ["donor", "coalition"]
    raw_id_fields = ["announced_at", "reviewed_by"]
    inlines = [DisbursementInline]


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "amount", "currency", "paid_on", "reference"]
    list_select_related = ["pledge", "pledge__donor"]
    raw_id_fields = ["pledge", "overpayment_approved_by"]


@admin.register(PledgeTransition)
class PledgeTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "from_status", "to_status", "effective_on", "recorded_by", "recorded_at"]
    raw_id_fields = ["pledge", "recorded_by"]


@admin.register(PledgeReview)
class PledgeReviewAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "action", "by", "at"]
    raw_id_fields = ["pledge", "by"]


@admin.register(FxRate)
class FxRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "date", "rate", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"


@admin.register(ReportedTotal)
class ReportedTotalAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "qualifier", "amount", "currency", "stated_text"]
    raw_id_fields = ["meeting"]
