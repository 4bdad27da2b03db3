"""Pilots (试点): a pilot region × a product category of the pilot catalogue, its admission
conditions and its work plan.

Conditions (the pilot notice as summarised by the project; formulas: research notes §3.2):

- chain coverage = participating in-region chain links ÷ all in-region chain links, at least
  85 %. A chain link is a supply link (a supplier to a holder of a certified footprint of the
  pilot's category in the pilot region) whose supplier lies in the region; it participates
  when the supplier is a registered participant of the pilot;
- supporting enterprises (配套企业) = distinct unified social credit codes per chain segment
  (原材料, 运输, 加工, 分销, 回收): at least 70 in total and at least 1 in every segment.

Each figure is *computed* from the platform's records or *declared* (entered by a regulator
with evidence); a declared figure takes the place of the computed one and the figure says
which it is. A figure that is neither (nothing to compute from, nothing declared) fails its
condition.

Work plan: goals and tasks (measure, responsible unit, start, due, done, progress %). A task is
overdue as of a day when its due day is before that day and it is not done; plan progress =
tasks done on time ÷ tasks due (due on or before that day). The day is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

#: thresholds of the admission conditions
COVERAGE_THRESHOLD = 0.85
MIN_ENTERPRISES = 70
MIN_PER_SEGMENT = 1


class Segment(StrEnum):
    RAW_MATERIALS = "raw_materials"
    TRANSPORT = "transport"
    PROCESSING = "processing"
    DISTRIBUTION = "distribution"
    RECYCLING = "recycling"


SEGMENT_NAMES: dict[Segment, tuple[str, str]] = {
    Segment.RAW_MATERIALS: ("原材料", "raw materials"),
    Segment.TRANSPORT: ("运输", "transport"),
    Segment.PROCESSING: ("加工", "processing and manufacturing"),
    Segment.DISTRIBUTION: ("分销", "distribution"),
    Segment.RECYCLING: ("回收", "recycling"),
}


class Figure(StrEnum):
    """What a declared figure declares: the chain coverage, or one segment's enterprises."""

    CHAIN_COVERAGE = "chain_coverage"
    RAW_MATERIALS = "enterprises_raw_materials"
    TRANSPORT = "enterprises_transport"
    PROCESSING = "enterprises_processing"
    DISTRIBUTION = "enterprises_distribution"
    RECYCLING = "enterprises_recycling"


#: the figure of each segment's supporting enterprises
SEGMENT_FIGURE: dict[Segment, Figure] = {s: Figure(f"enterprises_{s.value}") for s in Segment}

FIGURE_NAMES: dict[Figure, tuple[str, str]] = {
    Figure.CHAIN_COVERAGE: ("产业链覆盖率", "chain coverage"),
    **{SEGMENT_FIGURE[s]: (f"配套企业数（{SEGMENT_NAMES[s][0]}）",
                           f"supporting enterprises ({SEGMENT_NAMES[s][1]})") for s in Segment},
}


class Source(StrEnum):
    COMPUTED = "computed"
    DECLARED = "declared"
    MISSING = "missing"


SOURCE_NAMES: dict[Source, tuple[str, str]] = {
    Source.COMPUTED: ("平台数据计算", "computed from platform data"),
    Source.DECLARED: ("申报（附证明材料）", "declared with evidence"),
    Source.MISSING: ("无数据", "no data"),
}


@dataclass(frozen=True)
class Pilot:
    id: str
    name: str
    region: str  # a jurisdiction code: CN-GD or CN-GD-440300
    category: str  # a code of the pilot catalogue, "1".."17"
    regulator_id: str  # the responsible regulator organisation
    starts_on: date
    ends_on: date
    goals: str  # the work plan's goals, free text
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class Participant:
    """A unit taking part: an organisation on the platform, or a named unit with its credit
    code; its chain segment is declared on its participation."""

    id: str
    pilot_id: str
    segment: Segment
    organisation_id: str | None
    name: str
    credit_code: str | None
    registered_by: str
    registered_at: datetime


@dataclass(frozen=True)
class Evidence:
    id: str
    declaration_id: str
    file_name: str
    media_type: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Declaration:
    """A figure entered by a regulator, with its evidence and who declared it."""

    id: str
    pilot_id: str
    figure: Figure
    value: float  # a share (0..1) for the coverage, a count for enterprises
    note: str
    declared_by: str
    declared_at: datetime
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Task:
    id: str
    pilot_id: str
    title: str
    measure: str
    responsible_name: str
    responsible_organisation_id: str | None  # when the responsible unit is on the platform
    starts_on: date
    due_on: date
    progress: int  # percent, 0..100
    done_on: date | None


