"""A platform footprint as a PACT ProductFootprint (pure mapping; docs/pact-format.md).

Quantities per declared unit as :mod:`carbonlabel.domain.pact.declared` defines it (v3.0:
``declaredUnitAmount`` × ``declaredUnitOfMeasurement``). The reference flow ``amount unit``
becomes ``n`` declared units (``1 t`` → declaredUnitAmount 1000, kilogram), so the result (per
reference flow) is written as it is, per those ``n`` units; v2.x divides by ``n`` when it
writes. With the separately reported categories of the result (``separate``): F fossil,
B biogenic emissions, R biogenic removals (<= 0), L dLUC, whose sum is the total::

    pcfIncludingBiogenic(Uptake) = F + B + R + L              (the ISO 14067 CFP)
    pcfExcludingBiogenic(Uptake) = F + B + L                  (= total without removals)
    fossilGhgEmissions           = F
    landUseChangeGhgEmissions    = L   (v2 dLucGhgEmissions)
    biogenicCO2Uptake            = R   (v2 biogenicCarbonWithdrawal)
    biogenicNonCO2Emissions      = Σ by_gas[category biogenic, gas ≠ CO2]
    aircraftGhgEmissions         = aircraft
    productMassPerDeclaredUnit   = n for kilogram, else the product mass of the reference flow
    exemptedEmissionsPercent     = excluded_share × 100
    primaryDataShare             = primary_data_share × 100
    referencePeriodStart/End     = the model's first day 00:00 UTC .. the day AFTER its last
                                   day 00:00 UTC (the spec's end is exclusive)

Biogenic CO2 emissions stay in pcfExcluding (ISO 14067 counts them); the comment says so.
Values the platform does not know and 2.x requires (fossil / biogenic carbon content) are
written as 0 with a sentence in ``comment``; nothing else is filled in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import quote

from carbonlabel.domain.pact.certification_extension import EXTENSION_VERSION, schema_url
from carbonlabel.domain.pact.model import (
    CPC_URN_PREFIX,
    CarbonFootprint,
    DataModelExtension,
    DataQualityIndicators,
    DeclaredUnit,
    EmissionFactorSource,
    ExchangeFootprint,
    PfStatus,
    ProductOrSectorSpecificRule,
    SpecVersion,
    Verification,
    add_years,
)
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.tenancy import Organisation
from carbonlabel.errors import DataFormatError

STANDARD = "ISO 14067:2018 / GB/T 24067-2024"
_Q = Decimal("1e-9")

#: reference-flow unit (as written in models) → (declared unit, declared units per unit)
UNIT_MAP: Mapping[str, tuple[DeclaredUnit, Decimal]] = {
    **{u: (DeclaredUnit.KILOGRAM, Decimal(1)) for u in ("kg", "kilogram")},
    "g": (DeclaredUnit.KILOGRAM, Decimal("0.001")),
    **{u: (DeclaredUnit.KILOGRAM, Decimal(1000)) for u in ("t", "tonne", "metric_ton")},
    "kwh": (DeclaredUnit.KILOWATT_HOUR, Decimal(1)),
    "mwh": (DeclaredUnit.KILOWATT_HOUR, Decimal(1000)),
    "mj": (DeclaredUnit.MEGAJOULE, Decimal(1)),
    "gj": (DeclaredUnit.MEGAJOULE, Decimal(1000)),
    **{u: (DeclaredUnit.SQUARE_METER, Decimal(1)) for u in ("m2", "m²", "m**2", "m^2")},
    **{u: (DeclaredUnit.CUBIC_METER, Decimal(1)) for u in ("m3", "m³", "m**3", "m^3")},
    **{u: (DeclaredUnit.LITER, Decimal(1)) for u in ("l", "liter", "litre")},
    **{u: (DeclaredUnit.TON_KILOMETER, Decimal(1))
       for u in ("t*km", "t·km", "tkm", "t km", "ton kilometer")},
    **{u: (DeclaredUnit.PIECE, Decimal(1))
       for u in ("piece", "pieces", "pcs", "pc", "unit", "units", "item", "个", "件")},
    **{u: (DeclaredUnit.HOUR, Decimal(1)) for u in ("h", "hour", "hours")},
}


@dataclass(frozen=True)
class CertificationSummary:
    body_name: str
    certificate_number: str
    decision_date: datetime
    label_code: str | None = None
    verify_url: str | None = None
    standard: str = STANDARD
    certified_value: str | None = None  # the certificate's stored value, as every channel shows
    certified_unit: str | None = None


def _dec(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataFormatError(field=field, message_en="must be a number in the stored result",
                              message_zh="存储的计算结果中此项必须是数值")
    return Decimal(repr(value))


def _q(value: Decimal) -> Decimal:
    """A result quantity as written: to 1e-9, without trailing zeros."""
    return value.quantize(_Q).normalize() + 0


def exclusive_end(last_day: date) -> datetime:
    """PACT ``referencePeriodEnd`` for a period whose last included day is ``last_day``: the
    next day at 00:00 UTC. v3.0.3: "The end (exclusive) of the time boundary for which the PCF
    value is considered to be representative"; v2.3.3: "The end (excluding) of the time
    boundary"."""
    return datetime.combine(last_day + timedelta(days=1), time(), UTC)


