"""Register the job that concludes written procedures at their deadline: every minute, it adopts (or marks
failed) each circulated procedure whose deadline has passed. Concluding is idempotent."""

from django.db import migrations

TASK_NAME = "meetings: conclude written procedures at their deadline"
TASK_PATH = "meetings.tasks.conclude_written_procedures"


def register(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = interval_model.objects.get_or_create(every=1, period="minutes")
    if not task_model.objects.filter(name=TASK_NAME).exists():
        task_model.objects.create(
            name=TASK_NAME,
            task=TASK_PATH,
            interval=every_minute,
            enabled=True,
            description="Adopts a written procedure whose silence held, or marks it failed, once its deadline passed.",
        )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0013_decision_coalition_required"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
