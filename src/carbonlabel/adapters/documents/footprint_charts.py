"""The geometry of a footprint's charts, drawn alike by the footprint page (inline SVG, its
labels in HTML so that a phone never shrinks them) and by the study report PDF (reportlab
drawings): bars by life-cycle stage, by greenhouse gas and of the top hotspots, and the Sankey
diagram of the supply chain (processes → life-cycle stages → total).

Plain functions over the stored result JSON (docs/schemas/footprint-result.schema.json), no
drawing library. Horizontal positions are fractions of the plot's width (0 … 1), so each
renderer scales them to its own width; the Sankey's vertical positions are in CSS pixels
(the page) and are scaled by the PDF.

Bars: over the range [lo, hi] = [min(0, vᵢ), max(0, vᵢ)], a value v is drawn from
x(min(0, v)) to x(max(0, v)) with x(u) = (u − lo) / (hi − lo); with no negative value a bar's
length is v / max(vᵢ). Removals and credits (v < 0) extend left of the zero line.

Sankey: every band is |v| · scale wide, scale = FLOW_HEIGHT / Σ|v_process|. A process's band
runs to its stage; each stage sends two bands to the total, its emissions (Σ of its positive
processes) and its removals (Σ of its negative ones, drawn apart), so every column's bands add
up to the same gross height and the total's emissions minus removals is the net footprint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FLOW_HEIGHT = 220.0  # px of the gross flow (Σ|v|) in every Sankey column
MIN_SLOT = 48.0  # px: the least room of a node, for a three-line label of 12 px type
HEAD = 40.0  # px above the nodes, for the columns' headings
GAP = 8.0  # px between the slots of a column
TOP_PROCESSES = 8  # processes drawn apiece; the rest joined per stage
#: (left, right) of each Sankey column's nodes, fractions of the width
COLUMNS = ((0.40, 0.425), (0.68, 0.705), (0.975, 1.0))


@dataclass(frozen=True)
class Bar:
    row: Mapping[str, Any]  # the result's row (stage, gas, hotspot) the bar draws
    value: float  # kg CO2e
    start: float  # fraction of the plot's width where the bar begins
    length: float  # fraction of the plot's width
    part: float = 0.0  # length of the part drawn apart (a stage's transport)

    @property
    def negative(self) -> bool:
        return self.value < 0


@dataclass(frozen=True)
class BarChart:
    zero: float  # fraction of the width where 0 is
    bars: tuple[Bar, ...]

    def __bool__(self) -> bool:
        return bool(self.bars)


def bar_chart(rows: Sequence[Mapping[str, Any]], *, value: str = "co2e_kg",
              part: str | None = None) -> BarChart:
    """One bar per row of ``rows[value]``; ``part``: a field of each row drawn as a part of a
    positive bar from the zero line (never longer than the bar)."""
    values = [float(r.get(value) or 0.0) for r in rows]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    span = hi - lo
    bars = []
    for row, v in zip(rows, values, strict=True):
        start = (min(0.0, v) - lo) / span if span else 0.0
        length = abs(v) / span if span else 0.0
        part_length = 0.0
        if part is not None and v > 0:
            part_length = min(length, max(0.0, float(row.get(part) or 0.0)) / span)
        bars.append(Bar(row, v, start, length, part_length))
    return BarChart(-lo / span if span else 0.0, tuple(bars))


def stage_bars(result: Mapping[str, Any]) -> BarChart:
    return bar_chart(list(result.get("by_stage") or ()), part="transport_co2e_kg")


def gas_bars(result: Mapping[str, Any]) -> BarChart:
    return bar_chart(list(result.get("by_gas") or ()))


def hotspot_bars(result: Mapping[str, Any], top: int = 10) -> BarChart:
    return bar_chart(list(result.get("hotspots") or ())[:top])


# -- the Sankey diagram of the supply chain ----------------------------------------------------

@dataclass(frozen=True)
class Node:
    key: str  # a process id, "other:<stage>", a stage, or "total"
    column: int  # 0 processes, 1 stages, 2 the total
    row: Mapping[str, Any]  # the process or stage row; {} for the total
    value: float  # net kg CO2e
    emissions: float  # Σ of the positive flows through it
    removals: float  # Σ of the negative flows (≤ 0)
    x: float  # fractions of the width
    width: float
    y: float  # px, top of the node
    height: float  # px, (emissions − removals) · scale
    label_y: float  # px, middle of the node's slot, where its label stands
    merged: int = 0  # processes joined in an "other" node


@dataclass(frozen=True)
class Band:
    source: str
    target: str
    value: float  # kg CO2e, negative for removals
    x0: float  # fractions of the width
    x1: float
    y0: float  # px, top of the band where it leaves and where it arrives
    y1: float
    width: float  # px, |value| · scale

    @property
    def negative(self) -> bool:
        return self.value < 0

    def path(self, x_scale: float = 100.0) -> str:
        """SVG path of the band, x scaled by ``x_scale``: two cubic curves with their control
        points half-way across, closed."""
        a, b = self.x0 * x_scale, self.x1 * x_scale
        m = (a + b) / 2
        y0, y1, w = self.y0, self.y1, self.width
        return (f"M{a:.2f} {y0:.2f}C{m:.2f} {y0:.2f} {m:.2f} {y1:.2f} {b:.2f} {y1:.2f}"
                f"L{b:.2f} {y1 + w:.2f}C{m:.2f} {y1 + w:.2f} {m:.2f} {y0 + w:.2f} {a:.2f} "
                f"{y0 + w:.2f}Z")


@dataclass(frozen=True)
class Sankey:
    height: float  # px, HEAD included
    scale: float  # px per kg CO2e
    total: float  # net kg CO2e
    nodes: tuple[Node, ...]
    bands: tuple[Band, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.bands)

    def column(self, k: int) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.column == k)


@dataclass
class _Slot:
    key: str
    row: Mapping[str, Any]
    emissions: float
    removals: float
    merged: int = 0


def _flows(result: Mapping[str, Any], top: int) -> tuple[list[str], list[tuple[str, _Slot]]]:
    """(stage order, [(stage, process slot)]) with the ``top`` largest processes apiece and the
    others joined per stage; processes of no kg CO2e carry no flow and are left out."""
    order = [str(s.get("stage")) for s in result.get("by_stage") or ()]
    rows = [p for p in result.get("by_process") or () if float(p.get("co2e_kg") or 0.0)]
    rows.sort(key=lambda p: -abs(float(p.get("co2e_kg") or 0.0)))
    slots: list[tuple[str, _Slot]] = []
    others: dict[tuple[str, bool], _Slot] = {}
    for k, p in enumerate(rows):
        stage, v = str(p.get("stage")), float(p.get("co2e_kg") or 0.0)
        if stage not in order:
            order.append(stage)
        if k < top or len(rows) == top + 1:
            slots.append((stage, _Slot(str(p.get("process")), p, max(v, 0.0), min(v, 0.0))))
            continue
        key = (stage, v < 0)
        if key not in others:
            others[key] = _Slot(f"other:{stage}{':removals' if v < 0 else ''}",
                                {"stage": stage}, 0.0, 0.0)
            slots.append((stage, others[key]))
        slot = others[key]
        slot.emissions, slot.removals = slot.emissions + max(v, 0.0), slot.removals + min(v, 0.0)
        slot.merged += 1
    # grouped by stage, emissions above removals, largest first: bands cross least
    slots.sort(key=lambda s: (order.index(s[0]), s[1].removals < 0,
                              -(s[1].emissions - s[1].removals)))
    return order, slots


def _stack(heights: Sequence[float], top: float) -> list[tuple[float, float]]:
    """(node top, slot middle) of nodes stacked from ``top``, each in a slot of
    max(height, MIN_SLOT) with GAP between, the node centred in its slot."""
    out, y = [], top
    for h in heights:
        slot = max(h, MIN_SLOT)
        out.append((y + (slot - h) / 2, y + slot / 2))
        y += slot + GAP
    return out


def _column_height(heights: Sequence[float]) -> float:
    return sum(max(h, MIN_SLOT) for h in heights) + GAP * max(0, len(heights) - 1)


def sankey(result: Mapping[str, Any], top: int = TOP_PROCESSES) -> Sankey:
    """The supply chain as a Sankey diagram: processes (the ``top`` largest by |kg CO2e|, the
    rest joined per stage) → life-cycle stages → the total (see the module docstring)."""
    order, slots = _flows(result, top)
    gross = sum(s.emissions - s.removals for _, s in slots)
    total = float(result.get("total_co2e_kg") or 0.0)
    if not gross:
        return Sankey(0.0, 0.0, total, ())
    scale = FLOW_HEIGHT / gross
    stages = [st for st in order if any(s == st for s, _ in slots)]
    emissions = {st: sum(x.emissions for s, x in slots if s == st) for st in stages}
    removals = {st: sum(x.removals for s, x in slots if s == st) for st in stages}
    by_stage = {str(s.get("stage")): s for s in result.get("by_stage") or ()}
    heights = [[(x.emissions - x.removals) * scale for _, x in slots],
               [(emissions[st] - removals[st]) * scale for st in stages], [gross * scale]]
    body = max(_column_height(h) for h in heights)
    places = [_stack(h, HEAD + (body - _column_height(h)) / 2) for h in heights]
    nodes: list[Node] = []
    for (_, x), (y, mid), h in zip(slots, places[0], heights[0], strict=True):
        nodes.append(Node(x.key, 0, x.row, x.emissions + x.removals, x.emissions, x.removals,
                          COLUMNS[0][0], COLUMNS[0][1] - COLUMNS[0][0], y, h, mid, x.merged))
    stage_top: dict[str, float] = {}
    for st, (y, mid), h in zip(stages, places[1], heights[1], strict=True):
        stage_top[st] = y
        nodes.append(Node(st, 1, by_stage.get(st, {"stage": st}), emissions[st] + removals[st],
                          emissions[st], removals[st], COLUMNS[1][0],
                          COLUMNS[1][1] - COLUMNS[1][0], y, h, mid))
    (total_y, total_mid), = places[2]
    all_removals = sum(removals.values())
    nodes.append(Node("total", 2, {}, total, gross + all_removals, all_removals, COLUMNS[2][0],
                      COLUMNS[2][1] - COLUMNS[2][0], total_y, gross * scale, total_mid))
    bands: list[Band] = []
    filled = dict(stage_top)  # the next free y at each stage's left side
    for (st, x), node in zip(slots, nodes, strict=False):
        for v in (x.emissions, x.removals):
            if not v:
                continue
            w = abs(v) * scale
            y0 = node.y + (0.0 if v > 0 else x.emissions * scale)
            bands.append(Band(x.key, st, v, COLUMNS[0][1], COLUMNS[1][0], y0, filled[st], w))
            filled[st] += w
    y_total = total_y
    for negative in (False, True):  # the total: every stage's emissions, then its removals
        for st in stages:
            v = removals[st] if negative else emissions[st]
            if not v:
                continue
            w = abs(v) * scale
            y0 = stage_top[st] + (emissions[st] * scale if negative else 0.0)
            bands.append(Band(st, "total", v, COLUMNS[1][1], COLUMNS[2][0], y0, y_total, w))
            y_total += w
    return Sankey(round(HEAD + body, 2), scale, total, tuple(nodes), tuple(bands))
