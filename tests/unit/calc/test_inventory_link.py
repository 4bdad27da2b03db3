"""Linking imported inventories: allocation options, providers, cut-offs, units and GHGs.

Expected numbers are worked out by hand in tests/support/olca_fixtures.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.olca_jsonld import read_olca_jsonld
from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.adapters.formats.synthlci_source import read_synthlci_source
from carbonlabel.calc.database import solve_database
from carbonlabel.calc.inventory.link import link_inventory
from carbonlabel.domain.ghg import GasCategory, GhgFlow
from carbonlabel.domain.ghg_mapping import classify
from carbonlabel.domain.inventory import (
    AllocationOption,
    FlowKind,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)
from carbonlabel.services.quantify.inventory_import import calculate_imported
from tests.support.olca_fixtures import EXPECTED, write_v2_zip


@pytest.fixture(scope="module")
def steel(tmp_path_factory: pytest.TempPathFactory) -> tuple[InventorySource, dict[str, str]]:
    path = tmp_path_factory.mktemp("steel") / "steel.zip"
    ids = write_v2_zip(path)
    return read_olca_jsonld(path), ids


@pytest.mark.parametrize("option", list(AllocationOption))
def test_each_allocation_option_gives_the_hand_computed_footprints(
        steel: tuple[InventorySource, dict[str, str]], option: AllocationOption) -> None:
    source, ids = steel
    result = calculate_imported(source, [ids["steel"], ids["cement"], ids["electricity"]],
                                option)
    scores = {s.name: s.score for s in result.scores}
    assert scores["steel"] == pytest.approx(EXPECTED[option.value]["steel"], rel=1e-12)
    assert scores["cement"] == pytest.approx(EXPECTED[option.value]["cement"], rel=1e-12)
    # per kWh, as the dataset states its reference (the flow's own reference unit is MJ)
    assert scores["electricity"] == pytest.approx(0.5, rel=1e-12)
    assert {s.name: s.unit for s in result.scores} == {"steel": "g", "cement": "kg",
                                                       "electricity": "kWh"}


def test_inputs_without_provider_are_cut_off_and_listed(
        steel: tuple[InventorySource, dict[str, str]]) -> None:
    report = link_inventory(steel[0], AllocationOption.DATA, load_gwp_set("AR6")).report
    assert [(u.dataset, u.flow, u.amount, u.reason) for u in report.unlinked] == [
        ("steel", "water", 5.0, "no_provider")]


def test_the_provider_in_the_consumers_location_is_chosen_and_reported(
        steel: tuple[InventorySource, dict[str, str]]) -> None:
    report = link_inventory(steel[0], AllocationOption.DATA, load_gwp_set("AR6")).report
    assert [(c.flow, c.chosen, c.candidates, c.rule) for c in report.provider_choices] == [
        ("slag", "steel", 2, "same_location")]


def test_co_products_are_no_providers_when_the_reference_carries_everything(
        steel: tuple[InventorySource, dict[str, str]]) -> None:
    linked = link_inventory(steel[0], AllocationOption.NONE, load_gwp_set("AR6"))
    assert linked.database.n_processes == 4
    assert linked.report.provider_choices == []


def test_ghg_flows_are_mapped_and_suspects_reported(
        steel: tuple[InventorySource, dict[str, str]]) -> None:
    report = link_inventory(steel[0], AllocationOption.NONE, load_gwp_set("AR6")).report
    assert report.ghg_exchanges == {"CO2/fossil": 4, "CH4/biogenic": 1,
                                    "CO2/biogenic_removal": 1}
    assert report.uncharacterised_suspects == {"Carbon monoxide, fossil": 1}


def test_gwp_set_changes_methane_weight(steel: tuple[InventorySource, dict[str, str]]) -> None:
    source, ids = steel
    ar6 = calculate_imported(source, [ids["steel"]], AllocationOption.NONE, "AR6").scores[0]
    ar5 = calculate_imported(source, [ids["steel"]], AllocationOption.NONE, "AR5").scores[0]
    # per kg of steel (no allocation): 1.8 kg CO2 fossil + 0.001 kg CH4 biogenic × GWP100
    # + 2 kWh × 0.5 kg CO2e/kWh − 0.1 kg CO2 taken up; GWP100 of non-fossil CH4 typed from
    # the IPCC: 28 in AR5 (WG1 Ch. 8, Table 8.A.1), 27.0 in AR6 (WG1 Ch. 7, Table 7.15)
    ar5_by_hand = 1.8 + 0.001 * 28 + 2 * 0.5 - 0.1  # 2.728
    ar6_by_hand = 1.8 + 0.001 * 27.0 + 2 * 0.5 - 0.1  # 2.727
    assert ar5.score * 1000 == pytest.approx(ar5_by_hand, rel=1e-12)  # per g → per kg
    assert ar6.score * 1000 == pytest.approx(ar6_by_hand, rel=1e-12)


@pytest.mark.parametrize(("name", "cas", "compartment", "is_input", "expected"), [
    ("Carbon dioxide", "000124-38-9", ("air", "unspecified"), False,
     GhgFlow("CO2", GasCategory.FOSSIL)),
    ("Carbon dioxide, biogenic", None, ("air",), False, GhgFlow("CO2", GasCategory.BIOGENIC)),
    ("Carbon dioxide, in air", None, ("resource", "in air"), True,
     GhgFlow("CO2", GasCategory.REMOVAL)),
    ("Carbon dioxide, land transformation", None, ("air",), False,
     GhgFlow("CO2", GasCategory.DLUC)),
    ("Methane [Organic emissions to air]", None, ("Emission to air",), False,
     GhgFlow("CH4", GasCategory.FOSSIL)),
    ("Methane, non-fossil", None, (), False, GhgFlow("CH4", GasCategory.BIOGENIC)),
    ("Dinitrogen monoxide", "10024-97-2", ("water",), False, None),
    ("Coalbed methane (in MJ)", None, ("resource", "in ground"), True, None),
    ("Ethane, 1,1,1,2-tetrafluoro-, HFC-134a", None, ("air",), False,
     GhgFlow("HFC-134a", GasCategory.FOSSIL)),
])
def test_elementary_flows_map_to_ghgs_by_cas_name_and_compartment(
        name: str, cas: str | None, compartment: tuple[str, ...], is_input: bool,
        expected: GhgFlow | None) -> None:
    match = classify(name, cas, compartment, is_input)
    assert (match.flow if match else None) == expected


def test_link_units_are_converted_by_standard_definitions_and_counted() -> None:
    flows = {
        "el": InventoryFlow("el", "electricity", FlowKind.PRODUCT, "kWh"),
        "x": InventoryFlow("x", "x", FlowKind.PRODUCT, "kg"),
        "co2": InventoryFlow("co2", "Carbon dioxide, fossil", FlowKind.ELEMENTARY, "kg",
                             compartment=("air",)),
    }
    datasets = (
        InventoryDataset("1", "power", "GLO", (
            InventoryExchange("el", 1.0, "kWh", False, True),
            InventoryExchange("co2", 0.36, "kg", False))),
        InventoryDataset("2", "x", "GLO", (
            InventoryExchange("x", 1.0, "kg", False, True),
            InventoryExchange("el", 7.2, "MJ", True),
            InventoryExchange("el", 1.0, "kg", True))),  # no conversion kg → kWh
    )
    source = InventorySource("t", "test", flows, datasets)
    linked = link_inventory(source, AllocationOption.NONE, load_gwp_set("AR6"))
    assert linked.report.unit_conversions == {"MJ → kWh (standard definitions)": 1}
    assert [(u.flow, u.reason) for u in linked.report.unlinked] == [
        ("electricity", "unit_mismatch")]
    y = solve_database(linked.database).scores_per_unit()
    assert y[linked.reference_columns["2"]] == pytest.approx(2.0 * 0.36, rel=1e-12)


def test_an_imported_synthlci_folder_scores_like_the_folder_read_directly(
        synthetic_db) -> None:  # type: ignore[no-untyped-def]
    folder = Path(synthetic_db("small", 4))
    direct = read_synthlci(folder)
    imported = link_inventory(read_synthlci_source(folder), AllocationOption.DATA,
                              load_gwp_set("AR6"))
    # the same characterization both ways: GHGs by name take the AR6 table, the rest keeps the
    # source's own factors (as the import does)
    gwp = load_gwp_set("AR6")
    c = direct.characterization.copy()
    for k, name in enumerate(direct.flow_names):
        match = classify(name, None, (("resource",) if c[k] < 0 else ("air",)), c[k] < 0)
        if match is not None:
            c[k] = gwp.factor(match.flow)
    expected = solve_database(direct).factorization.solve_transposed(direct.biosphere.T @ c)
    got = solve_database(imported.database).scores_per_unit()
    order = [imported.reference_columns[pid] for pid in direct.process_ids]
    np.testing.assert_allclose(got[order], expected, rtol=1e-10)
