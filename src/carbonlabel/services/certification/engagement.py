"""Use cases of the verification engagement (ISO 14064-3 practice; see
:mod:`carbonlabel.domain.certification.engagement` for the steps and rules).

Who does what: the team (``case.team``) sets the engagement up, records the risk assessment
and the plan, draws the sample and records the evidence; the team leader (``case.team[0]``)
approves the plan and issues the opinion; a person of the body who is not on the team
(auditor or decision maker) makes the independent review; a team member or a decision maker
records facts discovered after the opinion. The terms and the plan may be set
from planning to the PCF verification step; sampling, evidence, review and opinion belong to
the PCF verification step. Each command checks, writes with its audit record and commits.

The case workflow calls :func:`check_engagement_complete` before ``complete_verification``.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import engagement as rules
from carbonlabel.domain.certification import sampling
from carbonlabel.domain.certification.engagement import (
    Assurance,
    Engagement,
    Evaluation,
    LaterFact,
    Opinion,
    OpinionKind,
    Review,
    RiskItem,
    SampledLine,
)
from carbonlabel.domain.certification.records import CertificationCase, VerificationRecord
from carbonlabel.domain.certification.rules import CertificationRuleError
from carbonlabel.domain.certification.states import CaseState
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError

PLANNING = (CaseState.PLANNED, CaseState.DOCUMENT_REVIEW, CaseState.ON_SITE_INSPECTION,
            CaseState.PCF_VERIFICATION)
VERIFYING = (CaseState.PCF_VERIFICATION,)
#: evidence, the review and the opinion also go on through corrective actions: the verifier
#: checks the corrections before the opinion, which the case needs before evaluation
CONCLUDING = (CaseState.PCF_VERIFICATION, CaseState.CORRECTIVE_ACTIONS)
REVIEWER_ROLES = (Role.AUDITOR, Role.DECISION_MAKER)
MAX_SAMPLE = 500


@dataclass(frozen=True)
class Terms:
    level: Assurance
    materiality: float
    objectives: str
    criteria: str
    scope: str
    intended_users: str


@dataclass(frozen=True)
class Evidence:
    source: str  # a case document id, or a description of the record
    model_value: float
    found_value: float
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class EngagementView:
    case: CertificationCase
    engagement: Engagement | None
    lines: tuple[SampledLine, ...]
    rerun: VerificationRecord | None
    evaluation: Evaluation | None
    least_sample: int | None  # what the risk assessment asks for


def get_case(uow: UnitOfWork, actor: User, case_id: str) -> CertificationCase:
    """The case, if the actor's organisation is a party to it (as ``cases.get_case``; not
    imported from there so that the case workflow may import this module)."""
    case = uow.cases.visible_to(actor.organisation_id, case_id)
    if case is None:
        raise NotFoundError(field="case_id", message_en="no such certification case",
                            message_zh="没有该认证项目")
    return case


def _step(uow: UnitOfWork, actor: User, case_id: str,
          states: Sequence[CaseState]) -> CertificationCase:
    """The case, if the actor is on its team and it is in one of ``states``."""
    case = get_case(uow, actor, case_id)
    if actor.id not in case.team:
        raise PermissionDeniedError(field="team",
                                    message_en="only a member of the audit team does this",
                                    message_zh="此步骤仅由审核组成员执行")
    _in_state(case, states)
    return case


def _in_state(case: CertificationCase, states: Sequence[CaseState]) -> None:
    if case.state not in states:
        raise WorkflowError(message_en="the case is not at a step where this is done "
                                       f"(state '{case.state.value}')",
                            message_zh="项目当前阶段不能执行此核查步骤",
                            field="case_id", rule="engagement_step")


def _engagement(uow: UnitOfWork, case_id: str) -> Engagement:
    found = uow.engagements.get(case_id)
    if found is None:
        raise WorkflowError(message_en="set up the verification engagement first",
                            message_zh="请先建立核查约定", field="engagement",
                            rule="engagement_missing")
    return found


def _audit(uow: UnitOfWork, actor: User, case: CertificationCase, action: str,
           after: dict[str, object]) -> None:
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action=f"engagement.{action}", entity="certification_case",
                     entity_id=case.id, after=after)


def _text(value: str, field: str, en: str, zh: str) -> str:
    if not value.strip():
        raise InputError(field=field, message_en=f"give the {en}", message_zh=f"请填写{zh}")
    return value.strip()


def set_up(uow: UnitOfWork, actor: User, case_id: str, terms: Terms) -> Engagement:
    """Agree the engagement's terms (pre-engagement); they may change until the plan is
    approved."""
    case = _step(uow, actor, case_id, PLANNING)
    rules.check_materiality(terms.materiality)
    values = {
        "level": terms.level, "materiality": terms.materiality,
        "objectives": _text(terms.objectives, "objectives", "objectives", "核查目的"),
        "criteria": _text(terms.criteria, "criteria", "criteria", "核查准则"),
        "scope": _text(terms.scope, "scope", "scope and boundary", "核查范围与边界"),
        "intended_users": _text(terms.intended_users, "intended_users", "intended users",
                                "预期使用者")}
    existing = uow.engagements.get(case.id)
    if existing is None:
        uow.engagements.add(Engagement(case.id, terms.level, terms.materiality, "", "", "", "",
                                       (), "", None, None, None, None, None, None, actor.id,
                                       datetime.now(UTC)))
    elif existing.plan_approved:
        raise CertificationRuleError("plan_approved", "plan",
                                     "the plan is approved: the terms may no longer change",
                                     "核查计划已批准，约定不得再更改")
    saved = uow.engagements.update(case.id, **values)
    _audit(uow, actor, case, "set_up", {"level": terms.level.value,
                                        "materiality": terms.materiality})
    uow.commit()
    return saved


def record_plan(uow: UnitOfWork, actor: User, case_id: str, risks: Sequence[RiskItem],
                activities: str, sample_size: int) -> Engagement:
    """The risk assessment and the verification plan (not yet approved)."""
    case = _step(uow, actor, case_id, PLANNING)
    engagement = _engagement(uow, case.id)
    if engagement.plan_approved:
        raise CertificationRuleError("plan_approved", "plan", "the plan is approved already",
                                     "核查计划已批准")
    if not risks:
        raise InputError(field="risks", message_en="assess the risk of at least one area",
                         message_zh="请至少评估一个领域的风险")
    if not 1 <= sample_size <= MAX_SAMPLE:
        raise InputError(field="sample_size", message_en=f"the sample size must be 1 to "
                                                         f"{MAX_SAMPLE}",
                         message_zh=f"抽样数量须在 1 至 {MAX_SAMPLE} 之间")
    rules.check_sample_size(sample_size, engagement.level, risks)
    saved = uow.engagements.update(case.id, risks=list(risks), sample_size=sample_size,
                                   activities=_text(activities, "activities",
                                                    "verification activities", "核查活动"))
    _audit(uow, actor, case, "plan_recorded", {"sample_size": sample_size,
                                               "risks": len(risks)})
    uow.commit()
    return saved


def approve_plan(uow: UnitOfWork, actor: User, case_id: str) -> Engagement:
    case = _step(uow, actor, case_id, PLANNING)
    engagement = _engagement(uow, case.id)
    rules.check_team_leader(actor.id, case.team, "approves the plan", "批准核查计划")
    if engagement.sample_size is None:
        raise WorkflowError(message_en="record the plan first", message_zh="请先记录核查计划",
                            field="plan", rule="plan_missing")
    if engagement.plan_approved:
        raise CertificationRuleError("plan_approved", "plan", "the plan is approved already",
                                     "核查计划已批准")
    saved = uow.engagements.update(case.id, approved_by=actor.id,
                                   approved_at=datetime.now(UTC))
    _audit(uow, actor, case, "plan_approved", {"approved_by": actor.id})
    uow.commit()
    return saved


def population(uow: UnitOfWork, case: CertificationCase) -> list[sampling.Line]:
    """The submitted result's inventory lines (its hotspots), the population sampled."""
    footprint = uow.footprints.in_org(case.applicant_id, case.footprint_id)
    assert footprint is not None
    result = uow.footprints.result(footprint)
    return [sampling.Line(f"{h.process}/{h.item}", f"{h.process_name.zh} / {h.item_name}",
                          h.stage.value, h.co2e_kg) for h in result.hotspots]


