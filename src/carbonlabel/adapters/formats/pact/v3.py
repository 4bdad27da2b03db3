"""PACT v3.0 ProductFootprint JSON (checked against the 3.0.3 OpenAPI schema in the tests).

Quantities are per declared unit = declaredUnitAmount × declaredUnitOfMeasurement, which is
how the neutral model keeps them, so they are read and written as they stand (the rule of
each version, with the spec's words: :mod:`carbonlabel.domain.pact.declared`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from carbonlabel.adapters.formats.pact.common import (
    NotRepresentableError,
    Reader,
    render_decimal,
    render_time,
)
from carbonlabel.adapters.formats.pact.shared import (
    Num,
    extra_of,
    read_header,
    read_numbers,
    read_rules,
    read_sources,
    write_extensions,
    write_header,
    write_numbers,
    write_rules,
    write_sources,
)
from carbonlabel.domain.pact.model import (
    LEGACY_STANDARD_NAMES,
    REGIONS,
    CarbonFootprint,
    DataQualityIndicators,
    DeclaredUnit,
    ExchangeFootprint,
    SpecVersion,
    Verification,
)

NUMBERS: tuple[Num, ...] = (
    Num("declaredUnitAmount", "declared_unit_amount", ">0", required=True),
    Num("productMassPerDeclaredUnit", "product_mass_per_declared_unit", "any", required=True),
    Num("pcfExcludingBiogenicUptake", "pcf_excluding_biogenic", "any", required=True),
    Num("pcfIncludingBiogenicUptake", "pcf_including_biogenic", "any", required=True),
    Num("fossilCarbonContent", "fossil_carbon_content", required=True),
    Num("biogenicCarbonContent", "biogenic_carbon_content"),
    Num("recycledCarbonContent", "recycled_carbon_content"),
    Num("fossilGhgEmissions", "fossil_ghg_emissions", required=True),
    Num("landUseChangeGhgEmissions", "land_use_change_ghg_emissions"),
    Num("landCarbonLeakage", "land_carbon_leakage"),
    Num("landManagementFossilGhgEmissions", "land_management_fossil_ghg_emissions"),
    Num("landManagementBiogenicCO2Emissions", "land_management_biogenic_co2_emissions"),
    Num("landManagementBiogenicCO2Removals", "land_management_biogenic_co2_removals", "<=0"),
    Num("biogenicCO2Uptake", "biogenic_co2_uptake", "<=0"),
    Num("biogenicNonCO2Emissions", "biogenic_non_co2_emissions"),
    Num("landAreaOccupation", "land_area_occupation"),
    Num("aircraftGhgEmissions", "aircraft_ghg_emissions"),
    Num("packagingGhgEmissions", "packaging_ghg_emissions"),
    Num("packagingBiogenicCarbonContent", "packaging_biogenic_carbon_content"),
    Num("outboundLogisticsGhgEmissions", "outbound_logistics_ghg_emissions"),
    Num("ccsTechnologicalCO2Capture", "ccs_technological_co2_capture", "<=0"),
    Num("technologicalCO2Removals", "technological_co2_removals", "<=0"),
    Num("ccuCarbonContent", "ccu_carbon_content"),
    Num("exemptedEmissionsPercent", "exempted_emissions_percent", "any", required=True),
    Num("primaryDataShare", "primary_data_share", ">=0",
        bounds=(Decimal(0), Decimal(100))),
)

_PCF_OTHER = frozenset({
    "declaredUnitOfMeasurement", "referencePeriodStart", "referencePeriodEnd",
    "geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision",
    "boundaryProcessesDescription", "packagingEmissionsIncluded",
    "ccsTechnologicalCO2CaptureIncluded", "technologicalCO2CaptureOrigin",
    "ccuCalculationApproach", "ccuCreditCertification", "ipccCharacterizationFactors",
    "crossSectoralStandards", "productOrSectorSpecificRules", "exemptedEmissionsDescription",
    "allocationRulesDescription", "secondaryEmissionFactorSources", "dqi", "verification"})
PCF_KEYS = _PCF_OTHER | {n.key for n in NUMBERS}
PF_KEYS = frozenset({
    "id", "specVersion", "precedingPfIds", "created", "status", "validityPeriodStart",
    "validityPeriodEnd", "companyName", "companyIds", "productDescription", "productIds",
    "productClassifications", "productNameCompany", "comment", "pcf", "extensions",
    "version", "updated"})
VERIFICATION_COVERAGE = ("PCF calculation model", "PCF program", "product level")
_DQR = (Decimal(1), Decimal(5))
_UNIT_VALUES = frozenset(u.value for u in DeclaredUnit)


def parse(doc: Mapping[str, object], r: Reader) -> ExchangeFootprint | None:
    """A v3.0 ProductFootprint; problems go to ``r`` (None is returned when there are any)."""
    kwargs: dict[str, Any] = {}
    read_header(r, doc, kwargs)
    kwargs["comment"] = r.string(doc, "comment", "")
    kwargs["extra"] = extra_of(doc, PF_KEYS)
    if "pcf" not in doc:
        r.missing("pcf")
    elif (pcf := r.obj(doc["pcf"], "pcf")) is not None:
        kwargs["pcf"] = _parse_pcf(pcf, r)
    if r.errors:
        return None
    return ExchangeFootprint(**kwargs)


def _parse_pcf(pcf: Mapping[str, object], r: Reader) -> CarbonFootprint | None:
    k: dict[str, Any] = {}
    unit = r.enum(pcf, "declaredUnitOfMeasurement", "pcf", _UNIT_VALUES, required=True)
    k["declared_unit"] = DeclaredUnit(unit) if unit else None
    read_numbers(r, pcf, NUMBERS, k)
    k["reference_period_start"] = r.time(pcf, "referencePeriodStart", "pcf", required=True)
    k["reference_period_end"] = r.time(pcf, "referencePeriodEnd", "pcf", required=True)
    (k["geography_region_or_subregion"], k["geography_country"],
     k["geography_country_subdivision"]) = r.geography(pcf, "pcf", REGIONS)
    k["boundary_processes_description"] = r.string(pcf, "boundaryProcessesDescription", "pcf")
    k["packaging_emissions_included"] = r.boolean(pcf, "packagingEmissionsIncluded", "pcf")
    k["ccs_technological_co2_capture_included"] = r.boolean(
        pcf, "ccsTechnologicalCO2CaptureIncluded", "pcf")
    k["technological_co2_capture_origin"] = r.string(pcf, "technologicalCO2CaptureOrigin", "pcf")
    k["ccu_calculation_approach"] = r.enum(pcf, "ccuCalculationApproach", "pcf",
                                           ("Cut-off", "Credit"))
    k["ccu_credit_certification"] = r.string(pcf, "ccuCreditCertification", "pcf")
    k["ipcc_characterization_factors"] = r.strings(pcf, "ipccCharacterizationFactors", "pcf",
                                                   required=True, kind="ar")
    k["cross_sectoral_standards"] = r.strings(pcf, "crossSectoralStandards", "pcf",
                                              required=True, non_empty_items=True)
    k["product_or_sector_specific_rules"] = read_rules(r, pcf)
    k["exempted_emissions_description"] = r.string(pcf, "exemptedEmissionsDescription", "pcf")
    k["allocation_rules_description"] = r.string(pcf, "allocationRulesDescription", "pcf")
    k["secondary_emission_factor_sources"] = read_sources(r, pcf)
    if "dqi" in pcf and (dqi := r.obj(pcf["dqi"], "pcf.dqi")) is not None:
        t = r.decimal(dqi, "technologicalDQR", "pcf.dqi", required=True, bounds=_DQR)
        te = r.decimal(dqi, "temporalDQR", "pcf.dqi", required=True, bounds=_DQR)
        g = r.decimal(dqi, "geographicalDQR", "pcf.dqi", required=True, bounds=_DQR)
        if t is not None and te is not None and g is not None:
            k["dqi"] = DataQualityIndicators(t, te, g)
    if "verification" in pcf and (v := r.obj(pcf["verification"], "pcf.verification")):
        p = "pcf.verification"
        k["verification"] = Verification(
            provider_name=r.string(v, "providerName", p),
            coverage=r.enum(v, "coverage", p, VERIFICATION_COVERAGE),
            completed_at=r.time(v, "completedAt", p),
            standard_name=r.string(v, "standardName", p),
            comments=r.string(v, "comments", p))
    k["extra"] = extra_of(pcf, PCF_KEYS)
    if any(k[name] is None for name in ("declared_unit", "declared_unit_amount",
                                        "reference_period_start", "reference_period_end",
                                        "pcf_excluding_biogenic", "fossil_ghg_emissions",
                                        "fossil_carbon_content",
                                        "exempted_emissions_percent")):
        return None
    return CarbonFootprint(**k)


def _fail(field: str, en: str, zh: str) -> NotRepresentableError:
    return NotRepresentableError(field=field, message_en=f"not representable in PACT 3.0: {en}",
                                 message_zh=f"无法以 PACT 3.0 表示：{zh}")


def render(fp: ExchangeFootprint) -> dict[str, object]:
    """JSON-ready v3.0 ProductFootprint. Properties of a v2 document without a v3 counterpart
    are dropped (see docs/pact-format.md); untyped ``extra`` is kept only for v3 input."""
    same = fp.family is SpecVersion.V3_0
    out = write_header(fp, fp.spec_version if same else SpecVersion.V3_0.value)
    classes = fp.classification_urns()
    if classes:
        out["productClassifications"] = list(classes)
    if fp.comment is not None:
        out["comment"] = fp.comment
    if same and fp.version is not None:
        out["version"] = fp.version
    if same and fp.updated is not None:
        out["updated"] = render_time(fp.updated)
    out["pcf"] = _render_pcf(fp.pcf, same)
    if fp.extensions:
        out["extensions"] = write_extensions(fp)
    if same:
        out.update({k: v for k, v in fp.extra.items() if k not in out})
    return out


def _render_pcf(pcf: CarbonFootprint, same: bool) -> dict[str, object]:
    mass = pcf.product_mass_per_declared_unit
    if mass is None and pcf.declared_unit is DeclaredUnit.KILOGRAM:
        mass = Decimal(1)  # 1 kg per declared unit of 1 kg: derived, not assumed
    if mass is None:
        raise _fail("pcf.productMassPerDeclaredUnit",
                    f"the product mass per declared unit ({pcf.declared_unit}) is unknown",
                    f"未知每声明单位（{pcf.declared_unit}）的产品质量")
    if pcf.pcf_including_biogenic is None:
        raise _fail("pcf.pcfIncludingBiogenicUptake", "the PCF including biogenic uptake is "
                    "unknown", "未知包含生物源吸收的碳足迹")
    standards = pcf.cross_sectoral_standards or tuple(
        new for old in pcf.cross_sectoral_standards_used
        for new, legacy in LEGACY_STANDARD_NAMES.items() if legacy == old)
    if not standards:
        raise _fail("pcf.crossSectoralStandards", "no cross-sectoral standard is known",
                    "未知所依据的跨行业标准")
    factors = pcf.ipcc_characterization_factors or (
        (pcf.characterization_factors,) if pcf.characterization_factors else ())
    out: dict[str, object] = {"declaredUnitOfMeasurement": pcf.declared_unit.value}
    write_numbers(replace(pcf, product_mass_per_declared_unit=mass), NUMBERS, out)
    out["referencePeriodStart"] = render_time(pcf.reference_period_start)
    out["referencePeriodEnd"] = render_time(pcf.reference_period_end)
    for key, val in (("geographyRegionOrSubregion", pcf.geography_region_or_subregion),
                     ("geographyCountry", pcf.geography_country),
                     ("geographyCountrySubdivision", pcf.geography_country_subdivision),
                     ("boundaryProcessesDescription", pcf.boundary_processes_description),
                     ("packagingEmissionsIncluded", pcf.packaging_emissions_included),
                     ("ccsTechnologicalCO2CaptureIncluded",
                      pcf.ccs_technological_co2_capture_included),
                     ("technologicalCO2CaptureOrigin", pcf.technological_co2_capture_origin),
                     ("ccuCalculationApproach", pcf.ccu_calculation_approach),
                     ("ccuCreditCertification", pcf.ccu_credit_certification),
                     ("exemptedEmissionsDescription", pcf.exempted_emissions_description),
                     ("allocationRulesDescription", pcf.allocation_rules_description)):
        if val is not None:
            out[key] = val
    out["ipccCharacterizationFactors"] = list(factors)
    out["crossSectoralStandards"] = list(standards)
    if pcf.product_or_sector_specific_rules:
        out["productOrSectorSpecificRules"] = write_rules(pcf.product_or_sector_specific_rules)
    if pcf.secondary_emission_factor_sources:
        out["secondaryEmissionFactorSources"] = write_sources(
            pcf.secondary_emission_factor_sources)
    if pcf.dqi is not None:
        out["dqi"] = {"technologicalDQR": render_decimal(pcf.dqi.technological_dqr),
                      "temporalDQR": render_decimal(pcf.dqi.temporal_dqr),
                      "geographicalDQR": render_decimal(pcf.dqi.geographical_dqr)}
    v = pcf.verification
    if v is not None and v.assurance is not False:
        ver: dict[str, object] = {}
        if v.coverage in VERIFICATION_COVERAGE:
            ver["coverage"] = v.coverage
        if v.provider_name is not None:
            ver["providerName"] = v.provider_name
        if v.completed_at is not None:
            ver["completedAt"] = render_time(v.completed_at)
        if v.standard_name is not None:
            ver["standardName"] = v.standard_name
        if v.comments is not None:
            ver["comments"] = v.comments
        out["verification"] = ver
    if same:
        out.update({k: val for k, val in pcf.extra.items() if k not in out})
    return out
