"""The Django admin for staff. Lifecycle fields (status, closing and approval times, answers, numbers) are
read-only here: they change only through the services, which the admin actions call."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coalition.errors import Conflict
from meetings import services
from meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    ClassificationMarking,
    Contact,
    Decision,
    DistributionList,
    DocumentVersion,
    Invitation,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesRevision,
    NotificationLog,
    NotificationPreference,
    Registration,
    WrittenProcedure,
)


def _run_service(modeladmin, request, queryset, service, instance_name, done):
    """Call `service` for each selected record as the signed-in user; report each refusal by name."""
    count = 0
    for obj in queryset:
        try:
            service(actor=request.user, **{instance_name: obj})
        except (ValidationError, Conflict, PermissionDenied) as exc:
            text = (
                " ".join(exc.messages)
                if isinstance(exc, ValidationError)
                else str(getattr(exc, "message", exc))
            )
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"n": count}, messages.SUCCESS)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "coalition", "number", "starts_at", "status", "is_illustrative"]
    list_filter = ["coalition", "status", "format"]
    search_fields = ["title", "place"]
    filter_horizontal = ["chairs"]
    actions = ["mark_held", "cancel"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "cancellation_reason", "ical_sequence"]
        if obj is not None and obj.status == Meeting.Status.HELD:
            fields += ["starts_at", "ends_at"]  # a held meeting keeps its dates
        return fields

    @admin.action(description=_("Mark as held (once started)"))
    def mark_held(self, request, queryset):
        _run_service(
            self, request, queryset, services.meeting_mark_held, "meeting", _("%(n)s marked as held.")
        )

    @admin.action(description=_("Cancel (planned meetings that have not started)"))
    def cancel(self, request, queryset):
        _run_service(self, request, queryset, services.meeting_cancel, "meeting", _("%(n)s cancelled."))


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "participant", "user", "response", "persons", "responded_at"]
    list_filter = ["response"]
    list_select_related = ["meeting", "participant", "user"]
    readonly_fields = ["response", "persons", "responded_at", "responded_by"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "participant", "role", "is_illustrative"]
    list_filter = ["role", "is_illustrative"]
    list_select_related = ["meeting", "participant"]
    readonly_fields = ["role"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "position", "title", "presenter"]
    list_select_related = ["meeting", "presenter"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = [
        "number",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "uploaded_by",
        "note",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # versions are uploaded through the portal, checked for type and size


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agenda_item", "classification", "visibility", "participant", "uploaded_at"]
    list_filter = ["visibility", "classification"]
    readonly_fields = ["current_version", "uploaded_by"]
    inlines = [DocumentVersionInline]


@admin.register(ClassificationMarking)
class ClassificationMarkingAdmin(SimpleHistoryAdmin):
    list_display = ["label", "coalition", "position", "is_default", "is_active"]
    list_filter = ["coalition", "is_active"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "participant", "coalition", "delegation_role", "email", "is_active"]
    list_filter = ["coalition", "delegation_role", "is_active"]
    search_fields = ["name", "email", "function"]


@admin.register(DistributionList)
class DistributionListAdmin(SimpleHistoryAdmin):
    list_display = ["name", "coalition", "is_rule_based"]
    filter_horizontal = ["extra_contacts"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "invitation", "mode", "needs_badge", "needs_visa_letter"]
    list_filter = ["mode", "needs_badge", "needs_visa_letter"]
    readonly_fields = ["registered_by"]


@admin.register(MinutesComment)
class MinutesCommentAdmin(SimpleHistoryAdmin):
    list_display = ["minutes", "paragraph", "participant", "status"]
    list_filter = ["status"]
    readonly_fields = ["minutes", "revision", "quote", "status", "answered_by", "incorporated_in"]


@admin.register(WrittenProcedure)
class WrittenProcedureAdmin(SimpleHistoryAdmin):
    """Status, circulation and outcome change through the services (circulate, break silence, conclude)."""

    list_display = ["reference", "title", "coalition", "status", "deadline"]
    list_filter = ["coalition", "status"]
    readonly_fields = ["status", "deadline", "circulated_by", "outcome_note"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "number", "text", "is_illustrative"]
    list_select_related = ["meeting"]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "owner_participant", "owner_user", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting", "owner_participant", "owner_user"]
    readonly_fields = ["status", "closed_at", "closing_note"]
    actions = ["complete", "drop", "reopen"]

    @admin.action(description=_("Mark as done"))
    def complete(self, request, queryset):
        _run_service(self, request, queryset, services.action_item_complete, "action_item", _("%(n)s done."))

    @admin.action(description=_("Drop"))
    def drop(self, request, queryset):
        _run_service(self, request, queryset, services.action_item_drop, "action_item", _("%(n)s dropped."))

    @admin.action(description=_("Reopen"))
    def reopen(self, request, queryset):
        _run_service(
            self, request, queryset, services.action_item_reopen, "action_item", _("%(n)s reopened.")
        )


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    """Minutes are written on the meeting's page (each text is a revision); here they are only read."""

    list_display = ["meeting", "status", "approved_at_meeting"]
    list_filter = ["status"]
    readonly_fields = ["meeting", "status", "text", "circulated_at", "approved_at", "approved_at_meeting"]

    def has_add_permission(self, request):
        return False


@admin.register(MinutesRevision)
class MinutesRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["minutes", "number", "status", "created_at", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False  # revisions are never changed


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "enabled"]


@admin.register(NotificationLog)
class NotificationLogAdmin(admin.ModelAdmin):
    list_display = ["key", "email", "kind", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["key", "email"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "coalition", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest"]
