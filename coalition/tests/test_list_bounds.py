"""Lists whose work does not grow with the rows skipped or stored (issue 12).

On the benchmark generator's data at a tiny scale: a deep page of an API list runs the same queries as the
first, and the query that chooses the page computes no figure (no rate lookup, no sum of payments or
allocations) — figures are computed for the page's rows only. A page renders at most its page of rows."""

import base64
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import ApiToken
from coalition.services import api_token_create

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark generator is for PostgreSQL"),
]


def _computes_figures(sql: str) -> bool:
    """A correlated subquery (a rate lookup, a sum of payments or allocations) in the SELECT list."""
    return "SELECT" in sql.split(" FROM ", 1)[0][len("SELECT") :]


@pytest.fixture
def bench(settings, capsys):
    from django.contrib.auth import get_user_model

    settings.SUMMARY_ON_CHANGE = False
    call_command("generate_benchmark_data", "--scale", "0.003", "--seed", "4")
    capsys.readouterr()
    user = get_user_model().objects.get(username="bench")
    _token, secret = api_token_create(user=user, scope=ApiToken.Scope.READ, name="test")
    return {"user": user, "auth": f"Bearer {secret}"}


def _deep_cursor(model, fraction=0.8):
    rows = list(model.objects.order_by("-created_at", "-pk").values_list("created_at", flat=True))
    position = rows[int(len(rows) * fraction)]
    return base64.b64encode(urlencode({"p": str(position)}).encode()).decode(), len(rows)


@pytest.mark.parametrize("api", ["pledges", "disbursements", "allocations"])
def test_a_deep_cursor_page_costs_what_the_first_costs(bench, client, api, django_assert_max_num_queries):
    from contributions.models import Disbursement, Pledge
    from procurement.models import Allocation

    model = {"pledges": Pledge, "disbursements": Disbursement, "allocations": Allocation}[api]
    cursor, total = _deep_cursor(model)
    assert total > 100
    client.get(f"/api/v1/{api}/", {"page_size": 1}, HTTP_AUTHORIZATION=bench["auth"])  # token first used
    counts = []
    for params in ({"page_size": 20}, {"page_size": 20, "cursor": cursor}):
        with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(6):
            answer = client.get(f"/api/v1/{api}/", params, HTTP_AUTHORIZATION=bench["auth"])
        assert answer.status_code == 200 and len(answer.json()["results"]) == 20
        # The query that picks the page ends with its LIMIT (the rows read back by id have none).
        picking = [q["sql"] for q in captured.captured_queries if re.search(r"LIMIT \d+$", q["sql"])]
        assert picking, "no paginating query"
        for sql in picking:
            assert not _computes_figures(sql), sql  # no figure for the rows skipped or sorted
            assert "OFFSET" not in sql, sql  # the cursor is a WHERE on the index, not a skip
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_deep_numbered_page_of_roadmap_items_computes_figures_for_its_rows_only(bench, client):
    from procurement.models import RoadmapItem

    pages = RoadmapItem.objects.count() // 10
    assert pages >= 5
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(
            "/api/v1/roadmap-items/", {"page_size": 10, "page": pages}, HTTP_AUTHORIZATION=bench["auth"]
        )
    assert answer.status_code == 200 and len(answer.json()["results"]) == 10
    offset = [q["sql"] for q in captured.captured_queries if re.search(r"OFFSET \d+$", q["sql"])]
    assert offset, "no paginating query"
    for sql in offset:
        assert not _computes_figures(sql), sql


def test_the_pledge_list_page_renders_one_page_of_rows_however_many_pledges(bench, client):
    from coalition.models import Coalition
    from contributions.models import Pledge

    coalition = Coalition.objects.get(slug="bench-0")
    assert Pledge.objects.filter(coalition=coalition).count() > 60
    client.force_login(bench["user"])
    answer = client.get(f"/c/{coalition.slug}/pledges/")
    assert answer.status_code == 200
    assert len(answer.context["page_obj"].object_list) <= 50
    assert answer.content.decode().count("/pledges/") < 400  # links of one page, not of every pledge
