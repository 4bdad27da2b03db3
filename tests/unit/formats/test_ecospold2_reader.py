"""Reading EcoSpold 2 (.spold) files, folders and zips, and refusing broken sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.formats.ecospold2 import read_ecospold2
from carbonlabel.domain.inventory import FlowKind, InventoryDataset, InventorySource
from carbonlabel.errors import DataFormatError
from tests.support.inventory import dataset, kinds, zip_of
from tests.support.shared import shared_file

NS = "http://www.EcoInvent.org/EcoSpold02"


def inter(fid: str, name: str, amount: float | str, unit: str, group: str,
          link: str | None = None, props: str = "") -> str:
    """An intermediateExchange; group like 'out0', 'out2', 'out3', 'in5'."""
    tag = "outputGroup" if group.startswith("out") else "inputGroup"
    link_attr = f' activityLinkId="{link}"' if link else ""
    return (f'<intermediateExchange intermediateExchangeId="{fid}" id="x-{fid}" '
            f'amount="{amount}"{link_attr}><name xml:lang="en">{name}</name>'
            f'<unitName xml:lang="en">{unit}</unitName>{props}'
            f'<{tag}>{group.lstrip("outin")}</{tag}></intermediateExchange>')


def elem(fid: str, name: str, amount: float, unit: str, group: str, cas: str | None = None,
         compartment: tuple[str, str] | None = None) -> str:
    tag = "outputGroup" if group.startswith("out") else "inputGroup"
    cas_attr = f' casNumber="{cas}"' if cas else ""
    comp = "" if compartment is None else (
        f'<compartment subcompartmentId="s"><compartment xml:lang="en">{compartment[0]}'
        f'</compartment><subcompartment xml:lang="en">{compartment[1]}</subcompartment>'
        "</compartment>")
    return (f'<elementaryExchange elementaryExchangeId="{fid}" id="x-{fid}" amount="{amount}"'
            f'{cas_attr}><name xml:lang="en">{name}</name><unitName xml:lang="en">{unit}'
            f'</unitName>{comp}<{tag}>4</{tag}></elementaryExchange>')


def prop(name: str, amount: float, unit: str) -> str:
    return (f'<property propertyId="p" amount="{amount}"><name xml:lang="en">{name}</name>'
            f'<unitName xml:lang="en">{unit}</unitName></property>')


def spold(activity_id: str, name: str, *exchanges: str, location: str = "US") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ecoSpold xmlns="{NS}"><activityDataset>'
            f'<activityDescription><activity id="{activity_id}" type="1">'
            f'<activityName xml:lang="en">{name}</activityName></activity>'
            f'<geography><shortname xml:lang="en">{location}</shortname></geography>'
            f'</activityDescription><flowData>{"".join(exchanges)}</flowData>'
            "<administrativeInformation><fileAttributes fileGenerator=\"test\"/>"
            "</administrativeInformation></activityDataset></ecoSpold>\n")


STEEL = spold(
    "ds-steel", "steel production",
    inter("f-steel", "steel", 1.0, "kg", "out0", props=prop("wet mass", 1.0, "kg")
          + prop("price", 0.6, "EUR2005") + prop("carbon content, fossil", 0.01, "dimensionless")
          + prop("Hardness index", 3.5, "")),
    inter("f-slag", "slag", 0.2, "kg", "out2", props=prop("price", 0.05, "EUR2005")),
    inter("f-power", "electricity", 2.0, "MJ", "in5", link="ds-power"),
    inter("f-scrap", "scrap steel", 0.1, "kg", "out3"),
    elem("e-co2", "Carbon dioxide, fossil", 1.8, "kg", "out4", cas="000124-38-9",
         compartment=("air", "urban air close to ground")),
    elem("e-ore", "Iron, in ground", 1.1, "kg", "in4"),
)
POWER = spold("ds-power", "electricity production", inter("f-power", "electricity", 1, "kWh",
                                                          "out0"),
              elem("e-co2-b", "Carbon dioxide", 0.5, "kg", "out4"))
LANDFILL = spold("ds-landfill", "treatment of scrap steel, landfill",
                 inter("f-scrap", "scrap steel", -1.0, "kg", "out0"),
                 elem("e-ch4", "Methane, fossil", 0.001, "kg", "out4", cas="74-82-8"))


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder



@pytest.fixture
def three(tmp_path: Path) -> InventorySource:
    folder = write(tmp_path / "db", {"steel.spold": STEEL, "power.spold": POWER,
                                     "landfill.spold": LANDFILL})
    return read_ecospold2(folder)


def test_activity_gives_id_name_location_and_reference_product(three: InventorySource) -> None:
    steel = dataset(three, "ds-steel")
    assert (steel.name, steel.location, steel.file) == ("steel production", "US", "steel.spold")
    ref = steel.reference
    assert ref is not None
    assert (ref.flow_id, ref.amount, ref.unit, ref.is_input) == ("f-steel", 1.0, "kg", False)
    assert three.flows["f-steel"].kind is FlowKind.PRODUCT
    assert three.format == "ecospold2"
    assert three.name == "db"


def test_by_product_is_a_non_reference_output(three: InventorySource) -> None:
    slag = next(e for e in dataset(three, "ds-steel").exchanges if e.flow_id == "f-slag")
    assert (slag.is_input, slag.is_reference, slag.amount) == (False, False, 0.2)


def test_technosphere_input_keeps_its_unit_and_provider_link(three: InventorySource) -> None:
    power = next(e for e in dataset(three, "ds-steel").exchanges if e.flow_id == "f-power")
    assert power.is_input
    assert (power.amount, power.unit, power.factor) == (2.0, "MJ", None)
    assert power.provider_id == "ds-power"
    # the flow's reference unit is the one of the dataset that has it as reference product
    assert three.flows["f-power"].unit == "kWh"


def test_emission_has_cas_and_compartment_and_resource_is_an_input(
        three: InventorySource) -> None:
    steel = dataset(three, "ds-steel")
    co2 = next(e for e in steel.exchanges if e.flow_id == "e-co2")
    ore = next(e for e in steel.exchanges if e.flow_id == "e-ore")
    assert not co2.is_input
    assert co2.amount == 1.8
    assert ore.is_input
    flow = three.flows["e-co2"]
    assert flow.kind is FlowKind.ELEMENTARY
    assert flow.cas == "124-38-9"  # leading zeros dropped
    assert flow.compartment == ("air", "urban air close to ground")


def test_missing_compartments_are_one_issue_with_the_count(three: InventorySource) -> None:
    issues = [i for i in three.issues if i.kind == "compartment_missing"]
    assert len(issues) == 1
    assert issues[0].detail.startswith("3 of 4 elementary flows")
    assert issues[0].detail_zh
    assert three.flows["e-ore"].compartment == ()


def test_negative_reference_is_a_waste_treatment_taking_the_waste_in(
        three: InventorySource) -> None:
    landfill = dataset(three, "ds-landfill").reference
    assert landfill is not None
    assert (landfill.is_input, landfill.amount, landfill.flow_id) == (True, 1.0, "f-scrap")
    assert three.flows["f-scrap"].kind is FlowKind.WASTE
    scrap = next(e for e in dataset(three, "ds-steel").exchanges if e.flow_id == "f-scrap")
    assert (scrap.is_input, scrap.amount) == (False, 0.1)  # the waste output of its producer


def test_product_properties_become_flow_properties(three: InventorySource) -> None:
    assert three.flows["f-steel"].properties == {
        "mass_kg": 1.0, "price": 0.6, "carbon_fossil_fraction": 0.01, "hardness_index": 3.5}
    assert three.flows["f-slag"].properties == {"price": 0.05}


def test_a_clean_import_records_no_reference_issues(three: InventorySource) -> None:
    assert set(kinds(three)) == {"compartment_missing"}
    assert all(sum(e.is_reference for e in d.exchanges) == 1 for d in three.datasets)


def test_folder_zip_and_single_file_read_alike(tmp_path: Path) -> None:
    files = {"steel.spold": STEEL, "power.spold": POWER}
    calls: list[tuple[int, int]] = []
    from_zip = read_ecospold2(zip_of(tmp_path / "db.zip", {f"sub/{k}": v for k, v in
                                                          files.items()}),
                              progress=lambda done, total: calls.append((done, total)))
    from_folder = read_ecospold2(write(tmp_path / "db", files))
    assert from_zip.datasets == tuple(
        InventoryDataset(d.id, d.name, d.location, d.exchanges, file=f"sub/{d.file}")
        for d in from_folder.datasets)
    assert calls == [(1, 2), (2, 2)]
    single = read_ecospold2(tmp_path / "db" / "power.spold", name="power")
    assert single.name == "power"
    assert [d.id for d in single.datasets] == ["ds-power"]


def test_several_reference_products_keep_the_one_named_like_the_activity(
        tmp_path: Path) -> None:
    text = spold("ds", "lime", inter("f-a", "limestone dust", 0.3, "kg", "out0"),
                 inter("f-b", "Lime", 1, "kg", "out0"))
    source = read_ecospold2(write(tmp_path, {"a.spold": text}))
    ds = source.datasets[0]
    assert ds.reference is not None
    assert ds.reference.flow_id == "f-b"
    dust = next(e for e in ds.exchanges if e.flow_id == "f-a")
    assert not dust.is_input
    assert not dust.is_reference
    issue = next(i for i in source.issues if i.kind == "reference_ambiguous")
    assert issue.dataset == "ds"
    assert "'Lime'" in issue.detail


def test_no_reference_product_takes_the_only_other_output(tmp_path: Path) -> None:
    text = spold("ds", "sawing", inter("f-board", "boards", 2, "m3", "out2"),
                 inter("f-log", "logs", 1, "m3", "in5"))
    source = read_ecospold2(write(tmp_path, {"a.spold": text}))
    ref = source.datasets[0].reference
    assert ref is not None
    assert (ref.flow_id, ref.amount) == ("f-board", 2.0)
    assert kinds(source)["reference_missing"] == 1


def test_input_named_like_the_activity_is_the_treated_waste(tmp_path: Path) -> None:
    text = spold("ds", "Waste paper", inter("f-w", "waste paper", 1, "kg", "in5"),
                 elem("e-co2", "Carbon dioxide", 0.1, "kg", "out4"))
    source = read_ecospold2(write(tmp_path, {"a.spold": text}))
    ref = source.datasets[0].reference
    assert ref is not None
    assert ref.is_input
    assert ref.flow_id == "f-w"
    assert source.flows["f-w"].kind is FlowKind.WASTE


def test_dataset_with_nothing_to_take_as_reference_gets_a_placeholder_in_a_larger_import(
        tmp_path: Path) -> None:
    lost = spold("ds-lost", "Forest residue, dried", inter("f-truck", "truck", 34, "t*km", "in5"))
    empty = spold("ds-empty", "nothing at all")
    source = read_ecospold2(write(tmp_path, {"a.spold": POWER, "b.spold": lost,
                                             "c.spold": empty}))
    assert [d.id for d in source.datasets] == ["ds-power", "ds-lost"]
    ref = dataset(source, "ds-lost").reference
    assert ref is not None
    assert (ref.flow_id, ref.amount, ref.unit, ref.is_input) == ("ds-lost/reference", 1.0,
                                                                  "unit", False)
    assert source.flows["ds-lost/reference"].name == "Forest residue, dried"
    assert kinds(source) == {"reference_synthesised": 1, "dataset_skipped": 1,
                             "compartment_missing": 1}
    skipped = next(i for i in source.issues if i.kind == "dataset_skipped")
    assert skipped.dataset == "ds-empty"
    assert "c.spold" in skipped.detail


def test_non_dataset_xml_beside_spold_files_is_skipped_with_an_issue(tmp_path: Path) -> None:
    source = read_ecospold2(zip_of(tmp_path / "db.zip", {
        "a.spold": POWER, "categories.xml": '<categories xmlns="urn:x"/>', "README": "hi"}))
    assert len(source.datasets) == 1
    assert kinds(source)["file_skipped"] == 2
    assert any("categories.xml" in i.detail for i in source.issues)


def test_entities_are_not_expanded_and_nothing_is_fetched(tmp_path: Path) -> None:
    evil = POWER.replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE ecoSpold [<!ENTITY leak SYSTEM "file:///etc/passwd">'
        '<!ENTITY big "AAAAAAAAAAAAAAAAAAAA">]>\n').replace(
        "electricity production", "electricity &leak;&big;")
    source = read_ecospold2(write(tmp_path, {"a.spold": evil}))
    name = source.datasets[0].name
    assert "root:" not in name
    assert "AAAA" not in name


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    bomb = POWER.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                         f'<?xml version="1.0"?>\n<!DOCTYPE ecoSpold [{entities}]>\n').replace(
        'activity id="ds-power"', 'activity id="&a9;"')
    with pytest.raises(DataFormatError, match="malformed XML"):
        read_ecospold2(write(tmp_path, {"bomb.spold": bomb}))


# --- bad input ------------------------------------------------------------------------------


def refused(path: Path) -> DataFormatError:
    with pytest.raises(DataFormatError) as info:
        read_ecospold2(path)
    assert info.value.message_zh
    assert info.value.message_en
    assert "\n" not in info.value.message_en
    return info.value


def test_single_dataset_without_any_reference_product_is_refused(tmp_path: Path) -> None:
    text = spold("ds-x", "mystery", inter("f-truck", "truck", 34, "t*km", "in5"))
    err = refused(write(tmp_path, {"x.spold": text}) / "x.spold")
    assert err.field == "x.spold/dataset ds-x"
    assert "reference product" in err.message_en


def test_truncated_zip_is_refused_naming_it(tmp_path: Path) -> None:
    whole = zip_of(tmp_path / "db.zip", {"a.spold": POWER, "b.spold": STEEL}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    err = refused(cut)
    assert err.field == str(cut)
    assert "zip" in err.message_en


def test_corrupt_zip_member_is_refused_naming_it(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "db.zip", {"a.spold": POWER * 20})
    data = bytearray(path.read_bytes())
    start = data.index(b"a.spold") + len("a.spold")
    data[start + 10:start + 40] = b"\x00" * 30  # inside the compressed data
    path.write_bytes(bytes(data))
    err = refused(path)
    assert "a.spold" in err.field


def test_malformed_xml_is_refused_with_file_and_line(tmp_path: Path) -> None:
    broken = POWER.replace("</flowData>", "</flowDta>")
    err = refused(write(tmp_path, {"ok.spold": STEEL, "broken.spold": broken}))
    assert err.field == "broken.spold"
    assert err.line == 2
    assert "malformed XML" in err.message_en


def test_duplicated_dataset_id_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path, {"a.spold": POWER, "b.spold": POWER}))
    assert err.field == "b.spold/dataset ds-power"
    assert "a.spold" in err.message_en


@pytest.mark.parametrize(("unit", "amount"), [("", "1"), ("kWh", "lots")])
def test_empty_unit_or_non_numeric_amount_is_refused(tmp_path: Path, unit: str,
                                                     amount: str) -> None:
    text = spold("ds", "power", inter("f", "electricity", amount, unit, "out0"))
    err = refused(write(tmp_path, {"p.spold": text}))
    assert err.field == "p.spold/dataset ds"
    assert "'electricity'" in err.message_en


def test_json_ld_zip_is_refused_as_the_wrong_format(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "olca.zip", {"processes/p.json": "{}", "flows/f.json": "{}"})
    assert "JSON-LD" in refused(path).message_en


def test_png_is_refused_as_not_xml(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    err = refused(path)
    assert err.field == "logo.png"
    assert "not an XML file" in err.message_en


def test_ecospold1_file_is_refused_with_the_format_to_use(tmp_path: Path) -> None:
    path = tmp_path / "es1.xml"
    path.write_text('<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold01"><dataset number="1"/>'
                    "</ecoSpold>", encoding="utf-8")
    assert "ecospold1" in refused(path).message_en


def test_missing_path_is_refused(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "nope.zip").message_en


# --- the real USLCI export ------------------------------------------------------------------


@pytest.fixture(scope="module")
def uslci() -> InventorySource:
    return read_ecospold2(shared_file("reference/lci/uslci_fy18_q1_ecospold2.zip"))


def test_real_uslci_export_reads_every_dataset_with_one_reference(
        uslci: InventorySource) -> None:
    source = uslci
    assert len(source.datasets) == 767
    assert all(sum(e.is_reference for e in d.exchanges) == 1 for d in source.datasets)
    # 21 datasets lost their reference product in the openLCA export (exchanges in tonnes
    # were dropped); they keep a placeholder so that they compute
    assert kinds(source) == {"reference_synthesised": 21, "compartment_missing": 1,
                             "uncertainty_unusable": 2, "uncertainty_bounds_swapped": 1,
                             "uncertainty_off_centre": 1}


def test_real_uslci_export_spot_values(uslci: InventorySource) -> None:
    source = uslci
    grid = dataset(source, "0073ee84-5cb1-3e11-b647-95e2e9d36c5b")
    assert (grid.name, grid.location) == ("Electricity, at eGrid, SRVC, 2010", "RNA")
    nuclear = next(e for e in grid.exchanges if e.name == "Electricity, nuclear, at power plant")
    assert (nuclear.amount, nuclear.unit, nuclear.is_input) == (0.413696, "kWh", True)
    boiler = dataset(source, "106bcee8-0d5f-30c6-ac98-fa6dab41d4d1")
    n2o = next(e for e in boiler.exchanges if e.name == "Dinitrogen monoxide")
    assert n2o.amount == 2.92650916971e-6
    assert source.flows[n2o.flow_id].compartment == ("air", "unspecified")
    ash = next(e for e in boiler.exchanges if e.name.startswith("Wood ash"))
    assert (ash.amount, ash.is_input, ash.is_reference) == (0.0190969060508614, False, False)
    soda = dataset(source, "2529b0bb-702b-38cf-a80e-b7c7803d3f54")
    gas = next(e for e in soda.exchanges if e.name == "Natural gas, processed, at plant")
    assert (gas.amount, gas.unit) == (58.05, "m3")
    assert soda.reference is not None
    assert soda.reference.flow_id.endswith("/reference")


def test_real_uslci_export_uncertainty_is_read_around_the_amounts(
        uslci: InventorySource) -> None:
    """712 of 32,510 exchanges keep a distribution; 4,811 lognormals of the export state an
    infinite variance and 10 triangulars a mode outside their bounds (left out, counted)."""
    import math

    uncertain = [e for d in uslci.datasets for e in d.exchanges if e.uncertainty]
    assert sum(len(d.exchanges) for d in uslci.datasets) == 32510
    assert uslci.metadata["uncertainty"] == "lognormal 319, triangular 369, uniform 24"
    assert len(uncertain) == 712
    details = " ".join(i.detail for i in uslci.issues if i.kind.startswith("uncertainty"))
    assert "4811 exchange uncertainties left out: lognormal" in details
    assert "10 exchange uncertainties left out: triangular" in details
    # e.g. uniform 0 … 9.68 around an amount of 1.07e-6: kept, counted
    assert "9 exchanges' amounts lie outside the central 95 %" in details
    for e in uncertain:
        u = e.uncertainty
        assert u is not None
        if u.kind.value == "lognormal":  # exp(mu) is the amount: the amount is the median
            assert u.median == pytest.approx(e.amount, rel=1e-12)
            continue
        assert u.minimum is not None
        assert u.maximum is not None
        assert u.minimum <= e.amount <= u.maximum
        if u.kind.value == "triangular" and not math.isclose(u.mode or 0.0, e.amount,
                                                             rel_tol=1e-9):
            # 65 triangulars state the amount as their mean (min + mode + max) / 3
            assert (u.minimum + (u.mode or 0.0) + u.maximum) / 3 == pytest.approx(
                e.amount, rel=1e-3)
