"""The GWP100 table holds every gas IPCC AR6 (WG1 Ch7 Table 7.SM.7) and AR5 (WG1 Ch8
Table 8.A.1) give a GWP100 for, each value cited; values below are typed from those tables."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.domain import ghg
from carbonlabel.domain.ghg import GasCategory, GhgFlow
from carbonlabel.domain.ghg_mapping import classify
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


@pytest.mark.parametrize(("name", "cas", "gas"), [
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


@pytest.mark.parametrize("compartment", [("troposphere", "urban"), ("troposphere", "rural"),
                                         ("air", "stratosphere"), ("stratosphere",)])
def test_troposphere_and_stratosphere_count_as_air_without_the_assumed_flag(
        compartment: tuple[str, ...]) -> None:
    match = classify("Carbon dioxide, fossil", "124-38-9", compartment, False)
    assert match is not None
    assert match.flow == GhgFlow("CO2", GasCategory.FOSSIL)
    assert match.compartment_assumed is False
