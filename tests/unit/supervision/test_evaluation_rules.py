"""Rules of the pilot's effect evaluation, against hand arithmetic: scores and sub-scores with
equal and stored weights, no aggregate without dimension weights, AHP priorities of a
consistent matrix, the current versions of declared inputs, the figures as printed, the
ecological benefit against a restated baseline with its missing flags."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from carbonlabel.domain.supervision.evaluation import (
    BENEFITS,
    DeclaredInput,
    Dimension,
    Direction,
    Indicator,
    InputKind,
    Period,
    WeightMethod,
    Weights,
    aggregate,
    ahp_weights,
    current_inputs,
    growth,
    input_problem,
    p10,
    period_problem,
    shown,
    sub_score,
    weights_problem,
)
from carbonlabel.domain.supervision.evaluation_ecology import (
    NO_VOLUME,
    PENDING,
    ProductPair,
    Restated,
    ecology,
)

Q = Dimension.QUALITY


def ind(key: str, value: float | None, direction: Direction = Direction.UP,
        dim: Dimension = Q, unit: str = "%") -> Indicator:
    return Indicator(key, dim, (key, key), "f", unit, value, direction=direction)


def test_scores_follow_the_direction_of_each_indicator() -> None:
    assert ind("a", 0.8).score == pytest.approx(0.8)
    assert ind("b", 0.3, Direction.DOWN).score == pytest.approx(0.7)
    assert ind("c", 2.0, Direction.DQR, unit="DQR").score == pytest.approx(0.75)  # (5-2)/4
    assert ind("d", 7.0, Direction.NONE, unit="count").score is None
    assert ind("e", None).score is None
    assert ind("f", 1.4).score == 1.0  # a share above 1 is clipped


def test_a_sub_score_is_the_weighted_mean_of_what_is_there_and_counts_the_gaps() -> None:
    found = [ind("a", 0.8), ind("b", 0.2), ind("c", None), ind("n", 5.0, Direction.NONE,
                                                                unit="count"),
             ind("other", 0.0, dim=Dimension.SOCIAL)]
    equal = sub_score(found, Q, Weights())
    assert equal.score == pytest.approx((0.8 + 0.2) / 2)
    assert (equal.scored, equal.missing) == (2, 1)
    weighted = sub_score(found, Q, Weights(WeightMethod.EXPERT, {"a": 3.0}))
    assert weighted.score == pytest.approx((3 * 0.8 + 0.2) / 4)
    empty = sub_score([ind("c", None)], Q, Weights())
    assert empty.score is None


def test_no_aggregate_without_dimension_weights_and_a_weighted_mean_with_them() -> None:
    found = [ind("q", 0.5), ind("e", 0.2, dim=Dimension.ECONOMIC),
             ind("s", 1.0, dim=Dimension.SOCIAL), ind("g", 0.1, dim=Dimension.ECOLOGICAL)]
    subs = [sub_score(found, d, Weights()) for d in BENEFITS]
    assert aggregate(subs, Weights()) is None
    w = Weights(WeightMethod.AHP, {}, {Dimension.QUALITY: 2, Dimension.ECONOMIC: 1,
                                       Dimension.SOCIAL: 1, Dimension.ECOLOGICAL: 0})
    assert aggregate(subs, w) == pytest.approx((2 * 0.5 + 0.2 + 1.0) / 4)
    missing = [sub_score([ind("q", 0.5)], d, Weights()) for d in BENEFITS]
    assert aggregate(missing, w) is None  # a dimension without a score: no aggregate


def test_weights_must_be_finite_not_negative_and_name_all_four_dimensions() -> None:
    assert weights_problem({"a": -1}, {}) is not None
    assert weights_problem({"a": math.inf}, {}) is not None
    assert weights_problem({}, {Dimension.QUALITY: 1}) is not None
    assert weights_problem({}, dict.fromkeys(BENEFITS, 0.0)) is not None
    assert weights_problem({"a": 2}, dict.fromkeys(BENEFITS, 1.0)) is None


def test_ahp_priorities_of_a_consistent_matrix_are_its_generating_weights() -> None:
    w = [0.5, 0.25, 0.125, 0.125]  # a_ij = w_i / w_j is perfectly consistent
    matrix = [[wi / wj for wj in w] for wi in w]
    assert ahp_weights(matrix) == pytest.approx(w)
    with pytest.raises(ValueError, match="square"):
        ahp_weights([[1, 2]])
    with pytest.raises(ValueError, match="positive"):
        ahp_weights([[1, 0], [1, 1]])


def _input(i: str, supersedes: str | None = None, withdrawn: bool = False) -> DeclaredInput:
    return DeclaredInput(i, "p", 2026, InputKind.LOANS, None, 1.0, "ref", "", "u",
                         datetime(2026, 1, 1, tzinfo=UTC), supersedes, withdrawn)


def test_the_current_inputs_are_the_versions_nothing_supersedes_minus_withdrawals() -> None:
    chain = [_input("a"), _input("b", "a"), _input("c"), _input("d", "c"),
             _input("e", "d", withdrawn=True)]
    assert [d.id for d in current_inputs(chain)] == ["b"]


def test_declared_values_are_checked_per_kind() -> None:
    assert input_problem(InputKind.LOANS, 2.5, None) is not None
    assert input_problem(InputKind.EXPORT_VALUE, -1, None) is not None
    assert input_problem(InputKind.EXPORT_VALUE, math.nan, None) is not None
    assert input_problem(InputKind.PRODUCTION_VOLUME, 10, None) is not None
    assert input_problem(InputKind.EXPORT_VALUE, 10, "CFP-1") is not None
    assert input_problem(InputKind.PRODUCTION_VOLUME, 10.5, "CFP-1") is None
    assert period_problem(2027, date(2025, 1, 1), date(2026, 12, 31)) is not None
    assert period_problem(2025, date(2025, 1, 1), date(2026, 12, 31)) is None


def test_small_helpers_against_hand_figures() -> None:
    assert growth(5, 4) == pytest.approx(0.25)
    assert growth(5, 0) is None
    assert p10([4.0, 1.5, 3.0, 2.0]) == pytest.approx(1.65)  # h = 0.3 between 1.5 and 2
    assert p10([]) is None
    assert Period(2026).prior == Period(2025)
    assert Period(2026).holds(date(2026, 12, 31))
    assert not Period(2026).holds(date(2027, 1, 1))
    assert shown(2 / 3, "%") == "66.67 %"
    assert shown(12345.5, "万元") == "12,345.5 万元"
    assert shown(3.0, "count") == "3"
    assert shown(None, "%") == "—"


def _pair(n: str) -> ProductPair:
    return ProductPair(f"p{n}", f"product {n}", "R@1", "1 t", f"B{n}", f"fb{n}", f"C{n}",
                       f"fc{n}")


def test_the_reduction_is_counted_against_the_restated_baseline_and_flags_gaps() -> None:
    eco = ecology([_pair("1"), _pair("2"), _pair("3")],
                  {"C1": Restated(100.0, 100.0, 90.0),  # 10 % with the same factors
                   "C2": Restated(200.0, 180.0, 150.0),  # factors changed: 200 → 180 restated
                   "C3": None},  # pending
                  {"C1": 1000.0, "C3": 50.0})
    one, two, three = eco.changes
    assert one.reduction_share == pytest.approx(0.10)
    assert two.reduction_share == pytest.approx(30 / 180)  # not (200 − 150) / 200
    assert two.flags == (NO_VOLUME,)
    assert three.flags == (PENDING,)
    assert eco.mean_reduction_share == pytest.approx((0.10 + 30 / 180) / 2)
    assert eco.absolute_reduction_kg == pytest.approx(10 * 1000)  # only C1 has both
    assert ecology([], {}, {}).absolute_reduction_kg is None
