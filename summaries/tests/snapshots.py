"""Snapshots for tests: computed from the data (the current layout), or an old layout written as it was."""

from django.utils import timezone

from summaries.figures import compute_payload
from summaries.models import StatusSnapshot

# A version-1 payload as the portal wrote them before the aggregates-only layout (abridged).
LEGACY_PAYLOAD = {
    "version": 1,
    "coalition": {"id": 0, "name": "IT Coalition", "short_name": "ITC"},
    "generated_at": "2026-01-01T00:00:00+00:00",
    "data_as_of": "2026-01-01T00:00:00+00:00",
    "contributions": {
        "totals": {"pledged_eur": "10.00", "outstanding_eur": "-4.00", "undisclosed": 0},
        "by_state": [{"donor_id": 1, "donor__code": "EE", "donor__name": "Estonia", "pledged_eur": "10.00"}],
        "reported_totals": [],
        "review": [],
    },
    "roadmap": {"totals": {}, "by_status": [], "by_quarter": [], "overdue_deliveries": []},
    "meetings": {"upcoming": [], "action_items": {"open": 0, "overdue": 0, "overdue_items": []}},
    "pledges": [{"id": 1, "donor": "EE", "amount": "10.00", "currency": "EUR", "status": "confirmed"}],
    "roadmap_items": [],
}


def snapshot(coalition, *, at=None, **fields):
    """A snapshot of the coalition's figures now (or at a past moment `at`, from the history)."""
    payload = compute_payload(coalition, as_of=at or timezone.now(), from_history=at is not None)
    at = at or timezone.now()
    return StatusSnapshot.objects.create(
        coalition=coalition,
        generated_at=fields.pop("generated_at", timezone.now()),
        data_as_of=at,
        payload=payload,
        schema_version=payload["schema_version"],
        duration_ms=3,
        **fields,
    )


def legacy_snapshot(coalition, *, at=None):
    at = at or timezone.now() - timezone.timedelta(days=30)
    return StatusSnapshot.objects.create(
        coalition=coalition,
        generated_at=at,
        data_as_of=at,
        payload={**LEGACY_PAYLOAD, "coalition": {**LEGACY_PAYLOAD["coalition"], "id": coalition.pk}},
        schema_version=1,
        duration_ms=3,
    )
