"""created_at / updated_at (coalition.models.Timestamped): kept by every write path, shown by every resource,
and back-filled sensibly for rows that existed before the columns."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.serializers import ModelSerializer

from coalition.models import Participant, Timestamped
from coalition.tests.factories import ParticipantFactory
from coalition.urls import router


def _age(obj, **delta):
    """Push the row's timestamps into the past, so a later write is visible as a change."""
    past = timezone.now() - timedelta(**delta)
    type(obj).objects.filter(pk=obj.pk).update(created_at=past, updated_at=past)
    obj.refresh_from_db()
    return past


@pytest.mark.django_db
class TestUpdatedAtMoves:
    def test_save_moves_updated_at_not_created_at(self):
        participant = ParticipantFactory(code="EE", name="Estonia")
        past = _age(participant, hours=2)
        participant.name = "Republic of Estonia"
        participant.save()
        participant.refresh_from_db()
        assert participant.created_at == past
        assert participant.updated_at > past + timedelta(hours=1)

    def test_save_with_update_fields_moves_updated_at(self):
        participant = ParticipantFactory(code="EE", name="Estonia")
        past = _age(participant, hours=2)
        participant.name = "Eesti"
        participant.save(update_fields=["name"])
        participant.refresh_from_db()
        assert participant.updated_at > past + timedelta(hours=1)

    def test_queryset_update_moves_updated_at(self):
        participant = ParticipantFactory(code="EE", name="Estonia")
        past = _age(participant, hours=2)
        Participant.objects.filter(pk=participant.pk).update(name="Eesti")
        participant.refresh_from_db()
        assert participant.updated_at > past + timedelta(hours=1)
        assert participant.created_at == past

    def test_history_rows_carry_the_timestamps(self):
        participant = ParticipantFactory(code="EE", name="Estonia")
        record = participant.history.latest()
        assert record.created_at == participant.created_at
        assert record.updated_at == participant.updated_at


def _resources():
    """(prefix, viewset) of every API resource whose model keeps timestamps."""
    for prefix, viewset, _basename in router.registry:
        if getattr(viewset, "queryset", None) is not None and issubclass(viewset.queryset.model, Timestamped):
            yield prefix, viewset


def test_every_api_model_keeps_timestamps():
    """Every model behind a router resource is Timestamped (a new resource cannot forget them)."""
    missing = [
        prefix
        for prefix, viewset, _ in router.registry
        if getattr(viewset, "queryset", None) is not None
        and not issubclass(viewset.queryset.model, Timestamped)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("prefix", "viewset"), list(_resources()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_resource_shows_timestamps_read_only(prefix, viewset):
    view = viewset()
    view.action, view.request, view.format_kwarg, view.kwargs = "retrieve", None, None, {}
    serializer_class = view.get_serializer_class()
    assert issubclass(serializer_class, ModelSerializer)
    fields = serializer_class().fields
    for name in ("created_at", "updated_at"):
        assert name in fields, f"{prefix}: {name} missing"
        assert fields[name].read_only, f"{prefix}: {name} writable"


@pytest.mark.django_db
def test_api_shows_utc_timestamps_and_ignores_no_writes(world, api_client_for):
    client = api_client_for(world.users.admin)
    body = client.get(f"/api/v1/participants/{world.participants.ee.pk}/").json()
    assert body["created_at"].endswith("Z") and body["updated_at"].endswith("Z")
    assert body["updated_at"] >= body["created_at"]


@pytest.mark.django_db(transaction=True)
def test_backfill_takes_dates_from_history_and_own_fields():
    """Rows made before the migration get their first/last history dates (registry) or their own fields
    (summary jobs), not the migration's time."""
    executor = MigrationExecutor(connection)
    before = [("coalition", "0001_initial"), ("summaries", "0003_beat_schedule")]
    after = [("coalition", "0003_timestamps_backfill"), ("summaries", "0005_timestamps_backfill")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    created = timezone.now() - timedelta(days=30)
    changed = timezone.now() - timedelta(days=3)
    coalition = old.get_model("coalition", "Coalition").objects.create(name="C", short_name="C", slug="c")
    history = old.get_model("coalition", "HistoricalCoalition")
    for date, kind in ((created, "+"), (changed, "~")):
        history.objects.create(
            id=coalition.pk, name="C", short_name="C", slug="c", history_date=date, history_type=kind
        )
    finished = timezone.now() - timedelta(days=2)
    job = old.get_model("summaries", "SummaryJob").objects.create(
        coalition_id=coalition.pk, trigger="on_demand", state="succeeded", finished_at=finished
    )
    requested = timezone.now() - timedelta(days=2, hours=1)
    old.get_model("summaries", "SummaryJob").objects.filter(pk=job.pk).update(requested_at=requested)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    row = new.get_model("coalition", "Coalition").objects.get(pk=coalition.pk)
    assert (row.created_at, row.updated_at) == (created, changed)
    records = new.get_model("coalition", "HistoricalCoalition").objects.order_by("history_date")
    assert [(r.created_at, r.updated_at) for r in records] == [(created, created), (created, changed)]
    job = new.get_model("summaries", "SummaryJob").objects.get(pk=job.pk)
    assert (job.created_at, job.updated_at) == (requested, finished)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
