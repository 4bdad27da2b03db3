"""Section 9 of the CFP study report, its quantitative parts: the Monte Carlo summary with a
histogram of the sampled totals (when the footprint carries a run) and the sensitivity
analysis with its tornado (when the report is given one), as reportlab flowables.

Both read plain JSON-shaped data: the result's ``uncertainty`` (docs/uncertainty.md) and a
sensitivity report as :func:`carbonlabel.adapters.formats.sensitivity_json.report_to_dict`
writes it. The charts map a value v to x(v) = left + (v − lo) · plot / (hi − lo).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from carbonlabel.adapters.documents import report_text as T  # noqa: N812 - the words, T.X
from carbonlabel.adapters.documents.pdf_common import FONT, GREEN, INK, MUTED, para, table
from carbonlabel.adapters.documents.vocabulary import (
    Lang,
    kg,
    name,
    percent,
    pick,
    significant,
)
from carbonlabel.adapters.documents.vocabulary import stage_name as stage_name

WIDTH = 170 * mm
PALE_BAR = colors.HexColor("#9fd0ad")
MARK = colors.HexColor("#b5462f")
HIST_HEIGHT = 45 * mm
ROW = 6 * mm
LABEL_ROOM = 60 * mm


def x_of(value: float, lo: float, hi: float, left: float, plot: float) -> float:
    """x(v) = left + (v − lo) · plot / (hi − lo); the middle of the plot when hi = lo."""
    return left + plot / 2 if hi <= lo else left + (value - lo) * plot / (hi - lo)


def _bar(x: float, y: float, width: float, height: float, colour: colors.Color) -> Rect:
    rect = Rect(x, y, width, height)
    rect.fillColor, rect.strokeColor = colour, None
    return rect


def histogram_drawing(total: Mapping[str, Any], width: float = WIDTH) -> Drawing:
    """The bins of the sampled totals over [e₀, e_n]: bin k spans x(e_k) … x(e_k+1) and is
    count_k / max(count) of the plot's height; dashed marks at the 2.5 and 97.5 percentiles,
    a solid one at the mean, the first and last edges printed under the axis."""
    edges = [float(e) for e in total["histogram"]["edges"]]
    counts = [int(c) for c in total["histogram"]["counts"]]
    lo, hi, top = edges[0], edges[-1], max([1, *counts])
    foot, plot_h, left, plot = 10.0, HIST_HEIGHT - 14.0, 4.0, width - 8.0
    d = Drawing(width, HIST_HEIGHT, initialFontName=FONT)  # not Helvetica, unembedded
    for k, count in enumerate(counts):
        x0, x1 = x_of(edges[k], lo, hi, left, plot), x_of(edges[k + 1], lo, hi, left, plot)
        d.add(_bar(x0, foot, max(x1 - x0 - 0.4, 0.1), count / top * plot_h, GREEN))
    d.add(Line(left, foot, left + plot, foot, strokeColor=MUTED, strokeWidth=0.5))
    for key, dashed in (("p2_5", True), ("p97_5", True), ("mean", False)):
        x = x_of(float(total[key]), lo, hi, left, plot)
        line = Line(x, foot, x, foot + plot_h + 3, strokeColor=MARK if dashed else INK,
                    strokeWidth=1.0)
        if dashed:
            line.strokeDashArray = [3, 2]
        d.add(line)
    d.add(String(left, 1, kg(lo), fontName=FONT, fontSize=7, fillColor=MUTED))
    d.add(String(left + plot, 1, kg(hi), fontName=FONT, fontSize=7, fillColor=MUTED,
                 textAnchor="end"))
    return d


def tornado_drawing(bars: Sequence[Mapping[str, Any]], base: float, lang: Lang,
                    width: float = WIDTH) -> Drawing:
    """One row per input (in the order given: largest swing first), a pale bar from x(low
    total) to x(base) and a dark one from x(base) to x(high total), over [min, max] of the
    base and every total."""
    values = [base, *(float(b["low_total"]) for b in bars),
              *(float(b["high_total"]) for b in bars)]
    lo, hi = min(values), max(values)
    plot = width - LABEL_ROOM - 4.0
    height = len(bars) * ROW + 4.0
    d = Drawing(width, height, initialFontName=FONT)
    base_x = x_of(base, lo, hi, LABEL_ROOM, plot)
    for k, b in enumerate(bars):
        y = height - (k + 1) * ROW
        d.add(String(0, y + 1.5, name(b.get("name"), lang)[:40], fontName=FONT, fontSize=7,
                     fillColor=INK))
        for total, colour in ((float(b["low_total"]), PALE_BAR),
                              (float(b["high_total"]), GREEN)):
            x = x_of(total, lo, hi, LABEL_ROOM, plot)
            d.add(_bar(min(x, base_x), y, abs(x - base_x), ROW - 1.5 * mm, colour))
    d.add(Line(base_x, 0, base_x, height, strokeColor=INK, strokeWidth=0.6))
    return d


def _t(pair: tuple[str, str], lang: Lang, **values: Any) -> str:
    return pick(pair, lang).format(**values)


def check_lines(r: Mapping[str, Any], lang: Lang, spots: Sequence[Mapping[str, Any]],
                top_name: str) -> list[str]:
    """The checks of the result as bullet lines: the cut-off share, the hotspots' shares
    (``top_name``: the largest's name), the DQR, the CO2e-only share and the Monte Carlo run
    (or that none was run)."""
    U = T.UNCERTAINTY  # noqa: N806 - the words, as T.X
    lines = [_t(U["excluded"], lang, share=percent(float(r.get("excluded_share") or 0)))]
    if spots:
        lines.append(_t(U["hotspots"], lang, n=len(spots),
                        share=percent(sum(float(h.get("share") or 0) for h in spots)),
                        name=top_name, top=percent(float(spots[0].get("share") or 0))))
    q = r.get("quality")
    if q:
        lines.append(_t(U["quality"], lang, dqr=f"{float(q.get('dqr') or 0):.2f}",
                        level=name(q.get("level") or {}, lang),
                        coverage=percent(float(q.get("coverage") or 0))))
    total = float(r.get("total_co2e_kg") or 0)
    unsplit = float((r.get("separate") or {}).get("unsplit_co2e_kg") or 0)
    if unsplit and total:
        lines.append(_t(U["gwp"], lang, share=percent(unsplit / total),
                        gwp=(r.get("provenance") or {}).get("gwp_set", "")))
    mc = r.get("uncertainty") or {}
    run = mc.get("total")
    lines.append(_t(U["monte_carlo"], lang) if not run else _t(
        U["monte_carlo_run"], lang, n=mc["iterations"], seed=mc["seed"],
        mean=f"{run['mean']:.4g}", low=f"{run['p2_5']:.4g}", high=f"{run['p97_5']:.4g}"))
    return lines


def monte_carlo_story(mc: Mapping[str, Any], lang: Lang,
                      st: Mapping[str, Any]) -> list[Flowable]:
    """The run's summary table, the histogram of the total, the intervals per stage and the
    parameters' contributions to variance (when the result keeps them)."""
    M = T.MONTE_CARLO  # noqa: N806 - the words, as T.X
    total = mc["total"]
    last = (total.get("convergence") or [{}])[-1]
    half = last.get("relative_half_width")
    rows = [[_t(M["runs"], lang), _t(M["runs_value"], lang, n=mc["iterations"],
                                      seed=mc["seed"])],
            [_t(M["stated"], lang), f"{kg(mc.get('deterministic_co2e_kg'))} kg CO2e"],
            [_t(M["mean"], lang), f"{kg(total['mean'])} kg CO2e"],
            [_t(M["median"], lang), f"{kg(total['median'])} kg CO2e"],
            [_t(M["sd"], lang), f"{kg(total['sd'])} kg CO2e"],
            [_t(M["interval"], lang), f"{kg(total['p2_5'])} – {kg(total['p97_5'])} kg CO2e"],
            [_t(M["convergence"], lang), "–" if half is None else f"± {percent(float(half))}"]]
    story: list[Flowable] = [para(_t(M["title"], lang), st["h2"]),
                             table(rows, [70 * mm, 100 * mm], lang, header=False),
                             histogram_drawing(total),
                             para(_t(M["histogram"], lang, n=mc["iterations"]), st["small"])]
    stages = [[_t(M["stage"], lang), _t(M["mean"], lang), _t(M["low"], lang),
               _t(M["high"], lang)]]
    stages += [[stage_name(s.get("stage"), lang), kg(s["summary"]["mean"]),
                kg(s["summary"]["p2_5"]), kg(s["summary"]["p97_5"])]
               for s in mc.get("by_stage") or ()]
    story.append(table(stages, [70 * mm, 33 * mm, 33 * mm, 34 * mm], lang, numeric_from=1))
    contributions = mc.get("contributions") or ()
    if contributions:
        rows = [[_t(M["parameter"], lang), _t(M["share"], lang)]]
        rows += [[name(c.get("label"), lang), percent(float(c.get("share") or 0))]
                 for c in contributions]
        story += [para(_t(M["contribution"], lang), st["small"]),
                  table(rows, [140 * mm, 30 * mm], lang, numeric_from=1)]
    return story


def exact(value: Any) -> str:
    """A variant's total to six significant digits (1,461.6 apart from 1,462)."""
    return significant(float(value), 6)


def _difference(v: Mapping[str, Any]) -> tuple[str, str]:
    diff, rel = v.get("difference_kg"), v.get("relative_difference")
    return ("–" if diff is None else f"{float(diff):+.4g}",
            "–" if rel is None else f"{float(rel) * 100:+.1f}%")


def sensitivity_story(sens: Mapping[str, Any], lang: Lang,
                      st: Mapping[str, Any]) -> list[Flowable]:
    """The method variants and scenarios side by side, and the tornado of the main inputs."""
    S = T.SENSITIVITY  # noqa: N806 - the words, as T.X
    story: list[Flowable] = [
        para(_t(S["title"], lang), st["h2"]),
        para(_t(S["intro"], lang, base=kg(sens["base_total"]), gwp=sens.get("gwp_set", "")),
             st["body"])]
    rows = [[_t(S["choice"], lang), _t(S["variant"], lang), "kg CO2e",
             _t(S["difference"], lang), _t(S["relative"], lang)]]
    for v in sens.get("variants") or ():
        label = name(v.get("name"), lang) + (_t(S["base"], lang) if v.get("is_base") else "")
        if v.get("note"):
            label += f" — {name(v['note'], lang)}"
        total = v.get("total_co2e_kg")
        rows.append([name(v.get("group_name"), lang), label,
                     _t(S["not_computed"], lang) if total is None else exact(total),
                     *_difference(v)])
    story.append(table(rows, [28 * mm, 72 * mm, 24 * mm, 24 * mm, 22 * mm], lang,
                       numeric_from=2))
    bars = list(sens.get("tornado") or ())
    if bars:
        story += [para(_t(S["tornado"], lang), st["h2"]),
                  para(_t(S["tornado_note"], lang), st["small"]),
                  tornado_drawing(bars, float(sens["base_total"]), lang)]
        rows = [[_t(S["input"], lang), _t(S["multipliers"], lang), _t(S["low"], lang),
                 _t(S["high"], lang), _t(S["swing"], lang)]]
        rows += [[name(b.get("name"), lang),
                  f"×{float(b['low_factor']):.4g} / ×{float(b['high_factor']):.4g}"
                  f" {_rule(b, sens, lang)}",
                  exact(b["low_total"]), exact(b["high_total"]),
                  kg(abs(float(b["high_total"]) - float(b["low_total"])))] for b in bars]
        story.append(table(rows, [64 * mm, 28 * mm, 27 * mm, 27 * mm, 24 * mm], lang,
                           numeric_from=1))
    return story


def _rule(bar: Mapping[str, Any], sens: Mapping[str, Any], lang: Lang) -> str:
    """The rule of a tornado bar's multipliers (``range_source``), in ``lang``."""
    source = str(bar.get("range_source") or "relative")
    words = T.SENSITIVITY.get(f"rule_{source}", T.SENSITIVITY["rule_distribution"])
    if source == "relative":
        return f"{_t(words, lang)}{float(sens.get('relative_range') or 0.0):.0%}"
    return _t(words, lang)
