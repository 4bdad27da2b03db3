"""Pilot conditions and the work plan: figures against hand-computed values, declared figures
taking the place of computed ones, overdue as of a given day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carbonlabel.domain.supervision.pilots import (
    Declaration,
    Figure,
    Pilot,
    Segment,
    Source,
    Task,
    chain_coverage,
    conditions,
    declaration_problem,
    enterprises_per_segment,
    overdue,
    plan_progress,
    task_problem,
)

T = datetime(2026, 3, 1, tzinfo=UTC)


def _declared(figure: Figure, value: float, minute: int = 0) -> Declaration:
    return Declaration(f"d{minute}", "p", figure, value, "", "u",
                       T.replace(minute=minute))


def _task(due: date, done: date | None = None, tid: str = "t") -> Task:
    return Task(tid, "p", "任务", "", "单位", None, date(2026, 1, 1), due, 0, done)


def test_chain_coverage_counts_links_whose_supplier_takes_part() -> None:
    # 7 links, suppliers s1..s4; s1, s2 take part: links to s1 (3) and s2 (2) participate
    links = {("h1", "s1"), ("h2", "s1"), ("h3", "s1"), ("h1", "s2"), ("h2", "s2"),
             ("h1", "s3"), ("h1", "s4")}
    assert chain_coverage(links, {"s1", "s2", "h9"}) == pytest.approx(5 / 7)
    assert chain_coverage(set(), {"s1"}) is None


def test_supporting_enterprises_are_distinct_credit_codes_per_segment() -> None:
    counted = {"A": Segment.RAW_MATERIALS, "B": Segment.RAW_MATERIALS, "C": Segment.RECYCLING}
    per = enterprises_per_segment(counted)
    assert per[Segment.RAW_MATERIALS] == 2
    assert per[Segment.RECYCLING] == 1
    assert per[Segment.TRANSPORT] == per[Segment.PROCESSING] == per[Segment.DISTRIBUTION] == 0


def test_conditions_are_met_at_85_percent_and_70_enterprises_with_every_segment() -> None:
    # 14 per segment = 70 in total; coverage exactly 17/20 = 85 %
    per = dict.fromkeys(Segment, 14)
    met = conditions(17 / 20, per, [])
    assert met.coverage.source is Source.COMPUTED
    assert met.total_enterprises == 70
    assert (met.coverage_met, met.enterprises_met, met.met) == (True, True, True)
    short = conditions(16 / 20, per, [])  # 80 %
    assert not short.coverage_met
    assert not short.met
    one_segment_empty = {**per, Segment.RECYCLING: 0, Segment.RAW_MATERIALS: 60}  # 60 + 3 × 14
    lacking = conditions(0.9, one_segment_empty, [])
    assert lacking.total_enterprises == 102
    assert not lacking.enterprises_met
    sixty_nine = {**per, Segment.TRANSPORT: 13}
    assert not conditions(0.9, sixty_nine, []).enterprises_met


def test_a_declared_figure_takes_the_place_of_the_computed_one_the_latest_wins() -> None:
    per = dict.fromkeys(Segment, 17)
    per[Segment.RECYCLING] = 0  # nothing on the platform for recycling
    result = conditions(None, per, [
        _declared(Figure.CHAIN_COVERAGE, 0.80, minute=1),
        _declared(Figure.CHAIN_COVERAGE, 0.88, minute=2),
        _declared(Figure.RECYCLING, 3, minute=1)])
    assert result.coverage.source is Source.DECLARED
    assert result.coverage.value == 0.88
    assert result.coverage.computed is None
    recycling = result.segments[Segment.RECYCLING]
    assert (recycling.source, recycling.value, recycling.computed) == (Source.DECLARED, 3, 0)
    assert result.segments[Segment.TRANSPORT].source is Source.COMPUTED
    assert result.total_enterprises == 17 * 4 + 3  # 71
    assert result.met


def test_a_missing_coverage_fails_its_condition() -> None:
    result = conditions(None, dict.fromkeys(Segment, 20), [])
    assert result.coverage.source is Source.MISSING
    assert not result.coverage_met
    assert not result.met


def test_declared_values_must_be_shares_or_whole_counts() -> None:
    assert declaration_problem(Figure.CHAIN_COVERAGE, 1.2) is not None
    assert declaration_problem(Figure.CHAIN_COVERAGE, 0.85) is None
    assert declaration_problem(Figure.TRANSPORT, 2.5) is not None
    assert declaration_problem(Figure.TRANSPORT, -1) is not None
    assert declaration_problem(Figure.TRANSPORT, 12) is None


def test_a_task_is_overdue_after_its_due_day_when_not_done() -> None:
    due = date(2026, 6, 30)
    assert not overdue(_task(due), date(2026, 6, 30))  # the due day itself: not yet
    assert overdue(_task(due), date(2026, 7, 1))
    assert not overdue(_task(due, done=date(2026, 7, 5)), date(2026, 8, 1))  # done, late


def test_plan_progress_is_tasks_done_on_time_over_tasks_due() -> None:
    tasks = [
        _task(date(2026, 3, 31), done=date(2026, 3, 30), tid="a"),  # due, on time
        _task(date(2026, 4, 30), done=date(2026, 5, 3), tid="b"),  # due, late
        _task(date(2026, 5, 31), tid="c"),  # due, open: overdue
        _task(date(2026, 6, 10), tid="d"),  # due on the day: not overdue
        _task(date(2026, 9, 30), done=date(2026, 6, 1), tid="e"),  # not yet due
    ]
    progress = plan_progress(tasks, date(2026, 6, 10))
    assert (progress.due, progress.done_on_time, progress.overdue) == (4, 1, 1)
    assert progress.share == pytest.approx(1 / 4)
    assert plan_progress(tasks, date(2026, 1, 1)).share is None


def test_a_task_lies_within_the_pilot_and_is_due_after_it_starts() -> None:
    pilot = Pilot("p", "试点", "CN-GD", "16", "r", date(2026, 1, 1), date(2026, 12, 31), "",
                  "u", T)
    assert task_problem(date(2026, 2, 1), date(2026, 1, 31), pilot) is not None
    assert task_problem(date(2025, 12, 1), date(2026, 3, 1), pilot) is not None
    assert task_problem(date(2026, 2, 1), date(2027, 1, 1), pilot) is not None
    assert task_problem(date(2026, 2, 1), date(2026, 3, 1), pilot) is None
