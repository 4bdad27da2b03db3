"""Weak links: a footprint's stage shares against the category's median shares, flagged at the
stated margin, withheld below the minimum count."""

from __future__ import annotations

import numpy as np
import pytest

from carbonlabel.domain.product import LifeCycleStage
from carbonlabel.domain.weak_links import StageFigure, weak_links

RAW, MADE, USE = (LifeCycleStage.RAW_MATERIAL, LifeCycleStage.PRODUCTION,
                  LifeCycleStage.DISTRIBUTION)


def _f(raw: float, made: float, total: float = 10.0) -> dict[LifeCycleStage, StageFigure]:
    return {RAW: StageFigure(raw * total, raw), MADE: StageFigure(made * total, made)}


CATEGORY = [_f(0.5, 0.5), _f(0.6, 0.4), _f(0.6, 0.4), _f(0.7, 0.3), _f(0.55, 0.45)]


def test_medians_equal_numpy_and_a_stage_above_by_the_margin_is_weak() -> None:
    own = _f(0.65, 0.35)  # raw material .65 − median .6 = .05: exactly the margin
    found = weak_links(own, CATEGORY)
    by_stage = {s.stage: s for s in found.stages}
    assert by_stage[RAW].median_share == pytest.approx(np.median([0.5, 0.6, 0.6, 0.7, 0.55]))
    assert by_stage[MADE].median_share == pytest.approx(0.4)
    assert (by_stage[RAW].weak, by_stage[MADE].weak) == (True, False)


def test_a_stage_just_under_the_margin_is_not_weak() -> None:
    found = weak_links(_f(0.649, 0.351), CATEGORY)
    assert not found.weak


def test_a_stage_missing_from_peers_counts_as_zero_share() -> None:
    own = {**_f(0.5, 0.3), USE: StageFigure(2.0, 0.2)}
    found = weak_links(own, CATEGORY)
    distribution = next(s for s in found.stages if s.stage is USE)
    assert (distribution.median_share, distribution.weak) == (0.0, True)


def test_fewer_than_the_minimum_count_withholds_everything() -> None:
    found = weak_links(_f(0.9, 0.1), CATEGORY[:4])
    assert (found.count, found.shown, found.stages) == (4, False, ())
