from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    Decision,
    Invitation,
    Meeting,
    Minutes,
    MinutesRevision,
    NotificationLog,
    NotificationPreference,
)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "coalition", "number", "starts_at", "status", "is_illustrative"]
    list_filter = ["coalition", "status", "format"]
    search_fields = ["title", "place"]
    filter_horizontal = ["chairs"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "participant", "user", "response", "persons", "responded_at"]
    list_filter = ["response"]
    list_select_related = ["meeting", "participant", "user"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "participant", "role", "is_illustrative"]
    list_filter = ["role", "is_illustrative"]
    list_select_related = ["meeting", "participant"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "position", "title", "presenter"]
    list_select_related = ["meeting", "presenter"]


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "agenda_item", "size", "uploaded_at"]
    readonly_fields = ["file", "original_name", "content_type", "size", "sha256"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "number", "text", "is_illustrative"]
    list_select_related = ["meeting"]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "owner_participant", "owner_user", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting", "owner_participant", "owner_user"]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "status", "approved_at_meeting"]
    list_filter = ["status"]


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
