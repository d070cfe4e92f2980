"""The Django admin for staff. Figures and lifecycle fields (amounts, currencies, status and its dates,
the delegate's review, payments and their over-payment overrides, rates) are read-only here: they change
only through the services — the portal's pages, the API, or the admin actions below, which call them — so
the rules (transitions logged and dated, reviews reset, payments and allocations within the pledge, rates
within their band) hold on this path too. Free text (purpose, notes, sources) stays editable."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coalition.errors import Conflict
from contributions import services
from contributions.models import Disbursement, FxRate, Pledge, PledgeReview, PledgeTransition, ReportedTotal

PLEDGE_LOCKED = [
    "coalition",
    "donor",
    "kind",
    "amount",
    "currency",
    "status",
    "announced_on",
    "confirmed_on",
    "committed_on",
    "fulfilled_on",
    "withdrawn_on",
    "review_status",
    "review_comment",
    "reviewed_by",
    "reviewed_at",
    "reviewed_figures",
]


def _refusal(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(getattr(exc, "message", exc))


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0
    fields = ["amount", "currency", "amount_in_pledge_currency", "paid_on", "reference", "overpayment_reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _transition_action(status, label):
    def action(modeladmin, request, queryset):
        moved = 0
        for pledge in queryset:
            try:
                services.pledge_transition(
                    actor=request.user, pledge=pledge, to_status=status, on=timezone.localdate()
                )
            except (ValidationError, Conflict, PermissionDenied) as exc:
                modeladmin.message_user(request, f"{pledge}: {_refusal(exc)}", messages.ERROR)
            else:
                moved += 1
        if moved:
            modeladmin.message_user(
                request, _("%(n)d pledge(s) moved to %(s)s.") % {"n": moved, "s": label}, messages.SUCCESS
            )

    action.__name__ = f"mark_{status}"
    return admin.action(description=_("Mark %(s)s today (a logged transition)") % {"s": label})(action)


@admin.register(Pledge)
class PledgeAdmin(SimpleHistoryAdmin):
    list_display = ["donor", "coalition", "amount", "currency", "status", "review_status", "announced_on"]
    list_filter = ["coalition", "status", "kind", "review_status", "currency", "is_illustrative"]
    search_fields = ["donor__name", "donor__code", "purpose", "source", "external_reference"]
    list_select_related = ["donor", "coalition"]
    raw_id_fields = ["announced_at"]
    readonly_fields = PLEDGE_LOCKED
    inlines = [DisbursementInline]
    actions = [
        _transition_action(status, label)
        for status, label in Pledge.Status.choices
        if status != Pledge.Status.ANNOUNCED
    ]

    def has_add_permission(self, request):
        return False  # a pledge is recorded on the portal (pledge_create checks donor, dates, status)

    def delete_model(self, request, obj):
        try:
            services.pledge_delete(actor=request.user, pledge=obj)
        except (Conflict, PermissionDenied) as exc:
            self.message_user(request, f"{obj}: {_refusal(exc)}", messages.ERROR)

    def delete_queryset(self, request, queryset):
        for pledge in queryset:
            self.delete_model(request, pledge)


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "amount", "currency", "amount_in_pledge_currency", "paid_on", "reference"]
    list_select_related = ["pledge", "pledge__donor"]
    readonly_fields = [
        "pledge",
        "amount",
        "currency",
        "amount_in_pledge_currency",
        "fx_rate_paid",
        "fx_rate_pledge",
        "fx_rate_date",
        "paid_on",
        "overpayment_reason",
        "overpayment_approved_by",
    ]

    def has_add_permission(self, request):
        return False  # recorded through disbursement_create (currency conversion, over-payment rule)

    def has_delete_permission(self, request, obj=None):
        return False  # removed through disbursement_delete (a fulfilled pledge keeps its payments)


@admin.register(PledgeTransition)
class PledgeTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "from_status", "to_status", "effective_on", "recorded_by", "recorded_at"]
    raw_id_fields = ["pledge", "recorded_by"]

    # A log: written by the services, never by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PledgeReview)
class PledgeReviewAdmin(PledgeTransitionAdmin):
    list_display = ["pledge", "action", "by", "at"]
    raw_id_fields = ["pledge", "by"]


@admin.register(FxRate)
class FxRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "date", "published_rate", "source", "published_on", "outlier_confirmed"]
    list_filter = ["currency", "outlier_confirmed"]
    date_hierarchy = "date"
    readonly_fields = ["currency", "date", "rate", "places", "outlier_confirmed"]

    def has_add_permission(self, request):
        return False  # added on the portal or loaded from a file: both check the rate's band


@admin.register(ReportedTotal)
class ReportedTotalAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "qualifier", "amount", "currency", "stated_text"]
    raw_id_fields = ["meeting"]
