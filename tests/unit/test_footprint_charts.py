"""The footprint charts' geometry (adapters/documents/footprint_charts), against hand values:
a bar is its value over the chart's range long, credits run left of the zero line, and the
Sankey's bands are |kg CO2e| × scale wide, add up to the same height in every column and to the
net total at the total (removals drawn apart, not dropped)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from carbonlabel.adapters.documents.footprint_charts import (
    FLOW_HEIGHT,
    bar_chart,
    sankey,
    stage_bars,
)


def test_a_bar_is_its_value_over_the_largest_value_long() -> None:
    chart = bar_chart([{"co2e_kg": 30.0}, {"co2e_kg": 10.0}, {"co2e_kg": 5.0}])
    assert chart.zero == 0.0
    assert [b.start for b in chart.bars] == [0.0, 0.0, 0.0]
    assert [b.length for b in chart.bars] == pytest.approx([1.0, 10 / 30, 5 / 30])


def test_a_credit_extends_left_of_the_zero_line_and_transport_is_a_part_of_its_stage() -> None:
    chart = stage_bars({"by_stage": [
        {"stage": "raw_material_acquisition", "co2e_kg": 30.0, "share": 0.75,
         "transport_co2e_kg": 3.0},
        {"stage": "end_of_life", "co2e_kg": -10.0, "share": -0.25, "transport_co2e_kg": 0.0}]})
    # the range is [−10, 30], 40 kg wide: 0 kg stands a quarter of the way across
    assert chart.zero == pytest.approx(0.25)
    emission, credit = chart.bars
    assert (emission.start, emission.length, emission.part) == pytest.approx((0.25, 0.75, 0.075))
    assert (credit.start, credit.length, credit.part) == (0.0, 0.25, 0.0)
    assert credit.negative
    assert not emission.negative


def test_a_chart_of_zeros_draws_no_bar_of_any_length() -> None:
    chart = bar_chart([{"co2e_kg": 0.0}, {"co2e_kg": None}])
    assert chart.zero == 0.0
    assert [b.length for b in chart.bars] == [0.0, 0.0]


def _result() -> dict[str, Any]:
    """Four processes over two stages; the forest takes up more CO2 than it emits."""
    def process(pid: str, stage: str, value: float) -> dict[str, Any]:
        return {"process": pid, "name": {"zh": pid, "en": pid}, "stage": stage,
                "co2e_kg": value}
    return {"total_co2e_kg": 9.0,
            "by_stage": [{"stage": "raw_material_acquisition", "co2e_kg": -2.0},
                         {"stage": "production", "co2e_kg": 11.0}],
            "by_process": [process("mill", "production", 8.0),
                           process("forest", "raw_material_acquisition", -6.0),
                           process("steel", "raw_material_acquisition", 4.0),
                           process("dryer", "production", 3.0),
                           process("idle", "production", 0.0)]}


def test_sankey_bands_are_as_wide_as_their_kg_and_add_up_to_the_total() -> None:
    s = sankey(_result())
    gross = 8 + 6 + 4 + 3  # Σ|v| over the processes: 21 kg
    assert s.scale == pytest.approx(FLOW_HEIGHT / gross)
    into_stages = [b for b in s.bands if b.target != "total"]
    into_total = [b for b in s.bands if b.target == "total"]
    assert {b.source: b.value for b in into_stages} == {"mill": 8.0, "forest": -6.0,
                                                         "steel": 4.0, "dryer": 3.0}
    assert all(b.width == pytest.approx(abs(b.value) * s.scale) for b in s.bands)
    # every column carries the same gross flow; emissions less removals is the net total
    assert sum(b.width for b in into_stages) == pytest.approx(FLOW_HEIGHT)
    assert sum(b.width for b in into_total) == pytest.approx(FLOW_HEIGHT)
    assert sum(b.width * (-1 if b.negative else 1) for b in into_total) / s.scale \
        == pytest.approx(9.0)
    # the forest's removal reaches the total as its own band, drawn apart
    assert [(b.source, b.value) for b in into_total] == [
        ("raw_material_acquisition", 4.0), ("production", 11.0),
        ("raw_material_acquisition", -6.0)]


def test_sankey_nodes_carry_their_stage_values_and_stack_without_overlap() -> None:
    s = sankey(_result())
    stages = {n.key: (n.value, n.emissions, n.removals) for n in s.column(1)}
    assert stages == {"raw_material_acquisition": (-2.0, 4.0, -6.0),
                      "production": (11.0, 11.0, 0.0)}
    (total,) = s.column(2)
    assert (total.value, total.emissions, total.removals) == (9.0, 15.0, -6.0)
    assert total.height == pytest.approx(FLOW_HEIGHT)
    for column in (s.column(0), s.column(1)):
        for upper, lower in pairwise(column):
            assert upper.y + upper.height <= lower.y
        assert all(n.y + n.height <= s.height for n in column)
    # the process with no CO2e carries no flow and is not drawn
    assert "idle" not in {n.key for n in s.nodes}


def test_sankey_joins_the_smaller_processes_of_a_stage() -> None:
    s = sankey(_result(), top=1)
    processes = {n.key: (n.value, n.merged) for n in s.column(0)}
    assert processes == {"mill": (8.0, 0), "other:production": (3.0, 1),
                         "other:raw_material_acquisition": (4.0, 1),
                         "other:raw_material_acquisition:removals": (-6.0, 1)}


def test_a_band_is_drawn_as_a_closed_curve_from_its_source_to_its_target() -> None:
    band = sankey(_result()).bands[0]
    path = band.path()
    assert path.startswith(f"M{band.x0 * 100:.2f} {band.y0:.2f}C")
    assert f"{band.x1 * 100:.2f} {band.y1 + band.width:.2f}" in path
    assert path.endswith("Z")


def test_a_result_without_processes_has_no_sankey() -> None:
    assert not sankey({"total_co2e_kg": 0.0, "by_stage": [], "by_process": []})
