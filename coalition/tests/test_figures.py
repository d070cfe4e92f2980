"""Figures that cannot mislead (coalition.figures): one money component for every page."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from coalition import figures
from summaries.charts import bar_chart


def test_undisclosed_and_missing_rates_never_read_as_zero():
    assert "undisclosed" in figures.money(None, "EUR")
    assert "0.00" not in figures.money(None, "EUR")
    assert "no rate" in figures.eur(None)
    assert figures.money(Decimal("0"), "EUR", undisclosed=6) == '<span class="unknown">6 undisclosed</span>'


def test_a_total_with_undisclosed_parts_reads_at_least():
    text = figures.money(Decimal("2011020.39"), "EUR", cents=False, undisclosed=3)
    assert text.startswith("at least 2,011,020 EUR") and "+ 3 undisclosed" in text
    both = figures.money(Decimal("10"), "EUR", undisclosed=1, unconverted=2)
    assert "1 undisclosed + 2 without rate" in both


def test_whole_units_on_overviews_and_cents_on_records():
    assert figures.money(Decimal("1234567.5"), "EUR") == "1,234,567.50 EUR"
    assert figures.money(Decimal("1234567.5"), "EUR", cents=False) == "1,234,568 EUR"
    assert figures.compact(Decimal("2005000000")) == "2.01 bn"
    assert figures.compact(Decimal("804408.16")) == "804 k"


def test_illustrative_figures_are_marked():
    assert "(illustrative)" in figures.money(Decimal("15000000"), "DKK", illustrative=True)


def test_grouping_follows_the_language():
    with translation.override("uk"):
        text = figures.money(Decimal("1234567.5"), "EUR")
    assert text != "1,234,567.50 EUR" and "567" in text


@pytest.mark.django_db
def test_facts_only_is_a_query_switch_kept_in_the_session(client):
    factory = RequestFactory()
    request = factory.get("/x/?facts=1")
    request.session = {}
    assert figures.facts_only(request) is True and request.session[figures.SESSION_KEY] is True
    later = factory.get("/y/")
    later.session = request.session
    assert figures.facts_only(later) is True
    off = factory.get("/y/?facts=0")
    off.session = request.session
    assert figures.facts_only(off) is False and request.session[figures.SESSION_KEY] is False


def test_one_notice_instead_of_a_badge_on_every_name():
    class Record:
        def __init__(self, illustrative):
            self.is_illustrative = illustrative

    records = [Record(True)] * 5 + [Record(False)]
    html = Template(
        "{% load figures %}{% illustrative_notice records %}"
        '{% for record in records %}{% include "coalition/_illustrative.html" %}{% endfor %}'
    ).render(Context({"records": records}))
    assert html.count("5 of these 6 entries are illustrative") == 1
    assert html.count('class="badge illustrative"') == 0 and html.count('class="badge sourced"') == 1
    few = Template(
        "{% load figures %}{% illustrative_notice records %}"
        '{% for record in records %}{% include "coalition/_illustrative.html" %}{% endfor %}'
    ).render(Context({"records": [Record(True), Record(False), Record(False)]}))
    assert "entries are illustrative" not in few and few.count('class="badge illustrative"') == 1


def test_a_gap_chart_stays_readable_when_one_item_dwarfs_the_rest():
    rows = [
        ("2024 Q1", {"gap": "7000000"}),
        ("2024 Q2", {"gap": "3000000"}),
        ("2024", {"gap": "2000000000"}),
        ("2025 Q1", {"gap": "5000000"}),
    ]
    chart = bar_chart("Gap", rows, [("gap", "gap", "Gap")])
    widths = {row.label: row.bars[0].width for row in chart.rows}
    assert chart.broken and chart.rows[2].bars[0].broken
    assert widths["2024 Q2"] > 0.3 * widths["2024 Q1"] > 50  # not squashed to a hairline
    assert [row.bars[0].text for row in chart.rows] == ["7.0 m", "3.0 m", "2.00 bn", "5.0 m"]
    even = bar_chart("Even", rows[:2], [("gap", "gap", "Gap")])
    assert not even.broken
