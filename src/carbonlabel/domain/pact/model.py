"""The PACT ProductFootprint as one version-neutral value, a superset of v2.3 and v3.0.

Every quantity is a :class:`decimal.Decimal` (never a float). Quantities are per declared unit
as v3.0 defines it, ``declared_unit_amount`` × ``declared_unit`` (v2.x values are converted on
the way in and out: :mod:`carbonlabel.domain.pact.declared`): emissions in kg CO2e, carbon
contents in kg C. Timestamps are timezone-aware (UTC); ``reference_period_end`` is exclusive,
as in both spec versions.

Naming: fields are named after the v3.0 property where the two versions share a meaning, and
after the v2 property where a field only exists in v2 (``iluc_ghg_emissions``...). Pairs that
map one to one between the versions:

- declared_unit: v2 declaredUnit, v3 declaredUnitOfMeasurement
- declared_unit_amount: v2 unitaryProductAmount, v3 declaredUnitAmount
- pcf_excluding_biogenic: v2 pCfExcludingBiogenic, v3 pcfExcludingBiogenicUptake
- pcf_including_biogenic: v2 pCfIncludingBiogenic, v3 pcfIncludingBiogenicUptake
- land_use_change_ghg_emissions: v2 dLucGhgEmissions, v3 landUseChangeGhgEmissions
- biogenic_co2_uptake: v2 biogenicCarbonWithdrawal, v3 biogenicCO2Uptake
- ipcc_characterization_factors: v2 ipccCharacterizationFactorsSources,
  v3 ipccCharacterizationFactors
- verification: v2 assurance, v3 verification

The data quality ratings are NOT the same scale (v2: 1..3 with six indicators, v3: 1..5 with
three), so they are kept apart in ``dqi_v2`` and ``dqi`` and never converted.

Properties a parser cannot type (unknown, or stray legacy ones seen in published examples)
are kept in ``extra`` as parsed JSON values, together with the spec family they came from, so
a document renders back to the same version without loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

_EMPTY: Mapping[str, object] = MappingProxyType({})


def _no_extra() -> Mapping[str, object]:
    return _EMPTY


class SpecVersion(StrEnum):
    """The two spec versions rendered. Incoming 2.0.x–2.3.x belong to V2_3, 3.0.x to V3_0."""

    V2_3 = "2.3.0"
    V3_0 = "3.0.0"


def spec_family(spec_version: str) -> SpecVersion | None:
    """The family a ``specVersion`` string belongs to, or None if unsupported.

    Accepted: ``2.0.x``, ``2.1.x``, ``2.2.x``, ``2.3.x`` → V2_3 and ``3.0.x`` → V3_0, each with
    an optional ``-YYYYMMDD`` suffix (the spec's pattern). 1.x and 3.1+ are refused.
    """
    head = spec_version.split("-", 1)[0]
    parts = head.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    major, minor = int(parts[0]), int(parts[1])
    if major == 2 and 0 <= minor <= 3:
        return SpecVersion.V2_3
    if major == 3 and minor == 0:
        return SpecVersion.V3_0
    return None


class PfStatus(StrEnum):
    ACTIVE = "Active"
    DEPRECATED = "Deprecated"


class DeclaredUnit(StrEnum):
    """Declared units of v3.0; :data:`V2_UNITS` are those v2.x knows."""

    LITER = "liter"
    KILOGRAM = "kilogram"
    CUBIC_METER = "cubic meter"
    KILOWATT_HOUR = "kilowatt hour"
    MEGAJOULE = "megajoule"
    TON_KILOMETER = "ton kilometer"
    SQUARE_METER = "square meter"
    PIECE = "piece"
    HOUR = "hour"
    MEGABIT_SECOND = "megabit second"

    @property
    def in_v2(self) -> bool:
        return self in V2_UNITS


V2_UNITS: frozenset[DeclaredUnit] = frozenset({
    DeclaredUnit.LITER, DeclaredUnit.KILOGRAM, DeclaredUnit.CUBIC_METER,
    DeclaredUnit.KILOWATT_HOUR, DeclaredUnit.MEGAJOULE, DeclaredUnit.TON_KILOMETER,
    DeclaredUnit.SQUARE_METER})

#: UN M49 regions and subregions allowed in ``geographyRegionOrSubregion`` (both versions).
REGIONS: frozenset[str] = frozenset({
    "Africa", "Americas", "Asia", "Europe", "Oceania", "Australia and New Zealand",
    "Central Asia", "Eastern Asia", "Eastern Europe", "Latin America and the Caribbean",
    "Melanesia", "Micronesia", "Northern Africa", "Northern America", "Northern Europe",
    "Polynesia", "South-eastern Asia", "Southern Asia", "Southern Europe", "Sub-Saharan Africa",
    "Western Asia", "Western Europe"})

#: v2.3 ``crossSectoralStandards`` enum (v3 lists the same values but does not enforce them).
CROSS_SECTORAL_STANDARDS_V2: frozenset[str] = frozenset({
    "ISO14067", "ISO14083", "ISO14040-44", "GHGP-Product", "PEF", "PACT-1.0", "PACT-2.0",
    "PACT-3.0"})

#: deprecated v2 ``crossSectoralStandardsUsed`` value for a ``crossSectoralStandards`` value.
LEGACY_STANDARD_NAMES: Mapping[str, str] = MappingProxyType({
    "GHGP-Product": "GHG Protocol Product standard",
    "ISO14067": "ISO Standard 14067",
    "ISO14040-44": "ISO Standard 14044",
})

CPC_URN_PREFIX = "urn:pact:productclassification:un-cpc:"


@dataclass(frozen=True)
class ProductOrSectorSpecificRule:
    operator: str  # "PEF", "EPD International" or "Other"
    rule_names: tuple[str, ...]
    other_operator_name: str | None = None


@dataclass(frozen=True)
class EmissionFactorSource:
    name: str
    version: str


@dataclass(frozen=True)
class DataQualityIndicators:
    """DQRs. In ``CarbonFootprint.dqi`` (v3) they range 1..5 and only the first three exist;
    in ``CarbonFootprint.dqi_v2`` they range 1..3 and all six are required."""

    technological_dqr: Decimal
    temporal_dqr: Decimal
    geographical_dqr: Decimal
    coverage_percent: Decimal | None = None
    completeness_dqr: Decimal | None = None
    reliability_dqr: Decimal | None = None


@dataclass(frozen=True)
class Verification:
    """v3 ``verification`` and v2 ``assurance`` (``assurance``, ``level`` and ``boundary`` are
    v2 only; ``coverage`` is kept as written and dropped where the target enum lacks it)."""

    provider_name: str | None = None
    coverage: str | None = None
    completed_at: datetime | None = None
    standard_name: str | None = None
    comments: str | None = None
    assurance: bool | None = None
    level: str | None = None
    boundary: str | None = None


@dataclass(frozen=True)
class CarbonFootprint:
    declared_unit: DeclaredUnit
    declared_unit_amount: Decimal
    reference_period_start: datetime
    reference_period_end: datetime
    pcf_excluding_biogenic: Decimal
    fossil_ghg_emissions: Decimal
    fossil_carbon_content: Decimal
    exempted_emissions_percent: Decimal
    ipcc_characterization_factors: tuple[str, ...]
    cross_sectoral_standards: tuple[str, ...] = ()
    product_mass_per_declared_unit: Decimal | None = None
    pcf_including_biogenic: Decimal | None = None
    biogenic_carbon_content: Decimal | None = None
    recycled_carbon_content: Decimal | None = None
    land_use_change_ghg_emissions: Decimal | None = None
    land_carbon_leakage: Decimal | None = None
    land_management_fossil_ghg_emissions: Decimal | None = None
    land_management_biogenic_co2_emissions: Decimal | None = None
    land_management_biogenic_co2_removals: Decimal | None = None
    biogenic_co2_uptake: Decimal | None = None
    biogenic_non_co2_emissions: Decimal | None = None
    land_area_occupation: Decimal | None = None
    aircraft_ghg_emissions: Decimal | None = None
    packaging_emissions_included: bool | None = None
    packaging_ghg_emissions: Decimal | None = None
    packaging_biogenic_carbon_content: Decimal | None = None
    outbound_logistics_ghg_emissions: Decimal | None = None
    ccs_technological_co2_capture_included: bool | None = None
    ccs_technological_co2_capture: Decimal | None = None
    technological_co2_capture_origin: str | None = None
    technological_co2_removals: Decimal | None = None
    ccu_carbon_content: Decimal | None = None
    ccu_calculation_approach: str | None = None
    ccu_credit_certification: str | None = None
    product_or_sector_specific_rules: tuple[ProductOrSectorSpecificRule, ...] = ()
    boundary_processes_description: str | None = None
    geography_region_or_subregion: str | None = None
    geography_country: str | None = None
    geography_country_subdivision: str | None = None
    secondary_emission_factor_sources: tuple[EmissionFactorSource, ...] = ()
    exempted_emissions_description: str | None = None
    allocation_rules_description: str | None = None
    primary_data_share: Decimal | None = None  # percent, 0..100
    dqi: DataQualityIndicators | None = None  # v3 scale 1..5
    verification: Verification | None = None
    # v2-only properties
    characterization_factors: str | None = None  # deprecated "AR5" / "AR6"
    cross_sectoral_standards_used: tuple[str, ...] = ()  # deprecated names
    iluc_ghg_emissions: Decimal | None = None
    land_management_ghg_emissions: Decimal | None = None
    other_biogenic_ghg_emissions: Decimal | None = None
    biogenic_accounting_methodology: str | None = None
    uncertainty_assessment_description: str | None = None
    dqi_v2: DataQualityIndicators | None = None  # v2 scale 1..3
    extra: Mapping[str, object] = field(default_factory=_no_extra)  # untyped properties, as parsed


@dataclass(frozen=True)
class DataModelExtension:
    spec_version: str
    data_schema: str
    data: Mapping[str, object]
    documentation: str | None = None


@dataclass(frozen=True)
class ExchangeFootprint:
    """A PACT ProductFootprint. ``spec_version`` is the exact string (e.g. "2.0.0", "3.0.0");
    :func:`spec_family` gives its family. ``version``/``updated`` are v2 fields (optional and
    accepted, not required, in v3)."""

    id: str
    spec_version: str
    created: datetime
    status: PfStatus
    company_name: str
    company_ids: tuple[str, ...]
    product_description: str
    product_ids: tuple[str, ...]
    product_name_company: str
    pcf: CarbonFootprint
    preceding_pf_ids: tuple[str, ...] = ()
    version: int | None = None
    updated: datetime | None = None
    status_comment: str | None = None
    validity_period_start: datetime | None = None
    validity_period_end: datetime | None = None
    product_classifications: tuple[str, ...] = ()
    product_category_cpc: str | None = None
    comment: str | None = None
    extensions: tuple[DataModelExtension, ...] = ()
    extra: Mapping[str, object] = field(default_factory=_no_extra)

    @property
    def family(self) -> SpecVersion | None:
        return spec_family(self.spec_version)

    def classification_urns(self) -> tuple[str, ...]:
        """productClassifications plus the v2 productCategoryCpc written as its URN."""
        cpc = self.product_category_cpc
        if cpc and f"{CPC_URN_PREFIX}{cpc}" not in self.product_classifications:
            return (*self.product_classifications, f"{CPC_URN_PREFIX}{cpc}")
        return self.product_classifications


def add_years(moment: datetime, years: int) -> datetime:
    """The same instant ``years`` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def validity(fp: ExchangeFootprint) -> tuple[datetime, datetime]:
    """The validity period [start, end): the declared one, else referencePeriodEnd .. +3 years.

    Each end defaults on its own: a missing start is referencePeriodEnd, a missing end is
    the start + 3 years when a start is given, else referencePeriodEnd + 3 years (spec v2.3
    §validityPeriodStart, v3 §Validity period).
    """
    ref_end = fp.pcf.reference_period_end
    start = fp.validity_period_start or ref_end
    end = fp.validity_period_end or add_years(fp.validity_period_start or ref_end, 3)
    return start, end


def last_day(end: datetime) -> date:
    """The last day a period with this exclusive end covers (UTC): ``2025-01-01T00:00Z`` →
    2024-12-31, ``2025-01-01T12:00Z`` → 2025-01-01."""
    return (utc(end) - timedelta(microseconds=1)).date()


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
