"""Issue 12's benchmark at a tiny scale (the smoke run of `make test`): the generator fills every model
the benchmark reads, with history, and the raw-SQL baseline answers the same rows and values as the API,
compared the way `make bench` compares them before timing; its table has the printed shape."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark is for PostgreSQL"),
]

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _script(name):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def dataset(settings, capsys):
    settings.SUMMARY_ON_CHANGE = False
    call_command("generate_benchmark_data", "--scale", "0.003", "--seed", "2")
    out, err = capsys.readouterr()
    return {"token": out.strip().splitlines()[-1], "progress": err}


def test_the_generator_fills_every_model_with_history_and_prints_progress(dataset):
    from contributions.models import Disbursement, Pledge, PledgeTransition
    from meetings.models import ActionItem, Decision, Invitation, Meeting
    from procurement.models import Allocation, Delivery, Order, RoadmapItem, RoadmapItemTransition

    for model in (Pledge, Disbursement, PledgeTransition, RoadmapItem, RoadmapItemTransition, Allocation):
        assert model.objects.exists(), model
    for model in (Order, Delivery, Meeting, Decision, Invitation, ActionItem):
        assert model.objects.exists(), model
    pledges = Pledge.objects.count()
    assert 250 <= pledges <= 330  # 100,000 at scale 1
    assert Pledge.history.filter(history_type="+").count() == pledges
    assert ActionItem.history.count() == ActionItem.objects.count()
    # Creation times are spread (the cursor lists walk by them), not one instant for every row.
    assert Pledge.objects.values("created_at").distinct().count() > pledges * 0.9
    for step in ("pledge transitions", "decisions", "invitations", "history rows", "generated"):
        assert step in dataset["progress"]


@pytest.mark.parametrize(
    "api", ["pledges", "disbursements", "action-items", "allocations", "roadmap-items", "meetings"]
)
def test_the_baseline_answers_the_apis_rows_and_values(dataset, client, api):
    from django.contrib.auth import get_user_model

    bench_report, bench_raw = _script("bench_report"), _script("bench_raw")
    user = get_user_model().objects.get(username="bench")
    answer = client.get(f"/api/v1/{api}/", {"page_size": 20}, HTTP_AUTHORIZATION=f"Bearer {dataset['token']}")
    assert answer.status_code == 200
    api_rows = answer.json()["results"]
    with connection.cursor() as cursor:
        raw_rows = json.loads(bench_raw.dumps(bench_raw.fetch(cursor, api, {"user": user.pk, "n": 20})))
    assert len(api_rows) >= 5
    assert bench_report.compare(api_rows, raw_rows, api) >= 6  # ids in the same order, common fields equal


def test_the_table_has_a_line_per_measure_with_ratio_and_growth():
    bench_report = _script("bench_report")
    line = {"what": "API pledges, page 1", "p50": 20.0, "p95": 30.0, "queries": 3, "sql_ms": 4.0}
    line |= {"kib": 70, "ratio": 0.8, "note": "100 rows"}
    printed = bench_report.table({0.1: [line], 1.0: [line | {"p50": 24.0}]})
    header, rule, row = printed.splitlines()
    assert "p50 ms" in header and "growth 0.1→1.0" in header and rule.startswith("|---")
    assert row.startswith("| API pledges, page 1 | 24 | 30 | 3 | 4.0 | 70 | 0.80 | 1.20x |")