@dataclass(frozen=True)
class ProgressReport:
    id: str
    task_id: str
    progress: int
    done: bool
    note: str
    reported_by: str
    organisation_id: str
    reported_at: datetime


# -- conditions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measured:
    """One figure and where it comes from; ``value`` is None when it is missing."""

    value: float | None
    source: Source
    computed: float | None  # what the platform's records give, also when a declaration rules
    declaration: Declaration | None = None


def measured(computed: float | None, declaration: Declaration | None) -> Measured:
    """A declared figure takes the place of the computed one."""
    if declaration is not None:
        return Measured(declaration.value, Source.DECLARED, computed, declaration)
    if computed is not None:
        return Measured(computed, Source.COMPUTED, computed)
    return Measured(None, Source.MISSING, None)


def chain_coverage(links: set[tuple[str, str]], participating: set[str]) -> float | None:
    """participating links ÷ all links, over (holder, supplier) pairs; a link participates when
    its supplier is in ``participating``; None when there is no link."""
    if not links:
        return None
    return sum(1 for _, supplier in links if supplier in participating) / len(links)


def enterprises_per_segment(counted: dict[str, Segment]) -> dict[Segment, int]:
    """Distinct credit codes per segment, from a credit code → segment map."""
    out = dict.fromkeys(Segment, 0)
    for segment in counted.values():
        out[segment] += 1
    return out


@dataclass(frozen=True)
class Conditions:
    coverage: Measured
    segments: dict[Segment, Measured]

    @property
    def total_enterprises(self) -> float:
        return sum(m.value or 0 for m in self.segments.values())

    @property
    def coverage_met(self) -> bool:
        return self.coverage.value is not None and self.coverage.value >= COVERAGE_THRESHOLD

    @property
    def enterprises_met(self) -> bool:
        return (self.total_enterprises >= MIN_ENTERPRISES
                and all((m.value or 0) >= MIN_PER_SEGMENT for m in self.segments.values()))

    @property
    def met(self) -> bool:
        return self.coverage_met and self.enterprises_met


def conditions(coverage: float | None, per_segment: dict[Segment, int],
               declarations: list[Declaration]) -> Conditions:
    """The conditions from computed figures and the declarations (the latest per figure)."""
    latest: dict[Figure, Declaration] = {}
    for d in sorted(declarations, key=lambda d: (d.declared_at, d.id)):
        latest[d.figure] = d
    return Conditions(
        measured(coverage, latest.get(Figure.CHAIN_COVERAGE)),
        {s: measured(float(per_segment.get(s, 0)), latest.get(SEGMENT_FIGURE[s]))
         for s in Segment})


def declaration_problem(figure: Figure, value: float) -> tuple[str, str] | None:
    """Why a declared value cannot stand ((zh, en)), or None."""
    if figure is Figure.CHAIN_COVERAGE:
        if not 0 <= value <= 1:
            return "覆盖率须在 0 到 1 之间（如 0.9 表示 90%）", "coverage is a share from 0 to 1"
        return None
    if value < 0 or value != int(value):
        return "企业数须为非负整数", "a number of enterprises is a whole number, not negative"
    return None


# -- work plan -------------------------------------------------------------------------------

def overdue(task: Task, on: date) -> bool:
    """Past its due day and not done, as of ``on``."""
    return task.done_on is None and task.due_on < on


def done_on_time(task: Task) -> bool:
    return task.done_on is not None and task.done_on <= task.due_on


@dataclass(frozen=True)
class PlanProgress:
    due: int  # tasks due on or before the day
    done_on_time: int  # of those, done by their due day
    overdue: int

    @property
    def share(self) -> float | None:
        return self.done_on_time / self.due if self.due else None


def plan_progress(tasks: list[Task], on: date) -> PlanProgress:
    """tasks done on time ÷ tasks due, as of ``on``."""
    due = [t for t in tasks if t.due_on <= on]
    return PlanProgress(len(due), sum(1 for t in due if done_on_time(t)),
                        sum(1 for t in tasks if overdue(t, on)))


def task_problem(starts_on: date, due_on: date, pilot: Pilot) -> tuple[str, str] | None:
    if due_on < starts_on:
        return "截止日期不能早于开始日期", "the due day cannot be before the start"
    if starts_on < pilot.starts_on or due_on > pilot.ends_on:
        return "任务须在试点期内", "a task lies within the pilot's period"
    return None
