"""The verification engagement of a case (ISO/IEC 17029, ISO 14065, ISO 14064-3 practice).

Verifying a footprint is more than running the model again. The team:

1. agrees the engagement: level of assurance (reasonable / limited), materiality (relative to
   the declared footprint, e.g. 5 %), objectives, criteria (GB/T 24067-2024 and the product
   rule), scope and boundary, intended users;
2. assesses risk per life-cycle stage or process (inherent and control risk) and writes the
   verification plan (activities, sample size); the team leader (the first member of the team
   as planned) approves it — the plan is the team's, its leader answers for it;
3. draws a reproducible sample of the model's inventory lines (:mod:`.sampling`) and records
   evidence for each: the value in the model, the value found in the records, the misstatement;
   the re-run of the model (``VerificationRecord``) is one more piece of evidence;
4. evaluates: the aggregate misstatement (sum of |misstatements| and the re-run's difference)
   against materiality;
5. a person of the body who is not on the team reviews the engagement before the opinion;
6. the team leader issues the opinion: unmodified, modified (qualified), adverse, or a
   disclaimer, with the level of assurance stated;
7. facts discovered after the opinion are recorded with it, saying whether they would change
   it (the body then decides what follows, e.g. a re-evaluation of the certificate).

The rules raise :class:`CertificationRuleError` with a stable code (docs/certification.md).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from carbonlabel.domain.certification.rules import CertificationRuleError


class Assurance(StrEnum):
    REASONABLE = "reasonable"
    LIMITED = "limited"


ASSURANCE_NAMES: dict[Assurance, tuple[str, str]] = {
    Assurance.REASONABLE: ("合理保证", "reasonable assurance"),
    Assurance.LIMITED: ("有限保证", "limited assurance"),
}


class Risk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


RISK_NAMES: dict[Risk, tuple[str, str]] = {
    Risk.LOW: ("低", "low"), Risk.MEDIUM: ("中", "medium"), Risk.HIGH: ("高", "high")}
_RISK_SCORE = {Risk.LOW: 1, Risk.MEDIUM: 2, Risk.HIGH: 3}


class OpinionKind(StrEnum):
    UNMODIFIED = "unmodified"
    MODIFIED = "modified"  # qualified: a material misstatement, not pervasive
    ADVERSE = "adverse"  # material and pervasive
    DISCLAIMER = "disclaimer"  # not enough evidence to conclude


OPINION_NAMES: dict[OpinionKind, tuple[str, str]] = {
    OpinionKind.UNMODIFIED: ("无保留意见", "unmodified opinion"),
    OpinionKind.MODIFIED: ("保留意见", "modified (qualified) opinion"),
    OpinionKind.ADVERSE: ("否定意见", "adverse opinion"),
    OpinionKind.DISCLAIMER: ("无法表示意见", "disclaimer of opinion"),
}

DEFAULT_CRITERIA = "GB/T 24067-2024"
#: sample size before the risk assessment adds to it, per level of assurance
BASE_SAMPLE = {Assurance.REASONABLE: 5, Assurance.LIMITED: 2}


@dataclass(frozen=True)
class RiskItem:
    """The risk of one life-cycle stage or process: detection risk follows from the two."""

    area: str  # a life-cycle stage or a process id of the model
    inherent: Risk
    control: Risk
    note: str = ""

    @property
    def score(self) -> int:  # 1 (both low) .. 9 (both high)
        return _RISK_SCORE[self.inherent] * _RISK_SCORE[self.control]

    @property
    def extra_samples(self) -> int:
        """Lower detection risk wanted where the risk is higher: more lines sampled."""
        return 2 if self.score >= 6 else 1 if self.score >= 3 else 0


@dataclass(frozen=True)
class Review:
    reviewer_id: str
    agreed: bool  # the reviewer agrees the evidence supports an opinion
    comment: str
    at: datetime


@dataclass(frozen=True)
class Opinion:
    kind: OpinionKind
    statement: str
    issued_by: str
    at: datetime


@dataclass(frozen=True)
class LaterFact:
    """A fact discovered after the opinion was issued, and whether it would change it."""

    description: str
    affects_opinion: bool
    recorded_by: str
    at: datetime


@dataclass(frozen=True)
class Engagement:
    case_id: str
    level: Assurance
    materiality: float  # relative to the submitted footprint, 0 < m < 1
    objectives: str
    criteria: str
    scope: str  # scope and boundary
    intended_users: str
    risks: tuple[RiskItem, ...]
    activities: str  # the plan: what will be done (site visit, recalculation, ...)
    sample_size: int | None  # None: no plan yet
    approved_by: str | None
    approved_at: datetime | None
    sample_seed: int | None  # None: no sample drawn yet
    review: Review | None
    opinion: Opinion | None
    created_by: str
    created_at: datetime
    later_facts: tuple[LaterFact, ...] = ()

    @property
    def plan_approved(self) -> bool:
        return self.approved_at is not None


@dataclass(frozen=True)
class SampledLine:
    """One inventory line drawn for testing, and the evidence the team found for it."""

    case_id: str
    seq: int
    path: str  # "<process id>/<item>", e.g. "cell_assembly/factor:grid-cn"
    name: str
    stage: str
    co2e_kg: float  # its contribution in the submitted result
    source: str = ""  # the record traced to: a case document id, or a description
    model_value: float | None = None  # the activity amount in the model
    found_value: float | None = None  # the amount found in the records
    unit: str = ""
    note: str = ""
    recorded_by: str | None = None
    recorded_at: datetime | None = None

    @property
    def tested(self) -> bool:
        return self.recorded_at is not None

    @property
    def misstatement_co2e_kg(self) -> float:
        """What the contribution would be off by, the emissions being proportional to the
        amount: co2e × (found − model) / model (0 when not tested)."""
        if self.model_value is None or self.found_value is None or self.model_value == 0:
            return 0.0
        return self.co2e_kg * (self.found_value - self.model_value) / self.model_value


@dataclass(frozen=True)
class Evaluation:
    sampled_kg: float  # sum of |misstatements| of the sampled lines
    rerun_kg: float  # |re-run − submitted|
    aggregate_kg: float
    relative: float  # aggregate / |submitted total|
    materiality: float
    untested: int  # sampled lines without evidence

    @property
    def material(self) -> bool:
        return self.relative >= self.materiality


def planned_sample_size(level: Assurance, risks: Sequence[RiskItem]) -> int:
    """The least number of lines to test: the base for the level, plus more per risky area."""
    return BASE_SAMPLE[level] + sum(r.extra_samples for r in risks)


def evaluate(lines: Sequence[SampledLine], submitted_total: float,
             recomputed_total: float | None, materiality: float) -> Evaluation:
    sampled = sum(abs(line.misstatement_co2e_kg) for line in lines)
    rerun = abs(recomputed_total - submitted_total) if recomputed_total is not None else 0.0
    aggregate = sampled + rerun
    return Evaluation(sampled, rerun, aggregate, aggregate / max(abs(submitted_total), 1e-12),
                      materiality, sum(not line.tested for line in lines))


# -- rules ----------------------------------------------------------------------------------

def _refuse(rule: str, field: str, en: str, zh: str) -> CertificationRuleError:
    return CertificationRuleError(rule, field, en, zh)


def check_materiality(materiality: float) -> None:
    if not 0 < materiality < 1:
        raise _refuse("materiality_range", "materiality",
                      "materiality must be between 0 and 1 (e.g. 0.05 for 5 %)",
                      "实质性阈值须在 0 与 1 之间（如 0.05 即 5%）")


def check_team_leader(actor_id: str, team: Sequence[str], what_en: str, what_zh: str) -> None:
    """The team leader is the first member of the team as planned."""
    if not team or actor_id != team[0]:
        raise _refuse("team_leader", "actor", f"only the team leader {what_en}",
                      f"仅审核组组长可{what_zh}")


def check_sample_size(size: int, level: Assurance, risks: Sequence[RiskItem]) -> None:
    least = planned_sample_size(level, risks)
    if size < least:
        raise _refuse("sample_too_small", "sample_size",
                      f"the risk assessment asks for at least {least} lines to be tested",
                      f"根据风险评估，抽样数量至少为 {least}")


def check_plan_approved(engagement: Engagement | None) -> Engagement:
    if engagement is None or not engagement.plan_approved:
        raise _refuse("plan_not_approved", "plan",
                      "the verification plan must be approved first",
                      "核查计划须先经批准")
    return engagement


def check_not_concluded(engagement: Engagement) -> None:
    """After the independent review the evidence is fixed; after the opinion, everything."""
    if engagement.opinion is not None:
        raise _refuse("opinion_issued", "opinion", "the opinion has been issued",
                      "核查意见已出具")
    if engagement.review is not None:
        raise _refuse("review_done", "review",
                      "the independent review is done: the evidence may not change",
                      "独立复核已完成，证据不得更改")


def check_reviewer(reviewer_id: str, team: Collection[str]) -> None:
    if reviewer_id in team:
        raise _refuse("independent_review", "reviewer",
                      "the review must be made by a person who is not on the team",
                      "独立复核须由非审核组成员进行")


def check_ready_for_review(lines: Sequence[SampledLine], rerun_done: bool) -> None:
    if not lines:
        raise _refuse("sample_missing", "sample", "draw the sample first", "请先抽取样本")
    untested = sum(not line.tested for line in lines)
    if untested:
        raise _refuse("evidence_incomplete", "evidence",
                      f"{untested} sampled lines have no evidence yet",
                      f"尚有 {untested} 个抽样项未记录证据")
    if not rerun_done:
        raise _refuse("verification_missing", "verification",
                      "record the re-run of the model first", "请先记录模型复算结果")


def check_opinion(kind: OpinionKind, review: Review | None, evaluation: Evaluation,
                  statement: str) -> None:
    """The opinion follows the review and the evidence."""
    if review is None:
        raise _refuse("review_before_opinion", "review",
                      "the independent review must come before the opinion",
                      "出具核查意见前须完成独立复核")
    if not review.agreed:
        raise _refuse("review_not_agreed", "review",
                      "the independent reviewer did not agree; address the review first",
                      "独立复核未通过，请先处理复核意见")
    if kind is OpinionKind.UNMODIFIED and evaluation.material:
        raise _refuse("material_misstatement", "kind",
                      "a material misstatement remains: the opinion cannot be unmodified",
                      "存在实质性错报，不能出具无保留意见")
    if kind in (OpinionKind.MODIFIED, OpinionKind.ADVERSE) and not evaluation.material:
        raise _refuse("opinion_unsupported", "kind",
                      "a modified or adverse opinion needs a material misstatement",
                      "保留或否定意见须以实质性错报为依据")
    if kind is not OpinionKind.UNMODIFIED and not statement.strip():
        raise _refuse("opinion_basis", "statement",
                      "state the basis of a modified opinion or disclaimer",
                      "非无保留意见须说明依据")


def check_opinion_issued(engagement: Engagement | None) -> None:
    """What the case needs before its nonconformities are closed and it goes to evaluation:
    the engagement's opinion, of any kind (the corrective-actions path is not a way round the
    verification)."""
    if engagement is None or engagement.opinion is None:
        raise _refuse("opinion_missing", "opinion",
                      "the verification engagement has no opinion yet",
                      "核查尚未出具核查意见")


def check_complete(engagement: Engagement | None) -> None:
    """What the case needs before ``complete_verification``: an unmodified opinion (any other
    opinion goes through nonconformities and corrective actions)."""
    if engagement is None or engagement.opinion is None:
        raise _refuse("opinion_missing", "opinion",
                      "the verification engagement has no opinion yet",
                      "核查尚未出具核查意见")
    if engagement.opinion.kind is not OpinionKind.UNMODIFIED:
        raise _refuse("opinion_not_unmodified", "opinion",
                      "the opinion is not unmodified; raise nonconformities instead",
                      "核查意见非无保留意见，请提出不符合项")
