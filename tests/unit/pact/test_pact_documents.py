"""PACT ProductFootprint JSON: official examples round-trip, validate, convert; bad input named."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from carbonlabel.adapters.formats.pact import (
    NotRepresentableError,
    PactFormatError,
    parse_footprint,
    parse_footprints_document,
    render_footprint,
)
from carbonlabel.domain.pact.model import DeclaredUnit, SpecVersion
from carbonlabel.errors import DataFormatError
from tests.support.pact_schemas import canonical, example, schema_errors, validate

V2, V3 = SpecVersion.V2_3, SpecVersion.V3_0
V3_BARE = ["v3/example-1.json", "v3/example-2.json", "v3/example-3.json", "v3/example-4.json"]


def _pfs(name: str) -> list[Any]:
    doc = example(name)
    if isinstance(doc, dict) and "data" in doc:
        return doc["data"] if isinstance(doc["data"], list) else [doc["data"]]
    return [doc]


ALL = [(n, V2 if n.startswith("v2") else V3, i, pf)
       for n in ["v2/get-footprint-response.json", "v2/list-footprints-response.json",
                 "v3/get-footprint-response.json", "v3/list-footprints-response.json",
                 *V3_BARE]
       for i, pf in enumerate(_pfs(n))]


@pytest.mark.parametrize(("name", "version", "index", "doc"), ALL,
                         ids=[f"{a[0]}#{a[2]}" for a in ALL])
def test_official_example_round_trips_and_still_validates(name: str, version: SpecVersion,
                                                          index: int, doc: Any) -> None:
    fp = parse_footprint(doc, version)
    out = render_footprint(fp, version)
    assert canonical(out) == canonical(doc)
    json.dumps(out)  # JSON-ready
    validate(out, "ProductFootprint", "2.3" if version is V2 else "3.0")


def test_v2_renders_decimals_as_strings_and_percentages_as_numbers() -> None:
    out = render_footprint(parse_footprint(_pfs("v2/get-footprint-response.json")[0]), V2)
    pcf = out["pcf"]
    assert isinstance(pcf, dict)
    assert pcf["pCfExcludingBiogenic"] == "1.63"
    assert pcf["primaryDataShare"] == 12.9
    assert out["created"] == "2022-03-01T09:32:20Z"


def _v23_with_mass() -> dict[str, Any]:
    doc = copy.deepcopy(_pfs("v2/get-footprint-response.json")[0])
    doc["specVersion"] = "2.3.0"
    doc["pcf"]["productMassPerDeclaredUnit"] = "0.789"
    doc["pcf"]["crossSectoralStandards"] = ["GHGP-Product", "ISO14067"]
    return doc


def test_v2_converts_to_v3_and_back_keeping_the_common_fields() -> None:
    doc = _v23_with_mass()
    fp = parse_footprint(doc, V2)
    as_v3 = render_footprint(fp, V3)
    validate(as_v3, "ProductFootprint", "3.0", strict=True)
    pcf3 = as_v3["pcf"]
    assert isinstance(pcf3, dict)
    assert pcf3["pcfExcludingBiogenicUptake"] == "1.63"
    assert pcf3["landUseChangeGhgEmissions"] == "0.8"  # from dLucGhgEmissions
    assert pcf3["biogenicCO2Uptake"] == "-1.5"  # from biogenicCarbonWithdrawal
    assert pcf3["declaredUnitOfMeasurement"] == "liter"
    assert as_v3["productClassifications"] == ["urn:pact:productclassification:un-cpc:6398"]
    assert "dqi" not in pcf3  # v2 DQRs (1..3) are not v3 DQRs (1..5)
    assert "verification" not in pcf3  # assurance false: nothing was verified
    back = render_footprint(parse_footprint(as_v3, V3), V2)
    validate(back, "ProductFootprint", "2.3")
    src, got = canonical(doc), canonical(back)
    for key in ("id", "created", "status", "companyName", "companyIds", "productIds",
                "productCategoryCpc", "productNameCompany", "productDescription",
                "validityPeriodStart", "validityPeriodEnd", "extensions"):
        assert got[key] == src[key], key
    for key in ("declaredUnit", "unitaryProductAmount", "pCfExcludingBiogenic",
                "pCfIncludingBiogenic", "fossilGhgEmissions", "fossilCarbonContent",
                "biogenicCarbonContent", "dLucGhgEmissions", "biogenicCarbonWithdrawal",
                "aircraftGhgEmissions", "referencePeriodStart", "referencePeriodEnd",
                "geographyRegionOrSubregion", "exemptedEmissionsPercent", "primaryDataShare",
                "crossSectoralStandardsUsed", "ipccCharacterizationFactorsSources",
                "productOrSectorSpecificRules", "secondaryEmissionFactorSources",
                "packagingEmissionsIncluded", "productMassPerDeclaredUnit"):
        assert got["pcf"][key] == src["pcf"][key], key


@pytest.mark.parametrize("name", ["v3/example-2.json", "v3/example-3.json"])
def test_v3_converts_to_v2_and_back_keeping_the_common_fields(name: str) -> None:
    doc = example(name)
    as_v2 = render_footprint(parse_footprint(doc, V3), V2)
    validate(as_v2, "ProductFootprint", "2.3", strict=True)
    back = canonical(render_footprint(parse_footprint(as_v2, V2), V3))
    src = canonical(doc)
    for key in ("id", "companyIds", "productIds", "productNameCompany", "status"):
        assert back[key] == src[key]
    if name.endswith("example-2.json"):  # liter: the same numbers
        for key in ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake",
                    "fossilGhgEmissions", "biogenicCarbonContent", "biogenicCO2Uptake",
                    "declaredUnitAmount", "exemptedEmissionsPercent", "primaryDataShare"):
            assert back["pcf"][key] == src["pcf"][key], key


def test_piece_is_written_per_kilogram_in_v2_by_hand_arithmetic() -> None:
    doc = example("v3/example-3.json")
    pcf = doc["pcf"]
    assert pcf["declaredUnitOfMeasurement"] == "piece"
    out = render_footprint(parse_footprint(doc), V2)["pcf"]
    assert isinstance(out, dict)
    mass = Decimal(pcf["productMassPerDeclaredUnit"])
    assert out["declaredUnit"] == "kilogram"
    assert Decimal(out["unitaryProductAmount"]) == Decimal(pcf["declaredUnitAmount"]) * mass
    assert Decimal(out["fossilGhgEmissions"]) == Decimal(pcf["fossilGhgEmissions"]) / mass


def test_piece_without_product_mass_is_not_representable_in_v2() -> None:
    fp = parse_footprint(example("v3/example-3.json"))
    from dataclasses import replace
    massless = replace(fp, pcf=replace(fp.pcf, product_mass_per_declared_unit=None))
    assert massless.pcf.declared_unit is DeclaredUnit.PIECE
    with pytest.raises(NotRepresentableError) as err:
        render_footprint(massless, V2)
    assert err.value.field == "pcf.declaredUnit"
    assert isinstance(err.value, DataFormatError)


def test_v2_needs_a_cpc_code_and_says_so() -> None:
    with pytest.raises(NotRepresentableError) as err:
        render_footprint(parse_footprint(example("v3/example-1.json")), V2)
    assert err.value.field == "productCategoryCpc"


@pytest.mark.parametrize(("name", "version"), [("v2/invalid-response-all-properties.json", V2),
                                               ("v3/invalid-response-all-properties.json", V3)])
def test_invalid_all_properties_fixture_is_refused_with_field_names(
        name: str, version: SpecVersion) -> None:
    doc = example(name)
    schema_says = schema_errors(doc["data"][0], "ProductFootprint",
                                "2.3" if version is V2 else "3.0")
    # the fixture's defect is a malformed "updated" (not a v3 schema property at all)
    assert any(e.startswith("updated:") for e in schema_says) == (version is V2)
    with pytest.raises(PactFormatError) as err:
        parse_footprints_document(json.dumps(doc))
    assert [e.field for e in err.value.errors] == ["data[0].updated"]
    assert "RFC 3339" in err.value.message_en


def _bad(mutate: Any, version: SpecVersion = V3) -> PactFormatError:
    doc = copy.deepcopy(example("v3/example-1.json") if version is V3
                        else _pfs("v2/get-footprint-response.json")[0])
    mutate(doc)
    with pytest.raises(PactFormatError) as err:
        parse_footprint(doc, version)
    return err.value


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.update(specVersion="1.0.0"), "specVersion"),
    (lambda d: d.update(specVersion="3.1.0"), "specVersion"),
    (lambda d: d["pcf"].update(declaredUnitOfMeasurement="barrel"),
     "pcf.declaredUnitOfMeasurement"),
    (lambda d: d["pcf"].update(fossilGhgEmissions="-0.1"), "pcf.fossilGhgEmissions"),
    (lambda d: d["pcf"].update(fossilGhgEmissions="1,5"), "pcf.fossilGhgEmissions"),
    (lambda d: d["pcf"].update(fossilGhgEmissions=1.5), "pcf.fossilGhgEmissions"),
    (lambda d: d["pcf"].update(biogenicCO2Uptake="0.5"), "pcf.biogenicCO2Uptake"),
    (lambda d: d["pcf"].update(declaredUnitAmount="0"), "pcf.declaredUnitAmount"),
    (lambda d: d["pcf"].pop("pcfIncludingBiogenicUptake"), "pcf.pcfIncludingBiogenicUptake"),
    (lambda d: d.update(id="not-a-uuid"), "id"),
    (lambda d: d.update(productIds=["gtin:123"]), "productIds[0]"),
    (lambda d: d.update(productIds=["urn:gtin:1", "urn:gtin:1"]), "productIds[1]"),
    (lambda d: d.update(companyIds=[]), "companyIds"),
    (lambda d: d["pcf"].update(geographyCountrySubdivision="Jiangsu"),
     "pcf.geographyCountrySubdivision"),
    (lambda d: d["pcf"].update(geographyCountry="CHN"), "pcf.geographyCountry"),
    (lambda d: d["pcf"].update(referencePeriodStart="2024-01-01"), "pcf.referencePeriodStart"),
    (lambda d: d["pcf"]["dqi"].update(temporalDQR="6"), "pcf.dqi.temporalDQR"),
    (lambda d: d.update(pcf=[]), "pcf"),
    (lambda d: d.pop("companyName"), "companyName"),
])
def test_bad_v3_input_is_named(mutate: Any, field: str) -> None:
    assert _bad(mutate).field == field


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d["pcf"].update(declaredUnit="piece"), "pcf.declaredUnit"),
    (lambda d: d["pcf"].update(primaryDataShare="12.9"), "pcf.primaryDataShare"),
    (lambda d: d["pcf"]["dqi"].update(technologicalDQR=4), "pcf.dqi.technologicalDQR"),
    (lambda d: d.pop("productCategoryCpc"), "productCategoryCpc"),
    (lambda d: d.pop("version"), "version"),
    (lambda d: d["pcf"].update(pCfExcludingBiogenic="-1"), "pcf.pCfExcludingBiogenic"),
])
def test_bad_v2_input_is_named(mutate: Any, field: str) -> None:
    assert _bad(mutate, V2).field == field


def test_all_field_errors_are_collected_first_one_in_field() -> None:
    def two(d: dict[str, Any]) -> None:
        d["id"] = "x"
        d["pcf"]["fossilGhgEmissions"] = "-1"
    err = _bad(two)
    assert [e.field for e in err.errors] == ["id", "pcf.fossilGhgEmissions"]
    assert err.field == "id"
    assert err.message_zh
    assert err.message_en


def test_expected_version_mismatch_is_refused() -> None:
    with pytest.raises(PactFormatError) as err:
        parse_footprint(example("v3/example-1.json"), V2)
    assert err.value.field == "specVersion"


def test_file_with_duplicated_id_names_the_index() -> None:
    one = example("v3/example-1.json")
    with pytest.raises(PactFormatError) as err:
        parse_footprints_document(json.dumps([one, example("v3/example-2.json"), one]))
    assert err.value.field == "[2].id"


@pytest.mark.parametrize("text", ["{", "[1, 2", b"\xff\xfe", "null"])
def test_malformed_json_file_is_refused(text: str | bytes) -> None:
    with pytest.raises(DataFormatError):
        parse_footprints_document(text)


def test_file_shapes_bare_get_list_and_array_are_read() -> None:
    one, two = example("v3/example-1.json"), example("v3/example-2.json")
    assert len(parse_footprints_document(json.dumps(one))) == 1
    assert len(parse_footprints_document(json.dumps({"data": one}))) == 1
    assert len(parse_footprints_document(json.dumps({"data": [one, two]}))) == 2
    assert [f.id for f in parse_footprints_document(json.dumps([one, two]))] == [
        one["id"], two["id"]]
    with pytest.raises(PactFormatError) as err:
        parse_footprints_document(json.dumps({"data": [one, {"specVersion": "3.0.0"}]}))
    assert err.value.field.startswith("data[1].")
