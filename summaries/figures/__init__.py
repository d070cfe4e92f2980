"""The figures of one coalition's status summary: aggregates computed by a few set-based SQL statements.

The payload keeps aggregates (per state, stage, currency, quarter; totals; the first few overdue items), never
every row: the rows stay queryable through the API. Its layout is versioned (`schema_version`, see
summaries.payload) and documented in docs/summaries.md; the API serialises it with
summaries.api.serializers.SummaryPayloadSerializer.

`compute_payload(coalition, as_of=moment)` reads the live tables; with `from_history=True` it reads the
change history as it stood at `as_of` instead (summaries.sources), so a briefing pack for a past meeting shows
the figures of that day, not today's.
"""

from datetime import UTC

from django.utils import timezone

from summaries.figures import contributions, meetings, roadmap
from summaries.sources import Source, tuned

SCHEMA_VERSION = 2


def iso_z(moment) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def compute_payload(coalition, *, as_of, from_history: bool = False) -> dict:
    source = Source(history_as_of=as_of if from_history else None)
    with tuned():
        return _payload(coalition, source, as_of, from_history)


def _payload(coalition, source, as_of, from_history) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "coalition": {"id": coalition.pk, "name": coalition.name, "short_name": coalition.short_name},
        "generated_at": iso_z(timezone.now()),
        "data_as_of": iso_z(as_of),
        "figures_from": "history" if from_history else "records",
        "contributions": contributions.section(coalition, source, as_of),
        "roadmap": roadmap.section(coalition, source, as_of),
        "meetings": meetings.section(coalition, source, as_of),
    }