def draw_sample(uow: UnitOfWork, actor: User, case_id: str,
                seed: int | None = None) -> list[SampledLine]:
    """Draw the plan's sample (monetary-unit sampling, :mod:`sampling`); the seed is kept."""
    case = _step(uow, actor, case_id, VERIFYING)
    engagement = rules.check_plan_approved(uow.engagements.get(case.id))
    if engagement.sample_seed is not None:
        raise CertificationRuleError("sample_drawn", "sample", "the sample is drawn already",
                                     "样本已抽取")
    seed = secrets.randbelow(2**31) if seed is None else seed
    if not 0 <= seed < 2**31:
        raise InputError(field="seed", message_en="the seed must be 0 to 2^31-1",
                         message_zh="随机种子须在 0 至 2^31-1 之间")
    drawn = sampling.draw(population(uow, case), engagement.sample_size or 0, seed)
    lines = [SampledLine(case.id, i, x.path, x.name, x.stage, x.co2e_kg)
             for i, x in enumerate(drawn, start=1)]
    uow.engagements.add_lines(lines)
    uow.engagements.update(case.id, sample_seed=seed)
    # the lines are part of the (sealed) result: the audit names how many, not which
    _audit(uow, actor, case, "sample_drawn", {"seed": seed, "lines": len(lines)})
    uow.commit()
    return lines


