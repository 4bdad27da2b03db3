"""Two footprints side by side (domain/result_diff.py): differences and relative changes
checked against arithmetic written out here."""

from __future__ import annotations

import pytest

from carbonlabel.domain.footprint import (
    FootprintResult,
    GasResult,
    Provenance,
    SeparateReporting,
    StageResult,
    TreeNode,
)
from carbonlabel.domain.product import (
    LifeCycleStage,
    Product,
    Quantity,
    ReferenceFlow,
    SystemBoundary,
    Text,
    UnitKind,
)
from carbonlabel.domain.result_diff import ValuePair, compare_results

RAW, MAKE = LifeCycleStage.RAW_MATERIAL, LifeCycleStage.PRODUCTION


def result(stages: dict[LifeCycleStage, float], gases: list[tuple[str, str, float, float]],
           gwp: str = "AR6", unit: str = "kWh") -> FootprintResult:
    total = sum(stages.values())
    return FootprintResult(
        Product(Text("件", "widget"), "x"),
        ReferenceFlow(UnitKind.DECLARED, Text("1", "1"), Quantity(1, unit), "p"),
        SystemBoundary.CRADLE_TO_GATE, "CN", total,
        tuple(StageResult(s, v, v / total, 0.0) for s, v in stages.items()), (),
        tuple(GasResult(g, c, mass, co2e / mass, co2e) for g, c, mass, co2e in gases), (),
        SeparateReporting(total, 0, 0, 0, 0, 0, 0, None),
        TreeNode("p", "p", "process", 1, unit, total, 1.0), None,
        Provenance("h", gwp, "IPCC", (), "1", "splu"), 0.0, 0.0)


def test_totals_stages_and_gases_differ_by_after_minus_before() -> None:
    a = result({RAW: 30.0, MAKE: 10.0}, [("CO2", "fossil", 38.0, 38.0),
                                        ("CH4", "fossil", 0.05, 1.49)])
    b = result({RAW: 30.0, MAKE: 15.0}, [("CO2", "fossil", 45.0, 45.0)])
    cmp = compare_results(a, b)
    assert cmp.total == ValuePair(30.0 + 10.0, 30.0 + 15.0)
    assert cmp.total.difference == pytest.approx(5.0)
    assert cmp.total.relative_change == pytest.approx(5.0 / 40.0)  # +12.5 %
    assert [(s.stage, s.co2e_kg.a, s.co2e_kg.b) for s in cmp.stages] == [
        (RAW, 30.0, 30.0), (MAKE, 10.0, 15.0)]
    assert cmp.stages[0].co2e_kg.relative_change == 0.0
    assert cmp.stages[1].co2e_kg.relative_change == pytest.approx(0.5)
    co2, ch4 = cmp.gases
    assert (co2.gas, co2.co2e_kg.difference) == ("CO2", pytest.approx(7.0))
    # a gas only in A: 0 in B, all of it gone (-100 %)
    assert (ch4.gas, ch4.co2e_kg.b, ch4.co2e_kg.relative_change) == ("CH4", 0.0, -1.0)
    assert cmp.same_unit
    assert cmp.gwp_set == ("AR6", "AR6")


def test_a_version_without_a_footprint_is_not_calculated_and_has_no_difference() -> None:
    b = result({RAW: 2.0}, [("CO2", "fossil", 2.0, 2.0)])
    cmp = compare_results(None, b)
    assert cmp.total == ValuePair(None, 2.0)
    assert (cmp.total.difference, cmp.total.relative_change) == (None, None)
    assert [(s.co2e_kg.a, s.co2e_kg.b) for s in cmp.stages] == [(None, 2.0)]
    assert cmp.unit == (None, "1 kWh")
    assert not cmp.same_unit


def test_a_change_from_zero_has_a_difference_but_no_relative_change() -> None:
    a = result({RAW: 3.0}, [("CO2", "fossil", 3.0, 3.0)])
    b = result({RAW: 3.0, MAKE: 1.0}, [("CO2", "fossil", 4.0, 4.0)])
    (_, make) = compare_results(a, b).stages
    assert (make.co2e_kg.a, make.co2e_kg.b, make.co2e_kg.difference) == (0.0, 1.0, 1.0)
    assert make.co2e_kg.relative_change is None


def test_a_decrease_from_a_negative_total_is_relative_to_its_size() -> None:
    pair = ValuePair(-4.0, -5.0)
    assert pair.difference == -1.0
    assert pair.relative_change == pytest.approx(-0.25)  # 25 % more negative
