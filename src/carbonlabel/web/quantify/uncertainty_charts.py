"""The geometry of the uncertainty and sensitivity charts, drawn as inline SVG by the templates
(no chart library): the Monte Carlo histogram with its 2.5 / 97.5 percentile marks, the
tornado of one-at-a-time ranges, and the bars of the method variants and scenarios.

Every chart maps a value v to a horizontal position by one linear scale,
x(v) = left + (v − lo) · plot / (hi − lo), over the range [lo, hi] the chart must show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from carbonlabel.domain.sensitivity import TornadoBar, VariantResult

WIDTH = 480.0
LEFT = 8.0  # margin left of the histogram
RIGHT = 8.0
HIST_TOP = 12.0
HIST_PLOT = 120.0  # height of the tallest bin
LABEL_ROOM = 170.0  # left of the tornado and variant bars, for the names
VALUE_ROOM = 70.0  # right of the variant bars, for "1,461.6"
ROW = 26.0
BAR = 16.0


def _x(value: float, lo: float, hi: float, left: float, plot: float) -> float:
    """x(v) = left + (v − lo) · plot / (hi − lo); the middle of the plot when hi = lo."""
    if hi <= lo:
        return round(left + plot / 2.0, 2)
    return round(left + (value - lo) * plot / (hi - lo), 2)


@dataclass(frozen=True)
class Bin:
    x: float
    y: float
    width: float
    height: float
    low: float  # kg CO2e, the bin's edges
    high: float
    count: int


@dataclass(frozen=True)
class Histogram:
    width: float
    height: float
    baseline: float  # y of the bins' foot
    bins: tuple[Bin, ...]
    low_x: float  # the 2.5 percentile's mark
    high_x: float  # the 97.5 percentile's mark
    mean_x: float
    first: float  # the first and last edges, printed under the axis
    last: float


def histogram(edges: Sequence[float], counts: Sequence[int], p2_5: float, p97_5: float,
              mean: float) -> Histogram:
    """Bins side by side over [e₀, e_n]: bin k spans x(e_k) … x(e_k+1) and rises
    count_k / max(count) · HIST_PLOT above the baseline; marks at x(p2.5), x(p97.5), x(mean)."""
    lo, hi = float(edges[0]), float(edges[-1])
    plot = WIDTH - LEFT - RIGHT
    top = max([1, *counts])
    baseline = HIST_TOP + HIST_PLOT
    bins = []
    for k, count in enumerate(counts):
        x0 = _x(float(edges[k]), lo, hi, LEFT, plot)
        x1 = _x(float(edges[k + 1]), lo, hi, LEFT, plot)
        height = round(count / top * HIST_PLOT, 2)
        bins.append(Bin(x0, round(baseline - height, 2), round(x1 - x0, 2), height,
                        float(edges[k]), float(edges[k + 1]), int(count)))
    return Histogram(WIDTH, baseline + 24.0, baseline, tuple(bins),
                     _x(p2_5, lo, hi, LEFT, plot), _x(p97_5, lo, hi, LEFT, plot),
                     _x(mean, lo, hi, LEFT, plot), lo, hi)


@dataclass(frozen=True)
class TornadoRow:
    name: str
    process: str
    label_y: float
    y: float
    low_x: float  # the bar from x(low total) to the base line
    low_width: float
    high_x: float  # the bar from the base line to x(high total)
    high_width: float
    low_total: float
    high_total: float
    low_factor: float
    high_factor: float
    swing: float
    rule: str = "relative"  # TornadoBar.range_source


@dataclass(frozen=True)
class Tornado:
    width: float
    height: float
    bar_height: float
    base_x: float
    base: float
    rows: tuple[TornadoRow, ...]


def _span(a: float, b: float) -> tuple[float, float]:
    """(x, width) of the bar between two positions, whichever is left."""
    return round(min(a, b), 2), round(abs(b - a), 2)


def tornado(bars: Sequence[TornadoBar], base: float) -> Tornado:
    """One row per input, largest swing |high − low| first; each row's two bars run from the
    base total to the total with the input at its low and at its high value, on the scale of
    [min(base, every total), max(base, every total)]."""
    rows_in = sorted(bars, key=lambda b: -b.swing)
    values = [base, *(b.low_total for b in rows_in), *(b.high_total for b in rows_in)]
    lo, hi = min(values), max(values)
    plot = WIDTH - LABEL_ROOM - RIGHT
    base_x = _x(base, lo, hi, LABEL_ROOM, plot)
    rows = []
    for k, b in enumerate(rows_in):
        top = 8.0 + k * ROW
        low_x, low_w = _span(_x(b.low_total, lo, hi, LABEL_ROOM, plot), base_x)
        high_x, high_w = _span(base_x, _x(b.high_total, lo, hi, LABEL_ROOM, plot))
        rows.append(TornadoRow(b.name, b.process, top + 12.0, top, low_x, low_w, high_x,
                               high_w, b.low_total, b.high_total, b.low_factor, b.high_factor,
                               b.swing, b.range_source))
    return Tornado(WIDTH, 16.0 + len(rows) * ROW, BAR, base_x, base, tuple(rows))


@dataclass(frozen=True)
class VariantBar:
    variant: VariantResult
    label_y: float
    y: float
    x: float
    width: float
    value_x: float


@dataclass(frozen=True)
class VariantChart:
    width: float
    height: float
    bar_height: float
    zero_x: float
    base_x: float
    base: float
    bars: tuple[VariantBar, ...]


def variant_chart(variants: Sequence[VariantResult], base: float) -> VariantChart:
    """A bar from zero to each computed variant's total (variants that could not be computed
    are left out), with the base total as a line: scale over [min(0, base, totals),
    max(0, base, totals)]."""
    shown = [v for v in variants if v.total_co2e_kg is not None]
    values = [0.0, base, *(float(v.total_co2e_kg or 0.0) for v in shown)]
    lo, hi = min(values), max(values)
    plot = WIDTH - LABEL_ROOM - VALUE_ROOM
    zero_x = _x(0.0, lo, hi, LABEL_ROOM, plot)
    bars = []
    for k, v in enumerate(shown):
        top = 8.0 + k * ROW
        end = _x(float(v.total_co2e_kg or 0.0), lo, hi, LABEL_ROOM, plot)
        x, width = _span(zero_x, end)
        bars.append(VariantBar(v, top + 12.0, top, x, max(width, 0.5),
                               round(max(end, zero_x) + 6.0, 2)))
    return VariantChart(WIDTH, 16.0 + len(bars) * ROW, BAR, zero_x,
                        _x(base, lo, hi, LABEL_ROOM, plot), base, tuple(bars))
