"""The footprint report page's view of a stored result: the stage chart's geometry (drawn as
inline SVG by the template) and the rows that are reported apart.

The result is the stored JSON (docs/schemas/footprint-result.schema.json), read as it was
written, so a report of an old result shows what was calculated then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from carbonlabel.web.pages.rendering import N_

CHART_WIDTH = 400.0
VALUE_ROOM = 110.0  # right of the bars, for "12.34 (28.3%)"
ROW = 46.0
BAR = 18.0
TOP_HOTSPOTS = 10

BOUNDARIES = {
    "cradle-to-gate": N_("cradle to gate"),
    "cradle-to-grave": N_("cradle to grave"),
    "gate-to-gate": N_("gate to gate"),
}
UNIT_KINDS = {"declared": N_("Declared unit"), "functional": N_("Functional unit")}


@dataclass(frozen=True)
class Bar:
    stage: str
    co2e_kg: float
    share: float
    label_y: float
    y: float
    x: float
    width: float
    transport_x: float
    transport_width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class StageChart:
    width: float
    height: float
    bar_height: float
    zero_x: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Row:
    label: str  # a msgid, translated by the template
    value: float | None
    unit: str  # a msgid too


@dataclass(frozen=True)
class Report:
    result: dict[str, Any]
    chart: StageChart
    hotspots: tuple[dict[str, Any], ...]
    separate: tuple[Row, ...]
    boundary: str  # msgid
    unit_kind: str  # msgid
    factor_sets: tuple[tuple[str, str], ...]


def stage_chart(stages: list[dict[str, Any]]) -> StageChart:
    """Horizontal bars from a zero line; credits (negative stages) extend to its left.

    x(v) = zero_x + v · scale, scale = plot width / (max(0, vᵢ) − min(0, vᵢ)).
    """
    values = [float(s["co2e_kg"]) for s in stages]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    plot = CHART_WIDTH - VALUE_ROOM
    scale = plot / (hi - lo) if hi > lo else 0.0
    zero_x = -lo * scale
    bars = []
    for k, (stage, value) in enumerate(zip(stages, values, strict=True)):
        top = k * ROW
        x = zero_x + min(0.0, value) * scale
        width = abs(value) * scale
        transport = max(0.0, float(stage.get("transport_co2e_kg") or 0.0))
        transport_width = min(width, transport * scale) if value > 0 else 0.0
        bars.append(Bar(str(stage["stage"]), value, float(stage["share"]), top + 14.0,
                        top + 20.0, round(x, 2), round(max(width, 0.5), 2), round(zero_x, 2),
                        round(transport_width, 2), round(max(x + width, zero_x) + 6.0, 2),
                        top + 20.0 + BAR - 4.0))
    return StageChart(CHART_WIDTH, max(ROW, len(stages) * ROW + 4.0), BAR, round(zero_x, 2),
                      tuple(bars))


def _separate(sep: dict[str, Any]) -> tuple[Row, ...]:
    co2e = N_("kg CO2e")
    rows = [Row(N_("Fossil GHG emissions"), sep.get("fossil_co2e_kg"), co2e)]
    if sep.get("not_split_co2e_kg") is not None:  # stored before it was apart: in fossil
        rows.append(Row(N_("CO2e not split by gas (factors published as CO2e only)"),
                        sep["not_split_co2e_kg"], co2e))
    rows += [Row(N_("Biogenic emissions"), sep.get("biogenic_emissions_co2e_kg"), co2e),
            Row(N_("Biogenic removals"), sep.get("biogenic_removals_co2e_kg"), co2e),
            Row(N_("Direct land-use change (dLUC)"), sep.get("dluc_co2e_kg"), co2e),
            Row(N_("Aircraft transport"), sep.get("aircraft_co2e_kg"), co2e),
            Row(N_("All transport"), sep.get("transport_co2e_kg"), co2e)]
    if sep.get("biogenic_carbon_content_kg_c") is not None:
        rows.append(Row(N_("Biogenic carbon content of the product"),
                        sep["biogenic_carbon_content_kg_c"], N_("kg C")))
    return tuple(rows)


def build_report(result_json: str) -> Report:
    result: dict[str, Any] = json.loads(result_json)
    sets = tuple((str(n), str(v)) for n, v in result["provenance"].get("factor_sets", ()))
    return Report(result, stage_chart(list(result.get("by_stage", ()))),
                  tuple(result.get("hotspots", ())[:TOP_HOTSPOTS]),
                  _separate(result.get("separate", {})),
                  BOUNDARIES.get(str(result.get("boundary")), str(result.get("boundary"))),
                  UNIT_KINDS.get(str(result["reference"]["kind"]), N_("Declared unit")),
                  sets)
