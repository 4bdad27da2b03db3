"""The declared unit and amount, one rule per spec version each way (domain.pact.declared).

v3.0: values are per declaredUnitAmount × declaredUnitOfMeasurement ("2.0 kgCO2e per 12.5
liter"); v2.3: values are per ONE declaredUnit, unitaryProductAmount is how many the product
holds. Every expected number below is hand arithmetic written next to it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonlabel.adapters.formats.pact import parse_footprint, render_footprint, stored_document
from carbonlabel.adapters.formats.result_json import result_from_dict
from carbonlabel.domain.pact.model import DeclaredUnit, SpecVersion
from carbonlabel.services.exchange.supplier_catalogue import supplier_footprint
from carbonlabel.units import conversion_factor
from tests.unit.pact.test_pact_from_footprint import build, result

#: what a model reads for each declared unit (hand table; liter is litres, not millilitres)
PINT_OF = {"liter": "L", "kilogram": "kg", "cubic meter": "m**3", "kilowatt hour": "kWh",
           "megajoule": "MJ", "ton kilometer": "t*km", "square meter": "m**2",
           "piece": "piece", "hour": "h", "megabit second": "Mbit*s"}
V2_UNIT_NAMES = ["liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule",
                 "ton kilometer", "square meter"]


def v3_doc(unit: str, amount: str, pcf: str, mass: str = "0", pds: str = "40") -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "specVersion": "3.0.0", "created": "2026-01-15T00:00:00Z",
            "status": "Active", "companyName": "Acme", "companyIds": ["urn:uuid:" + str(
                uuid.uuid4())], "productDescription": "x", "productIds": ["urn:gtin:4000000000001"],
            "productNameCompany": "x",
            "productClassifications": ["urn:pact:productclassification:un-cpc:3744"], "pcf": {
                "declaredUnitOfMeasurement": unit, "declaredUnitAmount": amount,
                "productMassPerDeclaredUnit": mass,
                "referencePeriodStart": "2025-01-01T00:00:00Z",
                "referencePeriodEnd": "2026-01-01T00:00:00Z",
                "pcfExcludingBiogenicUptake": pcf, "pcfIncludingBiogenicUptake": pcf,
                "fossilGhgEmissions": pcf, "fossilCarbonContent": "0",
                "biogenicCarbonContent": "0",
                "packagingEmissionsIncluded": False, "ipccCharacterizationFactors": ["AR6"],
                "crossSectoralStandards": ["ISO14067"], "exemptedEmissionsPercent": "0",
                "primaryDataShare": pds}}


def v2_doc(unit: str, amount: str, pcf: str, pds: float = 40) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "specVersion": "2.3.0", "version": 1,
            "created": "2026-01-15T00:00:00Z", "status": "Active", "companyName": "Acme",
            "companyIds": ["urn:uuid:" + str(uuid.uuid4())], "productDescription": "x",
            "productIds": ["urn:gtin:4000000000001"], "productCategoryCpc": "3744",
            "productNameCompany": "x", "comment": "", "pcf": {
                "declaredUnit": unit, "unitaryProductAmount": amount,
                "pCfExcludingBiogenic": pcf, "fossilGhgEmissions": pcf,
                "fossilCarbonContent": "0", "biogenicCarbonContent": "0",
                "referencePeriodStart": "2025-01-01T00:00:00Z",
                "referencePeriodEnd": "2026-01-01T00:00:00Z",
                "packagingEmissionsIncluded": False, "characterizationFactors": "AR6",
                "ipccCharacterizationFactorsSources": ["AR6"],
                "crossSectoralStandardsUsed": ["ISO Standard 14067"],
                "boundaryProcessesDescription": "", "exemptedEmissionsPercent": 0,
                "exemptedEmissionsDescription": "", "primaryDataShare": pds}}


def cement() -> dict[str, Any]:
    """The demo cement: 1 t at 714.3 kg CO2e, all fossil."""
    return result(total_co2e_kg=714.3, by_gas=[], separate={
        "fossil_co2e_kg": 714.3, "biogenic_emissions_co2e_kg": 0.0,
        "biogenic_removals_co2e_kg": 0.0, "dluc_co2e_kg": 0.0, "aircraft_co2e_kg": 0.0,
        "transport_co2e_kg": 0.0, "unsplit_co2e_kg": 0.0,
        "biogenic_carbon_content_kg_c": None})


def test_our_cement_per_tonne_is_sent_in_v3_as_714_3_kg_co2e_per_1000_kilogram() -> None:
    doc = render_footprint(build(cement()), SpecVersion.V3_0)["pcf"]
    assert isinstance(doc, dict)
    assert (doc["declaredUnitOfMeasurement"], doc["declaredUnitAmount"]) == ("kilogram", "1000")
    assert Decimal(doc["pcfExcludingBiogenicUptake"]) == Decimal("714.3")  # per 1000 kg
    assert Decimal(doc["fossilGhgEmissions"]) == Decimal("714.3")
    assert Decimal(doc["productMassPerDeclaredUnit"]) == Decimal(1000)  # mass of 1000 kg


def test_our_cement_per_tonne_is_sent_in_v2_as_0_7143_per_kilogram_in_1000() -> None:
    doc = render_footprint(build(cement()), SpecVersion.V2_3)["pcf"]
    assert isinstance(doc, dict)
    assert (doc["declaredUnit"], doc["unitaryProductAmount"]) == ("kilogram", "1000")
    assert Decimal(doc["pCfExcludingBiogenic"]) == Decimal("0.7143")  # 714.3 / 1000
    assert Decimal(doc["productMassPerDeclaredUnit"]) == Decimal(1)  # one kilogram


@pytest.mark.parametrize("version", [SpecVersion.V3_0, SpecVersion.V2_3])
def test_our_cement_read_back_is_0_7143_kg_co2e_per_kilogram_with_its_primary_share(
        version: SpecVersion) -> None:
    sent = render_footprint(build(cement()), version)
    used = supplier_footprint(parse_footprint(json.loads(json.dumps(sent))))
    assert used.declared_unit == "kg"
    assert used.co2e_per_unit == pytest.approx(714.3 / 1000, rel=1e-12)
    assert used.fossil_co2e_per_unit == pytest.approx(714.3 / 1000, rel=1e-12)
    assert used.primary_data_share == pytest.approx(0.25, rel=1e-12)  # 25 % as sent


@pytest.mark.parametrize("unit", list(PINT_OF))
def test_a_v3_value_is_per_declared_unit_amount_of_each_unit(unit: str) -> None:
    # 2.0 kg CO2e per 12.5 units (the spec's ethanol example): 2.0 / 12.5 = 0.16 per unit
    used = supplier_footprint(parse_footprint(v3_doc(unit, "12.5", "2.0", mass="10")))
    assert used.declared_unit == PINT_OF[unit]
    assert used.co2e_per_unit == pytest.approx(0.16, rel=1e-12)


@pytest.mark.parametrize("unit", V2_UNIT_NAMES)
def test_a_v2_value_is_per_one_declared_unit_whatever_the_unitary_product_amount(
        unit: str) -> None:
    # 0.16 kg CO2e per 1 unit; the product holds 12.5 of them: still 0.16 per unit
    fp = parse_footprint(v2_doc(unit, "12.5", "0.16"))
    used = supplier_footprint(fp)
    assert used.declared_unit == PINT_OF[unit]
    assert used.co2e_per_unit == pytest.approx(0.16, rel=1e-12)
    # kept as v3 it says 0.16 × 12.5 = 2.0 per 12.5 units, and reads back the same
    kept = json.loads(stored_document(fp)) if fp.pcf.product_mass_per_declared_unit else None
    if kept is not None:
        assert Decimal(kept["pcf"]["pcfExcludingBiogenicUptake"]) == Decimal("2.0")


def test_a_v2_footprint_written_again_in_v2_keeps_its_per_unit_value() -> None:
    doc = v2_doc("liter", "12.5", "0.16")
    again = render_footprint(parse_footprint(doc), SpecVersion.V2_3)["pcf"]
    assert isinstance(again, dict)
    assert (Decimal(again["pCfExcludingBiogenic"]), again["unitaryProductAmount"]) == (
        Decimal("0.16"), "12.5")


def test_a_liter_is_read_as_one_litre_not_one_millilitre() -> None:
    used = supplier_footprint(parse_footprint(v3_doc("liter", "1", "2.0", mass="0.8")))
    # 500 mL of a product at 2.0 kg CO2e per litre is 0.5 L × 2.0 = 1.0 kg CO2e
    litres = 500 * conversion_factor("mL", used.declared_unit)
    assert litres * used.co2e_per_unit == pytest.approx(1.0, rel=1e-12)


def test_a_piece_is_written_in_v2_per_kilogram_of_the_pieces_mass() -> None:
    # 77 kg CO2e per 2 pieces weighing 25 kg together: 77 / 25 = 3.08 per kg, 25 kg in all
    doc = render_footprint(parse_footprint(v3_doc("piece", "2", "77", mass="25")),
                           SpecVersion.V2_3)["pcf"]
    assert isinstance(doc, dict)
    assert (doc["declaredUnit"], Decimal(doc["unitaryProductAmount"])) == ("kilogram", 25)
    assert Decimal(doc["pCfExcludingBiogenic"]) == Decimal("3.08")
    assert Decimal(doc["productMassPerDeclaredUnit"]) == 1


_AMOUNTS = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3,
                       allow_nan=False, allow_infinity=False).filter(lambda d: d > 0)
_VALUES = st.decimals(min_value=Decimal(0), max_value=Decimal("1000000"), places=4,
                      allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(unit=st.sampled_from(list(PINT_OF)), amount=_AMOUNTS, value=_VALUES,
       v2=st.booleans())
def test_any_declared_amount_and_unit_reads_and_round_trips_to_the_hand_per_unit_value(
        unit: str, amount: Decimal, value: Decimal, v2: bool) -> None:
    v2 = v2 and unit in V2_UNIT_NAMES  # piece, hour and megabit second are v3 only
    doc = v2_doc(unit, str(amount), str(value)) if v2 else v3_doc(unit, str(amount),
                                                                   str(value), mass="1")
    hand = float(value) if v2 else float(value) / float(amount)  # v2: per 1; v3: per amount
    fp = parse_footprint(doc)
    assert supplier_footprint(fp).co2e_per_unit == pytest.approx(hand, rel=1e-12, abs=1e-300)
    for version in (SpecVersion.V2_3, SpecVersion.V3_0):
        if version is SpecVersion.V3_0 and v2:
            continue  # a v2 document without a product mass is not representable in v3
        if version is SpecVersion.V2_3 and unit not in V2_UNIT_NAMES:
            continue  # written per kilogram of its mass in v2 (its own test above)
        again = parse_footprint(json.loads(json.dumps(render_footprint(fp, version))))
        assert supplier_footprint(again).co2e_per_unit == pytest.approx(hand, rel=1e-12,
                                                                        abs=1e-300)


def test_the_reference_period_end_is_written_as_the_day_after_the_last_day() -> None:
    fp = exchange_footprint_for_2024()
    for version in (SpecVersion.V3_0, SpecVersion.V2_3):
        pcf = render_footprint(fp, version)["pcf"]
        assert isinstance(pcf, dict)
        assert pcf["referencePeriodStart"] == "2024-01-01T00:00:00Z"
        assert pcf["referencePeriodEnd"] == "2025-01-01T00:00:00Z"  # exclusive: 31 Dec counts


def test_without_a_model_period_the_twelve_months_before_the_calculation_end_exclusive() -> None:
    # calculated 2025-03-01 08:00 UTC: [2024-03-01, 2025-03-01), last day 2025-02-28
    from carbonlabel.domain.pact.from_footprint import exchange_footprint
    from tests.unit.pact.test_pact_from_footprint import ORG, PRODUCT, RECORD
    pcf = exchange_footprint(record=RECORD, result=result_from_dict(result()), product=PRODUCT,
                             organisation=ORG, platform_url="https://pcf.example.cn/").pcf
    assert pcf.reference_period_start == datetime(2024, 3, 1, tzinfo=UTC)
    assert pcf.reference_period_end == datetime(2025, 3, 1, tzinfo=UTC)


def test_an_exclusive_end_at_midnight_has_the_day_before_as_last_day() -> None:
    from carbonlabel.domain.pact.model import last_day
    assert last_day(datetime(2025, 1, 1, tzinfo=UTC)) == date(2024, 12, 31)
    assert last_day(datetime(2025, 1, 1, 12, tzinfo=UTC)) == date(2025, 1, 1)


def exchange_footprint_for_2024() -> Any:
    from carbonlabel.domain.pact.from_footprint import exchange_footprint
    from tests.unit.pact.test_pact_from_footprint import ORG, PRODUCT, RECORD
    return exchange_footprint(record=RECORD, result=result_from_dict(result()), product=PRODUCT,
                              organisation=ORG, platform_url="https://pcf.example.cn/",
                              cpc_code="3744",
                              reference_period=(date(2024, 1, 1), date(2024, 12, 31)))


def test_every_declared_unit_of_both_versions_is_known() -> None:
    assert {u.value for u in DeclaredUnit} == set(PINT_OF)
