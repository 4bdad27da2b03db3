"""A platform footprint as a PACT footprint: hand arithmetic, both schemas, certification."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from carbonlabel.adapters.formats.pact import render_footprint
from carbonlabel.adapters.formats.result_json import result_from_dict
from carbonlabel.domain.pact.from_footprint import CertificationSummary, exchange_footprint
from carbonlabel.domain.pact.model import DeclaredUnit, SpecVersion
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.tenancy import Organisation, OrgKind
from carbonlabel.errors import DataFormatError
from tests.support.pact_schemas import validate

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
RECORD = FootprintRecord(
    id="0b7f0c52-3b7e-4c1e-9d53-6a1b0c2d3e4f", organisation_id="org-1", product_id="prod-1",
    model_version_id="mv-1", total_co2e_kg=800.0, unit="per 1 t", gwp_set="IPCC AR6 GWP100",
    input_hash="h", engine_version="1", result_json="{}", created_by="u", created_at=NOW)
PRODUCT = RegisteredProduct(id="prod-1", organisation_id="org-1", name_zh="水泥",
                            name_en="Cement", category="cement", product_rule="CN PCR cement",
                            gtin="06901234567892", own_code=None, created_at=NOW)
ORG = Organisation(id="org-1", name="示例水泥有限公司", kind=next(iter(OrgKind)),
                   region="CN-JS", created_at=NOW)


def result(**over: Any) -> dict[str, Any]:
    """1 t of product: fossil 800, biogenic 30 (10 of it CH4), removals -50, dLUC 20 kg CO2e.
    (What PACT does not read is filled with zeros, so that the result reads typed.)"""
    body: dict[str, Any] = {
        "product": {"name": {"zh": "水泥", "en": "Cement"}, "category": "cement"},
        "reference": {"kind": "declared", "description": {"zh": "1 吨", "en": "1 t"},
                      "quantity": {"amount": 1, "unit": "t"}, "process": "grind"},
        "boundary": "cradle-to-gate", "geography": "CN-JS", "total_co2e_kg": 800.0,
        "by_stage": [{"stage": s, "co2e_kg": 0.0, "share": 0.0, "transport_co2e_kg": 0.0}
                     for s in ("raw_material_acquisition", "production")],
        "by_process": [{"process": "grind", "name": {"zh": "粉磨", "en": "grinding"},
                        "stage": "production", "co2e_kg": 0.0, "share": 0.0,
                        "direct_co2e_kg": 0.0}],
        "by_gas": [{"gas": "CO2", "category": "biogenic", "co2e_kg": 20.0, "mass_kg": 20.0,
                    "gwp": 1.0},
                   {"gas": "CH4", "category": "biogenic", "co2e_kg": 10.0, "mass_kg": 0.37,
                    "gwp": 27.0}],
        "hotspots": [],
        "separate": {"fossil_co2e_kg": 800.0, "biogenic_emissions_co2e_kg": 30.0,
                     "biogenic_removals_co2e_kg": -50.0, "dluc_co2e_kg": 20.0,
                     "aircraft_co2e_kg": 5.0, "transport_co2e_kg": 40.0,
                     "unsplit_co2e_kg": 0.0, "biogenic_carbon_content_kg_c": 12.0},
        "tree": {"key": "grind", "name": "grinding", "kind": "process", "amount": 1.0,
                 "unit": "t", "co2e_kg": 800.0, "share": 1.0},
        "quality": {"dqr": 2.0, "ter": 2.0, "ger": 1.5, "tir": 3.0, "p": 1.5,
                    "coverage": 1.0},
        "provenance": {"input_hash": "h", "gwp_set": "IPCC AR6 GWP100", "gwp_source": "AR6",
                       "factor_sets": [["CN grid", "2023"]], "engine_version": "1",
                       "solver": "splu"},
        "cut_off_share": 0.0, "excluded_share": 0.003, "primary_data_share": 0.25,
        "product_mass_kg": 1000.0}
    body.update(over)
    return body


def build(res: dict[str, Any], **kw: Any) -> Any:
    return exchange_footprint(record=RECORD, result=result_from_dict(res), product=PRODUCT,
                              organisation=ORG, platform_url="https://pcf.example.cn/",
                              cpc_code="3744",
                              reference_period=(date(2024, 1, 1), date(2025, 1, 1)), **kw)


def test_co2e_not_split_by_gas_enters_the_pcf_and_pact_fossil_emissions() -> None:
    # fossil 800 of the fixture = 300 split by gas + 500 published as CO2e only; per 1000 kg
    sep = {**result()["separate"], "fossil_co2e_kg": 300.0, "not_split_co2e_kg": 500.0}
    pcf = build(result(separate=sep)).pcf
    assert pcf.pcf_excluding_biogenic == Decimal("850")  # 300 + 500 + 30 + 20
    assert pcf.pcf_including_biogenic == Decimal("800")  # 300 + 500 + 30 - 50 + 20
    assert pcf.fossil_ghg_emissions == Decimal("800")  # PACT has no other place for it


def test_quantities_per_declared_unit_of_1000_kilogram_by_hand() -> None:
    pcf = build(result()).pcf
    assert pcf.declared_unit is DeclaredUnit.KILOGRAM
    assert pcf.declared_unit_amount == Decimal(1000)  # 1 t = 1000 kilogram, one declared unit
    assert pcf.pcf_excluding_biogenic == Decimal("850")  # 800 + 30 + 20 per 1000 kg
    assert pcf.pcf_including_biogenic == Decimal("800")  # 800 + 30 - 50 + 20
    assert pcf.fossil_ghg_emissions == Decimal("800")
    assert pcf.land_use_change_ghg_emissions == Decimal("20")
    assert pcf.biogenic_co2_uptake == Decimal("-50")
    assert pcf.biogenic_non_co2_emissions == Decimal("10")  # the CH4 only
    assert pcf.aircraft_ghg_emissions == Decimal("5")
    assert pcf.biogenic_carbon_content == Decimal("12")
    assert pcf.exempted_emissions_percent == Decimal("0.3")  # 0.003 x 100
    assert pcf.primary_data_share == Decimal("25")
    assert pcf.product_mass_per_declared_unit == Decimal(1000)  # 1000 kg weigh 1000 kg
    assert pcf.geography_country_subdivision == "CN-JS"
    assert pcf.ipcc_characterization_factors == ("AR6",)
    assert pcf.dqi is not None
    assert (pcf.dqi.technological_dqr, pcf.dqi.temporal_dqr, pcf.dqi.geographical_dqr) == (
        Decimal(2), Decimal(3), Decimal("1.5"))


def test_ids_and_urns() -> None:
    fp = build(result())
    assert fp.id == RECORD.id
    assert fp.company_ids == ("urn:pact:carbonlabel:company:org-1",)
    assert fp.product_ids == ("urn:gtin:06901234567892",
                              "urn:pact:carbonlabel:product-id:prod-1")
    assert "urn:pact:productclassification:un-cpc:3744" in fp.product_classifications


@pytest.mark.parametrize("certified", [False, True])
def test_renders_valid_in_both_versions(certified: bool) -> None:
    cert = CertificationSummary("中国质量认证中心", "CQC-2025-001", NOW, "CL-0001",
                                "https://pcf.example.cn/verify/CL-0001") if certified else None
    fp = build(result(), certification=cert)
    v2 = render_footprint(fp, SpecVersion.V2_3)
    v3 = render_footprint(fp, SpecVersion.V3_0)
    validate(v2, "ProductFootprint", "2.3", strict=True)
    validate(v3, "ProductFootprint", "3.0", strict=True)
    assert v2["productCategoryCpc"] == "3744"
    pcf2, pcf3 = v2["pcf"], v3["pcf"]
    assert isinstance(pcf2, dict)
    assert isinstance(pcf3, dict)
    assert pcf2["crossSectoralStandardsUsed"] == ["ISO Standard 14067"]
    assert "dqi" not in pcf2  # PEF 1..5 ratings are not v2 DQRs
    assert pcf3["dqi"] == {"technologicalDQR": "2.00", "temporalDQR": "3.00",
                           "geographicalDQR": "1.50"}
    if certified:
        assert pcf3["verification"] == {
            "coverage": "product level", "providerName": "中国质量认证中心",
            "completedAt": "2025-03-01T08:00:00Z",
            "standardName": "ISO 14067:2018 / GB/T 24067-2024",
            "comments": "Certificate CQC-2025-001, label CL-0001"}
        assert pcf2["assurance"]["assurance"] is True
        assert pcf2["assurance"]["coverage"] == "product level"
        ext = v3["extensions"][0]
        assert ext["dataSchema"] == ("https://pcf.example.cn/pact/extensions/certification/"
                                     "1.0.0/schema.json")
        assert ext["data"]["certificateNumber"] == "CQC-2025-001"
    else:
        assert "verification" not in pcf3
        assert "assurance" not in pcf2
        assert "extensions" not in v3


def test_unknown_carbon_contents_are_zero_with_a_statement() -> None:
    sep = {**result()["separate"], "biogenic_carbon_content_kg_c": None}
    fp = build(result(separate=sep))
    assert fp.pcf.biogenic_carbon_content == Decimal(0)
    assert fp.pcf.fossil_carbon_content == Decimal(0)
    assert fp.comment is not None
    assert "biogenicCarbonContent is not known" in fp.comment
    assert "fossilCarbonContent is not known" in fp.comment


def test_known_fossil_carbon_content_is_per_declared_unit() -> None:
    fp = build(result(fossil_carbon_content_kg_c=5.0))
    assert fp.pcf.fossil_carbon_content == Decimal("5")  # per 1000 kg
    assert fp.comment is not None
    assert "fossilCarbonContent" not in fp.comment


def test_piece_needs_product_mass_for_v3() -> None:
    ref = {**result()["reference"], "quantity": {"amount": 2, "unit": "pcs"}}
    fp = build(result(reference=ref, product_mass_kg=None))
    assert fp.pcf.declared_unit is DeclaredUnit.PIECE
    assert fp.pcf.declared_unit_amount == Decimal(2)
    assert fp.pcf.fossil_ghg_emissions == Decimal(800)  # per 2 pieces
    from carbonlabel.adapters.formats.pact import NotRepresentableError
    with pytest.raises(NotRepresentableError):
        render_footprint(fp, SpecVersion.V3_0)
    massed = build(result(reference=ref, product_mass_kg=3.0))
    assert massed.pcf.product_mass_per_declared_unit == Decimal("3")  # the 2 pieces
    validate(render_footprint(massed, SpecVersion.V3_0), "ProductFootprint", "3.0")
    v2 = render_footprint(massed, SpecVersion.V2_3)["pcf"]
    assert isinstance(v2, dict)
    assert v2["declaredUnit"] == "kilogram"
    assert Decimal(v2["unitaryProductAmount"]) == Decimal(3)  # 3 kg of product
    assert float(v2["fossilGhgEmissions"]) == pytest.approx(800 / 3, rel=1e-12)  # per kg


def test_missing_reference_period_rule_is_stated() -> None:
    fp = exchange_footprint(record=RECORD, result=result_from_dict(result()), product=PRODUCT,
                            organisation=ORG, platform_url="https://x")
    assert fp.pcf.reference_period_end == datetime(2025, 3, 1, tzinfo=UTC)
    assert fp.pcf.reference_period_start == datetime(2024, 3, 1, tzinfo=UTC)
    assert fp.comment is not None
    assert "no reference period" in fp.comment


def test_unknown_unit_is_refused() -> None:
    ref = {**result()["reference"], "quantity": {"amount": 1, "unit": "barrel"}}
    with pytest.raises(DataFormatError) as err:
        build(result(reference=ref))
    assert err.value.field == "reference.quantity.unit"
