"""Low-carbon procurement (低碳采购): certified products ranked by footprint, and the criteria
a procurement agency publishes.

A ranking is over the results comparable under one key (:mod:`carbonlabel.domain.benchmark`:
the same product rule release, declared unit and boundary, certificates valid on the day);
every other candidate is listed apart with its reason. Rows go lowest certified value first;
equal values share a rank (standard competition ranking: 1, 2, 2, 4) and are listed by
certificate number.

A criterion names the key it applies to and one condition: at or below the best 5 %, the best
quartile or the median of the category benchmark, or at or below a stated value (kg CO2e per
declared unit). It applies from its effective date until withdrawn; a withdrawn criterion stays
in the history. A statistical condition cannot be judged while the benchmark is hidden (fewer
than ``MINIMUM_COUNT`` comparable results): its mark is then None, neither met nor failed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.benchmark import (
    Band,
    Benchmark,
    Candidate,
    ComparableKey,
    Exclusion,
    band,
    benchmark,
    compare,
    key_of,
)
from carbonlabel.domain.product import SystemBoundary


class CriterionKind(StrEnum):
    BEST5 = "best5"  # at or below the benchmark's 5th percentile
    BEST_QUARTILE = "best_quartile"  # at or below its first quartile
    BETTER_HALF = "better_half"  # at or below its median
    THRESHOLD = "threshold"  # at or below a stated value


CRITERION_NAMES: dict[CriterionKind, tuple[str, str]] = {
    CriterionKind.BEST5: ("同类最优 5 %", "best 5 % of the category"),
    CriterionKind.BEST_QUARTILE: ("同类前 25 %", "best quartile of the category"),
    CriterionKind.BETTER_HALF: ("不高于同类中位数", "at or below the category median"),
    CriterionKind.THRESHOLD: ("不高于限值", "at or below a stated value"),
}


class CriterionState(StrEnum):
    PENDING = "pending"  # published, effective later
    IN_FORCE = "in_force"
    WITHDRAWN = "withdrawn"


STATE_NAMES: dict[CriterionState, tuple[str, str]] = {
    CriterionState.PENDING: ("尚未生效", "not yet in force"),
    CriterionState.IN_FORCE: ("生效中", "in force"),
    CriterionState.WITHDRAWN: ("已撤回", "withdrawn"),
}

MAX_TITLE = 200
MAX_REASON = 2000
MAX_UNIT = 200
MAX_RULE = 150


@dataclass(frozen=True)
class Criterion:
    """A published procurement criterion (public by policy)."""

    id: str
    agency_id: str
    title: str
    key: ComparableKey
    kind: CriterionKind
    threshold: float | None  # kg CO2e per declared unit; THRESHOLD only
    effective_on: date
    published_by: str
    published_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawal_reason: str = ""

    def state(self, on: date) -> CriterionState:
        if self.withdrawn_at is not None:
            return CriterionState.WITHDRAWN
        return CriterionState.IN_FORCE if self.effective_on <= on else CriterionState.PENDING

    def in_force(self, on: date) -> bool:
        return self.state(on) is CriterionState.IN_FORCE


def criterion_problem(key: ComparableKey, kind: CriterionKind,
                      threshold: float | None) -> tuple[str, str, str] | None:
    """(field, zh, en) of the first problem of a criterion's content, or None."""
    release = key.product_rule.strip()
    code, at, version = release.partition("@")
    if not (code and at and version) or len(release) > MAX_RULE or "#" in release:
        return ("product_rule", "产品种类规则应写作 编号@版本，例如 PCR-CEMENT@1.0",
                "give the product rule release as code@version, e.g. PCR-CEMENT@1.0")
    if not key.declared_unit.strip() or len(key.declared_unit) > MAX_UNIT:
        return ("declared_unit", f"声明单位为必填，最多 {MAX_UNIT} 个字符",
                f"the declared unit is required, at most {MAX_UNIT} characters")
    if key.boundary not in {b.value for b in SystemBoundary}:
        return ("boundary", "系统边界应为 " + "、".join(b.value for b in SystemBoundary),
                "the boundary is one of " + ", ".join(b.value for b in SystemBoundary))
    if kind is CriterionKind.THRESHOLD:
        if threshold is None or not math.isfinite(threshold) or threshold <= 0:
            return ("threshold", "限值应为正数（kg CO2e / 声明单位）",
                    "the stated value is a positive number (kg CO2e per declared unit)")
    elif threshold is not None:
        return ("threshold", "只有“不高于限值”的准则才填写限值",
                "only a criterion of a stated value takes a threshold")
    return None


