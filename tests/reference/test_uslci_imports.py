"""The three real USLCI files import, each with a report, and every process computes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from carbonlabel.adapters.formats.lci_formats import read_inventory
from carbonlabel.adapters.inventory_store import InventoryStore
from carbonlabel.domain.inventory import AllocationOption
from carbonlabel.services.quantify.inventory_import import calculate_imported, import_inventory
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
    excluded = len(report.link.excluded_datasets)
    for option in AllocationOption:
        result = calculate_imported(source, None, option)
        scores = np.array([s.score for s in result.scores])
        assert len(scores) == datasets - excluded
        assert np.isfinite(scores).all(), option
        assert (scores != 0).sum() > datasets // 2, option


#: Capital goods scored per item (a 7,439 t dragline, a coal loading silo, a mine site ...):
#: the only scores above 1e6 kg CO2e per unit in the two USLCI FY18 files, each flagged.
CAPITAL_GOODS = {"33072bbf", "88786c28", "080b02eb", "021e73fc", "27cbb14e", "e129b46a",
                 "0e491220"}


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_score_beyond_1e6_per_unit_unless_the_report_flags_the_dataset(name: str) -> None:
    source = read_inventory(shared_file(f"reference/lci/{name}"))
    for option in (AllocationOption.DATA, AllocationOption.NONE):
        result = calculate_imported(source, None, option)
        scores = {s.id: s.score for s in result.scores}
        assert all(np.isfinite(v) for v in scores.values())
        large = {i for i, v in scores.items() if abs(v) > 1e6}
        assert all("large_score" in result.report.flags.get(i, set()) for i in large)
        if "ecospold1" in name:
            assert large == set(), option
        else:
            assert len(large) >= 5, option
            assert {i[:8] for i in large} <= CAPITAL_GOODS, option
        assert all(s.unit in ("Item(s)", "unit") for s in result.scores if s.id in large)


def test_the_ecospold1_self_loop_is_excluded_and_the_link_it_cut_is_listed() -> None:
    """USLCI "Aluminum, sheet, coated, at plant" (89204) takes in 5.8256312304 kg of its own
    product for 5.82563123 kg out; it scored -4.7e9 kg CO2e per kg and its two consumers, MCM
    sheet (38998) and through it MCM panel (32569), about -2.7e10."""
    source = read_inventory(shared_file("reference/lci/uslci_fy21_q3_ecospold1.zip"))
    result = calculate_imported(source, None, AllocationOption.DATA)
    report = result.report
    assert [(x.dataset_id, x.name) for x in report.excluded_datasets] == [
        ("89204", "Aluminum, sheet, coated, at plant")]
    assert report.excluded_datasets[0].gross == 5.82563123
    assert -1e-9 < report.excluded_datasets[0].net < 0  # 5.82563123 - 5.8256312304 = -4e-10
    assert [(u.dataset_id, u.flow, u.reason) for u in report.unlinked
            if u.reason == "provider_excluded"] == [
        ("38998", "Aluminum, sheet, coated, at plant", "provider_excluded")]
    scores = {s.id: s.score for s in result.scores}
    assert "89204" not in scores
    assert 0 < scores["38998"] < 1e3
    assert 0 < scores["32569"] < 1e3


def naming_rna(location: str) -> set[str]:
    """Numbers of the datasets in ``location`` with an input "Electricity, at grid" whose
    exchange says location="RNA", read straight from the XML."""
    ns = "{http://www.EcoInvent.org/EcoSpold01}"
    path = shared_file("reference/lci/uslci_fy21_q3_ecospold1.zip")
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if "processes" in n)
        root = etree.fromstring(archive.read(name))
    out = set()
    for ds in root.iter(f"{ns}dataset"):
        geo = ds.find(f"{ns}metaInformation/{ns}processInformation/{ns}geography")
        if geo is None or geo.get("location") != location:
            continue
        if any(ex.get("name") == "Electricity, at grid" and ex.get("location") == "RNA"
               and ex.find(f"{ns}inputGroup") is not None for ex in ds.iter(f"{ns}exchange")):
            out.add(str(ds.get("number")))
    return out


def test_ecospold1_grid_inputs_follow_the_location_the_exchange_names() -> None:
    """US datasets and two GLO ones name "Electricity, at grid" with location RNA: each links
    an RNA grid (the first, 92237), none the US grid 92253 or the CN grid 92225."""
    source = read_inventory(shared_file("reference/lci/uslci_fy21_q3_ecospold1.zip"))
    report = calculate_imported(source, ["92237"], AllocationOption.DATA).report
    by_consumer = {c.consumer_id: c for c in report.provider_choices
                   if c.flow == "Electricity, at grid"}
    located = {d.id: d.location for d in source.datasets}
    us_rna = [c for c in by_consumer.values() if located[c.consumer_id] == "US"
              and c.rule == "exchange_location"]
    glo_rna = [c for c in by_consumer.values() if located[c.consumer_id] == "GLO"
               and c.rule == "exchange_location"]
    assert {c.consumer_id for c in us_rna} == naming_rna("US")
    assert {c.consumer_id for c in glo_rna} == naming_rna("GLO")
    assert len(glo_rna) == 2
    assert {(c.chosen_id, c.location) for c in us_rna + glo_rna} == {("92237", "RNA")}
    assert not any(c.chosen_id == "92225" for c in by_consumer.values()
                   if located[c.consumer_id] != "CN")


def test_a_process_with_every_input_cut_off_scores_its_own_emissions_by_hand() -> None:
    """HDPE resin (USLCI, cradle-to-gate 'CTR'): its inputs have no provider in the file, so
    its footprint is its own GHG emissions, as written in processes/ce38752e-....json:
    CO2 fossil 1.4487, CH4 0.000381 + 0.016793 (fossil), N2O 1.9282e-05 kg per kg, and traces
    of halocarbons weighted with their AR6 GWP100 (Table 7.SM.7)."""
    path = shared_file("reference/lci/uslci_fy18_olca1_5_json_ld.zip")
    pid = "ce38752e-c414-3175-9482-ce663a909a0c"
    with zipfile.ZipFile(path) as archive:
        raw = json.loads(archive.read(f"processes/{pid}.json"))
    written = {e["flow"]["name"].strip(): e["amount"] for e in raw["exchanges"]
               if not e["input"] and e["flow"]["name"].strip() in
               ("Carbon dioxide, fossil", "Methane", "Methane, fossil", "Dinitrogen monoxide")}
    assert written == {"Carbon dioxide, fossil": 1.4487, "Methane": 0.000381,
                       "Methane, fossil": 0.016793, "Dinitrogen monoxide": 1.9282e-05}
    halocarbons = {"Ethane, 1,1,1-trichloro-, HCFC-140": 4.8801e-13 * 161,
                   "Chloroform": 1.4396e-12 * 20.6,
                   "Methane, tetrachloro-, CFC-10": 3.3213e-10 * 2200,
                   "Methane, bromo-, Halon 1001": 3.904e-12 * 2.43,
                   "Methane, chlorotrifluoro-, CFC-13": 5.2192e-09 * 16200,
                   "Methane, dichloro-, HCC-30": 2.6361e-08 * 11.2,
                   # 1.2932e-11 to air; its other 9.0113e-12 kg go to water (not counted)
                   "Methane, monochloro-, R-40": 1.2932e-11 * 5.54,
                   "Methane, chlorodifluoro-, HCFC-22": 9.9e-10 * 1960}
    traces: dict[str, float] = {}
    for e in raw["exchanges"]:
        name = e["flow"]["name"].strip()
        if not e["input"] and name in halocarbons:
            traces[name] = traces.get(name, 0.0) + e["amount"]
    assert traces == pytest.approx({"Ethane, 1,1,1-trichloro-, HCFC-140": 4.8801e-13,
                                    "Chloroform": 1.4396e-12,
                                    "Methane, tetrachloro-, CFC-10": 3.3213e-10,
                                    "Methane, bromo-, Halon 1001": 3.904e-12,
                                    "Methane, chlorotrifluoro-, CFC-13": 5.2192e-09,
                                    "Methane, dichloro-, HCC-30": 2.6361e-08,
                                    "Methane, monochloro-, R-40": 9.0113e-12 + 1.2932e-11,
                                    "Methane, chlorodifluoro-, HCFC-22": 9.9e-10}, rel=1e-12)
    by_hand = (1.4487 + (0.000381 + 0.016793) * 29.8 + 1.9282e-05 * 273.0
               + sum(halocarbons.values()))
    source = read_inventory(path)
    for option in (AllocationOption.NONE, AllocationOption.DATA):
        score = calculate_imported(source, [pid], option).scores[0]
        assert score.unit == "kg"
        assert score.score == pytest.approx(by_hand, rel=1e-12)
