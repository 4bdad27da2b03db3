"""A reduction restated on one factor set (same-basis comparison).

A reduction between a baseline footprint and a later footprint of the same product counts
only what the product did: the baseline's model is calculated again with the factors of the
later footprint (its model's own factors, its factor set files, its GWP set and the factor
library), so that a factor update is never reported as a reduction::

    reduction share = (baseline restated − current) ÷ baseline restated

A positive share is a reduction, a negative one an increase.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from carbonlabel.domain.factors import FactorResolution
from carbonlabel.domain.model import EmissionFactor, ProductModel


class ChangeKind(StrEnum):
    """What differs between the factors of the baseline and of the current footprint."""

    GWP_SET = "gwp_set"  # another GWP100 set (AR5, AR6 ...)
    FACTOR = "factor"  # a factor of the model itself: another value
    FACTOR_SET = "factor_set"  # a factor set file or the library: another version


CHANGE_NAMES: dict[ChangeKind, tuple[str, str]] = {
    ChangeKind.GWP_SET: ("全球变暖潜势（GWP）集", "GWP set"),
    ChangeKind.FACTOR: ("模型排放因子", "emission factor of the model"),
    ChangeKind.FACTOR_SET: ("因子集或因子库版本", "factor set or library version"),
}


@dataclass(frozen=True)
class FactorChange:
    kind: ChangeKind
    name: str  # the factor id, the set name or "gwp"
    before: str  # as the baseline footprint used it
    after: str  # as the current footprint used it (the restatement's)


@dataclass(frozen=True)
class Restatement:
    """A baseline footprint restated with the current footprint's factors."""

    baseline_footprint_id: str
    current_footprint_id: str
    baseline_original_kg: float  # the baseline as stored, kg CO2e per declared unit
    baseline_restated_kg: float  # the baseline model with the current factors
    current_kg: float  # the current footprint as stored
    factor_changes: tuple[FactorChange, ...]
    #: False when the factor library loaded today is not the release the current footprint
    #: used: the restatement then rests on today's library (named in ``factor_changes``)
    same_library: bool = True

    @property
    def reduction_share(self) -> float:
        """(restated − current) ÷ restated; 0 when the restated baseline is 0."""
        if self.baseline_restated_kg == 0:
            return 0.0
        return (self.baseline_restated_kg - self.current_kg) / self.baseline_restated_kg

    @property
    def unrestated_share(self) -> float:
        """The reduction as the two stored totals tell it (factor changes included)."""
        if self.baseline_original_kg == 0:
            return 0.0
        return (self.baseline_original_kg - self.current_kg) / self.baseline_original_kg

    @property
    def factor_effect_kg(self) -> float:
        """How much of the change of the totals the factors made: original − restated."""
        return self.baseline_original_kg - self.baseline_restated_kg


def restated_model(baseline: ProductModel, current: ProductModel) -> ProductModel:
    """The baseline's activity data with the current model's factors: each factor of the
    baseline that the current model also defines (same id) takes the current definition,
    the current model's other factors are added, the current factor set files are used, and
    the current reference period, so that a library key resolved by year (a grid factor of
    2023, then of 2024) takes the later footprint's year. The baseline's geography stays: a
    move of production is a change of the product, not of the factors."""
    mine = {f.id: f for f in current.factors}
    kept = tuple(mine.get(f.id, f) for f in baseline.factors)
    ids = {f.id for f in baseline.factors}
    added = tuple(f for f in current.factors if f.id not in ids)
    return replace(baseline, factors=kept + added, factor_sets=current.factor_sets,
                   period=current.period)


def _factor_text(factor: EmissionFactor) -> str:
    gases = ", ".join(f"{g.gas} {g.amount:g}" for g in factor.gases)
    return f"{gases} kg/{factor.unit}"


def model_factor_changes(baseline: ProductModel,
                         current: ProductModel) -> tuple[FactorChange, ...]:
    """The model's own factors whose definition differs (same id, other gases or unit)."""
    mine = {f.id: f for f in current.factors}
    changes = []
    for factor in baseline.factors:
        now = mine.get(factor.id)
        if now is None:
            continue
        if (now.gases, now.unit, now.gwp_set) != (factor.gases, factor.unit, factor.gwp_set):
            changes.append(FactorChange(ChangeKind.FACTOR, factor.id, _factor_text(factor),
                                        _factor_text(now)))
    return tuple(changes)


#: the ``factor_sets`` entry of a result naming the model's own factors (a digest of them)
MODEL_FACTORS = "model-factors"


def set_changes(before: tuple[tuple[str, str], ...],
                after: tuple[tuple[str, str], ...]) -> tuple[FactorChange, ...]:
    """Factor sets (library, user sets, databases) whose version differs or that only one
    footprint used; the model's own factors are compared one by one instead."""
    old = {name: version for name, version in before if name != MODEL_FACTORS}
    new = {name: version for name, version in after if name != MODEL_FACTORS}
    return tuple(FactorChange(ChangeKind.FACTOR_SET, name, old.get(name, "—"),
                              new.get(name, "—"))
                 for name in sorted(old.keys() | new.keys())
                 if old.get(name) != new.get(name))


def gwp_change(before: str, after: str) -> tuple[FactorChange, ...]:
    return () if before == after else (FactorChange(ChangeKind.GWP_SET, "gwp", before, after),)


def resolution_changes(before: tuple[FactorResolution, ...],
                       after: tuple[FactorResolution, ...]) -> tuple[FactorChange, ...]:
    """Library or factor-set references both footprints made that were answered by another
    row (another year's variant, another set version)."""
    old = {r.requested: r for r in before}
    changes = []
    for r in after:
        was = old.get(r.requested)
        if was is not None and (was.factor_id, was.set_version) != (r.factor_id, r.set_version):
            changes.append(FactorChange(ChangeKind.FACTOR, r.requested,
                                        f"{was.factor_id} ({was.factor_set} {was.set_version})",
                                        f"{r.factor_id} ({r.factor_set} {r.set_version})"))
    return tuple(changes)
