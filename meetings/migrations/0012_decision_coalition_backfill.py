"""Decisions now belong to a coalition and carry their date (a written procedure's decision has no
meeting): existing ones, all taken at meetings, get their meeting's coalition and local date, in the rows
and in their change history. Reversible: the reverse leaves the columns as they are (the next migration
back makes them nullable again)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations


def backfill(apps, schema_editor):
    zone = ZoneInfo(settings.TIME_ZONE)
    meeting_model = apps.get_model("meetings", "Meeting")
    meetings = {m.pk: m for m in meeting_model.objects.all()}
    for name in ("Decision", "HistoricalDecision"):
        model = apps.get_model("meetings", name)
        for decision in model.objects.filter(coalition__isnull=True) | model.objects.filter(decided_on__isnull=True):
            meeting = meetings.get(decision.meeting_id)
            if meeting is None:
                continue
            model.objects.filter(pk=decision.pk).update(
                coalition_id=meeting.coalition_id, decided_on=meeting.starts_at.astimezone(zone).date()
            )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_written_procedures")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
