"""The footprint's charts in the CFP study report, drawn with reportlab from the same geometry
as the footprint page (footprint_charts): horizontal bars (by stage, by gas, top hotspots) and
the Sankey diagram of the supply chain. Horizontal positions are fractions of the drawing's
width; the Sankey's pixel heights are drawn at ``PT_PER_PX`` points each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing, Line, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether

from carbonlabel.adapters.documents import report_text as T  # noqa: N812 - the words, T.X
from carbonlabel.adapters.documents.footprint_charts import (
    BarChart,
    Sankey,
    gas_bars,
    hotspot_bars,
    sankey,
    stage_bars,
)
from carbonlabel.adapters.documents.pdf_common import FONT, GREEN, INK, MUTED, para, printable
from carbonlabel.adapters.documents.vocabulary import (
    Lang,
    category_name,
    kg,
    name,
    percent,
    pick,
    stage_name,
)

WIDTH = 170 * mm
LABEL_ROOM = 62 * mm
VALUE_ROOM = 30 * mm
ROW = 6 * mm
BAR = 3.8 * mm
SIZE = 7.5  # pt, the labels
CREDIT = colors.HexColor("#6c8fb3")
TRANSPORT = colors.HexColor("#8fc9a6")
BAND = colors.HexColor("#c4e2cf")
BAND_REMOVAL = colors.HexColor("#c5d4e5")
PT_PER_PX = 0.62


def fit(text: str, width: float, size: float = SIZE) -> str:
    """``text`` cut with an ellipsis to ``width`` points in the bundled font."""
    text = printable(text)
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose first font is the bundled one (reportlab's Helvetica would be added to
    the file, unembedded)."""
    return Drawing(width, height, initialFontName=FONT, initialFontSize=SIZE)


def _rect(x: float, y: float, width: float, height: float, colour: colors.Color) -> Rect:
    rect = Rect(x, y, width, height)
    rect.fillColor, rect.strokeColor = colour, None
    return rect


Anchor = Literal["start", "middle", "end"]


def _text(x: float, y: float, text: str, *, colour: colors.Color = INK, anchor: Anchor = "start",
          size: float = SIZE) -> String:
    return String(x, y, text, fontName=FONT, fontSize=size, fillColor=colour,
                  textAnchor=anchor)


def bar_drawing(chart: BarChart, labels: Sequence[str], values: Sequence[str],
                width: float = WIDTH) -> Drawing:
    """One row per bar: its label, the bar from x = LABEL_ROOM + start · plot, |v| / (hi − lo)
    of the plot long (credits in blue, a stage's transport part paler), its value after it."""
    plot = width - LABEL_ROOM - VALUE_ROOM
    height = len(chart.bars) * ROW + 2.0
    d = _drawing(width, height + 3 * mm)  # room below, before the table
    zero = LABEL_ROOM + chart.zero * plot
    for k, (bar, label, value) in enumerate(zip(chart.bars, labels, values, strict=True)):
        y = height + 3 * mm - (k + 1) * ROW
        d.add(_text(0, y + 1.6, fit(label, LABEL_ROOM - 3 * mm)))
        x = LABEL_ROOM + bar.start * plot
        d.add(_rect(x, y, max(bar.length * plot, 0.4), BAR, CREDIT if bar.negative else GREEN))
        if bar.part > 0:
            d.add(_rect(zero, y, bar.part * plot, BAR, TRANSPORT))
        d.add(_text(LABEL_ROOM + max(bar.start + bar.length, chart.zero) * plot + 2, y + 1.2,
                    value, colour=MUTED, size=7))
    d.add(Line(zero, 3 * mm, zero, height + 3 * mm, strokeColor=MUTED, strokeWidth=0.5))
    return d


