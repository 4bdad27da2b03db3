"""The regulator home's charts: certified products and enterprises per category or per body,
as horizontal bars whose geometry is computed here and drawn as inline SVG by the template
(no script, no outside library), like the footprint report's stage chart."""

from __future__ import annotations

from dataclasses import dataclass

CHART_WIDTH = 480.0
LABEL_ROOM = 190.0  # left of the bars, for the category's or body's name
VALUE_ROOM = 70.0  # right of the bars, for "12 / 9"
ROW = 30.0
BAR = 16.0


@dataclass(frozen=True)
class CountBar:
    key: str
    label: tuple[str, str]  # (zh, en)
    products: int
    enterprises: int
    y: float  # top of the bar
    width: float  # the products' bar
    enterprise_width: float  # the enterprises' bar, drawn over it
    text_y: float
    value_x: float


@dataclass(frozen=True)
class CountChart:
    width: float
    height: float
    bar_x: float
    bar_height: float
    bars: tuple[CountBar, ...]


def count_chart(rows: list[tuple[str, tuple[str, str], int, int]]) -> CountChart:
    """Bars of (key, label, products, enterprises) scaled to the largest product count:
    width(n) = n · plot / max(products), plot = CHART_WIDTH − LABEL_ROOM − VALUE_ROOM."""
    plot = CHART_WIDTH - LABEL_ROOM - VALUE_ROOM
    top = max([0, *(r[2] for r in rows), *(r[3] for r in rows)])
    scale = plot / top if top else 0.0
    bars = []
    for k, (key, label, products, enterprises) in enumerate(rows):
        y = k * ROW + 6.0
        width = round(products * scale, 2)
        bars.append(CountBar(key, label, products, enterprises, y, max(width, 1.0),
                             round(enterprises * scale, 2), y + BAR - 3.0,
                             round(LABEL_ROOM + max(width, 1.0) + 6.0, 2)))
    return CountChart(CHART_WIDTH, max(ROW, len(rows) * ROW + 8.0), LABEL_ROOM, BAR,
                      tuple(bars))
