"""Ecological benefit of a pilot (research notes §3.2): the intensity improvement of each
product against its baseline, and the absolute reduction it makes with the certified
production volume.

For one product (same product, same product rule code@version, same declared unit):

    ΔCFP% = (CFP_baseline,restated − CFP_current) ÷ CFP_baseline,restated

where the baseline is recomputed with the current factors, so that a factor update is not
counted as a reduction; and over the products with a declared volume V:

    absolute reduction = Σ (CFP_baseline,restated − CFP_current) × V   (kg CO2e)

A product whose baseline cannot be restated yet ("restatement pending") or has no declared
volume is listed with its flag and left out of the sums, never counted as zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Restated:
    """A baseline and a current footprint of one product, the baseline recomputed with the
    current factors (kg CO2e per declared unit)."""

    baseline_original_total: float
    baseline_restated_total: float
    current_total: float

    @property
    def reduction_share(self) -> float | None:
        b = self.baseline_restated_total
        return (b - self.current_total) / b if b else None


@dataclass(frozen=True)
class ProductPair:
    """A product's baseline and current certified footprints (the earliest certificate of the
    product and its latest in the period), named by their certificates."""

    product_id: str
    product_name: str
    rule_release: str | None
    declared_unit: str
    baseline_certificate: str
    baseline_footprint_id: str
    current_certificate: str
    current_footprint_id: str


PENDING = "restatement_pending"
NO_VOLUME = "no_declared_volume"
ZERO_BASELINE = "zero_baseline"

FLAG_NAMES: dict[str, tuple[str, str]] = {
    PENDING: ("基准值待按现行因子重算", "baseline restatement with the current factors pending"),
    NO_VOLUME: ("未申报获证产量", "no certified production volume declared"),
    ZERO_BASELINE: ("基准值为零", "the baseline is zero"),
}


@dataclass(frozen=True)
class ProductChange:
    pair: ProductPair
    restated: Restated | None  # None: restatement pending
    volume: float | None  # declared certified production volume, declared units
    flags: tuple[str, ...]

    @property
    def reduction_share(self) -> float | None:
        return self.restated.reduction_share if self.restated else None

    @property
    def absolute_kg(self) -> float | None:
        """(restated baseline − current) × volume, kg CO2e."""
        if self.restated is None or self.volume is None:
            return None
        return (self.restated.baseline_restated_total - self.restated.current_total) * self.volume


def change(pair: ProductPair, restated: Restated | None, volume: float | None) -> ProductChange:
    flags: list[str] = []
    if restated is None:
        flags.append(PENDING)
    elif not restated.baseline_restated_total:
        flags.append(ZERO_BASELINE)
    if volume is None:
        flags.append(NO_VOLUME)
    return ProductChange(pair, restated, volume, tuple(flags))


@dataclass(frozen=True)
class Ecology:
    changes: tuple[ProductChange, ...]

    @property
    def mean_reduction_share(self) -> float | None:
        """The mean ΔCFP% over the products whose baseline is restated."""
        shares = [c.reduction_share for c in self.changes if c.reduction_share is not None]
        return sum(shares) / len(shares) if shares else None

    @property
    def absolute_reduction_kg(self) -> float | None:
        """Σ (restated baseline − current) × volume over the products that have both."""
        parts = [c.absolute_kg for c in self.changes if c.absolute_kg is not None]
        return sum(parts) if parts else None


def ecology(pairs: Sequence[ProductPair], restated: Mapping[str, Restated | None],
            volumes: Mapping[str, float]) -> Ecology:
    """The changes of ``pairs``; ``restated`` and ``volumes`` by the current certificate's
    number."""
    return Ecology(tuple(change(p, restated.get(p.current_certificate),
                                volumes.get(p.current_certificate)) for p in pairs))