def sankey_drawing(s: Sankey, names: Sequence[str], values: Sequence[str],
                   heads: tuple[str, str, str], total: str, width: float = WIDTH) -> Drawing:
    """The Sankey of the page, ``names`` and ``values`` of its process and stage nodes in the
    order of ``s.nodes``; ``heads``: the columns' headings, ``total`` the net total."""
    height = s.height * PT_PER_PX

    def y_of(px: float) -> float:
        return height - px * PT_PER_PX

    d = _drawing(width, height)
    for b in s.bands:
        a, c = b.x0 * width, b.x1 * width
        m = (a + c) / 2
        top0, top1 = y_of(b.y0), y_of(b.y1)
        w = b.width * PT_PER_PX
        p = Path(fillColor=BAND_REMOVAL if b.negative else BAND, strokeColor=None)
        p.moveTo(a, top0)
        p.curveTo(m, top0, m, top1, c, top1)
        p.lineTo(c, top1 - w)
        p.curveTo(m, top1 - w, m, top0 - w, a, top0 - w)
        p.closePath()
        d.add(p)
    for n in s.nodes:
        x, w = n.x * width, n.width * width
        if n.emissions:
            h = max(n.emissions * s.scale * PT_PER_PX, 0.6)
            d.add(_rect(x, y_of(n.y) - h, w, h, GREEN))
        if n.removals:
            h = max(-n.removals * s.scale * PT_PER_PX, 0.6)
            d.add(_rect(x, y_of(n.y + n.emissions * s.scale) - h, w, h, CREDIT))
    for n, label, value in zip((n for n in s.nodes if n.column < 2), names, values,
                               strict=True):
        mid = y_of(n.label_y)
        anchor: Anchor = "end" if n.column == 0 else "start"
        if n.column == 0:
            x, room = n.x * width - 1.5 * mm, n.x * width - 3 * mm
        else:
            x, room = (n.x + n.width) * width + 1.5 * mm, 0.25 * width
        d.add(_text(x, mid + 1, fit(label, room), anchor=anchor))
        d.add(_text(x, mid - 8, value, colour=MUTED, anchor=anchor, size=7))
    top = height - 10
    d.add(_text(0.39 * width, top, heads[0], anchor="end"))
    d.add(_text(0.68 * width, top, heads[1]))
    d.add(_text(width, top, heads[2], anchor="end"))
    d.add(_text(width, top - 9, total, colour=MUTED, anchor="end", size=7))
    return d


# -- the report's charts, from the stored result ----------------------------------------------

def _value(v: float, share: Any) -> str:
    return kg(v) if share is None else f"{kg(v)} ({percent(float(share))})"


def stage_chart(r: Mapping[str, Any], lang: Lang) -> Drawing:
    chart = stage_bars(r)
    return bar_drawing(chart, [stage_name(b.row.get("stage"), lang) for b in chart.bars],
                       [_value(b.value, b.row.get("share")) for b in chart.bars])


def gas_chart(r: Mapping[str, Any], lang: Lang) -> Drawing:
    chart = gas_bars(r)
    labels = [(pick(T.RESULT["co2e_gas"], lang) if b.row.get("gas") == "CO2e"
               else str(b.row.get("gas"))) + f" · {category_name(b.row.get('category'), lang)}"
              for b in chart.bars]
    return bar_drawing(chart, labels, [kg(b.value) for b in chart.bars])


def hotspot_chart(r: Mapping[str, Any], names: Sequence[str]) -> Drawing:
    """The first ``len(names)`` hotspots, labelled with ``names``."""
    chart = hotspot_bars(r, len(names))
    return bar_drawing(chart, names, [_value(b.value, b.row.get("share")) for b in chart.bars])


def supply_chain_story(r: Mapping[str, Any], lang: Lang,
                       st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    """The Sankey of the supply chain with its note, nothing when no process carries CO2e."""
    s = sankey(r)
    if not s:
        return []
    shown = [n for n in s.nodes if n.column < 2]
    names = [stage_name(n.row.get("stage"), lang) if n.column == 1 else
             pick(T.RESULT["others"], lang).format(n=n.merged) if n.merged else
             name(n.row.get("name"), lang) for n in shown]
    heads = (pick(T.RESULT["process"], lang), pick(T.RESULT["stage"], lang),
             pick(T.RESULT["sum"], lang))
    return [KeepTogether([para(pick(T.RESULT["supply_chain"], lang), st["h2"]),
                          para(pick(T.RESULT["supply_chain_note"], lang), st["small"]),
                          sankey_drawing(s, names, [kg(n.value) for n in shown], heads,
                                         f"{kg(s.total)} kg CO2e")])]
