"""Server-rendered bar charts (SVG) from snapshot figures: no JavaScript, printable, with a data table beside.

Each function returns plain geometry for templates/summaries/_bar_chart.html.
"""

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
LABEL_WIDTH = 150
BAR_HEIGHT = 14
ROW_HEIGHT = 34


@dataclass
class Bar:
    value: Decimal | None  # None: not known (e.g. every amount undisclosed), drawn as no bar
    width: float
    css: str
    label: str
    y: int = 0


@dataclass
class Row:
    label: str
    y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    rows: list[Row]
    height: int
    legend: list[tuple[str, str]]
    bar_height: int = BAR_HEIGHT
    plot_width: int = WIDTH - LABEL_WIDTH - 90
    label_width: int = LABEL_WIDTH


def _d(value) -> Decimal:
    return Decimal(value) if value not in (None, "") else Decimal(0)


def bar_chart(title, rows, series) -> Chart:
    """rows: [(label, {key: value})]; series: [(key, css class, legend label)]. Bars scale to the maximum."""
    biggest = max(
        (_d(values.get(key)) for _label, values in rows for key, _c, _l in series), default=Decimal(0)
    )
    plot = WIDTH - LABEL_WIDTH - 90
    bar_step = (ROW_HEIGHT - 6) // max(len(series), 1)
    out = []
    for index, (label, values) in enumerate(rows):
        row = Row(label=label, y=index * ROW_HEIGHT)
        for position, (key, css, legend) in enumerate(series):
            raw = values.get(key)
            value = None if raw in (None, "") else Decimal(raw)
            width = float((value or 0) / biggest * plot) if biggest else 0.0
            row.bars.append(
                Bar(
                    value=value,
                    width=round(width, 1),
                    css=css,
                    label=str(legend),
                    y=row.y + 3 + position * bar_step,
                )
            )
        out.append(row)
    return Chart(
        title=title,
        rows=out,
        height=max(len(out), 1) * ROW_HEIGHT + 8,
        bar_height=max(bar_step - 2, 4),
        legend=[(css, str(legend)) for _k, css, legend in series],
    )
