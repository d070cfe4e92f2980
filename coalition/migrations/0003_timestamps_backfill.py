"""Existing rows get dates from their own fields and change history, not the migration's time.

Apart from 0002_timestamps: on PostgreSQL, rows updated in the transaction that creates an index on the same table
fail with "pending trigger events" (deferred foreign-key checks).
"""

from django.db import migrations

from coalition.migration_support import backfill_timestamps


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0002_timestamps"),
    ]

    operations = [
        backfill_timestamps(
            "coalition",
            keep_created=["Participant"],
        ),
    ]