def record_evidence(uow: UnitOfWork, actor: User, case_id: str, seq: int,
                    evidence: Evidence) -> SampledLine:
    case = _step(uow, actor, case_id, CONCLUDING)
    rules.check_not_concluded(_engagement(uow, case.id))
    found = [x for x in uow.engagements.lines(case.id) if x.seq == seq]
    if not found:
        raise NotFoundError(field="seq", message_en="no such sampled line",
                            message_zh="没有该抽样项")
    if not all(math.isfinite(v) for v in (evidence.model_value, evidence.found_value)):
        raise InputError(field="found_value", message_en="the values must be finite numbers",
                         message_zh="数值须为有限数")
    if evidence.model_value == 0:
        raise InputError(field="model_value", message_en="the model's value may not be 0",
                         message_zh="模型中的数值不能为 0")
    line = replace(found[0], source=_text(evidence.source, "source", "record traced to",
                                          "追溯的记录"),
                   model_value=evidence.model_value, found_value=evidence.found_value,
                   unit=evidence.unit.strip()[:100], note=evidence.note.strip(),
                   recorded_by=actor.id, recorded_at=datetime.now(UTC))
    uow.engagements.record_evidence(line)
    _audit(uow, actor, case, "evidence_recorded",
           {"seq": seq, "model_value": line.model_value,
            "found_value": line.found_value, "misstatement_co2e_kg": line.misstatement_co2e_kg})
    uow.commit()
    return line


def _evaluation(uow: UnitOfWork, case: CertificationCase,
                engagement: Engagement) -> tuple[Evaluation, VerificationRecord | None]:
    reruns = uow.cases.verifications(case.id)
    rerun = reruns[-1] if reruns else None
    footprint = uow.footprints.in_org(case.applicant_id, case.footprint_id)
    assert footprint is not None
    evaluation = rules.evaluate(uow.engagements.lines(case.id), footprint.total_co2e_kg,
                                rerun.recomputed_total if rerun else None,
                                engagement.materiality)
    return evaluation, rerun


def review(uow: UnitOfWork, actor: User, case_id: str, agreed: bool, comment: str) -> Review:
    """The independent review, by a person of the body who is not on the team."""
    case = get_case(uow, actor, case_id)
    if actor.organisation_id != case.body_id or actor.role not in REVIEWER_ROLES:
        raise PermissionDeniedError(field="role", message_en="an auditor or decision maker "
                                                             "of the body reviews",
                                    message_zh="独立复核须由本机构审核员或决定人员进行")
    rules.check_reviewer(actor.id, case.team)
    _in_state(case, CONCLUDING)
    engagement = _engagement(uow, case.id)
    rules.check_not_concluded(engagement)
    rules.check_ready_for_review(uow.engagements.lines(case.id),
                                 bool(uow.cases.verifications(case.id)))
    if not agreed and not comment.strip():
        raise InputError(field="comment", message_en="say why the review does not agree",
                         message_zh="请说明复核不同意的理由")
    done = Review(actor.id, agreed, comment.strip(), datetime.now(UTC))
    uow.engagements.update(case.id, review=done)
    _audit(uow, actor, case, "reviewed", {"agreed": agreed})
    uow.commit()
    return done


