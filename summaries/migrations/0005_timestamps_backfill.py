"""Existing rows get dates from their own fields and change history, not the migration's time.

Apart from 0004_timestamps: on PostgreSQL, rows updated in the transaction that creates an index on the same table
fail with "pending trigger events" (deferred foreign-key checks).
"""

from django.db import migrations

from coalition.migration_support import backfill_timestamps


class Migration(migrations.Migration):
    dependencies = [
        ("summaries", "0004_timestamps"),
    ]

    operations = [
        backfill_timestamps(
            "summaries",
            created_from={"SummaryJob": "requested_at", "StatusSnapshot": "generated_at"},
            updated_from={"SummaryJob": ["finished_at", "started_at"]},
        ),
    ]
