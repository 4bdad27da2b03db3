"""Supplier-specific footprints: the PCF a supplier shares for a purchased product.

A :class:`SupplierFootprint` is one product footprint of a supplier, identified by its PACT
``PfId`` (a UUID), per one declared unit of the product. A model input
``{supplier: <PfId>, amount: ..., unit: ...}`` takes its footprint from the
:class:`SupplierFootprints` catalogue handed to the calculation, as a ``factor:`` input takes
its factor from the factor catalogue.

The parts, all in kg CO2e per declared unit (PACT Technical Specifications 2.x/3.x):

* ``co2e_per_unit``: the PCF excluding biogenic CO2 uptake (``pcfExcludingBiogenicUptake``,
  2.x ``pCfExcludingBiogenic``);
* ``fossil_co2e_per_unit`` and ``dluc_per_unit``: the fossil and direct land-use-change parts
  of it; what is left, ``co2e − fossil − dLUC``, is biogenic emissions (biogenic non-CO2 gases,
  land management);
* ``biogenic_removals_per_unit``: the biogenic CO2 uptake, zero or negative;
* ``aircraft_per_unit``: the part of the PCF from air transport (reported apart, within it).

``primary_data_share`` is the supplier's own share of primary data, a fraction 0..1
(PACT publishes it in percent: divide by 100), ``None`` when the supplier gave none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.quality import DataQuality
from carbonlabel.errors import DataFormatError

#: Parts may exceed the total by this much (kg CO2e per unit) through rounding in the source.
PART_TOLERANCE = 1e-9


def normalise_pf_id(pf_id: str) -> str:
    """PfIds are UUIDs: compared without case and surrounding spaces."""
    return pf_id.strip().lower()


def _refuse(pf_id: str, name: str, en: str, zh: str) -> DataFormatError:
    return DataFormatError(field=name, message_en=f"supplier footprint {pf_id}: {en}",
                           message_zh=f"供应商碳足迹 {pf_id}：{zh}")


@dataclass(frozen=True)
class SupplierFootprint:
    """One supplier PCF per declared unit; see the module docstring for the parts."""

    pf_id: str
    company_name: str
    product_name: str
    declared_unit: str  # a unit the project's pint registry parses: kg, kWh, piece, m2, L ...
    co2e_per_unit: float  # PCF excluding biogenic uptake, kg CO2e per declared unit
    fossil_co2e_per_unit: float
    biogenic_removals_per_unit: float  # zero or negative
    dluc_per_unit: float
    aircraft_per_unit: float
    primary_data_share: float | None  # fraction 0..1
    dqr: DataQuality | None = None
    gwp_set: str | None = None  # IPCC set the supplier characterised with, e.g. "AR6"
    valid_until: str | None = None  # ISO date the supplier's PCF is valid until (exclusive)

    def expiry_warning(self, period_end: str) -> str | None:
        """A warning (en / zh) when the footprint's validity ends before a reference period
        that ends on ``period_end`` (ISO date) does; ``None`` when it covers it."""
        if not self.valid_until or period_end < self.valid_until:
            return None
        return (f"supplier footprint {self.pf_id} ({self.company_name}) was valid until "
                f"{self.valid_until}, not through the reference period ending {period_end}; "
                f"ask the supplier for a current one / 供应商碳足迹 {self.pf_id}"
                f"（{self.company_name}）有效期至 {self.valid_until}，未覆盖至 {period_end} "
                f"结束的核算期；请向供应商索取最新数据")

    def __post_init__(self) -> None:
        pf = self.pf_id
        if not pf.strip():
            raise _refuse(pf, "pf_id", "the PfId is empty", "PfId 为空")
        if not self.declared_unit.strip():
            raise _refuse(pf, "declared_unit", "the declared unit is empty", "声明单位为空")
        for name in ("fossil_co2e_per_unit", "dluc_per_unit", "aircraft_per_unit"):
            if getattr(self, name) < 0:
                raise _refuse(pf, name, f"{name} must not be negative", f"{name} 不能为负")
        if self.biogenic_removals_per_unit > 0:
            raise _refuse(pf, "biogenic_removals_per_unit",
                          "biogenic removals must be zero or negative", "生物源清除须为零或负值")
        if self.fossil_co2e_per_unit + self.dluc_per_unit > self.co2e_per_unit + PART_TOLERANCE:
            raise _refuse(pf, "fossil_co2e_per_unit",
                          "fossil plus dLUC emissions exceed the PCF excluding biogenic uptake",
                          "化石源与直接土地利用变化排放之和超过不含生物源吸收的碳足迹")
        share = self.primary_data_share
        if share is not None and not 0.0 <= share <= 1.0:
            raise _refuse(pf, "primary_data_share",
                          f"the primary data share {share:g} is not a fraction between 0 and 1",
                          f"初级数据占比 {share:g} 应为 0 到 1 之间的比例")

    @property
    def key(self) -> str:
        return normalise_pf_id(self.pf_id)

    @property
    def biogenic_emissions_per_unit(self) -> float:
        """What the PCF holds besides its fossil and dLUC parts (never below zero)."""
        return max(self.co2e_per_unit - self.fossil_co2e_per_unit - self.dluc_per_unit, 0.0)

    def parts(self) -> tuple[tuple[GasCategory, float], ...]:
        """kg of ``CO2e`` per declared unit in each reported category, the non-zero ones.

        The removal is a positive mass of the removal category (characterised with −1), as for
        every removal of the engine::

            fossil   = fossil_co2e_per_unit
            dluc     = dluc_per_unit
            biogenic = co2e_per_unit − fossil_co2e_per_unit − dluc_per_unit
            removal  = −biogenic_removals_per_unit

        so one declared unit weighs ``co2e_per_unit + biogenic_removals_per_unit`` kg CO2e: the
        PCF including biogenic uptake.
        """
        parts = ((GasCategory.FOSSIL, self.fossil_co2e_per_unit),
                 (GasCategory.DLUC, self.dluc_per_unit),
                 (GasCategory.BIOGENIC, self.biogenic_emissions_per_unit),
                 (GasCategory.REMOVAL, -self.biogenic_removals_per_unit))
        return tuple((c, a) for c, a in parts if a)


class SupplierFootprints:
    """The supplier footprints a calculation may use, looked up by PfId (case-insensitive).

    The same PfId given twice must carry the same values."""

    def __init__(self, footprints: Iterable[SupplierFootprint] = (),
                 unusable: Mapping[str, tuple[str, str]] | None = None) -> None:
        #: footprints the buyer holds but a calculation cannot use, with why (en, zh)
        self.unusable = {normalise_pf_id(k): v for k, v in (unusable or {}).items()}
        self._index: dict[str, SupplierFootprint] = {}
        for fp in footprints:
            known = self._index.get(fp.key)
            if known is not None and known != fp:
                raise _refuse(fp.pf_id, "pf_id", "given twice with different values",
                              "重复出现且数值不同")
            self._index[fp.key] = fp

    @property
    def footprints(self) -> tuple[SupplierFootprint, ...]:
        return tuple(self._index.values())

    def get(self, pf_id: str) -> SupplierFootprint | None:
        return self._index.get(normalise_pf_id(pf_id))

    def why_unusable(self, pf_id: str) -> tuple[str, str] | None:
        """Why a held footprint cannot be used (en, zh), or ``None``."""
        return self.unusable.get(normalise_pf_id(pf_id))

    def __contains__(self, pf_id: object) -> bool:
        return isinstance(pf_id, str) and normalise_pf_id(pf_id) in self._index

    def __iter__(self) -> Iterator[SupplierFootprint]:
        return iter(self._index.values())

    def __len__(self) -> int:
        return len(self._index)
