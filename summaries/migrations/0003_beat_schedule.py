"""Register the nightly status summaries and the daily briefing-pack build (editable in the admin)."""

from django.conf import settings
from django.db import migrations

SCHEDULES = [
    ("summaries: nightly status summaries", "summaries.tasks.generate_scheduled_summaries", "0", "2",
     "One status summary per coalition, every night at 02:00."),
    ("summaries: briefing packs for coming meetings", "summaries.tasks.build_due_briefing_packs", "30", "6",
     "Builds the briefing pack of each meeting starting within the next days that has none yet."),
]


def register(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour, description in SCHEDULES:
        crontab, _ = crontab_model.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        if not task_model.objects.filter(name=name).exists():
            task_model.objects.create(name=name, task=task, crontab=crontab, enabled=True, description=description)


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, *_ in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("summaries", "0002_briefing_pack"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
