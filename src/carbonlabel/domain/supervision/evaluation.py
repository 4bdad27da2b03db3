"""The pilot's effect evaluation (效果评估): indicators of a pilot (region × catalogue category)
and a period (the pilot year), in four benefit dimensions shown apart (research notes §3.2).

Each indicator keeps its formula, its inputs, where its data come from (computed from the
platform's records, or *declared* by the responsible regulator with evidence), its data vintage
and its missing flags. An indicator whose data do not exist has ``value`` None and says why; it
is never reported as zero.

Scores. An indicator that is a share where more is better scores its value; one where less is
better scores ``1 − value`` (DQR: ``(5 − DQR) ÷ 4``); counts, money and days are reported but
not scored. A dimension's sub-score = Σ wᵢ·sᵢ ÷ Σ wᵢ over its scored indicators that are not
missing, wᵢ = 1 (equal weights) unless weights are stored. The four sub-scores stay apart; an
aggregate = Σ W_d·S_d ÷ Σ W_d is given only when dimension weights are stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.benchmark import quantile


class Dimension(StrEnum):
    CONDITIONS = "conditions"  # the pilot's admission conditions (pilot management)
    QUALITY = "quality"
    ECONOMIC = "economic"
    SOCIAL = "social"
    ECOLOGICAL = "ecological"


DIMENSION_NAMES: dict[Dimension, tuple[str, str]] = {
    Dimension.CONDITIONS: ("试点条件", "pilot conditions"),
    Dimension.QUALITY: ("质量效益", "quality benefit"),
    Dimension.ECONOMIC: ("经济效益", "economic benefit"),
    Dimension.SOCIAL: ("社会效益", "social benefit"),
    Dimension.ECOLOGICAL: ("生态效益", "ecological benefit"),
}

#: the benefit dimensions that are scored (the conditions are checks, not benefits)
BENEFITS = (Dimension.QUALITY, Dimension.ECONOMIC, Dimension.SOCIAL, Dimension.ECOLOGICAL)


#: where an indicator's figure comes from
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "computed": ("平台数据计算", "computed"), "declared": ("申报", "declared"),
    "computed+declared": ("计算+申报", "computed + declared"),
}


class InputKind(StrEnum):
    """What a declared input declares (entered with evidence)."""

    OUTPUT_VALUE = "output_value"  # output value of certified products, 万元
    CATEGORY_OUTPUT_VALUE = "category_output_value"  # the category's output in the region, 万元
    EXPORT_VALUE = "export_value"  # export of certified products, 万元
    LOANS = "loans"  # loans citing a certificate, number
    LOAN_AMOUNT = "loan_amount"  # their amount, 万元
    PROCUREMENT_WINS = "procurement_wins"  # number
    TRAINING_PARTICIPANTS = "training_participants"  # persons
    CERTIFICATION_FEES = "certification_fees"  # fees paid for certification, 万元
    TYPICAL_CASES = "typical_cases"  # 典型案例 submitted, number
    PRODUCTION_VOLUME = "production_volume"  # certified production of one product, declared units


INPUT_NAMES: dict[InputKind, tuple[str, str, str]] = {  # zh, en, unit
    InputKind.OUTPUT_VALUE: ("获证产品产值", "output value of certified products", "万元"),
    InputKind.CATEGORY_OUTPUT_VALUE: ("地区该类产品总产值", "output of the category in the region",
                                      "万元"),
    InputKind.EXPORT_VALUE: ("获证产品出口额", "export of certified products", "万元"),
    InputKind.LOANS: ("引用证书的贷款笔数", "loans citing a certificate", "笔"),
    InputKind.LOAN_AMOUNT: ("引用证书的贷款金额", "amount of loans citing a certificate", "万元"),
    InputKind.PROCUREMENT_WINS: ("政府采购中标数", "procurement wins", "项"),
    InputKind.TRAINING_PARTICIPANTS: ("培训人次", "training participants", "人次"),
    InputKind.CERTIFICATION_FEES: ("认证费用", "certification fees", "万元"),
    InputKind.TYPICAL_CASES: ("报送典型案例数", "typical cases submitted", "个"),
    InputKind.PRODUCTION_VOLUME: ("获证产品产量", "certified production volume",
                                  "declared units"),
}

#: inputs declared for one product (named by its certificate number), not for the whole pilot
PER_PRODUCT = frozenset({InputKind.PRODUCTION_VOLUME})
#: inputs that are counts (whole numbers)
COUNTS = frozenset({InputKind.LOANS, InputKind.PROCUREMENT_WINS,
                    InputKind.TRAINING_PARTICIPANTS, InputKind.TYPICAL_CASES})


@dataclass(frozen=True)
class DeclaredInput:
    """One version of a declared input. A correction is a new version that supersedes the
    one it corrects; a withdrawal ends the chain. Every version stays."""

    id: str
    pilot_id: str
    period: int
    kind: InputKind
    subject: str | None  # a certificate number for a per-product input, else None
    value: float
    evidence: str  # the document or reference the value rests on
    note: str
    declared_by: str
    declared_at: datetime
    supersedes: str | None = None
    withdrawn: bool = False
    document_name: str | None = None  # an attached evidence file, when there is one
    document_sha256: str | None = None


def current_inputs(versions: Sequence[DeclaredInput]) -> list[DeclaredInput]:
    """The versions no later version supersedes, without withdrawals."""
    superseded = {v.supersedes for v in versions if v.supersedes}
    return [v for v in versions if v.id not in superseded and not v.withdrawn]


def input_problem(kind: InputKind, value: float,
                  subject: str | None) -> tuple[str, str, str] | None:
    """Why a declared value cannot stand: (field, zh, en), or None."""
    if not math.isfinite(value) or value < 0:
        return "value", "数值须为非负有限数", "the value is a finite number, not negative"
    if kind in COUNTS and value != int(value):
        return "value", "该项为整数计数", "this input is a whole count"
    if kind in PER_PRODUCT and not subject:
        return "subject", "请注明该产量对应的证书编号", "name the certificate the volume is of"
    if kind not in PER_PRODUCT and subject:
        return ("subject", "该项针对整个试点，不对应单个证书",
                "this input is for the whole pilot, not one certificate")
    return None


class Direction(StrEnum):
    UP = "up"  # more is better: the score is the value (a share)
    DOWN = "down"  # less is better: the score is 1 − the value (a share)
    DQR = "dqr"  # the PEF DQR, 1 best to 5: the score is (5 − DQR) ÷ 4
    NONE = "none"  # reported, not scored


@dataclass(frozen=True)
class Indicator:
    key: str
    dimension: Dimension
    name: tuple[str, str]
    formula: str
    unit: str  # "%" for shares (value 0..1), else the unit of the value
    value: float | None
    inputs: tuple[tuple[str, float | str | None], ...] = ()
    source: str = "computed"  # computed, declared, computed+declared
    vintage: str = ""  # the day its data are as of (ISO), or the day they were declared
    missing: tuple[str, ...] = ()  # why it is missing or partial
    direction: Direction = Direction.NONE

    @property
    def score(self) -> float | None:
        if self.value is None:
            return None
        if self.direction is Direction.UP:
            return _clip(self.value)
        if self.direction is Direction.DOWN:
            return _clip(1 - self.value)
        if self.direction is Direction.DQR:
            return _clip((5 - self.value) / 4)
        return None


def shown(value: float | None, unit: str) -> str:
    """The figure as pages and reports print it: a share as a percentage with two decimals,
    anything else with at most four decimals; "—" when missing."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{value * 100:.2f} %"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit not in ("count", "") else text


