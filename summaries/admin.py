from django.contrib import admin

from summaries.models import BriefingPack, StatusSnapshot, SummaryJob


@admin.register(SummaryJob)
class SummaryJobAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "coalition", "trigger", "state", "attempts", "finished_at"]
    list_filter = ["coalition", "trigger", "state"]
    readonly_fields = [f.name for f in SummaryJob._meta.fields]


@admin.register(StatusSnapshot)
class StatusSnapshotAdmin(admin.ModelAdmin):
    list_display = ["generated_at", "coalition", "data_as_of", "duration_ms"]
    list_filter = ["coalition"]
    readonly_fields = [f.name for f in StatusSnapshot._meta.fields]


@admin.register(BriefingPack)
class BriefingPackAdmin(admin.ModelAdmin):
    list_display = ["generated_at", "meeting"]
    readonly_fields = [f.name for f in BriefingPack._meta.fields]
