"""The pure rules of improvement: a plan's straight path and progress, the claims'
conditions, a threshold from the benchmark's best quartile, and the restated model (hand
arithmetic throughout)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from carbonlabel.domain.benchmark import Benchmark, ComparableKey
from carbonlabel.domain.factors import FactorResolution
from carbonlabel.domain.improvement.claims import (
    Failure,
    Threshold,
    low_carbon_failure,
    reducing_failure,
    threshold_from_benchmark,
)
from carbonlabel.domain.improvement.plans import (
    ImprovementPlan,
    Measure,
    Progress,
    check_plan,
    expected_share,
    progress,
)
from carbonlabel.domain.improvement.restatement import (
    ChangeKind,
    FactorChange,
    Restatement,
    gwp_change,
    resolution_changes,
    set_changes,
)
from carbonlabel.domain.product import Text
from carbonlabel.errors import InputError

PLAN = ImprovementPlan("p", "o", "prod", "plan", "f0", 0.20, date(2026, 1, 1),
                       date(2026, 12, 31), (), "u", datetime(2026, 1, 1, tzinfo=UTC))
KEY = ComparableKey("cn-pilot-16-cement@1.0", "per 1 t", "cradle-to-gate")


def test_the_straight_path_runs_from_nothing_at_the_start_to_the_target_at_the_date() -> None:
    assert expected_share(PLAN, date(2025, 6, 1)) == 0.0
    # 2026-07-02 is day 182 of the plan's 364: half-way, 10 %
    assert expected_share(PLAN, date(2026, 7, 2)) == pytest.approx(0.20 * 182 / 364)
    assert expected_share(PLAN, date(2027, 3, 1)) == 0.20


@pytest.mark.parametrize(("reduction", "on", "expected"), [
    (0.20, date(2026, 2, 1), Progress.REACHED),  # at the target: reached, whatever the day
    (0.25, date(2027, 6, 1), Progress.REACHED),
    (0.10, date(2026, 7, 2), Progress.ON_TRACK),  # 10 % ≥ 10 % expected half-way
    (0.09, date(2026, 7, 2), Progress.BEHIND),
    (0.19, date(2026, 12, 31), Progress.BEHIND),  # the target date: the target is due
    (0.0, date(2026, 1, 1), Progress.ON_TRACK),  # the first day expects nothing
])
def test_progress_is_reached_on_track_or_behind(reduction: float, on: date,
                                                expected: Progress) -> None:
    assert progress(PLAN, reduction, on) is expected


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": " "}, "title"), ({"target_share": 0.0}, "target_share"),
    ({"target_share": 1.0}, "target_share"), ({"target_on": date(2026, 1, 1)}, "target_on"),
    ({"measures": (Measure("x", "packaging", 0.1),)}, "measures[0].stage"),
    ({"measures": (Measure("", "production", 0.1),)}, "measures[0].text"),
    ({"measures": (Measure("x", "production", 1.0),)}, "measures[0].expected_share"),
])
def test_a_wrong_plan_names_its_field(changes: dict[str, object], field: str) -> None:
    plan = replace(PLAN, **changes)  # type: ignore[arg-type]
    with pytest.raises(InputError) as refused:
        check_plan(plan.title, plan.target_share, plan.starts_on, plan.target_on,
                   plan.measures)
    assert refused.value.field == field


def test_low_carbon_holds_at_or_below_the_threshold() -> None:
    threshold = Threshold("t", KEY, 500.0, "notice", date(2026, 1, 1), "u",
                          datetime(2026, 1, 1, tzinfo=UTC))
    assert low_carbon_failure(500.0, threshold) is None
    assert low_carbon_failure(499.9, threshold) is None
    assert low_carbon_failure(500.1, threshold) is Failure.ABOVE_THRESHOLD
    assert low_carbon_failure(1.0, None) is Failure.NO_THRESHOLD


def test_reducing_holds_while_there_is_a_reduction_and_the_target_is_not_missed() -> None:
    due = date(2027, 1, 1)
    assert reducing_failure(0.05, 0.10, due, date(2026, 6, 1)) is None  # on the way
    assert reducing_failure(0.0, 0.10, due, date(2026, 6, 1)) is Failure.NO_REDUCTION
    assert reducing_failure(-0.02, 0.10, due, date(2026, 6, 1)) is Failure.NO_REDUCTION
    assert reducing_failure(0.05, 0.10, due, due) is None  # the date itself still counts
    assert reducing_failure(0.05, 0.10, due, date(2027, 1, 2)) is Failure.TARGET_MISSED
    assert reducing_failure(0.10, 0.10, due, date(2030, 1, 1)) is None  # reached: holds


def test_a_threshold_from_the_benchmark_is_its_best_quartile() -> None:
    # values 10, 20, 30, 40, 50: type-7 first quartile at h = 4·0.25 = 1, i.e. 20
    shown = Benchmark(KEY, 5, 5, 12.0, 20.0, 30.0, 40.0)
    assert threshold_from_benchmark(shown) == 20.0
    with pytest.raises(InputError) as hidden:
        threshold_from_benchmark(Benchmark(KEY, 4, 5, None, None, None, None))
    assert hidden.value.field == "from_benchmark"


def test_the_reduction_shares_and_the_factor_effect() -> None:
    r = Restatement("a", "b", 180.0, 160.0, 144.0, ())
    assert r.reduction_share == pytest.approx(16 / 160)
    assert r.unrestated_share == pytest.approx(36 / 180)
    assert r.factor_effect_kg == pytest.approx(20.0)
    assert Restatement("a", "b", 0.0, 0.0, 0.0, ()).reduction_share == 0.0


def test_factor_set_and_gwp_changes_are_named_and_the_model_digest_is_left_out() -> None:
    before = (("model-factors", "aaa"), ("carbonlabel-library", "2025.1"), ("mine", "1"))
    after = (("model-factors", "bbb"), ("carbonlabel-library", "2026.1"), ("theirs", "2"))
    assert set_changes(before, after) == (
        FactorChange(ChangeKind.FACTOR_SET, "carbonlabel-library", "2025.1", "2026.1"),
        FactorChange(ChangeKind.FACTOR_SET, "mine", "1", "—"),
        FactorChange(ChangeKind.FACTOR_SET, "theirs", "—", "2"))
    assert gwp_change("AR6", "AR6") == ()
    assert gwp_change("AR5", "AR6") == (FactorChange(ChangeKind.GWP_SET, "gwp", "AR5", "AR6"),)


def test_a_reference_answered_by_another_row_is_named() -> None:
    def row(requested: str, factor_id: str, version: str) -> FactorResolution:
        return FactorResolution(requested, factor_id, "carbonlabel-library", version, True,
                                None, "CN", (), None, 2024, Text("", ""))

    before = (row("electricity:grid", "cn-grid-2023", "1"), row("steel", "steel-1", "1"))
    after = (row("electricity:grid", "cn-grid-2024", "1"), row("steel", "steel-1", "1"))
    assert resolution_changes(before, after) == (FactorChange(
        ChangeKind.FACTOR, "electricity:grid", "cn-grid-2023 (carbonlabel-library 1)",
        "cn-grid-2024 (carbonlabel-library 1)"),)
