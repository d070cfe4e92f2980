"""Server-rendered bar charts (SVG) from snapshot figures: no JavaScript, printable, with a data table beside.

Each bar carries its value as text. When one row dwarfs the rest (more than OUTLIER_RATIO times the next
largest), the scale follows the other rows and the outlier's bar is drawn broken (cut, marked, its value
written), so every other bar stays readable. Each function returns plain geometry for
templates/summaries/_bar_chart.html.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from coalition.figures import compact

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 110  # room right of the longest bar for its value
BAR_HEIGHT = 14
ROW_HEIGHT = 34
OUTLIER_RATIO = 4
MAX_OUTLIERS = 2
BAR_STEP = 17  # each bar and its value's text


@dataclass
class Bar:
    value: Decimal | None  # None: not known (e.g. every amount undisclosed), drawn as no bar
    width: float
    css: str
    label: str
    y: int = 0
    text: str = ""  # the value as written on the bar
    broken: bool = False  # cut: its value exceeds the chart's scale
    text_x: float = 0.0
    break_x: float = 0.0


@dataclass
class Row:
    label: str
    y: int
    label_y: int = 0
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    rows: list[Row]
    height: int
    legend: list[tuple[str, str]]
    bar_height: int = BAR_HEIGHT
    plot_width: int = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    label_width: int = LABEL_WIDTH
    broken: bool = False  # some bar is cut (the chart says so under it)


def _d(value) -> Decimal:
    return Decimal(value) if value not in (None, "") else Decimal(0)


def _scale(values) -> tuple[Decimal, Decimal | None]:
    """The value the full plot width stands for, and the cut-off above which bars are broken (None: none).

    A bar is an outlier when it (and at most MAX_OUTLIERS others) exceeds OUTLIER_RATIO times the next
    largest bar: the scale then follows the next largest, so the other bars stay readable."""
    ordered = sorted((v for v in values if v > 0), reverse=True)
    if not ordered:
        return Decimal(0), None
    for outliers in range(1, MAX_OUTLIERS + 1):
        if len(ordered) > outliers + 1 and ordered[outliers - 1] > OUTLIER_RATIO * ordered[outliers]:
            cut = ordered[outliers] * Decimal("1.25")
            return cut, cut
    return ordered[0], None


def bar_chart(title, rows, series, *, money=True, unknown="") -> Chart:
    """rows: [(label, {key: value})]; series: [(key, css class, legend label)]; `unknown`: what a bar whose
    value is not known says ("undisclosed"), instead of being drawn as zero."""
    values = [_d(values.get(key)) for _label, values in rows for key, _c, _l in series]
    scale, cut = _scale(values)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bar_step = BAR_STEP if len(series) > 1 else ROW_HEIGHT - 6
    row_height = bar_step * len(series) + 6 if len(series) > 1 else ROW_HEIGHT
    out = []
    any_broken = False
    for index, (label, values_of_row) in enumerate(rows):
        row = Row(label=label, y=index * row_height, label_y=index * row_height + row_height // 2 + 6)
        for position, (key, css, legend) in enumerate(series):
            raw = values_of_row.get(key)
            value = None if raw in (None, "") else Decimal(raw)
            broken = cut is not None and value is not None and value > cut
            any_broken = any_broken or broken
            shown = min(value or 0, scale) if scale else 0
            width = float(shown / scale * plot) if scale else 0.0
            row.bars.append(
                Bar(
                    value=value,
                    width=round(width, 1),
                    css=css,
                    label=str(legend),
                    y=row.y + 3 + position * bar_step,
                    text=compact(value, money=money) if value else (str(unknown) if value is None else ""),
                    broken=broken,
                    text_x=round(LABEL_WIDTH + width + 4, 1),
                    break_x=round(LABEL_WIDTH + width - 24, 1),
                )
            )
        out.append(row)
    return Chart(
        title=title,
        rows=out,
        height=max(len(out), 1) * row_height + 8,
        bar_height=max(bar_step - 2, 4),
        legend=[(css, str(legend)) for _k, css, legend in series],
        broken=any_broken,
    )