def reopen_after_review(uow: UnitOfWork, actor: User, case_id: str) -> Engagement:
    """A review that did not agree sends the evidence back to the team (leader only)."""
    case = _step(uow, actor, case_id, CONCLUDING)
    engagement = _engagement(uow, case.id)
    rules.check_team_leader(actor.id, case.team, "reopens the evidence", "重新开启证据收集")
    if engagement.opinion is not None or engagement.review is None or engagement.review.agreed:
        raise CertificationRuleError("review_not_reopenable", "review",
                                     "only a review that did not agree reopens the evidence",
                                     "仅未通过的复核可重新开启证据收集")
    saved = uow.engagements.update(case.id, reviewer_id=None, review_agreed=None,
                                   review_comment=None, reviewed_at=None)
    _audit(uow, actor, case, "reopened", {"review_by": engagement.review.reviewer_id})
    uow.commit()
    return saved


def issue_opinion(uow: UnitOfWork, actor: User, case_id: str, kind: OpinionKind,
                  statement: str) -> Opinion:
    case = _step(uow, actor, case_id, CONCLUDING)
    engagement = _engagement(uow, case.id)
    rules.check_team_leader(actor.id, case.team, "issues the opinion", "出具核查意见")
    if engagement.opinion is not None:
        raise CertificationRuleError("opinion_issued", "opinion", "the opinion has been issued",
                                     "核查意见已出具")
    evaluation, _ = _evaluation(uow, case, engagement)
    rules.check_opinion(kind, engagement.review, evaluation, statement)
    opinion = Opinion(kind, statement.strip(), actor.id, datetime.now(UTC))
    uow.engagements.update(case.id, opinion=opinion)
    _audit(uow, actor, case, "opinion_issued",
           {"opinion": kind.value, "level": engagement.level.value,
            "aggregate_relative": evaluation.relative, "materiality": engagement.materiality})
    uow.commit()
    return opinion


def record_later_fact(uow: UnitOfWork, actor: User, case_id: str, description: str,
                      affects_opinion: bool) -> Engagement:
    """A fact discovered after the opinion (ISO 14064-3): by a team member or a decision maker
    of the body, in any state of the case from the opinion on."""
    case = get_case(uow, actor, case_id)
    if actor.id not in case.team and not (actor.organisation_id == case.body_id
                                          and actor.role is Role.DECISION_MAKER):
        raise PermissionDeniedError(field="team", message_en="a member of the team or a "
                                                             "decision maker of the body "
                                                             "records it",
                                    message_zh="须由审核组成员或本机构决定人员记录")
    engagement = _engagement(uow, case.id)
    if engagement.opinion is None:
        raise CertificationRuleError("opinion_missing", "opinion",
                                     "a later fact follows an issued opinion",
                                     "核查意见出具后方可记录其后发现的事实")
    fact = LaterFact(_text(description, "description", "fact", "事实"), affects_opinion,
                     actor.id, datetime.now(UTC))
    saved = uow.engagements.add_later_fact(case.id, fact)
    _audit(uow, actor, case, "later_fact", {"affects_opinion": affects_opinion})
    uow.commit()
    return saved


def check_opinion_issued(uow: UnitOfWork, case_id: str) -> None:
    """Raises CertificationRuleError (``opinion_missing``) unless the engagement has an
    opinion: call before ``close_nonconformities``."""
    rules.check_opinion_issued(uow.engagements.get(case_id))


def check_engagement_complete(uow: UnitOfWork, case_id: str) -> None:
    """Raises CertificationRuleError (``opinion_missing``, ``opinion_not_unmodified``) unless
    the engagement ended in an unmodified opinion: call before ``complete_verification``."""
    rules.check_complete(uow.engagements.get(case_id))


def engagement_complete(uow: UnitOfWork, case_id: str) -> bool:
    try:
        check_engagement_complete(uow, case_id)
    except CertificationRuleError:
        return False
    return True


def engagement_view(uow: UnitOfWork, actor: User, case_id: str) -> EngagementView:
    """The engagement of a case a party to it may see (the applicant sees it too)."""
    case = get_case(uow, actor, case_id)
    engagement = uow.engagements.get(case.id)
    if engagement is None:
        reruns = uow.cases.verifications(case.id)
        return EngagementView(case, None, (), reruns[-1] if reruns else None, None, None)
    evaluation, rerun = _evaluation(uow, case, engagement)
    least = (rules.planned_sample_size(engagement.level, engagement.risks)
             if engagement.risks else None)
    return EngagementView(case, engagement, tuple(uow.engagements.lines(case.id)), rerun,
                          evaluation, least)
