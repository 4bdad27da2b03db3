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

from carbonlabel.domain.footprint import FootprintResult, SeparateReporting
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


def _dec(value: float) -> Decimal:
    """A stored result quantity, digit for digit as the result JSON writes it."""
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


_NOTE_BIOGENIC_CO2 = ("Biogenic CO2 emissions are included in the PCF excluding biogenic "
                      "uptake (ISO 14067).")
_NOTE_UNKNOWN = "{} is not known; 0 is written because the format requires a value."
_NOTE_NO_PERIOD = ("The model has no reference period; the twelve months before the "
                   "calculation are given.")
_NOTE_PACKAGING = ("packagingEmissionsIncluded is true when a process of the model is a "
                   "packaging process.")


def _fossil(separate: SeparateReporting) -> Decimal:
    """F: the fossil part, with the CO2e not split by gas (PACT has no other place for it)."""
    f = _dec(separate.fossil_co2e_kg)
    if separate.not_split_co2e_kg is not None:
        f += _dec(separate.not_split_co2e_kg)
    return f


def _biogenic_non_co2(result: FootprintResult) -> Decimal:
    """biogenicNonCO2Emissions = Σ by_gas[category biogenic, gas ≠ CO2]."""
    return sum((_dec(g.co2e_kg) for g in result.by_gas
                if g.category == "biogenic" and g.gas != "CO2"), Decimal(0))


def _ipcc_reports(result: FootprintResult) -> tuple[str, ...]:
    """The IPCC assessment reports the GWP set names (``AR6`` ...), in order, once each."""
    reports = tuple(dict.fromkeys(re.findall(r"AR\d+", result.provenance.gwp_set)))
    if not reports:
        raise DataFormatError(field="provenance.gwp_set",
                              message_en="the GWP set names no IPCC assessment report",
                              message_zh="GWP 数据集未注明 IPCC 评估报告")
    return reports


def _sources(result: FootprintResult) -> tuple[EmissionFactorSource, ...]:
    return tuple(EmissionFactorSource(str(name), str(version))
                 for name, version in result.provenance.factor_sets if name and version)


def _packaging(result: FootprintResult) -> bool:
    """Whether a process of the model is a packaging process (by its id or either name)."""
    return any(re.search(r"packag|包装", text, re.I)
               for p in result.by_process for text in (p.process, p.name.zh, p.name.en))


def _dqi(result: FootprintResult) -> DataQualityIndicators | None:
    q = result.quality
    if q is None:
        return None
    cent = Decimal("0.01")
    return DataQualityIndicators(technological_dqr=_dec(q.ter).quantize(cent),
                                 temporal_dqr=_dec(q.tir).quantize(cent),
                                 geographical_dqr=_dec(q.ger).quantize(cent))


def _default_period(record: FootprintRecord) -> tuple[date, date]:
    """The twelve months before the calculation, [d - 1 year, d): its last day is d - 1."""
    end = record.created_at.astimezone(UTC).date()
    return (add_years(datetime.combine(end, time(), UTC), -1).date(),
            end - timedelta(days=1))


def _verification(certification: CertificationSummary | None) -> Verification | None:
    if certification is None:
        return None
    comments = f"Certificate {certification.certificate_number}"
    if certification.label_code:
        comments += f", label {certification.label_code}"
    if certification.certified_value:
        comments += (f", certified value {certification.certified_value} "
                     f"{certification.certified_unit}")
    return Verification(provider_name=certification.body_name, coverage="product level",
                        completed_at=certification.decision_date,
                        standard_name=certification.standard, assurance=True,
                        comments=comments)


def _extensions(certification: CertificationSummary | None,
                platform_url: str) -> tuple[DataModelExtension, ...]:
    """The certification extension of a certified footprint."""
    if certification is None:
        return ()
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
    return (DataModelExtension(EXTENSION_VERSION, schema_url(platform_url), data),)


def _notes(result: FootprintResult, has_period: bool) -> list[str]:
    """What ``comment`` says, in order (the packaging rule is added last)."""
    notes = [f"Calculated per {STANDARD} on the carbonlabel platform "
             "(GB/T 24067 is the identical Chinese adoption of ISO 14067)."]
    if _dec(result.separate.biogenic_emissions_co2e_kg) - _biogenic_non_co2(result) != 0:
        notes.append(_NOTE_BIOGENIC_CO2)
    if result.separate.biogenic_carbon_content_kg_c is None:
        notes.append(_NOTE_UNKNOWN.format("biogenicCarbonContent"))
    if result.fossil_carbon_content_kg_c is None:
        notes.append(_NOTE_UNKNOWN.format("fossilCarbonContent"))
    if not has_period:
        notes.append(_NOTE_NO_PERIOD)
    return notes


