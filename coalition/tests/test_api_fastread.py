"""The fast read path (coalition.api.fastread) answers every API list with the very bytes DRF's serializers
produce: each list endpoint is rendered both ways over varied rows (nulls, undisclosed amounts, missing
rates, illustrative rows, every status, non-ASCII text) and compared, ETag included."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from coalition.api import fastlist, fastread
from coalition.tests.factories import CoalitionFactory
from contributions.models import Pledge
from contributions.tests.factories import DisbursementFactory, FxRateFactory, PledgeFactory
from procurement.models import RoadmapItem
from procurement.tests.factories import AllocationFactory, RoadmapItemFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark data is for PostgreSQL"),
]

BENCH_LISTS = ["pledges", "disbursements", "action-items", "allocations", "roadmap-items", "meetings"]


@pytest.fixture
def varied(world, settings, capsys):
    """The benchmark generator's rows (every model, many statuses) and the edge cases it may not draw."""
    settings.SUMMARY_ON_CHANGE = False
    call_command("generate_benchmark_data", "--scale", "0.003", "--seed", "3")
    capsys.readouterr()
    coalition, ee = world.coalition, world.participants.ee
    FxRateFactory(currency="USD", date=datetime.date(2024, 1, 2), rate=Decimal("1.0912"))
    for number, status in enumerate(Pledge.Status.values):
        PledgeFactory(
            coalition=coalition,
            donor=ee,
            status=status,
            currency="USD",
            amount=Decimal("1234.5") if number % 2 else None,  # undisclosed every other one
            purpose="Розмінування — Ærø, 雷",
            note="",
            is_illustrative=bool(number % 2),
        )
    no_rate = PledgeFactory(coalition=coalition, donor=ee, currency="XOF", status=Pledge.Status.CONFIRMED)
    DisbursementFactory(pledge=no_rate, note="payé à Genève", amount=Decimal("0.01"))
    for status in RoadmapItem.Status.values:
        item = RoadmapItemFactory(
            coalition=coalition, status=status, estimated_cost_low=None, estimated_cost_high=None, note="ß"
        )
    AllocationFactory(pledge=no_rate, roadmap_item=item, amount=Decimal("0.50"))
    # (an existing participant: a new one would move ParticipantFactory's code sequence for later tests)
    PledgeFactory(coalition=CoalitionFactory(), donor=world.participants.fr, amount=None)
    return world


def _list_routes():
    from coalition.urls import router

    return [(prefix, basename) for prefix, viewset, basename in router.registry if hasattr(viewset, "list")]


def _walk(client, url, params, pages=3):
    """The first pages of a list (following `next`), as (status, ETag, bytes) each."""
    answers = []
    for _ in range(pages):
        response = client.get(url, params)
        answers.append((response.status_code, response.get("ETag"), response.content))
        body = response.json() if response.status_code == 200 else None
        url = body.get("next") if isinstance(body, dict) else None
        if not (isinstance(url, str) and url.startswith("http")):  # /changes/ answers a bare cursor
            break
        params = None
    return answers


def _both_ways(client, url, params, monkeypatch):
    fast = _walk(client, url, params)
    with monkeypatch.context() as patch:
        patch.setattr(fastlist.FastListMixin, "fast_list", lambda self, request: None)
        slow = _walk(client, url, params)
    return fast, slow


def test_every_list_answers_the_same_bytes_both_ways_and_the_large_ones_go_fast(
    varied, api_client_for, monkeypatch
):
    for who in ("admin", "secretariat", "delegate_ee"):
        client = api_client_for(getattr(varied.users, who), scope="read")
        compared = 0
        for prefix, basename in _list_routes():
            url = reverse(f"{basename}-list")
            fast, slow = _both_ways(client, url, {"page_size": 7}, monkeypatch)
            assert fast == slow, (who, prefix)
            compared += sum(len(page[2]) > 100 for page in fast)
        assert compared >= (20 if who == "admin" else 8), who  # lists with rows, not only empty answers

    client = api_client_for(varied.users.admin, scope="read")
    for api in BENCH_LISTS:  # filtered, one large page: the fast path answers, with DRF's bytes
        params = {"page_size": 500} | ({"status": "confirmed"} if api == "pledges" else {})
        fast, slow = _both_ways(client, f"/api/v1/{api}/", params, monkeypatch)
        assert fast == slow and fast[0][0] == 200, api
        assert fast[0][2].count(b'"id":') >= 3, api
    plans = {key[0].__name__: plan for key, plan in fastread._plans.items() if plan}
    for name in (
        "PledgeSerializer",
        "DisbursementSerializer",
        "AllocationSerializer",
        "ActionItemSerializer",
        "RoadmapItemSerializer",
        "MeetingSerializer",
    ):
        assert plans[name].fallback == [], name  # no model instance read: every field compiled
    assert plans["MeetingSerializer"].many == ["chairs"]  # DRF's field over the plain prefetch

    first = client.get("/api/v1/pledges/")
    again = client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    html = client.get("/api/v1/pledges/", HTTP_ACCEPT="text/html")  # the browsable API: through DRF
    assert html.status_code == 200 and b"<html" in html.content.lower()


def test_a_field_the_compiler_does_not_know_is_rendered_by_drf():
    from rest_framework import serializers

    from coalition.api.base import ScopedModelSerializer

    class Odd(serializers.CharField):
        def to_representation(self, value):
            return f"<{value}>"

    class OddPledgeSerializer(ScopedModelSerializer):
        purpose = Odd()
        donor_name = serializers.CharField(source="donor.name")  # not null: a join
        coalition_name = serializers.SerializerMethodField()  # no fast_read_attrs: DRF

        class Meta:
            model = Pledge
            fields = ["id", "purpose", "donor_name", "coalition_name"]

        def get_coalition_name(self, obj) -> str:
            return obj.coalition.name

    plan = fastread.Plan(OddPledgeSerializer(), Pledge, frozenset())
    assert plan.fallback == ["purpose", "coalition_name"]
    assert "donor__name" in plan.lookups


def test_a_custom_prefetch_of_a_listed_relation_leaves_the_list_to_drf():
    from django.db.models import Prefetch

    from coalition.models import Participant
    from meetings.models import Meeting

    plain = Meeting.objects.prefetch_related("chairs")
    custom = Meeting.objects.prefetch_related(Prefetch("chairs", queryset=Participant.objects.filter(pk=0)))
    assert fastlist._plain_prefetches(plain, ["chairs"])
    assert fastlist._plain_prefetches(Meeting.objects.all(), ["chairs"])
    assert not fastlist._plain_prefetches(custom, ["chairs"])
