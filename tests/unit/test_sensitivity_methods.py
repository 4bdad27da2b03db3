"""Method choices side by side (allocation, GWP set, cut-off, electricity) and the tornado,
on the hand-worked model of tests/support/sensitivity_model.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from carbonlabel.cli.wiring import sensitivity_file
from carbonlabel.domain.sensitivity import SensitivityReport, VariantGroup
from carbonlabel.services.quantify.sensitivity import SensitivityOptions
from tests.support.sensitivity_model import allocation_model


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> SensitivityReport:
    path = tmp_path_factory.mktemp("sens") / "alloy.yaml"
    import yaml

    path.write_text(yaml.safe_dump(allocation_model(), allow_unicode=True), encoding="utf-8")
    return sensitivity_file(path, "AR6", SensitivityOptions(top=3, grid_region="CN-East"))


def _by_en(report: SensitivityReport, group: VariantGroup) -> dict[str, float | None]:
    return {v.name.en: v.total_co2e_kg for v in report.group(group)}


def test_mass_and_economic_allocation_are_shown_side_by_side(report: SensitivityReport) -> None:
    totals = _by_en(report, VariantGroup.ALLOCATION)
    assert report.base_total == pytest.approx(1250.0, abs=1e-9)
    assert totals["mass allocation"] == pytest.approx(1250.0, abs=1e-9)  # 0.5·2116 + 192
    assert totals["economic allocation"] == pytest.approx(1461.6, abs=1e-9)  # 0.6·2116 + 192
    assert totals["no allocation (all burdens to the reference product)"] == pytest.approx(
        2308.0, abs=1e-9)  # 2116 + 192
    economic = next(v for v in report.group(VariantGroup.ALLOCATION)
                    if v.name.en == "economic allocation")
    assert economic.difference_kg == pytest.approx(211.6, abs=1e-9)
    assert economic.relative_difference == pytest.approx(211.6 / 1250, abs=1e-12)
    stages = {s.stage.value: s.co2e_kg for s in economic.by_stage}
    assert stages == pytest.approx({"raw_material_acquisition": 1269.6, "production": 192.0})


def test_the_models_own_method_is_marked_and_a_method_without_data_says_why(
        report: SensitivityReport) -> None:
    variants = {v.name.en: v for v in report.group(VariantGroup.ALLOCATION)}
    assert variants["mass allocation"].is_base
    assert not variants["economic allocation"].is_base
    energy = variants["energy allocation"]  # kg of alloy has no energy content given
    assert energy.total_co2e_kg is None
    assert energy.note is not None
    assert "not computable" in energy.note.en
    assert "processes[0]" in energy.note.en


def test_gwp_sets_reweight_the_methane(report: SensitivityReport) -> None:
    totals = _by_en(report, VariantGroup.GWP)
    assert totals["IPCC AR6 GWP100"] == pytest.approx(1250.0, abs=1e-9)
    assert totals["IPCC AR5 GWP100"] == pytest.approx(1250.2, abs=1e-9)  # CH4 30 instead of 29.8


def test_cut_off_rules_list_the_inputs_they_leave_out(report: SensitivityReport) -> None:
    # shares of 1,250: lubricant 6 (0.48 %), electricity 156.2 (12.5 %), coke and the alloy
    # input 1,058 (84.6 %): only the lubricant falls below any per-input rule tried
    for v in report.group(VariantGroup.CUT_OFF):
        assert v.excluded == ("processes[1].inputs[2] lubricant",)
        assert v.total_co2e_kg == pytest.approx(1244.0, abs=1e-9)
    base = [v for v in report.group(VariantGroup.CUT_OFF) if v.is_base]
    assert [v.name.en for v in base] == ["1.0% per input, 5.0% in total"]


def test_electricity_factors_of_the_library_replace_the_grid_input(
        report: SensitivityReport) -> None:
    # 312.4 kWh at each published factor, plus coke 1,058, lubricant 6 and CH4 29.8
    rest = 1058 + 6 + 29.8
    totals = _by_en(report, VariantGroup.ELECTRICITY)
    assert totals == pytest.approx({
        "China grid average 2021 (0.5568)": rest + 312.4 * 0.5568,
        "China grid average 2022 (0.5366)": rest + 312.4 * 0.5366,
        "China grid average 2023 (0.5306)": rest + 312.4 * 0.5306,
        "China electricity carbon footprint factor 2023 (0.6205)": rest + 312.4 * 0.6205,
        "CN-East regional/provincial grid average": rest + 312.4 * 0.5500,  # East China 2023
    }, abs=1e-9)


def test_tornado_bars_vary_one_input_and_are_sorted_by_swing(
        report: SensitivityReport) -> None:
    bars = report.tornado
    assert [b.path for b in bars] == ["processes[0].inputs[0]", "processes[1].inputs[0]",
                                      "processes[1].inputs[1]"]
    coke, alloy, power = bars
    # coke: 1,058 ± 10 %; the alloy input carries the same 1,058 upstream
    assert (coke.low_total, coke.high_total) == pytest.approx((1144.2, 1355.8), abs=1e-9)
    assert (alloy.low_total, alloy.high_total) == pytest.approx((1144.2, 1355.8), abs=1e-9)
    assert coke.swing == pytest.approx(211.6, abs=1e-9)
    assert (power.low_total, power.high_total) == pytest.approx((1234.38, 1265.62), abs=1e-9)
    assert power.base_co2e_kg == pytest.approx(156.2, abs=1e-9)
    assert {b.range_source for b in bars} == {"relative"}


def test_an_input_with_a_distribution_takes_its_percentiles(
        write_model: Callable[..., Path]) -> None:
    ranges = {"processes[1].inputs[1]": (0.5, 2.0)}  # e.g. 2.5 / 97.5 percentiles over amount
    r = sensitivity_file(write_model(allocation_model()), "AR6",
                         SensitivityOptions(top=3, ranges=ranges, cut_offs=()))
    power = next(b for b in r.tornado if b.path == "processes[1].inputs[1]")
    assert power.range_source == "distribution"
    assert (power.low_total, power.high_total) == pytest.approx(
        (1250 - 78.1, 1250 + 156.2), abs=1e-9)
    # its swing 234.3 now exceeds the coke's 211.6: it heads the tornado
    assert power.swing == pytest.approx(234.3, abs=1e-9)
    assert r.tornado[0] == power
