"""The three real USLCI files import, each with a report, and every process computes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from carbonlabel.adapters.formats.lci_formats import read_inventory
from carbonlabel.adapters.inventory_store import InventoryStore
from carbonlabel.domain.inventory import AllocationOption
from carbonlabel.services.inventory_import import calculate_imported, import_inventory
from tests.support.shared import shared_file

FILES = {"uslci_fy18_olca1_5_json_ld.zip": ("olca-jsonld-1", 766),
         "uslci_fy18_q1_ecospold2.zip": ("ecospold2", 767),
         "uslci_fy21_q3_ecospold1.zip": ("ecospold1", 639)}


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_process_of_a_real_file_imports_and_computes(name: str, tmp_path: Path) -> None:
    store = InventoryStore(tmp_path)
    report = import_inventory(shared_file(f"reference/lci/{name}"), store, name="uslci")
    fmt, datasets = FILES[name]
    assert report.format == fmt
    assert report.link.datasets == datasets
    assert report.link.skipped_datasets == []
    assert report.link.linked > 0
    assert sum(report.link.ghg_exchanges.values()) > 0
    assert (tmp_path / "uslci" / "report.json").is_file()
    source = store.load("uslci")
    assert len(source.datasets) == datasets
    for option in AllocationOption:
        result = calculate_imported(source, None, option)
        scores = np.array([s.score for s in result.scores])
        assert len(scores) == datasets
        assert np.isfinite(scores).all(), option
        assert (scores != 0).sum() > datasets // 2, option


def test_a_process_with_every_input_cut_off_scores_its_own_emissions_by_hand() -> None:
    """HDPE resin (USLCI, cradle-to-gate 'CTR'): its inputs have no provider in the file, so
    its footprint is its own GHG emissions, as written in processes/ce38752e-....json:
    CO2 fossil 1.4487, CH4 0.000381 + 0.016793 (fossil), N2O 1.9282e-05 kg per kg."""
    path = shared_file("reference/lci/uslci_fy18_olca1_5_json_ld.zip")
    pid = "ce38752e-c414-3175-9482-ce663a909a0c"
    with zipfile.ZipFile(path) as archive:
        raw = json.loads(archive.read(f"processes/{pid}.json"))
    written = {e["flow"]["name"].strip(): e["amount"] for e in raw["exchanges"]
               if not e["input"] and e["flow"]["name"].strip() in
               ("Carbon dioxide, fossil", "Methane", "Methane, fossil", "Dinitrogen monoxide")}
    assert written == {"Carbon dioxide, fossil": 1.4487, "Methane": 0.000381,
                       "Methane, fossil": 0.016793, "Dinitrogen monoxide": 1.9282e-05}
    by_hand = 1.4487 + (0.000381 + 0.016793) * 29.8 + 1.9282e-05 * 273.0
    source = read_inventory(path)
    for option in (AllocationOption.NONE, AllocationOption.DATA):
        score = calculate_imported(source, [pid], option).scores[0]
        assert score.unit == "kg"
        assert score.score == pytest.approx(by_hand, rel=1e-12)
