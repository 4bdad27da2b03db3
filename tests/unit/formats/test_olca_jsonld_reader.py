"""Reading openLCA JSON-LD, 2.x (olca-schema) and 1.x layouts, and refusing broken sources."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from carbonlabel.adapters.formats.olca_jsonld import read_olca_jsonld
from carbonlabel.domain.inventory import FlowKind, InventorySource
from carbonlabel.errors import DataFormatError
from tests.support.olca_fixtures import write_v1_folder, write_v2_zip, zip_folder


def by_name(source: InventorySource, name: str):  # type: ignore[no-untyped-def]
    return next(d for d in source.datasets if d.name == name)


@pytest.mark.parametrize("layout", ["2.x zip", "1.x folder", "1.x zip"])
def test_both_layouts_read_to_the_same_inventory(tmp_path: Path, layout: str) -> None:
    if layout == "2.x zip":
        path = tmp_path / "steel.zip"
        write_v2_zip(path)
    else:
        path = tmp_path / "steel"
        write_v1_folder(path)
        if layout == "1.x zip":
            path = zip_folder(path, tmp_path / "steel-v1.zip")
    source = read_olca_jsonld(path)
    assert source.format == ("olca-jsonld-2" if layout == "2.x zip" else "olca-jsonld-1")
    assert len(source.datasets) == 4
    steel = by_name(source, "steel")
    ref = steel.reference
    assert ref is not None
    assert ref.amount == 1000.0
    assert ref.unit == "g"
    assert ref.factor == pytest.approx(0.001)  # g → kg, from the unit group
    electricity = next(e for e in steel.exchanges if e.name == "electricity")
    assert electricity.is_input
    assert electricity.factor == pytest.approx(3.6)
    co2 = next(e for e in steel.exchanges if e.name == "Carbon dioxide, fossil")
    flow = source.flows[co2.flow_id]
    assert flow.kind is FlowKind.ELEMENTARY
    assert flow.cas == "124-38-9"
    assert "Emission to air" in flow.compartment
    assert steel.location == "US"
    assert {a.value for a in steel.allocation_factors} == {0.9, 0.1}
    assert ref.price == pytest.approx(0.6)


def test_the_real_uslci_json_ld_file_reads_completely() -> None:
    from tests.support.shared import shared_file

    source = read_olca_jsonld(shared_file("reference/lci/uslci_fy18_olca1_5_json_ld.zip"))
    assert len(source.datasets) == 766
    assert len(source.flows) == 4601
    assert all(d.reference is not None for d in source.datasets)
    truck = next(d for d in source.datasets
                 if d.id == "c2a7ddaa-164e-3a05-b063-221f68080142")
    co2 = next(e for e in truck.exchanges if e.name == "Carbon dioxide, fossil")
    assert co2.amount == 0.351599548745849  # as written in processes/c2a7ddaa-....json
    # the exchanges' distributions, as in the EcoSpold 2 export of the same release (the
    # same 4,811 lognormals are unusable: geomSd 0); lognormal medians equal the amounts
    assert source.metadata["uncertainty"] == "lognormal 319, triangular 375, uniform 24"
    lognormal = [e for d in source.datasets for e in d.exchanges
                 if e.uncertainty and e.uncertainty.kind.value == "lognormal"]
    assert all(e.uncertainty.median == e.amount for e in lognormal)  # type: ignore[union-attr]


def test_a_truncated_zip_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "steel.zip"
    write_v2_zip(path)
    data = path.read_bytes()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(broken)
    assert "broken.zip" in info.value.field


def test_malformed_json_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "steel"
    ids = write_v1_folder(folder)
    (folder / "processes" / f"{ids['cement']}.json").write_text('{"@type": "Process", ',
                                                               encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(folder)
    assert f"processes/{ids['cement']}.json" in info.value.field
    assert "malformed JSON" in info.value.message_en


def test_a_process_without_reference_product_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "steel"
    ids = write_v1_folder(folder)
    path = folder / "processes" / f"{ids['cement']}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["exchanges"] = [e for e in data["exchanges"] if e["flow"]["name"] != "cement"]
    for e in data["exchanges"]:
        e.pop("quantitativeReference", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(folder)
    assert ids["cement"] in info.value.field
    assert "no reference product" in info.value.message_en


def test_a_unit_without_conversion_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "steel"
    ids = write_v1_folder(folder)
    path = folder / "processes" / f"{ids['steel']}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for e in data["exchanges"]:
        if e["flow"]["name"] == "electricity":
            e["unit"] = {"@type": "Unit", "@id": "u-btu", "name": "Btu"}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(folder)
    assert ids["steel"] in info.value.field
    assert "'Btu'" in info.value.message_en


def test_a_duplicated_process_id_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "steel"
    ids = write_v1_folder(folder)
    (folder / "processes" / "sub").mkdir()
    shutil.copy(folder / "processes" / f"{ids['cement']}.json",
                folder / "processes" / "sub" / "copy.json")
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(folder)
    assert "duplicated process id" in info.value.message_en


@pytest.mark.parametrize("content", ["png", "ecospold zip"])
def test_a_file_of_another_format_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "data.zip"
    if content == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a.spold", "<ecoSpold xmlns='http://www.EcoInvent.org/EcoSpold02'/>")
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(path)
    assert "data.zip" in info.value.field
