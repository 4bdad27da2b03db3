"""Every factor states its scope (CO2 only, combustion, life cycle), and a PCF is told when an
electricity or fuel factor is not a life-cycle one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from carbonlabel.adapters.factors.library import load_library
from carbonlabel.adapters.factors.rows import COLUMNS, parse_row
from carbonlabel.adapters.factors.user_sets import load_factor_sets
from carbonlabel.domain.factors import FactorCatalog, FactorScope
from carbonlabel.errors import ModelValidationError


def test_every_library_factor_carries_its_scope() -> None:
    records = load_library().records
    assert all(isinstance(r.scope, FactorScope) for r in records)
    by_id = {r.id: r.scope for r in records}
    assert by_id["cn.grid.co2.average.CN.2023"] is FactorScope.CO2_ONLY
    assert by_id["cn.grid.co2.fossil.CN.2021"] is FactorScope.CO2_ONLY
    assert by_id["cn.electricity.footprint.average.CN.2023"] is FactorScope.LIFE_CYCLE
    assert by_id["cn.electricity.footprint.average.CN.2024"] is FactorScope.LIFE_CYCLE
    assert by_id["uk.desnz.fuel.natural-gas.m3.2025"] is FactorScope.COMBUSTION
    assert by_id["uk.desnz.freight.rail.freight-train.2025"] is FactorScope.COMBUSTION
    assert (by_id["uk.desnz.material.aggregates.primary-material-production.2025"]
            is FactorScope.LIFE_CYCLE)
    counts = {s: sum(1 for r in records if r.scope is s) for s in FactorScope}
    # 32 CN grid CO2 rows; 5 CN footprint rows + 70 + 134 DESNZ material and waste rows;
    # 117 + 123 DESNZ fuel and freight rows
    assert counts == {FactorScope.CO2_ONLY: 32, FactorScope.LIFE_CYCLE: 5 + 70 + 134,
                      FactorScope.COMBUSTION: 117 + 123}


ROW = {"id": "x.1", "name_zh": "甲", "name_en": "x", "category": "electricity/supplier",
       "geography": "CN", "year": "2024", "unit": "kWh", "co2_kg": "0.5", "publisher": "p",
       "document": "d"}


@pytest.mark.parametrize(("text", "scope"), [
    ("life-cycle", FactorScope.LIFE_CYCLE), ("CO2-only", FactorScope.CO2_ONLY),
    ("combustion", FactorScope.COMBUSTION), ("", None)])
def test_user_row_scope_is_read_or_left_unstated(text: str, scope: FactorScope | None) -> None:
    record, problems = parse_row({**ROW, "scope": text}, "mine", "1")
    assert problems == []
    assert record is not None
    assert record.scope is scope


def test_unknown_scope_is_refused_naming_the_column(tmp_path: Path) -> None:
    _, problems = parse_row({**ROW, "scope": "cradle"}, "mine", "1")
    assert [(p.column, p.code) for p in problems] == [("scope", "bad_scope")]
    buf = io.StringIO()
    buf.write("# name: s\n# version: 1\n")
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerow({**ROW, "scope": "cradle"})
    path = tmp_path / "s.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(ModelValidationError) as info:
        load_factor_sets([path])
    assert "s.csv:scope" in str(info.value.errors[0].field)


def test_better_factor_is_the_life_cycle_average_of_the_same_kind() -> None:
    cat = FactorCatalog(load_library())
    grid = cat.require("cn.grid.co2.excl-market-nonfossil.CN.2023")
    better = cat.life_cycle_alternative(grid, "CN-GD", 2024)
    assert better is not None
    assert better.id == "cn.electricity.footprint.average.CN.2024"
    gas = cat.require("uk.desnz.fuel.natural-gas.m3.2025")
    assert cat.life_cycle_alternative(gas, "CN", 2024) is None  # none bundled
