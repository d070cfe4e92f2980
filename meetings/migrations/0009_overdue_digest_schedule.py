"""Register the weekly digest of overdue action items: Mondays at 07:00 in the portal's time zone.

The task is idempotent (one e-mail per address and ISO week, see meetings.models.NotificationLog).
"""

from django.conf import settings
from django.db import migrations

TASK_NAME = "meetings: weekly digest of overdue action items"
TASK_PATH = "meetings.tasks.send_overdue_digests"


def register(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    monday_morning, _ = crontab_model.objects.get_or_create(
        minute="0", hour="7", day_of_week="1", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    if not task_model.objects.filter(name=TASK_NAME).exists():
        task_model.objects.create(
            name=TASK_NAME,
            task=TASK_PATH,
            crontab=monday_morning,
            enabled=True,
            description="Each owner's overdue open action items in one e-mail a week.",
        )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_delegations_contacts_registrations"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
