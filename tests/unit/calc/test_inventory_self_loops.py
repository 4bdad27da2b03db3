"""A dataset whose net production after its self-input is ≤ 0 or below 1e-6 of its gross
output is flagged, left out as a provider and not scored; a non-finite score is an error.

The case is USLCI's "Aluminum, sheet, coated, at plant": it takes in 5.8256312304 kg of its own
product and puts out 5.82563123 kg, a net production of -4e-10 kg (solved as such it scored
-4.7e9 kg CO2e per kg and its consumers -2.7e10)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.calc.database import LciDatabase
from carbonlabel.calc.inventory.link import link_inventory
from carbonlabel.domain.inventory import (
    AllocationOption,
    FlowKind,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)
from carbonlabel.errors import CalculationError, NotFoundError
from carbonlabel.services.quantify.inventory_import import calculate_imported

FLOWS = {
    "al": InventoryFlow("al", "Aluminum, sheet, coated, at plant", FlowKind.PRODUCT, "kg"),
    "panel": InventoryFlow("panel", "MCM panel, at plant", FlowKind.PRODUCT, "m2"),
    "bolt": InventoryFlow("bolt", "Bolt, at plant", FlowKind.PRODUCT, "kg"),
    "co2": InventoryFlow("co2", "Carbon dioxide, fossil", FlowKind.ELEMENTARY, "kg",
                         compartment=("air",)),
}


def source(self_input: float, output: float = 5.82563123) -> InventorySource:
    datasets = (
        InventoryDataset("89204", "Aluminum, sheet, coated, at plant", "RNA", (
            InventoryExchange("al", output, "kg", False, True),
            InventoryExchange("al", self_input, "kg", True),
            InventoryExchange("co2", 1.9, "kg", False))),
        InventoryDataset("32569", "MCM panel, at plant", "RNA", (
            InventoryExchange("panel", 1.0, "m2", False, True),
            InventoryExchange("al", 2.5, "kg", True),
            InventoryExchange("co2", 4.0, "kg", False))),
        InventoryDataset("40000", "Bolt, at plant", "RNA", (
            InventoryExchange("bolt", 1.0, "kg", False, True),
            InventoryExchange("co2", 0.5, "kg", False))),
    )
    return InventorySource("t", "test", FLOWS, datasets)


def test_a_self_loop_dataset_with_no_net_production_is_excluded_and_its_links_listed() -> None:
    linked = link_inventory(source(5.8256312304), AllocationOption.DATA, load_gwp_set("AR6"))
    report = linked.report
    assert [(x.dataset_id, x.name) for x in report.excluded_datasets] == [
        ("89204", "Aluminum, sheet, coated, at plant")]
    excluded = report.excluded_datasets[0]
    assert excluded.gross == pytest.approx(5.82563123, rel=1e-15)
    assert excluded.net == pytest.approx(5.82563123 - 5.8256312304, abs=1e-15)
    assert [(u.dataset_id, u.flow, u.reason) for u in report.unlinked] == [
        ("32569", "Aluminum, sheet, coated, at plant", "provider_excluded")]
    assert "net_production_too_small" in report.flags["89204"]
    assert "89204" not in linked.reference_columns
    assert "89204" not in linked.database.process_ids


def test_the_consumers_of_an_excluded_dataset_keep_only_their_own_emissions() -> None:
    result = calculate_imported(source(5.8256312304), None, AllocationOption.DATA)
    scores = {s.id: s.score for s in result.scores}
    assert set(scores) == {"32569", "40000"}  # the excluded dataset is not scored
    assert scores["32569"] == pytest.approx(4.0, rel=1e-12)  # aluminium input cut off
    assert scores["40000"] == pytest.approx(0.5, rel=1e-12)


def test_a_self_loop_below_the_threshold_is_kept_and_solved_by_hand() -> None:
    # net 5.82563123 - 2.91281561 = 2.91281562 kg per 5.82563123 kg out: half, kept
    result = calculate_imported(source(2.91281561), ["89204", "32569"], AllocationOption.DATA)
    scores = {s.id: s.score for s in result.scores}
    per_kg = 1.9 / (5.82563123 - 2.91281561)
    assert scores["89204"] == pytest.approx(per_kg, rel=1e-12)
    assert scores["32569"] == pytest.approx(4.0 + 2.5 * per_kg, rel=1e-12)
    assert result.report.excluded_datasets == []


def test_net_production_just_under_one_millionth_of_gross_is_excluded() -> None:
    gross = 1000.0
    kept = link_inventory(source(gross * (1 - 2e-6), gross), AllocationOption.DATA,
                          load_gwp_set("AR6"))
    cut = link_inventory(source(gross * (1 - 0.5e-6), gross), AllocationOption.DATA,
                         load_gwp_set("AR6"))
    assert kept.report.excluded_datasets == []
    assert [x.dataset_id for x in cut.report.excluded_datasets] == ["89204"]


def test_a_non_finite_score_is_an_error_naming_the_process() -> None:
    from carbonlabel.services.quantify.inventory_import import check_scores_finite

    db = LciDatabase(
        name="t", process_ids=("p1", "p2"), process_names=("good", "broken"),
        product_names=("a", "b"), units=("kg", "kg"), locations=("", ""), flow_ids=(),
        flow_names=(), flow_units=(), technosphere=sp.csc_matrix(np.eye(2)),
        biosphere=sp.csc_matrix((0, 2)), characterization=np.zeros(0))
    check_scores_finite(db, np.array([1.0, 2.0]))
    with pytest.raises(CalculationError) as info:
        check_scores_finite(db, np.array([1.0, np.inf]))
    assert "broken" in info.value.message_en
    assert "p2" in info.value.message_en
    assert info.value.field == "process_ids"


def _co2_source(with_uptake: bool) -> InventorySource:
    flows = {
        "wood": InventoryFlow("wood", "Wood, at mill", FlowKind.PRODUCT, "kg"),
        "co2": InventoryFlow("co2", "Carbon dioxide", FlowKind.ELEMENTARY, "kg",
                             compartment=("air",)),
        "air": InventoryFlow("air", "Carbon dioxide, in air", FlowKind.ELEMENTARY, "kg",
                             compartment=("resource", "in air")),
    }
    exchanges = [InventoryExchange("wood", 1.0, "kg", False, True),
                 InventoryExchange("co2", 1.5, "kg", False)]
    if with_uptake:
        exchanges.append(InventoryExchange("air", 1.6, "kg", True))
    datasets = (InventoryDataset("1", "Wood, at mill", "RNA", tuple(exchanges)),)
    return InventorySource("t", "test", flows, datasets)


def test_plain_carbon_dioxide_beside_co2_uptakes_warns_the_fossil_biogenic_split_is_unreliable(
        ) -> None:
    gwp = load_gwp_set("AR6")
    warned = link_inventory(_co2_source(True), AllocationOption.DATA, gwp).report
    assert (warned.plain_co2_emissions, warned.co2_uptakes) == (1, 1)
    assert warned.co2_split_unreliable is True
    # the total stays right: 1.5 emitted (counted fossil) - 1.6 taken up
    score = calculate_imported(_co2_source(True), ["1"], AllocationOption.DATA).scores[0]
    assert score.score == pytest.approx(1.5 - 1.6, rel=1e-12)
    plain = link_inventory(_co2_source(False), AllocationOption.DATA, gwp).report
    assert plain.co2_split_unreliable is False


def test_asking_for_the_score_of_an_excluded_dataset_says_why() -> None:
    with pytest.raises(NotFoundError) as info:
        calculate_imported(source(5.8256312304), ["89204"], AllocationOption.DATA)
    assert "left out" in info.value.message_en
    assert "own product" in info.value.message_en
    assert info.value.field == "process_ids"
