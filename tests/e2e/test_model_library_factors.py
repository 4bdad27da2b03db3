"""A product model may use library factors and user factor sets; the result says which."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from carbonlabel.adapters.formats import result_json
from carbonlabel.cli.app import main
from tests.conftest import base_model
from tests.e2e.test_cli_factors import user_set

CH4_AR6, N2O_AR6 = 29.8, 273.0


def library_model(**overrides: Any) -> dict[str, Any]:
    m = base_model(geography="CN-JS", period={"start": "2024-01-01", "end": "2024-12-31"},
                   factors=[])
    m["processes"][0]["inputs"] = [
        {"factor": "cn.grid.co2.average", "amount": 100, "unit": "kWh"},
        {"factor": "uk.desnz.fuel.natural-gas.m3.2025", "amount": 10, "unit": "m3"},
        {"factor": "cn.electricity.footprint.average", "amount": 20, "unit": "kWh"},
    ]
    m.update(overrides)
    return m


def run_json(write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str],
             model: dict[str, Any], *extra: str) -> dict[str, Any]:
    code = main(["calc", str(write_model(model)), "--json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    body: dict[str, Any] = json.loads(out)
    return body


def test_model_with_library_factors_equals_hand_arithmetic(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    body = run_json(write_model, capsys, library_model())
    grid = 100 * 0.5500  # CN-JS has no 2024 row: East China grid, 2023 (nearest year)
    gas = 10 * (2.0627 + 0.00307 / 28 * CH4_AR6 + 0.00095 / 265 * N2O_AR6)  # DESNZ, AR6
    footprint = 20 * 0.5777  # national electricity carbon footprint 2024 (MEE/NBS/NEA 2025)
    assert body["total_co2e_kg"] == pytest.approx(grid + gas + footprint, rel=1e-12)
    assert body["total_co2e_kg"] == pytest.approx(55 + 20.6694604 + 11.554, rel=1e-8)
    jsonschema.validate(body, result_json.json_schema())
    assert ["carbonlabel-library", "2026.2"] in body["provenance"]["factor_sets"]
    res = {r["requested"]: r for r in body["factor_resolutions"]}
    grid_res = res["cn.grid.co2.average"]
    assert grid_res["factor_id"] == "cn.grid.co2.average.CN-East.2023"
    assert grid_res["fallback"] == ["CN-JS"]
    assert (grid_res["year_requested"], grid_res["year_used"]) == (2024, 2023)
    assert grid_res["processes"] == ["main"]
    assert "fell back CN-JS → CN-East" in grid_res["note"]["en"]
    assert res["cn.electricity.footprint.average"]["fallback"] == ["CN-JS", "CN-East"]
    assert not res["uk.desnz.fuel.natural-gas.m3.2025"]["by_key"]


def test_calc_table_shows_the_sets_and_the_resolution_notes(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code = main(["calc", str(write_model(library_model()))])
    out, _ = capsys.readouterr()
    out = " ".join(out.split())  # however wide the terminal, a note may wrap at a space
    assert code == 0
    assert "carbonlabel-library 2026.2" in out
    assert "因子 factor:" in out
    assert "fell back CN-JS → CN-East" in out


def test_input_geography_and_year_override_the_model(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = library_model()
    m["processes"][0]["inputs"] = [{"factor": "cn.grid.co2.average", "amount": 100,
                                    "unit": "kWh", "geography": "云南", "year": 2022}]
    body = run_json(write_model, capsys, m)
    assert body["total_co2e_kg"] == pytest.approx(100 * 0.1073, rel=1e-12)
    (r,) = body["factor_resolutions"]
    assert (r["geography_used"], r["year_used"], r["fallback"]) == ("CN-YN", 2022, [])


def test_model_own_factor_wins_over_a_library_id(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    own = {"id": "cn.grid.co2.average.CN.2023", "name": {"zh": "自定", "en": "own"},
           "unit": "kWh", "co2e": 0.5, "source": {"note": "test"}}
    m = base_model(factors=[own])
    m["processes"][0]["inputs"] = [{"factor": "cn.grid.co2.average.CN.2023", "amount": 2,
                                    "unit": "kWh"}]
    body = run_json(write_model, capsys, m)
    assert body["total_co2e_kg"] == pytest.approx(1.0)
    assert body["factor_resolutions"] == []
    assert all(s[0] != "carbonlabel-library" for s in body["provenance"]["factor_sets"])


def test_user_factor_set_of_the_model_overrides_the_library_and_is_recorded(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    (tmp_path / "sets").mkdir()
    user_set(tmp_path / "sets" / "acme.csv", co2="0.48")
    m = library_model(factor_sets=["sets/acme.csv"])
    m["processes"][0]["inputs"] = m["processes"][0]["inputs"][:1]
    body = run_json(write_model, capsys, m)
    assert body["total_co2e_kg"] == pytest.approx(100 * 0.48, rel=1e-12)
    assert ["acme-factors", "2024.2"] in body["provenance"]["factor_sets"]
    (r,) = body["factor_resolutions"]
    assert (r["factor_id"], r["factor_set"], r["set_version"]) == (
        "acme.grid.js.2024", "acme-factors", "2024.2")
    # a new version of the set changes the input hash
    user_set(tmp_path / "sets" / "acme.csv", co2="0.47", version="2024.3")
    again = run_json(write_model, capsys, m)
    assert again["provenance"]["input_hash"] != body["provenance"]["input_hash"]


def test_missing_or_bad_factor_set_is_reported_with_its_field_or_row(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    code = main(["validate", str(write_model(library_model(factor_sets=["nope.csv"])))])
    _, err = capsys.readouterr()
    assert code == 2
    assert "factor_sets[0]" in err
    user_set(tmp_path / "bad.csv", co2="abc")
    code = main(["calc", str(write_model(library_model(factor_sets=["bad.csv"])))])
    _, err = capsys.readouterr()
    assert code == 2
    assert "bad.csv:co2_kg (line 4)" in err


def test_unknown_library_reference_suggests_near_ids(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = library_model()
    m["processes"][0]["inputs"] = [{"factor": "cn.grid.co2.averag", "amount": 1,
                                    "unit": "kWh"},
                                   {"factor": "uk.desnz.fuel.natural-gas.m3", "amount": 1,
                                    "unit": "m3"}]  # a GB-only key in a CN model
    code = main(["validate", str(write_model(m))])
    _, err = capsys.readouterr()
    assert code == 2
    assert "processes[0].inputs[0].factor" in err
    assert "did you mean cn.grid.co2.average" in err
    assert "processes[0].inputs[1].factor" in err
    assert "it has: GB 2025" in err


def test_co2e_only_library_factor_warns_under_ar6(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = library_model()
    m["processes"][0]["inputs"] = [{
        "factor": "uk.desnz.material.plastics-pp-incl-forming.primary-material-production.2025",
        "amount": 2, "unit": "kg"}]
    body = run_json(write_model, capsys, m)
    assert any("AR5" in w for w in body["warnings"])


def _warnings(body: dict[str, Any]) -> str:
    return "\n".join(body["warnings"])


def test_2024_reference_period_gets_the_2024_electricity_footprint_factor(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = library_model(geography="CN")
    m["processes"][0]["inputs"] = [{"factor": "cn.electricity.footprint.average",
                                    "amount": 1000, "unit": "kWh"}]
    body = run_json(write_model, capsys, m)
    # MEE, NBS and NEA, 2024 national electricity carbon footprint factor (2025-09-28)
    assert body["total_co2e_kg"] == pytest.approx(1000 * 0.5777, rel=1e-12)
    (r,) = body["factor_resolutions"]
    assert (r["factor_id"], r["year_used"]) == ("cn.electricity.footprint.average.CN.2024", 2024)
    assert "cn.electricity.footprint" not in _warnings(body)  # a life-cycle factor: no warning


def test_co2_only_grid_factor_in_a_pcf_warns_naming_the_life_cycle_factor(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = library_model()  # CN-JS, 2024
    m["processes"][0]["inputs"] = m["processes"][0]["inputs"][:1]
    body = run_json(write_model, capsys, m)
    assert body["total_co2e_kg"] == pytest.approx(100 * 0.5500, rel=1e-12)  # still computed
    text = _warnings(body)
    assert "cn.grid.co2.average.CN-East.2023" in text
    assert "CO2 only" in text
    assert "仅二氧化碳" in text
    assert "cn.electricity.footprint.average.CN.2024" in text  # the better factor, named
    assert f"{(0.5777 / 0.5500 - 1) * 100:.1f} %" == "5.0 %"
    assert "5.0 %" in text


def test_combustion_only_fuel_factor_in_a_pcf_warns_that_upstream_is_missing(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    m = library_model()
    m["processes"][0]["inputs"] = m["processes"][0]["inputs"][1:2]
    body = run_json(write_model, capsys, m)
    text = _warnings(body)
    assert "uk.desnz.fuel.natural-gas.m3.2025" in text
    assert "combustion only" in text
    assert "仅燃烧" in text
    assert "well-to-tank" in text


@pytest.mark.parametrize(("start", "end", "used", "warns"), [
    ("2024-01-01", "2024-12-31", 2023, False),  # one year away: no warning
    ("2026-01-01", "2026-12-31", 2023, True),  # three years away
    ("2019-01-01", "2019-12-31", 2021, True),  # two years before the first figure
    ("2019-07-01", "2021-06-30", 2021, False),  # inside the period (mid-year 2020)
])
def test_factor_year_more_than_a_year_from_the_reference_period_warns(
        write_model: Callable[..., Path], capsys: pytest.CaptureFixture[str],
        start: str, end: str, used: int, warns: bool) -> None:
    m = library_model(geography="CN", period={"start": start, "end": end})
    m["processes"][0]["inputs"] = m["processes"][0]["inputs"][:1]
    body = run_json(write_model, capsys, m)
    (r,) = body["factor_resolutions"]
    assert r["year_used"] == used
    text = _warnings(body)
    assert (f"cn.grid.co2.average.CN.{used} is for {used}" in text) == warns