def limit_of(criterion: Criterion, mark: Benchmark) -> float | None:
    """The value at or below which a product meets the criterion (None: the benchmark the
    criterion rests on is hidden)."""
    if criterion.kind is CriterionKind.THRESHOLD:
        return criterion.threshold
    return {CriterionKind.BEST5: mark.best5, CriterionKind.BEST_QUARTILE: mark.q1,
            CriterionKind.BETTER_HALF: mark.median}[criterion.kind]


def meets(criterion: Criterion, value: float, mark: Benchmark) -> bool | None:
    """Whether a comparable result of ``value`` meets the criterion; None when it cannot be
    judged (a statistical criterion over a hidden benchmark). A value equal to the limit
    meets it."""
    limit = limit_of(criterion, mark)
    return None if limit is None else value <= limit


@dataclass(frozen=True)
class Ranked:
    rank: int
    candidate: Candidate
    band: Band | None
    meets: tuple[bool | None, ...]  # one per criterion of the ranking, in its order


@dataclass(frozen=True)
class Ranking:
    key: ComparableKey
    on: date
    benchmark: Benchmark
    criteria: tuple[Criterion, ...]
    rows: tuple[Ranked, ...]
    excluded: tuple[tuple[Candidate, Exclusion], ...]


def rank(candidates: Iterable[Candidate], key: ComparableKey, on: date,
         criteria: Sequence[Criterion] = ()) -> Ranking:
    """The comparable candidates ranked, lowest value first (ties share the rank, listed by
    certificate number), the others apart with their reasons, each row marked against each
    criterion (criteria of another key are not applied: they are left out)."""
    comparison = compare(candidates, key)
    mark = benchmark(comparison)
    applied = tuple(c for c in criteria if c.key == key)
    rows: list[Ranked] = []
    for position, c in enumerate(comparison.comparable):
        previous = rows[-1] if rows else None
        tied = previous is not None and previous.candidate.value_co2e_kg == c.value_co2e_kg
        rows.append(Ranked(previous.rank if tied and previous else position + 1, c,
                           band(c.value_co2e_kg, mark),
                           tuple(meets(k, c.value_co2e_kg, mark) for k in applied)))
    return Ranking(key, on, mark, applied, tuple(rows), comparison.excluded)


def keys_for_unit(candidates: Iterable[Candidate],
                  declared_unit: str | None) -> list[tuple[ComparableKey, int]]:
    """The comparable keys of the valid candidates (of ``declared_unit`` when given), with the
    number of results under each: most results first, then by the key's text. The first is
    the ranking's key when the officer names no rule release or boundary."""
    counts: dict[ComparableKey, int] = {}
    for c in candidates:
        key = key_of(c)
        if key is None or not c.valid:
            continue
        if declared_unit is not None and c.declared_unit != declared_unit:
            continue
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].text))


@dataclass(frozen=True)
class Listing:
    """A certified product as the public registry shows it, with its candidate for ranking
    (the certified value as the candidate's value, the status judged on the day)."""

    candidate: Candidate
    holder: str
    product_zh: str
    product_en: str
    category: str
    certified_value: str
    certified_unit: str
    status: str  # the live status on the day
    expires_on: date