def _pcf(result: FootprintResult, product: RegisteredProduct,
         reference_period: tuple[date, date],
         certification: CertificationSummary | None) -> CarbonFootprint:
    """The quantities (module docstring) and what they cover."""
    quantity = result.reference.quantity
    du, n = declared_unit(float(_dec(quantity.amount)), quantity.unit)
    sep = result.separate
    f, b = _fossil(sep), _dec(sep.biogenic_emissions_co2e_kg)
    r, lu = _dec(sep.biogenic_removals_co2e_kg), _dec(sep.dluc_co2e_kg)
    bio_c, fossil_c = sep.biogenic_carbon_content_kg_c, result.fossil_carbon_content_kg_c
    mass = result.product_mass_kg
    pds = result.primary_data_share
    country, subdivision = _geography(result.geography)
    stage_names = ", ".join(str(s.stage) for s in result.by_stage)
    return CarbonFootprint(
        declared_unit=du, declared_unit_amount=n.normalize() + 0,
        product_mass_per_declared_unit=n.normalize() + 0 if du is DeclaredUnit.KILOGRAM
        else _q(_dec(mass)) if mass is not None else None,
        reference_period_start=datetime.combine(reference_period[0], time(), UTC),
        reference_period_end=exclusive_end(reference_period[1]),
        pcf_excluding_biogenic=_q(f + b + lu),
        pcf_including_biogenic=_q(f + b + r + lu),
        fossil_ghg_emissions=_q(f),
        fossil_carbon_content=_q(_dec(fossil_c)) if fossil_c is not None else Decimal(0),
        biogenic_carbon_content=_q(_dec(bio_c)) if bio_c is not None else Decimal(0),
        land_use_change_ghg_emissions=_q(lu), biogenic_co2_uptake=_q(r),
        biogenic_non_co2_emissions=_q(_biogenic_non_co2(result)),
        aircraft_ghg_emissions=_q(_dec(sep.aircraft_co2e_kg)),
        packaging_emissions_included=_packaging(result),
        exempted_emissions_percent=(_dec(result.excluded_share) * 100).normalize() + 0,
        primary_data_share=None if pds is None else
        (_dec(pds) * 100).quantize(Decimal("0.01")),
        dqi=_dqi(result), verification=_verification(certification),
        ipcc_characterization_factors=_ipcc_reports(result),
        cross_sectoral_standards=("ISO14067",),
        product_or_sector_specific_rules=(ProductOrSectorSpecificRule(
            "Other", (product.product_rule,)),) if product.product_rule else (),
        boundary_processes_description=f"{result.boundary}: {stage_names}",
        geography_country=country, geography_country_subdivision=subdivision,
        secondary_emission_factor_sources=_sources(result),
        exempted_emissions_description="Inputs left out under the model's cut-off rule."
        if result.excluded_share else None)


def exchange_footprint(*, record: FootprintRecord, result: FootprintResult,
                       product: RegisteredProduct, organisation: Organisation,
                       platform_url: str, pf_status: PfStatus = PfStatus.ACTIVE,
                       preceding_pf_ids: Sequence[str] = (),
                       certification: CertificationSummary | None = None,
                       reference_period: tuple[date, date] | None = None,
                       cpc_code: str | None = None,
                       company_ids: Sequence[str] = ()) -> ExchangeFootprint:
    """The PACT view of one stored footprint and its result.

    ``reference_period`` (first day, last day; both included) comes from the model
    (``period``); without it the twelve months before the calculation are used and
    ``comment`` says so. ``cpc_code`` (UN CPC) is needed
    only for v2 (productCategoryCpc); ``company_ids`` are further company URNs."""
    notes = _notes(result, reference_period is not None)
    pcf = _pcf(result, product, reference_period or _default_period(record), certification)
    notes.append(_NOTE_PACKAGING)
    desc = result.reference.description
    classes = [f"urn:pact:carbonlabel:product-category:{quote(product.category, safe='')}"]
    if cpc_code:
        classes.append(f"{CPC_URN_PREFIX}{cpc_code}")
    return ExchangeFootprint(
        id=record.id, spec_version=SpecVersion.V3_0.value, created=record.created_at,
        status=pf_status, preceding_pf_ids=tuple(preceding_pf_ids),
        company_name=organisation.name,
        company_ids=(f"urn:pact:carbonlabel:company:{organisation.id}", *company_ids),
        product_description=" / ".join(x for x in (product.name_zh, product.name_en,
                                                    desc.en or desc.zh) if x),
        product_ids=((f"urn:gtin:{product.gtin}",) if product.gtin else ())
        + (f"urn:pact:carbonlabel:product-id:{product.id}",),
        product_classifications=tuple(classes),
        product_name_company=product.name_zh or product.name_en,
        comment=" ".join(notes), pcf=pcf, extensions=_extensions(certification, platform_url))