def _clip(x: float) -> float:
    return min(max(x, 0.0), 1.0)


def share(numerator: float, denominator: float) -> float | None:
    """numerator ÷ denominator, None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def growth(current: float, prior: float) -> float | None:
    """(current − prior) ÷ prior; None without a prior count."""
    return (current - prior) / prior if prior else None


def p10(values: Sequence[float]) -> float | None:
    """The 10th percentile (type 7, as the category benchmarks)."""
    return quantile(sorted(values), 0.10) if values else None


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


# -- weights -------------------------------------------------------------------------------

class WeightMethod(StrEnum):
    EQUAL = "equal"
    AHP = "ahp"
    EXPERT = "expert"


@dataclass(frozen=True)
class Weights:
    """Weights of indicators within their dimension and, optionally, of the dimensions."""

    method: WeightMethod = WeightMethod.EQUAL
    indicators: Mapping[str, float] = field(default_factory=dict)
    dimensions: Mapping[Dimension, float] = field(default_factory=dict)
    note: str = ""
    set_by: str | None = None
    set_at: datetime | None = None

    def of(self, key: str) -> float:
        return self.indicators.get(key, 1.0)


def weights_problem(indicators: Mapping[str, float],
                    dimensions: Mapping[Dimension, float]) -> tuple[str, str] | None:
    for value in (*indicators.values(), *dimensions.values()):
        if not math.isfinite(value) or value < 0:
            return "权重须为非负有限数", "a weight is a finite number, not negative"
    if dimensions and (set(dimensions) != set(BENEFITS) or sum(dimensions.values()) <= 0):
        return ("维度权重须给出全部四个效益维度且不全为零",
                "dimension weights name all four benefit dimensions, not all zero")
    return None


def ahp_weights(matrix: Sequence[Sequence[float]]) -> list[float]:
    """AHP priorities of a positive reciprocal pairwise-comparison matrix by the row geometric
    mean: wᵢ = (Πⱼ aᵢⱼ)^(1/n) ÷ Σₖ (Πⱼ aₖⱼ)^(1/n)."""
    n = len(matrix)
    if n == 0 or any(len(row) != n for row in matrix):
        raise ValueError("square matrix expected")
    if any(not math.isfinite(a) or a <= 0 for row in matrix for a in row):
        raise ValueError("positive entries expected")
    means = [math.exp(sum(math.log(a) for a in row) / n) for row in matrix]
    total = sum(means)
    return [m / total for m in means]


@dataclass(frozen=True)
class SubScore:
    dimension: Dimension
    score: float | None  # None when no scored indicator has a value
    scored: int  # indicators that entered
    missing: int  # scored indicators left out because they are missing


def sub_score(indicators: Sequence[Indicator], dimension: Dimension,
              weights: Weights) -> SubScore:
    """Σ wᵢ·sᵢ ÷ Σ wᵢ over the dimension's scored indicators that have a value."""
    scored = [i for i in indicators if i.dimension is dimension
              and i.direction is not Direction.NONE]
    present = [(weights.of(i.key), i.score) for i in scored if i.score is not None]
    total = sum(w for w, _ in present)
    value = sum(w * s for w, s in present if s is not None) / total if total else None
    return SubScore(dimension, value, len(present), len(scored) - len(present))


def aggregate(subs: Sequence[SubScore], weights: Weights) -> float | None:
    """Σ W_d·S_d ÷ Σ W_d, only when dimension weights are stored and every sub-score exists."""
    if not weights.dimensions or any(s.score is None for s in subs):
        return None
    total = sum(weights.dimensions.get(s.dimension, 0.0) for s in subs)
    if not total:
        return None
    return sum(weights.dimensions.get(s.dimension, 0.0) * (s.score or 0.0)
               for s in subs) / total


# -- the period ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A pilot year: 1 January to 31 December of ``year``."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def prior(self) -> Period:
        return Period(self.year - 1)

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_problem(year: int, starts_on: date, ends_on: date) -> tuple[str, str] | None:
    if not starts_on.year <= year <= ends_on.year:
        return (f"评估期须在试点期内（{starts_on.year}–{ends_on.year}）",
                f"the period lies within the pilot ({starts_on.year}–{ends_on.year})")
    return None
