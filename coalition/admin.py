from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coalition.models import ApiToken, Coalition, ExpertGroup, Membership, Participant, UserRole


@admin.register(Coalition)
class CoalitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "beneficiary", "founded_on"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "coalition", "role", "joined_on", "left_on", "is_illustrative"]
    list_filter = ["coalition", "role", "is_illustrative"]
    list_select_related = ["participant", "coalition"]


@admin.register(ExpertGroup)
class ExpertGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "coalition", "lead", "is_illustrative"]
    filter_horizontal = ["members"]


@admin.register(UserRole)
class UserRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "coalition", "kind", "participant"]
    list_filter = ["coalition", "kind"]
    list_select_related = ["user", "coalition", "participant"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    list_filter = ["scope"]
