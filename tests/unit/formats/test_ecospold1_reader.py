"""Reading EcoSpold 1 XML (single- and multi-dataset), folders and zips; refusing bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.formats.ecospold1 import read_ecospold1
from carbonlabel.domain.inventory import (
    AllocationFactor,
    DataAllocation,
    FlowKind,
    InventorySource,
)
from carbonlabel.errors import DataFormatError
from tests.support.inventory import dataset, kinds, zip_of
from tests.support.shared import shared_file

NS = "http://www.EcoInvent.org/EcoSpold01"


def ex(number: int, name: str, amount: float | str, unit: str, group: str,
       category: str = "", sub: str = "", cas: str | None = None) -> str:
    """An exchange; group like 'out0', 'out2', 'in5', 'in4', 'out4'."""
    tag = "outputGroup" if group.startswith("out") else "inputGroup"
    cas_attr = f' CASNumber="{cas}"' if cas is not None else ""
    return (f'<exchange number="{number}" name="{name}" unit="{unit}" meanValue="{amount}" '
            f'category="{category}" subCategory="{sub}"{cas_attr}>'
            f'<{tag}>{group.lstrip("outin")}</{tag}></exchange>')


def alloc(product: int, method: int, percent: float, *exchanges: int) -> str:
    refs = "".join(f"<referenceToInputOutput>{n}</referenceToInputOutput>" for n in exchanges)
    return (f'<allocation referenceToCoProduct="{product}" allocationMethod="{method}" '
            f'fraction="{percent}">{refs}</allocation>')


def ds1(number: int | str, name: str, unit: str, *flow: str, amount: float = 1.0,
        location: str = "US", dates: str = "<startDate>2010-01-01</startDate>"
        "<endDate>2010-12-31</endDate>") -> str:
    return (f'<dataset number="{number}" generator="test"><metaInformation><processInformation>'
            f'<referenceFunction name="{name}" unit="{unit}" amount="{amount}" '
            'category="c" subCategory="s"/>'
            f'<geography location="{location}"/><timePeriod>{dates}</timePeriod>'
            '</processInformation></metaInformation>'
            f'<flowData>{"".join(flow)}</flowData></dataset>')


def es1(*datasets: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ecoSpold xmlns="{NS}">'
            f'{"".join(datasets)}</ecoSpold>\n')


GRID = ds1(1, "Electricity, at grid", "kWh",
           ex(1, "Electricity, at grid", 1, "kWh", "out0"),
           ex(2, "Carbon dioxide, fossil", 0.6, "kg", "out4", "air", "unspecified", "000124-38-9"))
GRID_CN = ds1(2, "electricity,  AT grid", "kWh",
              ex(1, "electricity,  AT grid", 1, "kWh", "out0"), location="CN")
STEEL = ds1(10, "Steel, at plant", "kg",
            ex(1, "Steel, at plant", 1000, "kg", "out0"),
            ex(2, "Electricity, at grid", 1800, "MJ", "in5", "22: Utilities", "2211"),
            ex(3, "Coke, at plant", 400, "kg", "in1"),
            ex(4, "Slag, at plant", 200, "kg", "out2"),
            ex(5, "Iron ore, in ground", 1500, "kg", "in4", "resource", "in ground"),
            ex(6, "Carbon dioxide, fossil", 1800, "kg", "out4", "air", "unspecified", "124-38-9"),
            ex(7, "Carbon dioxide, fossil", 3, "kg", "out4", "water", "unspecified", "124-38-9"),
            ex(8, "Dust", 5, "kg", "out3"),
            ex(9, "Scrap credit", 10, "kg", "out1"))
LANDFILL = ds1(20, "Disposal, dust, to landfill", "kg",
               ex(1, "Dust", -1, "kg", "out0"),
               ex(2, "Methane", 0.01, "kg", "out4", "air", "unspecified", "74-82-8"))


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder



@pytest.fixture
def multi(tmp_path: Path) -> InventorySource:
    path = write(tmp_path, {"db.xml": es1(GRID, GRID_CN, STEEL, LANDFILL)}) / "db.xml"
    return read_ecospold1(path)


def test_dataset_number_is_the_id_and_reference_function_the_product(
        multi: InventorySource) -> None:
    assert [d.id for d in multi.datasets] == ["1", "2", "10", "20"]
    steel = dataset(multi, "10")
    assert (steel.name, steel.location, steel.file) == ("Steel, at plant", "US", "db.xml")
    ref = steel.reference
    assert ref is not None
    assert (ref.amount, ref.unit, ref.is_input, ref.name) == (1000.0, "kg", False,
                                                              "Steel, at plant")
    assert multi.flows[ref.flow_id].kind is FlowKind.PRODUCT
    assert multi.format == "ecospold1"


def test_products_link_by_name_across_units_case_and_spacing(multi: InventorySource) -> None:
    grid, grid_cn, steel = dataset(multi, "1"), dataset(multi, "2"), dataset(multi, "10")
    assert grid.reference is not None
    assert grid_cn.reference is not None
    power = next(e for e in steel.exchanges if e.name == "Electricity, at grid")
    assert power.flow_id == grid.reference.flow_id == grid_cn.reference.flow_id
    assert (power.is_input, power.amount, power.unit, power.factor) == (True, 1800.0, "MJ", None)
    assert multi.flows[power.flow_id].unit == "kWh"  # the providers' reference unit


def test_flow_ids_are_stable_across_reads(tmp_path: Path, multi: InventorySource) -> None:
    again = read_ecospold1(write(tmp_path / "again", {"x.xml": es1(STEEL)}) / "x.xml")
    assert set(again.flows) <= set(multi.flows)


def test_technosphere_input_groups_1_2_3_5_are_inputs(multi: InventorySource) -> None:
    coke = next(e for e in dataset(multi, "10").exchanges if e.name == "Coke, at plant")
    assert coke.is_input
    assert multi.flows[coke.flow_id].kind is FlowKind.PRODUCT


def test_elementary_flows_get_cas_and_compartment_from_category(multi: InventorySource) -> None:
    steel = dataset(multi, "10")
    co2 = [e for e in steel.exchanges if e.name == "Carbon dioxide, fossil"]
    assert [e.is_input for e in co2] == [False, False]
    air, water = (multi.flows[e.flow_id] for e in co2)
    assert air.compartment == ("air", "unspecified")
    assert water.compartment == ("water", "unspecified")
    assert air.id != water.id
    assert air.cas == "124-38-9"
    assert air.kind is FlowKind.ELEMENTARY
    # the same emission in another dataset (CAS written with leading zeros) is the same flow
    grid_co2 = next(e for e in dataset(multi, "1").exchanges if e.name.startswith("Carbon"))
    assert grid_co2.flow_id == air.id
    ore = next(e for e in steel.exchanges if e.name == "Iron ore, in ground")
    assert ore.is_input
    assert multi.flows[ore.flow_id].compartment == ("resource", "in ground")


def test_co_product_waste_output_and_avoided_product(multi: InventorySource) -> None:
    steel = dataset(multi, "10")
    slag = next(e for e in steel.exchanges if e.name == "Slag, at plant")
    dust = next(e for e in steel.exchanges if e.name == "Dust")
    credit = next(e for e in steel.exchanges if e.name == "Scrap credit")
    assert (slag.is_input, slag.is_reference, slag.amount) == (False, False, 200.0)
    assert (dust.is_input, dust.amount) == (False, 5.0)
    assert multi.flows[dust.flow_id].kind is FlowKind.WASTE
    assert credit.avoided
    assert not credit.is_input


def test_negative_reference_is_a_waste_treatment_taking_the_waste_in(
        multi: InventorySource) -> None:
    ref = dataset(multi, "20").reference
    dust = next(e for e in dataset(multi, "10").exchanges if e.name == "Dust")
    assert ref is not None
    assert (ref.is_input, ref.amount, ref.flow_id) == (True, 1.0, dust.flow_id)


def test_clean_file_has_no_issues(multi: InventorySource) -> None:
    assert multi.issues == ()
    assert all(sum(e.is_reference for e in d.exchanges) == 1 for d in multi.datasets)


def test_same_fraction_for_every_exchange_is_one_factor_per_product(tmp_path: Path) -> None:
    text = es1(ds1(5, "Chlorine", "kg",
                   ex(1, "Chlorine", 1, "kg", "out0"), ex(2, "Sodium hydroxide", 1.1, "kg",
                                                          "out2"),
                   ex(3, "Electricity", 3, "kWh", "in5"), ex(4, "Salt", 1.7, "kg", "in4"),
                   alloc(1, 0, 47.6, 3, 4), alloc(2, 0, 52.4, 3, 4)))
    ds = read_ecospold1(write(tmp_path, {"a.xml": text}) / "a.xml").datasets[0]
    chlorine, caustic = ds.exchanges[0].flow_id, ds.exchanges[1].flow_id
    assert ds.default_allocation is DataAllocation.PHYSICAL
    rounded = tuple(AllocationFactor(f.method, f.product_id, round(f.value, 9), f.exchange_index)
                    for f in ds.allocation_factors)
    assert rounded == (AllocationFactor(DataAllocation.PHYSICAL, chlorine, 0.476),
                       AllocationFactor(DataAllocation.PHYSICAL, caustic, 0.524))


def test_fractions_that_differ_by_exchange_are_causal_factors(tmp_path: Path) -> None:
    text = es1(ds1(5, "Chlorine", "kg",
                   ex(1, "Chlorine", 1, "kg", "out0"), ex(2, "Sodium hydroxide", 1.1, "kg",
                                                          "out2"),
                   ex(3, "Electricity", 3, "kWh", "in5"), ex(4, "Salt", 1.7, "kg", "in4"),
                   alloc(1, 1, 40, 3), alloc(1, 1, 60, 4), alloc(2, 1, 60, 3),
                   alloc(2, 1, 40, 4)))
    ds = read_ecospold1(write(tmp_path, {"a.xml": text}) / "a.xml").datasets[0]
    chlorine = ds.exchanges[0].flow_id
    assert ds.default_allocation is DataAllocation.CAUSAL
    assert len(ds.allocation_factors) == 4
    salt_share = next(f for f in ds.allocation_factors
                      if f.product_id == chlorine and f.exchange_index == 3)
    assert salt_share.method is DataAllocation.CAUSAL
    assert salt_share.value == pytest.approx(0.6)


def test_schema_violations_are_counted_not_fatal(tmp_path: Path) -> None:
    long_name = "Wood fuel, hardwood, generated at flooring production plant, combusted in a boiler"
    assert len(long_name) > 80
    text = es1(
        ds1(1, "A", "kg", ex(1, "A", 1, "kg", "out0"), dates="<startDate></startDate>"),
        ds1(2, "B", "kg", ex(1, "B", 1, "kg", "out0"), dates=""),
        ds1(3, "C", "kg", ex(1, "C", 1, "kg", "out0"),
            ex(2, "Water", 1, "kg", "in4", "resource", "water", cas="n.a."),
            ex(3, long_name, 2, "kg", "in5"), location=""),
    )
    source = read_ecospold1(write(tmp_path, {"a.xml": text}) / "a.xml")
    assert len(source.datasets) == 3
    details = sorted(i.detail for i in source.issues if i.kind == "schema_violation")
    assert len(details) == 4
    assert details[0].startswith("1 CASNumber")
    assert details[1].startswith("1 datasets without a geography location")
    assert details[2].startswith("1 names longer than 80")
    assert details[3].startswith("2 datasets without a valid start and end date")
    assert all(i.detail_zh for i in source.issues)


def test_missing_reference_exchange_is_made_from_the_reference_function(tmp_path: Path) -> None:
    text = es1(ds1(7, "Gravel, at mine", "t", ex(1, "Diesel", 2, "l", "in5"), amount=1.5))
    source = read_ecospold1(write(tmp_path, {"a.xml": text}) / "a.xml")
    ref = source.datasets[0].reference
    assert ref is not None
    assert (ref.name, ref.amount, ref.unit, ref.is_input) == ("Gravel, at mine", 1.5, "t", False)
    assert kinds(source) == {"reference_missing": 1}


def test_several_reference_products_keep_the_one_named_like_the_function(
        tmp_path: Path) -> None:
    text = es1(ds1(7, "Lime", "kg", ex(1, "Dust", 0.1, "kg", "out0"),
                   ex(2, "Lime", 1, "kg", "out0")))
    source = read_ecospold1(write(tmp_path, {"a.xml": text}) / "a.xml")
    ds = source.datasets[0]
    assert ds.reference is not None
    assert ds.reference.name == "Lime"
    assert not ds.exchanges[0].is_reference
    assert not ds.exchanges[0].is_input
    assert kinds(source) == {"reference_ambiguous": 1}


def no_reference(number: int) -> str:
    return (f'<dataset number="{number}"><metaInformation><processInformation>'
            '<geography location="US"/><timePeriod><startYear>2010</startYear>'
            '<endYear>2011</endYear></timePeriod></processInformation></metaInformation>'
            f'<flowData>{ex(1, "Diesel", 2, "l", "in5")}</flowData></dataset>')


def test_dataset_without_reference_is_skipped_inside_a_larger_import(tmp_path: Path) -> None:
    source = read_ecospold1(write(tmp_path, {"a.xml": es1(GRID, no_reference(9))}) / "a.xml")
    assert [d.id for d in source.datasets] == ["1"]
    assert [(i.kind, i.dataset) for i in source.issues] == [("dataset_skipped", "9")]


def test_zip_and_folder_skip_non_dataset_files_and_report_progress(tmp_path: Path) -> None:
    files = {"EcoSpold01/a.xml": es1(GRID, GRID_CN), "EcoSpold01/b.xml": es1(STEEL),
             "EcoSpold01/categories.xml": '<categories xmlns="http://www.EcoInvent.org/'
                                          'Categories"><category name="x"/></categories>'}
    calls: list[tuple[int, int]] = []
    source = read_ecospold1(zip_of(tmp_path / "db.zip", files),
                            progress=lambda done, total: calls.append((done, total)))
    assert [d.id for d in source.datasets] == ["1", "2", "10"]
    assert calls == [(1, 3), (2, 3), (3, 3)]
    skipped = [i for i in source.issues if i.kind == "file_skipped"]
    assert len(skipped) == 1
    assert "EcoSpold01/categories.xml" in skipped[0].detail
    folder = read_ecospold1(write(tmp_path / "f", {"a.xml": es1(GRID, GRID_CN),
                                                   "b.xml": es1(STEEL)}))
    assert folder.flows == source.flows


# --- bad input ------------------------------------------------------------------------------


def refused(path: Path) -> DataFormatError:
    with pytest.raises(DataFormatError) as info:
        read_ecospold1(path)
    assert info.value.message_zh
    assert info.value.message_en
    assert "\n" not in info.value.message_en
    return info.value


def test_only_dataset_without_reference_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path, {"a.xml": es1(no_reference(9))}) / "a.xml")
    assert err.field == "a.xml/dataset 9"
    assert "reference product" in err.message_en


def test_number_repeated_across_files_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path, {"a.xml": es1(GRID), "b.xml": es1(GRID)}))
    assert err.field == "b.xml/dataset 1"
    assert "a.xml" in err.message_en


def test_number_repeated_in_one_file_is_refused(tmp_path: Path) -> None:
    assert refused(write(tmp_path, {"a.xml": es1(GRID, GRID)})).field == "a.xml/dataset 1"


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    whole = zip_of(tmp_path / "db.zip", {"a.xml": es1(GRID, STEEL)}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[:-30])
    assert refused(cut).field == str(cut)


def test_malformed_xml_is_refused_with_line(tmp_path: Path) -> None:
    text = es1(GRID, STEEL).replace("</flowData>", "</flowDat>", 2)
    err = refused(write(tmp_path, {"a.xml": text}) / "a.xml")
    assert err.field == "a.xml"
    assert err.line == 2
    assert "malformed XML" in err.message_en


@pytest.mark.parametrize(("unit", "amount"), [("", "1"), ("kg", "")])
def test_empty_unit_or_amount_is_refused(tmp_path: Path, unit: str, amount: str) -> None:
    text = es1(ds1(3, "Sand", "kg", ex(1, "Sand", 1, "kg", "out0"),
                   ex(2, "Diesel", amount, unit, "in5")))
    err = refused(write(tmp_path, {"a.xml": text}) / "a.xml")
    assert err.field == "a.xml/dataset 3"
    assert "'Diesel'" in err.message_en


def test_ecospold2_and_json_ld_and_png_are_refused_as_wrong_formats(tmp_path: Path) -> None:
    es2 = tmp_path / "x.xml"
    es2.write_text('<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02"><activityDataset/>'
                   "</ecoSpold>", encoding="utf-8")
    assert "ecospold2" in refused(es2).message_en
    spold_zip = zip_of(tmp_path / "es2.zip", {"a.spold": "<x/>"})
    assert "EcoSpold 2" in refused(spold_zip).message_en
    olca = zip_of(tmp_path / "olca.zip", {"processes/p.json": "{}"})
    assert "JSON-LD" in refused(olca).message_en
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    assert "not an XML file" in refused(png).message_en
    assert "does not exist" in refused(tmp_path / "missing.xml").message_en


# --- the real USLCI export ------------------------------------------------------------------


@pytest.fixture(scope="module")
def uslci() -> InventorySource:
    return read_ecospold1(shared_file("reference/lci/uslci_fy21_q3_ecospold1.zip"))


def test_real_uslci_export_reads_all_639_datasets(uslci: InventorySource) -> None:
    source = uslci
    assert len(source.datasets) == 639
    assert all(sum(e.is_reference for e in d.exchanges) == 1 for d in source.datasets)
    assert kinds(source) == {"file_skipped": 1, "schema_violation": 4}
    skipped = next(i for i in source.issues if i.kind == "file_skipped")
    assert "categories.xml" in skipped.detail
    dates = next(i for i in source.issues if "start and end date" in i.detail)
    assert dates.detail.startswith("6 datasets")


def test_real_uslci_export_spot_values(uslci: InventorySource) -> None:
    source = uslci
    soy = dataset(source, "10335")
    assert (soy.name, soy.location) == ("Soybean grains, at field", "RNA")
    assert soy.reference is not None
    assert (soy.reference.amount, soy.reference.unit) == (1000.0, "kg")
    diesel = next(e for e in soy.exchanges if e.name == "Diesel, combusted in industrial equipment")
    assert (diesel.amount, diesel.unit, diesel.is_input) == (14.3, "l", True)
    acephate = next(e for e in soy.exchanges if e.name == "Acephate")
    assert acephate.amount == 2.2074026799097e-05
    assert not acephate.is_input
    grid = next(e for e in soy.exchanges if e.name == "Electricity, at grid")
    assert grid.amount == 25.0
    providers = [d for d in source.datasets
                 if d.reference is not None and d.reference.flow_id == grid.flow_id]
    assert len(providers) == 82  # one "Electricity, at grid" per region
