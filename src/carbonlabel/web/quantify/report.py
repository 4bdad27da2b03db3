"""The footprint report page's view of a stored result: its charts' geometry
(adapters/documents/footprint_charts, drawn as inline SVG by the template, as the study report
PDF draws it) and the rows that are reported apart.

The result is the stored JSON (docs/schemas/footprint-result.schema.json), read as it was
written, so a report of an old result shows what was calculated then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from carbonlabel.adapters.documents.footprint_charts import (
    BarChart,
    Sankey,
    gas_bars,
    hotspot_bars,
    sankey,
    stage_bars,
)
from carbonlabel.web.pages.rendering import N_

TOP_HOTSPOTS = 10

BOUNDARIES = {
    "cradle-to-gate": N_("cradle to gate"),
    "cradle-to-grave": N_("cradle to grave"),
    "gate-to-gate": N_("gate to gate"),
}
UNIT_KINDS = {"declared": N_("Declared unit"), "functional": N_("Functional unit")}


@dataclass(frozen=True)
class Row:
    label: str  # a msgid, translated by the template
    value: float | None
    unit: str  # a msgid too


@dataclass(frozen=True)
class Report:
    result: dict[str, Any]
    stages: BarChart
    gases: BarChart
    hotspot_chart: BarChart
    supply_chain: Sankey
    hotspots: tuple[dict[str, Any], ...]
    separate: tuple[Row, ...]
    boundary: str  # msgid
    unit_kind: str  # msgid
    factor_sets: tuple[tuple[str, str], ...]


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
    return Report(result, stage_bars(result), gas_bars(result),
                  hotspot_bars(result, TOP_HOTSPOTS), sankey(result),
                  tuple(result.get("hotspots", ())[:TOP_HOTSPOTS]),
                  _separate(result.get("separate", {})),
                  BOUNDARIES.get(str(result.get("boundary")), str(result.get("boundary"))),
                  UNIT_KINDS.get(str(result["reference"]["kind"]), N_("Declared unit")),
                  sets)
