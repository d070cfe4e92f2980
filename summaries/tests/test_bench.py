"""The summary benchmark's generator and comparison still run (tiny scale): PostgreSQL only."""

import pytest
from django.db import connection

from summaries import bench

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark is for PostgreSQL"),
]


def test_a_tiny_benchmark_runs_and_the_summary_equals_the_hand_written_sql(settings):
    settings.SUMMARY_ON_CHANGE = False
    lines = []
    largest = bench.generate(0.002, seed=3, out=lines.append, analyze=False)  # 200 pledges, ~400 payments
    ratio = bench.run(largest, repeats=1, out=lines.append)  # raises when the figures differ
    assert ratio > 0 and any("ratio summary / hand-written" in line for line in lines)
