"""Forget expired Idempotency-Keys every hour (editable in the admin)."""

from django.db import migrations

NAME = "api: forget expired idempotency keys"


def register(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = interval_model.objects.get_or_create(every=1, period="hours")
    if not task_model.objects.filter(name=NAME).exists():
        task_model.objects.create(
            name=NAME,
            task="coalition.tasks.purge_idempotency_keys",
            interval=every_hour,
            enabled=True,
            description="Deletes Idempotency-Keys and their stored answers once API_IDEMPOTENCY_HOURS have passed.",
        )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0006_idempotency_key"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
