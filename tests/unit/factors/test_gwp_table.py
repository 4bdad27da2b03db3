"""The GWP100 table holds every gas IPCC AR6 (WG1 Ch7 Table 7.SM.7) and AR5 (WG1 Ch8
Table 8.A.1) give a GWP100 for, each value cited; values below are typed from those tables."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.domain import ghg
from carbonlabel.domain.ghg import GasCategory, GhgFlow
from carbonlabel.domain.ghg_mapping import GHG_BY_CAS, classify
from carbonlabel.domain.ghg_species import GHG_SPECIES
from tests.support.shared import shared_file

# (gas key, AR6 Table 7.SM.7, AR5 Table 8.A.1)
TYPED = [
    ("HFC-143", 364.0, 328.0),
    ("C5F12", 9220.0, 8550.0),  # perfluoropentane, PFC-41-12
    ("CFC-11", 6230.0, 4660.0),
    ("CFC-12", 12500.0, 10200.0),
    ("HCFC-22", 1960.0, 1760.0),
    ("HCFC-141b", 860.0, 782.0),
    ("Halon-1301", 7200.0, 6290.0),
    ("CCl4", 2200.0, 1730.0),
    ("CH3Cl", 5.54, 12.0),
    ("SO2F2", 4630.0, 4090.0),
    ("C6F14", 8620.0, 7910.0),
    ("N2O", 273.0, 265.0),
    ("SF6", 25200.0, 23500.0),
    ("HFC-134a", 1530.0, 1300.0),
    ("HFE-125", 14300.0, 12400.0),
    ("PFPMIE", 10300.0, 9710.0),
    ("CF4", 7380.0, 6630.0),
]


@pytest.mark.parametrize(("gas", "ar6", "ar5"), TYPED)
def test_gwp100_values_are_those_of_the_ipcc_tables(gas: str, ar6: float, ar5: float) -> None:
    assert load_gwp_set("AR6").values[gas] == ar6
    assert load_gwp_set("AR5").values[gas] == ar5
    assert gas in getattr(ghg, "TABLE_GAS_FAMILIES", {})


def test_methane_ar5_is_28_and_30_for_fossil_methane_as_in_table_8a1() -> None:
    ar5 = load_gwp_set("AR5")
    assert ar5.factor(GhgFlow("CH4", GasCategory.BIOGENIC)) == 28.0
    assert ar5.factor(GhgFlow("CH4", GasCategory.FOSSIL)) == 30.0
    ar6 = load_gwp_set("AR6")  # Table 7.15: 27.0 non-fossil, 29.8 fossil
    assert (ar6.methane_non_fossil, ar6.methane_fossil) == (27.0, 29.8)


def _rows() -> list[dict[str, str]]:
    text = resources.files("carbonlabel.adapters.factors").joinpath(
        "data/gwp100.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_value_of_the_table_cites_its_ipcc_table() -> None:
    for row in _rows():
        for col, table in (("ar6", "Table 7."), ("ar5", "Table 8.A.1")):
            if row[col]:
                assert table in row[f"{col}_source"], (row["gas"], col)
            else:
                assert row[f"{col}_source"] == "", (row["gas"], col)


def test_every_species_of_the_compiled_reference_table_is_held() -> None:
    """The openclimatedata compilation of 7.SM.7 and 8.A.1: every species with an AR6 or AR5
    GWP100 has a row here with the same values."""
    path = shared_file("reference/factors/openclimatedata_globalwarmingpotentials.csv")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    reference = {r["Species"]: r for r in csv.DictReader(lines)
                 if r["AR6GWP100"] or r["AR5GWP100"]}
    ours = {r["species"]: r for r in _rows() if r["species"]}
    assert set(reference) - {"CH4"} <= set(ours)
    for species, ref in reference.items():
        if species == "CH4":
            continue
        row = ours[species]
        assert (float(row["ar6"]) if row["ar6"] else None) == (
            float(ref["AR6GWP100"]) if ref["AR6GWP100"] else None), species
        assert (float(row["ar5"]) if row["ar5"] else None) == (
            float(ref["AR5GWP100"]) if ref["AR5GWP100"] else None), species


# Species Table 7.SM.7 adds to the compilation above: (gas key, CAS, AR6 GWP100), typed from
# the table (chrisroadmap/ar6 data_output/7sm/metrics_supplement_cleaned.csv, 24f2792).
TYPED_AR6_ONLY = [
    ("CFC-112", "76-12-0", 4620.0),
    ("CFC-114a", "374-07-2", 7420.0),
    ("HCFC-124a", "354-25-6", 2070.0),
    ("HFC-227ca", "2252-84-8", 2980.0),
    ("HFO-1234yf", "754-12-1", 0.501),
    ("Halon-2311", "151-67-7", 45.0),
    ("n-HFE-7100", "163702-07-6", 544.0),
    ("i-HFE-7100", "163702-08-7", 437.0),
    ("HFE-329me3", "428454-68-6", 4390.0),
    ("HFE-449s1", "219484-64-7", 460.0),
    ("N(CF2CF2CF2CF3)3", "311-89-7", 8490.0),  # PFTBA
    ("c-C4F8O", "773-14-8", 13900.0),  # octafluorooxolane
    ("Z-C10F18", "60433-11-6", 7800.0),
    ("C2H6", "74-84-0", 0.437),  # ethane
    ("C8H24O4Si4", "556-67-2", 0.739),  # octamethylcyclotetrasiloxane (D4)
]


@pytest.mark.parametrize(("gas", "cas", "ar6"), TYPED_AR6_ONLY)
def test_species_only_table_7sm7_lists_have_its_value_and_are_found_by_cas(
        gas: str, cas: str, ar6: float) -> None:
    assert load_gwp_set("AR6").values[gas] == ar6
    assert not load_gwp_set("AR5").has(gas)  # no complete machine-readable 8.A.1 was found
    assert gas in ghg.TABLE_GAS_FAMILIES
    match = classify("any name", cas, ("air",), False)
    assert match is not None
    assert match.flow == GhgFlow(gas, GasCategory.FOSSIL)


def test_the_table_holds_all_249_species_of_table_7sm7() -> None:
    """7.SM.7 lists 249 species (CO2, CH4, N2O and 246 others); methane is split in two rows
    by origin (Table 7.15), so 250 rows have an AR6 value, each citing its table."""
    rows = [r for r in _rows() if r["ar6"]]
    assert len(rows) == 249 + 1
    assert len({r["gas"] for r in rows}) == len(rows)
    assert all("Table 7.SM.7" in r["ar6_source"] or r["gas"] in ("CO2", "CH4_fossil",
                                                                  "CH4_non_fossil")
               for r in rows)
    assert sum("chrisroadmap/ar6" in r["ar6_source"] for r in rows) == 249 - 87


def test_every_gas_of_the_table_has_a_species_row_and_no_cas_points_elsewhere() -> None:
    table = {r["gas"] for r in _rows()} - {"CH4_fossil", "CH4_non_fossil"}
    assert {s.gas for s in GHG_SPECIES} == table
    for species in GHG_SPECIES:
        if species.cas:
            assert GHG_BY_CAS[species.cas] == species.gas, species


@pytest.mark.parametrize(("name", "cas", "gas"), [
    ("HFO-1234yf", None, "HFO-1234yf"),
    ("2,3,3,3-Tetrafluoroprop-1-ene", None, "HFO-1234yf"),
    ("Ethane", None, "C2H6"),
    ("CFC 1112", None, "CFC-1112"),
    ("1,1,1,2,2,3,3,4,4-nonafluoro-4-methoxybutane", "163702-07-6", "n-HFE-7100"),
    ("Perfluoropentane", "678-26-2", "C5F12"),
    ("Perfluoropentane", None, "C5F12"),
    ("HFC-143", "430-66-0", "HFC-143"),
    ("HFC-143", None, "HFC-143"),
    ("CFC-11", "75-69-4", "CFC-11"),
    ("Halon 1301", "75-63-8", "Halon-1301"),
    ("Chloroform", "67-66-3", "CHCl3"),
    ("Carbon tetrachloride", "56-23-5", "CCl4"),
])
def test_gases_of_real_databases_are_found_by_cas_and_name(name: str, cas: str | None,
                                                           gas: str) -> None:
    match = classify(name, cas, ("emission", "air"), False)
    assert match is not None
    assert match.flow == GhgFlow(gas, GasCategory.FOSSIL)


def test_a_name_table_7sm7_gives_to_two_isomers_finds_no_gas_without_cas() -> None:
    assert classify("1,1,1,2,2,3,3,4,4-Nonafluoro-4-methoxybutane", None, ("air",), False) is None


@pytest.mark.parametrize("compartment", [("troposphere", "urban"), ("troposphere", "rural"),
                                         ("air", "stratosphere"), ("stratosphere",)])
def test_troposphere_and_stratosphere_count_as_air_without_the_assumed_flag(
        compartment: tuple[str, ...]) -> None:
    match = classify("Carbon dioxide, fossil", "124-38-9", compartment, False)
    assert match is not None
    assert match.flow == GhgFlow("CO2", GasCategory.FOSSIL)
    assert match.compartment_assumed is False
