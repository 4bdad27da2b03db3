"""PEF data quality rating and its levels."""

from __future__ import annotations

import pytest

from carbonlabel.domain.quality import DataQuality, dqr_level, weighted_quality


def test_dqr_is_the_mean_of_four_criteria() -> None:
    assert DataQuality(1, 2, 3, 4).dqr == pytest.approx(2.5)


@pytest.mark.parametrize(("dqr", "level"), [(1.5, "excellent"), (1.6, "very good"),
                                            (3.0, "good"), (3.5, "fair"), (4.5, "poor")])
def test_levels_follow_the_pef_table(dqr: float, level: str) -> None:
    assert dqr_level(dqr)[1] == level


def test_weights_are_absolute_contributions_and_coverage_is_reported() -> None:
    q = weighted_quality([(3.0, DataQuality(1, 1, 1, 1)), (-1.0, DataQuality(5, 5, 5, 5)),
                          (4.0, None)])
    assert q is not None
    assert q.dqr == pytest.approx((3 * 1 + 1 * 5) / 4)
    assert q.coverage == pytest.approx(4 / 8)


def test_no_scores_means_no_rating() -> None:
    assert weighted_quality([(1.0, None)]) is None
