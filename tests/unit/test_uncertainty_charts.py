"""The geometry of the uncertainty charts (web SVG and study-report drawing) against hand
arithmetic: x(v) = left + (v − lo) · plot / (hi − lo)."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Line, Rect, String

from carbonlabel.adapters.documents.report_uncertainty import histogram_drawing, tornado_drawing
from carbonlabel.domain.product import Text
from carbonlabel.domain.sensitivity import TornadoBar, VariantGroup, VariantResult
from carbonlabel.web.quantify.uncertainty_charts import histogram, tornado, variant_chart


def _bar(name: str, low: float, high: float) -> TornadoBar:
    return TornadoBar(f"processes[0].inputs[{name}]", name, "p", 1.0, 0.9, 1.1, low, high,
                      "relative")


def test_histogram_bins_and_percentile_marks_follow_the_edges() -> None:
    # edges 10, 20, 30, 40 over the plot 8 … 472 (464 wide): 154.667 per bin
    h = histogram([10.0, 20.0, 30.0, 40.0], [2, 4, 1], p2_5=12.5, p97_5=37.0, mean=25.0)
    assert [b.x for b in h.bins] == [8.0, 162.67, 317.33]
    assert [b.width for b in h.bins] == [154.67, 154.66, 154.67]
    # heights count / 4 · 120, standing on the baseline at 12 + 120 = 132
    assert [b.height for b in h.bins] == [60.0, 120.0, 30.0]
    assert [b.y for b in h.bins] == [72.0, 12.0, 102.0]
    assert h.baseline == 132.0
    assert h.low_x == 46.67  # 8 + 2.5 · 464 / 30 = 46.667
    assert h.high_x == 425.6  # 8 + 27 · 464 / 30 = 8 + 417.6
    assert h.mean_x == 240.0  # 8 + 15 · 464 / 30
    assert (h.first, h.last) == (10.0, 40.0)


def test_a_histogram_of_equal_draws_puts_everything_mid_plot() -> None:
    h = histogram([5.0, 5.0], [100], 5.0, 5.0, 5.0)
    assert h.low_x == h.high_x == h.mean_x == 240.0  # 8 + 464 / 2
    assert h.bins[0].height == 120.0


def test_tornado_rows_are_sorted_by_swing_and_run_from_the_base() -> None:
    # base 100; totals span 90 … 130 over 170 … 472 (302 wide): 7.55 per kg
    t = tornado([_bar("small", 98.0, 102.0), _bar("big", 90.0, 130.0)], base=100.0)
    assert [r.name for r in t.rows] == ["big", "small"]
    assert t.base_x == 245.5  # 170 + 10 · 7.55
    big, small = t.rows
    assert (big.low_x, big.low_width) == (170.0, 75.5)
    assert (big.high_x, big.high_width) == (245.5, 226.5)  # 30 · 7.55
    assert (small.low_x, small.low_width) == (230.4, 15.1)  # 170 + 8 · 7.55
    assert (small.high_x, small.high_width) == (245.5, 15.1)
    assert big.swing == 40.0
    assert t.height == 16.0 + 2 * 26.0


def test_a_tornado_bar_whose_high_value_lowers_the_total_points_left() -> None:
    t = tornado([_bar("credit", 110.0, 90.0)], base=100.0)
    (row,) = t.rows
    # 90 … 110 over 302: 15.1 per kg; base at 170 + 151 = 321
    assert (row.low_x, row.low_width) == (321.0, 151.0)  # low total 110 is right of the base
    assert (row.high_x, row.high_width) == (170.0, 151.0)


def _variant(name: str, total: float | None, is_base: bool = False) -> VariantResult:
    diff = None if total is None else total - 1250.0
    return VariantResult(VariantGroup.ALLOCATION, Text(name, name), total, diff, None,
                         is_base=is_base)


def test_variant_bars_start_at_zero_and_the_base_is_a_line() -> None:
    # 0 … 2308 over 170 … 410 (240 wide)
    c = variant_chart([_variant("mass", 1250.0, True), _variant("economic", 1461.6),
                       _variant("none", 2308.0), _variant("missing", None)], base=1250.0)
    assert [b.variant.name.en for b in c.bars] == ["mass", "economic", "none"]
    assert c.zero_x == 170.0
    # 1250 · 240 / 2308 = 129.983, 1461.6 · 240 / 2308 = 151.986
    assert [b.width for b in c.bars] == [129.98, 151.99, 240.0]
    assert c.base_x == 299.98
    assert c.bars[2].value_x == 416.0


def test_a_negative_variant_extends_left_of_zero() -> None:
    c = variant_chart([_variant("credit", -100.0)], base=300.0)
    # −100 … 300 over 240: 0.6 per kg; zero at 170 + 60
    assert c.zero_x == 230.0
    (bar,) = c.bars
    assert (bar.x, bar.width) == (170.0, 60.0)


def test_the_report_histogram_draws_each_bin_to_scale_and_dashes_the_percentiles() -> None:
    total = {"histogram": {"edges": [0.0, 1.0, 2.0], "counts": [1, 3]}, "p2_5": 0.5,
             "p97_5": 1.5, "mean": 1.0}
    d = histogram_drawing(total, width=208.0)  # plot 4 … 204: 100 per kg
    rects = [s for s in d.contents if isinstance(s, Rect)]
    plot_h = d.height - 14.0
    assert [(r.x, r.width) for r in rects] == [(4.0, 99.6), (104.0, 99.6)]
    assert [r.height for r in rects] == pytest.approx([plot_h / 3, plot_h])
    lines = [s for s in d.contents if isinstance(s, Line)][1:]  # after the axis
    assert [ln.x1 for ln in lines] == [54.0, 154.0, 104.0]
    assert [bool(ln.strokeDashArray) for ln in lines] == [True, True, False]
    assert [s.text for s in d.contents if isinstance(s, String)] == ["0", "2"]


def test_the_report_tornado_draws_low_and_high_from_the_base() -> None:
    bars = [{"name": "电 / power", "low_total": 80.0, "high_total": 120.0}]
    d = tornado_drawing(bars, 100.0, "en", width=60 * 2.834645669 + 4.0 + 80.0)
    rects = [s for s in d.contents if isinstance(s, Rect)]
    left = 60 * 2.834645669  # the label room, 60 mm in points
    assert [(round(r.x - left, 6), round(r.width, 6)) for r in rects] == [(0.0, 40.0),
                                                                          (40.0, 40.0)]
    assert [s.text for s in d.contents if isinstance(s, String)] == ["power"]
