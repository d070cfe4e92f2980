"""Register the periodic task that sends due reminders (meeting reminders, action items coming due).

The task is idempotent (see meetings.models.NotificationLog), so running it hourly is safe.
"""

from django.db import migrations

TASK_NAME = "meetings: send due reminders"
TASK_PATH = "meetings.tasks.send_due_reminders"


def register(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = interval_model.objects.get_or_create(every=1, period="hours")
    if not task_model.objects.filter(name=TASK_NAME).exists():
        task_model.objects.create(
            name=TASK_NAME,
            task=TASK_PATH,
            interval=hourly,
            enabled=True,
            description="Reminders with the agenda before meetings and reminders of action items coming due.",
        )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_details_attendance_agenda_minutes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
