"""The schedules django-celery-beat runs are registered by migration and point at real tasks."""

import pytest
from django_celery_beat.models import PeriodicTask

from coalition.celery import app

pytestmark = pytest.mark.django_db  # not transactional: the rows come from data migrations


def test_nightly_summaries_and_daily_briefing_packs_are_scheduled():
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    nightly = tasks["summaries: nightly status summaries"]
    packs = tasks["summaries: briefing packs for coming meetings"]
    assert (nightly.crontab.hour, nightly.crontab.minute, nightly.enabled) == ("2", "0", True)
    assert (packs.crontab.hour, packs.crontab.minute) == ("6", "30")
    app.loader.import_default_modules()
    for task in PeriodicTask.objects.all():
        assert task.task in app.tasks, f"{task.name} points at an unknown task {task.task}"
