"""PACT v2.x ProductFootprint JSON: reads 2.0–2.3 documents, writes 2.3 (2.3.3 schema).

Writing includes the properties 2.3 deprecates but still requires (productCategoryCpc,
characterizationFactors, crossSectoralStandardsUsed). Quantities are per ONE declared unit
in 2.x and per ``unitaryProductAmount`` of them in the model: the one rule each way is in
:mod:`carbonlabel.domain.pact.declared`. A footprint per ``piece`` (or hour, megabit second,
unknown to 2.x) is written per kilogram when its product mass per declared unit is known: the
declared unit becomes that many kilograms (unitaryProductAmount = the mass), so every
per-unit quantity is divided by the mass and productMassPerDeclaredUnit becomes 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from carbonlabel.adapters.formats.pact.common import (
    NotRepresentableError,
    Reader,
    render_number,
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
from carbonlabel.domain.pact.declared import V2_PER_UNIT, from_v2, to_v2
from carbonlabel.domain.pact.model import (
    CPC_URN_PREFIX,
    CROSS_SECTORAL_STANDARDS_V2,
    LEGACY_STANDARD_NAMES,
    REGIONS,
    V2_UNITS,
    CarbonFootprint,
    DataQualityIndicators,
    DeclaredUnit,
    ExchangeFootprint,
    SpecVersion,
    Verification,
)

_PCT = (Decimal(0), Decimal(100))
_DQR = (Decimal(1), Decimal(3))

NUMBERS: tuple[Num, ...] = (
    Num("unitaryProductAmount", "declared_unit_amount", ">0", required=True),
    Num("productMassPerDeclaredUnit", "product_mass_per_declared_unit", ">=0"),
    Num("pCfExcludingBiogenic", "pcf_excluding_biogenic", required=True),
    Num("pCfIncludingBiogenic", "pcf_including_biogenic", "any"),
    Num("fossilGhgEmissions", "fossil_ghg_emissions", required=True),
    Num("fossilCarbonContent", "fossil_carbon_content", required=True),
    Num("biogenicCarbonContent", "biogenic_carbon_content", required=True),
    Num("dLucGhgEmissions", "land_use_change_ghg_emissions"),
    Num("landManagementGhgEmissions", "land_management_ghg_emissions"),
    Num("otherBiogenicGhgEmissions", "other_biogenic_ghg_emissions"),
    Num("iLucGhgEmissions", "iluc_ghg_emissions"),
    Num("biogenicCarbonWithdrawal", "biogenic_co2_uptake", "<=0"),
    Num("aircraftGhgEmissions", "aircraft_ghg_emissions"),
    Num("packagingGhgEmissions", "packaging_ghg_emissions"),
    Num("exemptedEmissionsPercent", "exempted_emissions_percent", required=True, number=True,
        bounds=_PCT),
    Num("primaryDataShare", "primary_data_share", number=True, bounds=_PCT),
)

_PCF_OTHER = frozenset({
    "declaredUnit", "referencePeriodStart", "referencePeriodEnd",
    "geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision",
    "boundaryProcessesDescription", "packagingEmissionsIncluded", "characterizationFactors",
    "ipccCharacterizationFactorsSources", "crossSectoralStandardsUsed",
    "crossSectoralStandards", "productOrSectorSpecificRules", "biogenicAccountingMethodology",
    "exemptedEmissionsDescription", "allocationRulesDescription",
    "uncertaintyAssessmentDescription", "secondaryEmissionFactorSources", "dqi", "assurance"})
PCF_KEYS = _PCF_OTHER | {n.key for n in NUMBERS}
PF_KEYS = frozenset({
    "id", "specVersion", "precedingPfIds", "version", "created", "updated", "status",
    "statusComment", "validityPeriodStart", "validityPeriodEnd", "companyName", "companyIds",
    "productDescription", "productIds", "productCategoryCpc", "productClassifications",
    "productNameCompany", "comment", "pcf", "extensions"})
ASSURANCE_COVERAGE = ("corporate level", "product line", "PCF system", "product level")
_LEGACY = frozenset(LEGACY_STANDARD_NAMES.values())
_UNITS = frozenset(u.value for u in V2_UNITS)


def parse(doc: Mapping[str, object], r: Reader) -> ExchangeFootprint | None:
    kwargs: dict[str, Any] = {}
    read_header(r, doc, kwargs)
    if "version" not in doc:
        r.missing("version")
    kwargs["status_comment"] = r.string(doc, "statusComment", "")
    kwargs["product_category_cpc"] = r.string(doc, "productCategoryCpc", "", required=True,
                                              non_empty=True)
    kwargs["comment"] = r.string(doc, "comment", "", required=True)
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
    unit = r.enum(pcf, "declaredUnit", "pcf", _UNITS, required=True)
    k["declared_unit"] = DeclaredUnit(unit) if unit else None
    read_numbers(r, pcf, NUMBERS, k)
    amount = k.get("declared_unit_amount")
    if amount is not None:  # v2 values are per ONE declared unit (domain.pact.declared)
        for attr in V2_PER_UNIT:
            if k.get(attr) is not None:
                k[attr] = from_v2(k[attr], amount)
    k["reference_period_start"] = r.time(pcf, "referencePeriodStart", "pcf", required=True)
    k["reference_period_end"] = r.time(pcf, "referencePeriodEnd", "pcf", required=True)
    (k["geography_region_or_subregion"], k["geography_country"],
     k["geography_country_subdivision"]) = r.geography(pcf, "pcf", REGIONS)
    k["boundary_processes_description"] = r.string(pcf, "boundaryProcessesDescription", "pcf",
                                                   required=True)
    k["packaging_emissions_included"] = r.boolean(pcf, "packagingEmissionsIncluded", "pcf",
                                                  required=True)
    cf = r.enum(pcf, "characterizationFactors", "pcf", ("AR5", "AR6"),
                required="ipccCharacterizationFactorsSources" not in pcf)
    k["characterization_factors"] = cf
    sources = r.strings(pcf, "ipccCharacterizationFactorsSources", "pcf", kind="ar",
                        required="characterizationFactors" not in pcf)
    k["ipcc_characterization_factors"] = sources or ((cf,) if cf else ())
    k["cross_sectoral_standards_used"] = r.strings(pcf, "crossSectoralStandardsUsed", "pcf",
                                                   required=True)
    for i, name in enumerate(k["cross_sectoral_standards_used"]):
        if name not in _LEGACY:
            r.fail(f"pcf.crossSectoralStandardsUsed[{i}]", f"unknown standard {name!r}",
                   f"未知标准 {name!r}")
    k["cross_sectoral_standards"] = r.strings(pcf, "crossSectoralStandards", "pcf")
    for i, name in enumerate(k["cross_sectoral_standards"]):
        if name not in CROSS_SECTORAL_STANDARDS_V2:
            r.fail(f"pcf.crossSectoralStandards[{i}]", f"unknown standard {name!r}",
                   f"未知标准 {name!r}")
    k["product_or_sector_specific_rules"] = read_rules(r, pcf)
    k["biogenic_accounting_methodology"] = r.enum(pcf, "biogenicAccountingMethodology", "pcf",
                                                  ("PEF", "ISO", "GHGP", "Quantis"))
    k["exempted_emissions_description"] = r.string(pcf, "exemptedEmissionsDescription", "pcf",
                                                   required=True)
    k["allocation_rules_description"] = r.string(pcf, "allocationRulesDescription", "pcf")
    k["uncertainty_assessment_description"] = r.string(
        pcf, "uncertaintyAssessmentDescription", "pcf")
    k["secondary_emission_factor_sources"] = read_sources(r, pcf)
    if "dqi" in pcf and (dqi := r.obj(pcf["dqi"], "pcf.dqi")) is not None:
        p = "pcf.dqi"
        vals = [r.decimal(dqi, key, p, required=True, number=True, bounds=b)
                for key, b in (("technologicalDQR", _DQR), ("temporalDQR", _DQR),
                               ("geographicalDQR", _DQR), ("coveragePercent", _PCT),
                               ("completenessDQR", _DQR), ("reliabilityDQR", _DQR))]
        t, te, g, cov, comp, rel = vals
        if t is not None and te is not None and g is not None and None not in vals:
            k["dqi_v2"] = DataQualityIndicators(t, te, g, cov, comp, rel)
    if "assurance" in pcf and (a := r.obj(pcf["assurance"], "pcf.assurance")) is not None:
        p = "pcf.assurance"
        k["verification"] = Verification(
            assurance=r.boolean(a, "assurance", p, required=True),
            provider_name=r.string(a, "providerName", p, required=True),
            coverage=r.enum(a, "coverage", p, ASSURANCE_COVERAGE),
            level=r.enum(a, "level", p, ("limited", "reasonable")),
            boundary=r.enum(a, "boundary", p, ("Gate-to-Gate", "Cradle-to-Gate")),
            completed_at=r.time(a, "completedAt", p),
            standard_name=r.string(a, "standardName", p),
            comments=r.string(a, "comments", p))
    k["extra"] = extra_of(pcf, PCF_KEYS)
    if r.errors:
        return None
    return CarbonFootprint(**k)


def _fail(field: str, en: str, zh: str) -> NotRepresentableError:
    return NotRepresentableError(field=field, message_en=f"not representable in PACT 2.3: {en}",
                                 message_zh=f"无法以 PACT 2.3 表示：{zh}")


def _cpc(fp: ExchangeFootprint) -> str:
    if fp.product_category_cpc:
        return fp.product_category_cpc
    for urn in fp.product_classifications:
        if urn.lower().startswith(CPC_URN_PREFIX) and len(urn) > len(CPC_URN_PREFIX):
            return urn[len(CPC_URN_PREFIX):]
    raise _fail("productCategoryCpc", "no UN CPC code is known (productClassifications has "
                f"no {CPC_URN_PREFIX}… entry)",
                f"未知联合国 CPC 产品分类代码（productClassifications 中没有 {CPC_URN_PREFIX}…）")


def _per_kilogram(pcf: CarbonFootprint) -> CarbonFootprint:
    """The same footprint with the kilogram as declared unit, for a unit 2.x does not know:
    ``declaredUnitAmount`` pieces weigh ``productMassPerDeclaredUnit`` kg, so the same values
    are per that many kilograms."""
    mass = pcf.product_mass_per_declared_unit
    if mass is None or mass <= 0:
        raise _fail("pcf.declaredUnit", f"declared unit {pcf.declared_unit.value!r} does not "
                    "exist in 2.x and the product mass per declared unit is unknown",
                    f"2.x 没有声明单位 {pcf.declared_unit.value!r}，且每声明单位的产品质量未知")
    return replace(pcf, declared_unit=DeclaredUnit.KILOGRAM, declared_unit_amount=mass)


def _per_one_unit(pcf: CarbonFootprint) -> CarbonFootprint:
    """The model's values (per ``declared_unit_amount`` units) per ONE declared unit, as v2.x
    states them (domain.pact.declared)."""
    n = pcf.declared_unit_amount
    scaled: dict[str, Any] = {a: (None if getattr(pcf, a) is None else to_v2(getattr(pcf, a), n))
                              for a in V2_PER_UNIT}
    return replace(pcf, **scaled)


def render(fp: ExchangeFootprint) -> dict[str, object]:
    same = fp.family is SpecVersion.V2_3
    out = write_header(fp, fp.spec_version if same else SpecVersion.V2_3.value)
    out["version"] = fp.version if fp.version is not None else 0
    if fp.updated is not None:
        out["updated"] = render_time(fp.updated)
    if fp.status_comment is not None:
        out["statusComment"] = fp.status_comment
    if fp.product_classifications:
        out["productClassifications"] = list(fp.product_classifications)
    out["productCategoryCpc"] = _cpc(fp)
    out["comment"] = fp.comment if fp.comment is not None else ""
    pcf = fp.pcf if fp.pcf.declared_unit in V2_UNITS else _per_kilogram(fp.pcf)
    out["pcf"] = _render_pcf(_per_one_unit(pcf), same)
    if fp.extensions:
        out["extensions"] = write_extensions(fp)
    if same:
        out.update({k: v for k, v in fp.extra.items() if k not in out})
    return out


def _render_pcf(pcf: CarbonFootprint, same: bool) -> dict[str, object]:
    if pcf.pcf_excluding_biogenic < 0:
        raise _fail("pcf.pCfExcludingBiogenic", "negative PCF excluding biogenic uptake",
                    "不含生物源吸收的碳足迹为负数")
    for attr, key in (("biogenic_carbon_content", "biogenicCarbonContent"),
                      ("packaging_emissions_included", "packagingEmissionsIncluded")):
        if getattr(pcf, attr) is None:
            raise _fail(f"pcf.{key}", f"{key} is required in 2.x and unknown",
                        f"{key} 在 2.x 中为必填项，但未知")
    for n in NUMBERS:
        value = getattr(pcf, n.attr)
        if n.bounds is not None and value is not None and not (
                n.bounds[0] <= value <= n.bounds[1]):
            raise _fail(f"pcf.{n.key}", f"{value} is outside {n.bounds[0]}..{n.bounds[1]}",
                        f"{value} 超出 {n.bounds[0]}..{n.bounds[1]}")
    factors = pcf.ipcc_characterization_factors
    legacy_cf = pcf.characterization_factors or next(
        (ar for ar in ("AR6", "AR5") if ar in factors), None)
    if legacy_cf is None:
        raise _fail("pcf.characterizationFactors", "neither AR5 nor AR6 characterization "
                    "factors", "特征化因子既不是 AR5 也不是 AR6")
    used = pcf.cross_sectoral_standards_used or tuple(
        LEGACY_STANDARD_NAMES[s] for s in pcf.cross_sectoral_standards
        if s in LEGACY_STANDARD_NAMES)
    if not used:
        raise _fail("pcf.crossSectoralStandardsUsed", "none of the standards "
                    f"{list(pcf.cross_sectoral_standards)} has a 2.x name (GHG Protocol "
                    "Product standard, ISO Standard 14067, ISO Standard 14044)",
                    f"所依据的标准 {list(pcf.cross_sectoral_standards)} 在 2.x 中没有对应名称")
    out: dict[str, object] = {"declaredUnit": pcf.declared_unit.value}
    write_numbers(pcf, NUMBERS, out)
    out["referencePeriodStart"] = render_time(pcf.reference_period_start)
    out["referencePeriodEnd"] = render_time(pcf.reference_period_end)
    for key, val in (("geographyRegionOrSubregion", pcf.geography_region_or_subregion),
                     ("geographyCountry", pcf.geography_country),
                     ("geographyCountrySubdivision", pcf.geography_country_subdivision),
                     ("biogenicAccountingMethodology", pcf.biogenic_accounting_methodology),
                     ("allocationRulesDescription", pcf.allocation_rules_description),
                     ("uncertaintyAssessmentDescription",
                      pcf.uncertainty_assessment_description)):
        if val is not None:
            out[key] = val
    out["boundaryProcessesDescription"] = pcf.boundary_processes_description or ""
    out["exemptedEmissionsDescription"] = pcf.exempted_emissions_description or ""
    out["packagingEmissionsIncluded"] = pcf.packaging_emissions_included
    out["characterizationFactors"] = legacy_cf
    out["ipccCharacterizationFactorsSources"] = list(factors or (legacy_cf,))
    out["crossSectoralStandardsUsed"] = list(used)
    standards = [s for s in pcf.cross_sectoral_standards if s in CROSS_SECTORAL_STANDARDS_V2]
    if standards:
        out["crossSectoralStandards"] = standards
    if pcf.product_or_sector_specific_rules:
        out["productOrSectorSpecificRules"] = write_rules(pcf.product_or_sector_specific_rules)
    if pcf.secondary_emission_factor_sources:
        out["secondaryEmissionFactorSources"] = write_sources(
            pcf.secondary_emission_factor_sources)
    d = pcf.dqi_v2
    if d is not None and d.coverage_percent is not None and d.completeness_dqr is not None \
            and d.reliability_dqr is not None:
        out["dqi"] = {"coveragePercent": render_number(d.coverage_percent),
                      "technologicalDQR": render_number(d.technological_dqr),
                      "temporalDQR": render_number(d.temporal_dqr),
                      "geographicalDQR": render_number(d.geographical_dqr),
                      "completenessDQR": render_number(d.completeness_dqr),
                      "reliabilityDQR": render_number(d.reliability_dqr)}
    if (v := pcf.verification) is not None:
        a: dict[str, object] = {
            "assurance": v.assurance if v.assurance is not None else True,
            "providerName": v.provider_name or ""}
        if v.coverage in ASSURANCE_COVERAGE:
            a["coverage"] = v.coverage
        for key, val in (("level", v.level), ("boundary", v.boundary),
                         ("standardName", v.standard_name), ("comments", v.comments)):
            if val is not None:
                a[key] = val
        if v.completed_at is not None:
            a["completedAt"] = render_time(v.completed_at)
        out["assurance"] = a
    if same:
        out.update({k: val for k, val in pcf.extra.items() if k not in out})
    return out
