"""Pinned library values: equal to the figures written here and to the shared source files.

The numbers below are copied from the sources by hand (China MEE/NBS announcements as quoted in
china_electricity_factors.csv; DESNZ 2025 flat file IDs). The cross-check against the files in
../shared/reference/factors is skipped when that folder is absent (failed under CI:
tests/support/ci.py): the package itself never needs it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.factors.library import load_library
from carbonlabel.domain.factors import FactorRecord, co2e_per_unit
from tests.support.ci import unavailable
from tests.support.shared import SHARED

REFERENCE = SHARED / "reference" / "factors"
CH4_AR5, N2O_AR5 = 28.0, 265.0  # DESNZ 2025 rows 3_200_2003_3_1 and 3_200_2006_3_1


def record(factor_id: str) -> FactorRecord:
    rec = next((r for r in load_library().records if r.id == factor_id), None)
    assert rec is not None, factor_id
    return rec


def gas(rec: FactorRecord, name: str) -> float:
    return sum(g.amount for g in rec.factor.gases if g.gas == name)


# (library id, gas, value written out here, China CSV (year, factor_type, region) or DESNZ ID)
CHINA = [
    ("cn.grid.co2.average.CN.2021", "CO2", 0.5568, ("2021", "national_average_co2", "China")),
    ("cn.grid.co2.average.CN.2022", "CO2", 0.5366, ("2022", "national_average_co2", "China")),
    ("cn.grid.co2.average.CN.2023", "CO2", 0.5306, ("2023", "national_average_co2", "China")),
    ("cn.grid.co2.excl-market-nonfossil.CN.2023", "CO2", 0.6096,
     ("2023", "national_average_excl_market_nonfossil_co2", "China")),
    ("cn.grid.co2.fossil.CN.2021", "CO2", 0.8426, ("2021", "national_fossil_co2", "China")),
    ("cn.grid.co2.average.CN-North.2022", "CO2", 0.6776,
     ("2022", "regional_average_co2", "华北 North China")),
    ("cn.grid.co2.average.CN-Southwest.2023", "CO2", 0.2472,
     ("2023", "regional_average_co2", "西南 Southwest")),
    ("cn.grid.co2.average.CN-YN.2022", "CO2", 0.1073,
     ("2022", "provincial_average_co2", "云南 Yunnan")),
    ("cn.electricity.footprint.average.CN.2023", "CO2e", 0.6205,
     ("2023", "electricity_carbon_footprint_national_average", "China")),
    ("cn.electricity.footprint.pv.CN.2023", "CO2e", 0.0545,
     ("2023", "electricity_carbon_footprint_pv", "China")),
]

DESNZ_CO2E = [  # material use and waste: CO2e only, AR5
    ("uk.desnz.material.aggregates.primary-material-production.2025", 7.79306,
     "19_500_5000_15_1"),
    ("uk.desnz.waste.aggregates.landfill.2025", 1.26338, "20_500_5173_15_1"),
]

DESNZ_PER_GAS = [  # (id, kg CO2e of CO2, of CH4, of N2O per unit, DESNZ ID prefix)
    ("uk.desnz.fuel.butane.t.2025", 3029.26, 2.52, 1.60067, "1_100_1000_15"),
    ("uk.desnz.freight.freight-flights.domestic-to-from-uk.without-rf.2025",
     2.69237, 0.00393, 0.02301, "27_317_3153_14"),
]


@pytest.mark.parametrize(("factor_id", "gas_name", "value", "_src"), CHINA)
def test_china_factor_equals_the_published_figure(factor_id: str, gas_name: str, value: float,
                                                  _src: object) -> None:
    rec = record(factor_id)
    assert gas(rec, gas_name) == value
    assert rec.factor.unit == "kWh"


@pytest.mark.parametrize(("factor_id", "value", "_src"), DESNZ_CO2E)
def test_desnz_material_and_waste_keep_co2e_with_ar5(factor_id: str, value: float,
                                                     _src: str) -> None:
    rec = record(factor_id)
    assert gas(rec, "CO2e") == value
    assert rec.factor.gwp_set == "AR5"
    assert rec.factor.unit == "t"


@pytest.mark.parametrize(("factor_id", "co2", "ch4e", "n2oe", "_src"), DESNZ_PER_GAS)
def test_desnz_per_gas_rows_are_co2e_divided_by_the_ar5_gwps(
        factor_id: str, co2: float, ch4e: float, n2oe: float, _src: str) -> None:
    rec = record(factor_id)
    assert gas(rec, "CO2") == co2
    assert gas(rec, "CH4") == pytest.approx(ch4e / CH4_AR5, rel=1e-12)
    assert gas(rec, "N2O") == pytest.approx(n2oe / N2O_AR5, rel=1e-12)


def test_natural_gas_per_cubic_metre_by_hand() -> None:
    """DESNZ 2025, natural gas, cubic metres (IDs 1_100_1004_1_1..4): total 2.06672 kg CO2e
    (AR5) = 2.0627 (CO2) + 0.00307 (CH4 as CO2e) + 0.00095 (N2O as CO2e)."""
    rec = record("uk.desnz.fuel.natural-gas.m3.2025")
    assert rec.factor.unit == "m3"
    assert rec.source_ids == "1_100_1004_1_1;1_100_1004_1_2;1_100_1004_1_3;1_100_1004_1_4"
    assert gas(rec, "CO2") == 2.0627
    assert gas(rec, "CH4") == pytest.approx(0.000109642857, rel=1e-9)  # 0.00307 / 28
    assert gas(rec, "N2O") == pytest.approx(0.00000358490566, rel=1e-9)  # 0.00095 / 265
    # the library's CO2e per m3, weighted by the package's GWP tables, against the published
    # figures. AR5 with fossil CH4 30 (28 + oxidation to CO2, GHG Protocol 2016; DESNZ's total
    # 2.06672 uses 28): 2.0627 + 0.00307 / 28 * 30 + 0.00095
    assert co2e_per_unit(rec.factor, load_gwp_set("AR5")) == pytest.approx(
        2.0627 + 0.00307 / 28 * 30 + 0.00095, rel=1e-12)
    # AR6 (fossil CH4 29.8, N2O 273): 2.0627 + 0.00307 / 28 * 29.8 + 0.00095 / 265 * 273
    assert co2e_per_unit(rec.factor, load_gwp_set("AR6")) == pytest.approx(
        2.0627 + 0.00307 / 28 * 29.8 + 0.00095 / 265 * 273, rel=1e-12)
    assert co2e_per_unit(rec.factor, load_gwp_set("AR6")) == pytest.approx(2.06694604,
                                                                            abs=5e-9)


def test_2024_national_electricity_carbon_footprint_factor() -> None:
    """MEE, NBS and NEA, 2024 electricity carbon footprint factors, published 2025-09-28:
    national average 0.5777 kg CO2e/kWh (2023: 0.6205)."""
    rec = record("cn.electricity.footprint.average.CN.2024")
    assert gas(rec, "CO2e") == 0.5777
    assert rec.factor.unit == "kWh"
    assert (rec.key, rec.geography, rec.year) == ("cn.electricity.footprint.average", "CN", 2024)
    assert rec.publication_date == "2025-09-28"
    assert rec.factor.source is not None
    assert "2024" in rec.factor.source.document
    assert rec.factor.source.url.startswith("http")
    assert rec.factor.source.licence


def _shared(name: str) -> Path:
    path = REFERENCE / name
    if not path.exists():
        unavailable(f"shared reference file not found (the package runs without it): {path}")
    return path


@pytest.mark.parametrize(("factor_id", "gas_name", "value", "src"), CHINA)
def test_china_factor_equals_the_shared_source_file(factor_id: str, gas_name: str,
                                                    value: float, src: tuple[str, ...]) -> None:
    path = _shared("china_electricity_factors.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = next(r for r in rows if (r["year"], r["factor_type"], r["region"]) == src)
    assert float(row["value"]) == value == gas(record(factor_id), gas_name)
    assert record(factor_id).factor.source.url == row["source_url_secondary"]  # type: ignore[union-attr]


def _desnz() -> dict[str, float | None]:
    path = _shared("desnz_ghg_conversion_factors_2025_flat.csv")
    with path.open(encoding="utf-8") as fh:
        return {r["ID"]: (float(r["GHG Conversion Factor 2025"])
                          if r["GHG Conversion Factor 2025"] else None)
                for r in csv.DictReader(fh)}


@pytest.mark.parametrize(("factor_id", "value", "desnz_id"), DESNZ_CO2E)
def test_desnz_co2e_rows_equal_the_shared_source_file(factor_id: str, value: float,
                                                      desnz_id: str) -> None:
    assert _desnz()[desnz_id] == value == gas(record(factor_id), "CO2e")


@pytest.mark.parametrize(("factor_id", "co2", "ch4e", "n2oe", "prefix"), DESNZ_PER_GAS)
def test_desnz_per_gas_rows_equal_the_shared_source_file(
        factor_id: str, co2: float, ch4e: float, n2oe: float, prefix: str) -> None:
    src = _desnz()
    assert src["3_200_2003_3_1"] == CH4_AR5
    assert src["3_200_2006_3_1"] == N2O_AR5
    assert (src[f"{prefix}_2"], src[f"{prefix}_3"], src[f"{prefix}_4"]) == (co2, ch4e, n2oe)
    rec = record(factor_id)
    assert rec.source_ids == ";".join(f"{prefix}_{k}" for k in (1, 2, 3, 4))


def test_every_desnz_per_gas_row_reproduces_the_source_file() -> None:
    src = _desnz()
    per_gas = [r for r in load_library().records
               if r.id.startswith("uk.desnz.") and r.factor.gwp_set is None]
    assert len(per_gas) == 240
    for rec in per_gas:
        total_id, co2_id, ch4_id, n2o_id = rec.source_ids.split(";")
        assert gas(rec, "CO2") == src[co2_id]
        assert gas(rec, "CH4") * CH4_AR5 == pytest.approx(src[ch4_id], rel=1e-12)
        assert gas(rec, "N2O") * N2O_AR5 == pytest.approx(src[n2o_id], rel=1e-12)
        parts = gas(rec, "CO2") + gas(rec, "CH4") * CH4_AR5 + gas(rec, "N2O") * N2O_AR5
        assert parts == pytest.approx(src[total_id], rel=5e-3)  # DESNZ rounds each figure


def test_build_script_reproduces_the_bundled_files_from_the_shared_sources(
        tmp_path: Path) -> None:
    import subprocess
    import sys
    from importlib import resources

    _shared("china_electricity_factors.csv")
    _shared("desnz_ghg_conversion_factors_2025_flat.csv")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "build_factor_library.py"), "--reference",
         str(REFERENCE), "--out", str(tmp_path), "--version", "2026.2"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = resources.files("carbonlabel.adapters.factors").joinpath("data")
    for name in ("factors-cn-electricity.csv", "factors-desnz-2025.csv", "library.json"):
        assert (tmp_path / name).read_bytes() == data.joinpath(name).read_bytes(), name