def _get(obj: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = obj.get(key)
    if not isinstance(value, Mapping):
        raise DataFormatError(field=key, message_en="missing in the stored result",
                              message_zh="存储的计算结果中缺少此项")
    return value


def declared_unit(amount: float, unit: str) -> tuple[DeclaredUnit, Decimal]:
    """The PACT declared unit and the number of them in ``amount unit``."""
    key = unit.strip().lower()
    if key not in UNIT_MAP:
        raise DataFormatError(
            field="reference.quantity.unit",
            message_en=f"unit {unit!r} has no PACT declared unit", message_zh=f"单位 {unit!r} "
            "没有对应的 PACT 声明单位")
    du, factor = UNIT_MAP[key]
    return du, Decimal(repr(float(amount))) * factor


def _geography(code: str) -> tuple[str | None, str | None]:
    if re.fullmatch(r"[A-Z]{2}", code):
        return code, None
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
        return None, code
    return None, None


def exchange_footprint(*, record: FootprintRecord, result: Mapping[str, object],
                       product: RegisteredProduct, organisation: Organisation,
                       platform_url: str, pf_status: PfStatus = PfStatus.ACTIVE,
                       preceding_pf_ids: Sequence[str] = (),
                       certification: CertificationSummary | None = None,
                       reference_period: tuple[date, date] | None = None,
                       cpc_code: str | None = None,
                       company_ids: Sequence[str] = ()) -> ExchangeFootprint:
    """The PACT view of one stored footprint (``result`` = the parsed result JSON).

    ``reference_period`` (first day, last day; both included) comes from the model
    (``period``); without it the twelve months before the calculation are used and
    ``comment`` says so. ``cpc_code`` (UN CPC) is needed
    only for v2 (productCategoryCpc); ``company_ids`` are further company URNs."""
    notes: list[str] = [f"Calculated per {STANDARD} on the carbonlabel platform "
                        "(GB/T 24067 is the identical Chinese adoption of ISO 14067)."]
    ref = _get(result, "reference")
    qty = _get(ref, "quantity")
    du, n = declared_unit(float(_dec(qty.get("amount"), "reference.quantity.amount")),
                          str(qty.get("unit", "")))
    sep = _get(result, "separate")
    f = _dec(sep.get("fossil_co2e_kg"), "separate.fossil_co2e_kg")
    if sep.get("not_split_co2e_kg") is not None:  # CO2e not split by gas: PACT has no place
        f += _dec(sep.get("not_split_co2e_kg"), "separate.not_split_co2e_kg")  # but fossil
    b = _dec(sep.get("biogenic_emissions_co2e_kg"), "separate.biogenic_emissions_co2e_kg")
    r = _dec(sep.get("biogenic_removals_co2e_kg"), "separate.biogenic_removals_co2e_kg")
    lu = _dec(sep.get("dluc_co2e_kg"), "separate.dluc_co2e_kg")
    air = _dec(sep.get("aircraft_co2e_kg"), "separate.aircraft_co2e_kg")
    gases = result.get("by_gas")
    bio_non_co2 = sum((_dec(g.get("co2e_kg"), "by_gas") for g in gases
                       if isinstance(g, Mapping) and g.get("category") == "biogenic"
                       and g.get("gas") != "CO2"), Decimal(0)) if isinstance(gases, list) \
        else Decimal(0)
    if b - bio_non_co2 != 0:
        notes.append("Biogenic CO2 emissions are included in the PCF excluding biogenic "
                     "uptake (ISO 14067).")
    bio_c = sep.get("biogenic_carbon_content_kg_c")
    if bio_c is None:
        notes.append("biogenicCarbonContent is not known; 0 is written because the format "
                     "requires a value.")
    fossil_c = result.get("fossil_carbon_content_kg_c")
    if fossil_c is None:
        notes.append("fossilCarbonContent is not known; 0 is written because the format "
                     "requires a value.")
    mass = result.get("product_mass_kg")
    mass_du = (n.normalize() + 0 if du is DeclaredUnit.KILOGRAM else
               _q(_dec(mass, "product_mass_kg")) if mass is not None else None)
    provenance = _get(result, "provenance")
    factors = tuple(dict.fromkeys(re.findall(r"AR\d+", str(provenance.get("gwp_set", "")))))
    if not factors:
        raise DataFormatError(field="provenance.gwp_set",
                              message_en="the GWP set names no IPCC assessment report",
                              message_zh="GWP 数据集未注明 IPCC 评估报告")
    sets = provenance.get("factor_sets")
    sources = tuple(EmissionFactorSource(str(s[0]), str(s[1]))
                    for s in (sets if isinstance(sets, list) else ())
                    if isinstance(s, list | tuple) and len(s) == 2 and s[0] and s[1])
    country, subdivision = _geography(str(result.get("geography", "")))
    if reference_period is None:  # [d - 1 year, d): its last day is the day before d
        end = record.created_at.astimezone(UTC).date()
        reference_period = (add_years(datetime.combine(end, time(), UTC), -1).date(),
                            end - timedelta(days=1))
        notes.append("The model has no reference period; the twelve months before the "
                     "calculation are given.")
    procs = result.get("by_process")
    packaging = isinstance(procs, list) and any(
        re.search(r"packag|包装", f"{p.get('process', '')} {p.get('name', '')}", re.I)
        for p in procs if isinstance(p, Mapping))
    quality = result.get("quality")
    dqi = None
    if isinstance(quality, Mapping):
        dqi = DataQualityIndicators(
            technological_dqr=_dec(quality.get("ter"), "quality.ter").quantize(Decimal("0.01")),
            temporal_dqr=_dec(quality.get("tir"), "quality.tir").quantize(Decimal("0.01")),
            geographical_dqr=_dec(quality.get("ger"), "quality.ger").quantize(Decimal("0.01")))
    pds = result.get("primary_data_share")
    stages = result.get("by_stage")
    stage_names = ", ".join(str(s.get("stage")) for s in stages if isinstance(s, Mapping)) \
        if isinstance(stages, list) else ""
    verification = None
    if certification is not None:
        verification = Verification(
            provider_name=certification.body_name, coverage="product level",
            completed_at=certification.decision_date, standard_name=certification.standard,
            assurance=True,
            comments=f"Certificate {certification.certificate_number}"
                     + (f", label {certification.label_code}" if certification.label_code
                        else "")
                     + (f", certified value {certification.certified_value} "
                        f"{certification.certified_unit}" if certification.certified_value
                        else ""))
    pcf = CarbonFootprint(
        declared_unit=du, declared_unit_amount=n.normalize() + 0,
        product_mass_per_declared_unit=mass_du,
        reference_period_start=datetime.combine(reference_period[0], time(), UTC),
        reference_period_end=exclusive_end(reference_period[1]),
        pcf_excluding_biogenic=_q(f + b + lu),
        pcf_including_biogenic=_q(f + b + r + lu),
        fossil_ghg_emissions=_q(f),
        fossil_carbon_content=_q(_dec(fossil_c, "fossil_carbon_content_kg_c"))
        if fossil_c is not None else Decimal(0),
        biogenic_carbon_content=_q(_dec(bio_c, "separate.biogenic_carbon_content_kg_c"))
        if bio_c is not None else Decimal(0),
        land_use_change_ghg_emissions=_q(lu), biogenic_co2_uptake=_q(r),
        biogenic_non_co2_emissions=_q(bio_non_co2), aircraft_ghg_emissions=_q(air),
        packaging_emissions_included=packaging,
        exempted_emissions_percent=(_dec(result.get("excluded_share", 0), "excluded_share")
                                    * 100).normalize() + 0,
        primary_data_share=None if pds is None else
        (_dec(pds, "primary_data_share") * 100).quantize(Decimal("0.01")),
        dqi=dqi, verification=verification,
        ipcc_characterization_factors=factors, cross_sectoral_standards=("ISO14067",),
        product_or_sector_specific_rules=(ProductOrSectorSpecificRule(
            "Other", (product.product_rule,)),) if product.product_rule else (),
        boundary_processes_description=f"{result.get('boundary', '')}: {stage_names}",
        geography_country=country, geography_country_subdivision=subdivision,
        secondary_emission_factor_sources=sources,
        exempted_emissions_description="Inputs left out under the model's cut-off rule."
        if result.get("excluded_share") else None)
    notes.append("packagingEmissionsIncluded is true when a process of the model is a "
                 "packaging process.")
    desc = ref.get("description")
    unit_text = desc.get("en") or desc.get("zh") if isinstance(desc, Mapping) else None
    classes = [f"urn:pact:carbonlabel:product-category:{quote(product.category, safe='')}"]
    if cpc_code:
        classes.append(f"{CPC_URN_PREFIX}{cpc_code}")
    extensions: tuple[DataModelExtension, ...] = ()
    if certification is not None:
        data: dict[str, object] = {
            "certificationBody": certification.body_name,
            "certificateNumber": certification.certificate_number,
            "decisionDate": certification.decision_date.astimezone(UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"),
            "standard": certification.standard}
        if certification.label_code:
            data["labelCode"] = certification.label_code
        if certification.verify_url:
            data["verifyUrl"] = certification.verify_url
        if certification.certified_value:
            data["certifiedValue"] = certification.certified_value
            data["certifiedUnit"] = certification.certified_unit
        extensions = (DataModelExtension(EXTENSION_VERSION, schema_url(platform_url), data),)
    return ExchangeFootprint(
        id=record.id, spec_version=SpecVersion.V3_0.value, created=record.created_at,
        status=pf_status, preceding_pf_ids=tuple(preceding_pf_ids),
        company_name=organisation.name,
        company_ids=(f"urn:pact:carbonlabel:company:{organisation.id}", *company_ids),
        product_description=" / ".join(x for x in (product.name_zh, product.name_en,
                                                    unit_text) if x),
        product_ids=((f"urn:gtin:{product.gtin}",) if product.gtin else ())
        + (f"urn:pact:carbonlabel:product-id:{product.id}",),
        product_classifications=tuple(classes),
        product_name_company=product.name_zh or product.name_en,
        comment=" ".join(notes), pcf=pcf, extensions=extensions)
