"""Category benchmarks: comparability with reasons, type-7 statistics, hidden small counts."""

from __future__ import annotations

import numpy as np
import pytest

from carbonlabel.domain.benchmark import (
    Band,
    Candidate,
    ComparableKey,
    Exclusion,
    band,
    benchmark,
    compare,
    percentile_rank,
    quantile,
    relative_to_median,
)

KEY = ComparableKey("CN-PCR-LFP@1.0", "1 kWh", "cradle-to-gate")
RULE = "CN-PCR-LFP@1.0#" + "a" * 64


def _c(number: str, value: float, *, rule: str | None = RULE, unit: str = "1 kWh",
       boundary: str = "cradle-to-gate", valid: bool = True) -> Candidate:
    return Candidate(number, rule, unit, boundary, value, valid)


HAND = [_c("A", 40), _c("B", 20), _c("C", 10), _c("D", 50), _c("E", 20), _c("F", 30)]
APART = [_c("G", 1, valid=False), _c("H", 1, rule=None), _c("I", 1, rule="CN-PCR-PV@1.0#b"),
         _c("J", 1, rule="CN-PCR-LFP@2.0#c"), _c("K", 1, unit="1 kg"),
         _c("L", 1, boundary="cradle-to-grave")]


def test_hand_made_set_gives_hand_computed_quartiles_with_ties() -> None:
    # sorted 10 20 20 30 40 50; h = 5p: p5 → 10 + .25·10, q1 → 20, median → 25, q3 → 37.5
    mark = benchmark(compare(HAND + APART, KEY))
    assert (mark.count, mark.best5, mark.q1, mark.median, mark.q3) == (6, 12.5, 20, 25, 37.5)


def test_each_non_comparable_result_is_set_apart_with_its_reason() -> None:
    comparison = compare(HAND + APART, KEY)
    assert [c.number for c in comparison.comparable] == ["C", "B", "E", "F", "A", "D"]
    assert {c.number: r for c, r in comparison.excluded} == {
        "G": Exclusion.NOT_VALID, "H": Exclusion.NO_RULE, "I": Exclusion.OTHER_RULE,
        "J": Exclusion.OTHER_RULE_VERSION, "K": Exclusion.OTHER_UNIT,
        "L": Exclusion.OTHER_BOUNDARY}


def test_fewer_than_the_minimum_hides_the_statistics_but_keeps_the_count() -> None:
    mark = benchmark(compare(HAND[:4], KEY))
    assert (mark.count, mark.shown, mark.median, mark.best5) == (4, False, None, None)
    assert band(10, mark) is None
    assert relative_to_median(10, mark) is None
    assert benchmark(compare(HAND[:4], KEY), minimum=4).shown


@pytest.mark.parametrize("seed", range(5))
def test_quantiles_equal_numpys_linear_method(seed: int) -> None:
    values = sorted(np.random.default_rng(seed).lognormal(3, 1, size=17 + seed).tolist())
    for p in (0.0, 0.05, 0.25, 0.5, 0.75, 1.0):
        assert quantile(values, p) == pytest.approx(np.percentile(values, 100 * p), rel=1e-12)


def test_a_value_on_a_boundary_counts_in_the_better_band() -> None:
    mark = benchmark(compare(HAND, KEY))
    assert [band(v, mark) for v in (12.5, 13, 20, 25, 37.5, 37.6)] == [
        Band.BEST5, Band.BEST_QUARTILE, Band.BEST_QUARTILE, Band.BETTER_HALF, Band.WORSE_HALF,
        Band.WORST_QUARTILE]


def test_percentile_rank_counts_ties_half_and_position_is_value_over_median() -> None:
    comparison = compare(HAND, KEY)
    assert percentile_rank(20, comparison) == pytest.approx((1 + 0.5 * 2) / 6)
    assert percentile_rank(5, comparison) == 0
    assert relative_to_median(50, benchmark(comparison)) == 2
