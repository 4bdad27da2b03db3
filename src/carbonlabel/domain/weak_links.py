"""Weak links (薄弱环节): a certified footprint's life-cycle stages against its category's.

The category is the comparable set of :mod:`carbonlabel.domain.benchmark` (same product rule
release, declared unit and boundary, valid certificates). For each stage, the footprint's share
of its total is set beside the median of that stage's share over the category's footprints (a
stage a footprint does not report counts as a share of 0), and so is the stage's kg CO2e per
declared unit beside the category's median. A stage is a weak link when its share exceeds the
category's median share by at least :data:`STAGE_MARGIN` (five percentage points): a stage
that weighs clearly more in this product than in its peers is where improvement pays first.

Like the benchmark itself, nothing is compared below the minimum count: medians of two or
three footprints would show a competitor's figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carbonlabel.domain.benchmark import MINIMUM_COUNT, quantile
from carbonlabel.domain.product import LifeCycleStage

#: a stage is a weak link when its share exceeds the category's median share by this much
STAGE_MARGIN = 0.05


@dataclass(frozen=True)
class StageFigure:
    """One stage of one footprint: kg CO2e per declared unit and its share of the total."""

    co2e_kg: float
    share: float


StageFigures = Mapping[LifeCycleStage, StageFigure]


@dataclass(frozen=True)
class StageComparison:
    stage: LifeCycleStage
    co2e_kg: float
    share: float
    median_co2e_kg: float
    median_share: float
    weak: bool  # share − median share ≥ the margin

    @property
    def share_gap(self) -> float:
        """Percentage points (as a fraction) above the category's median share."""
        return self.share - self.median_share


@dataclass(frozen=True)
class WeakLinks:
    count: int  # comparable footprints the medians are taken over
    margin: float
    stages: tuple[StageComparison, ...]  # in life-cycle order; empty when hidden

    @property
    def shown(self) -> bool:
        return bool(self.stages)

    @property
    def weak(self) -> tuple[StageComparison, ...]:
        return tuple(s for s in self.stages if s.weak)


def _median(values: Sequence[float]) -> float:
    return quantile(sorted(values), 0.5)


def weak_links(own: StageFigures, category: Sequence[StageFigures],
               margin: float = STAGE_MARGIN, minimum: int = MINIMUM_COUNT) -> WeakLinks:
    """Compare ``own`` stages with the medians over ``category`` (which includes ``own``'s
    footprint when it is comparable). Stages present in any footprint are compared; the
    result is hidden (no stages) when the category has fewer than ``minimum`` footprints."""
    n = len(category)
    if n < max(minimum, 1):
        return WeakLinks(n, margin, ())
    present = set(own).union(*(set(f) for f in category))
    zero = StageFigure(0.0, 0.0)
    out = []
    for stage in (s for s in LifeCycleStage if s in present):
        mine = own.get(stage, zero)
        median_share = _median([f.get(stage, zero).share for f in category])
        median_kg = _median([f.get(stage, zero).co2e_kg for f in category])
        # rounding: a gap of exactly the margin counts, whatever the float error
        weak = mine.share - median_share >= margin - 1e-12
        out.append(StageComparison(stage, mine.co2e_kg, mine.share, median_kg, median_share,
                                   weak))
    return WeakLinks(n, margin, tuple(out))
