"""The verification engagement through the services, on SQLite and PostgreSQL: terms, plan
and its approval, a reproducible sample, evidence, the independent review and the opinion;
the case may complete its verification only after an unmodified opinion."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.engagement import OpinionKind
from carbonlabel.domain.certification.sampling import draw
from carbonlabel.domain.certification.states import CaseAction, CaseState
from carbonlabel.errors import PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import cases
from carbonlabel.services.certification import engagement as verification
from tests.support.engagement import (
    RISKS,
    SEED,
    TERMS,
    case_at_verification,
    evidence_all,
    plan_and_sample,
    to_opinion,
)


def refused(call: object) -> str:
    assert callable(call)
    with pytest.raises(WorkflowError) as info:
        call()
    return str(info.value.rule)


def test_an_engagement_goes_from_terms_to_an_unmodified_opinion(make_uow: UowFactory,
                                                                tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    with make_uow() as uow:
        assert not verification.engagement_complete(uow, world.case_id)
    to_opinion(make_uow, world, tmp_path)
    with make_uow() as uow:
        view = verification.engagement_view(uow, world.tenant.analyst, world.case_id)
        assert view.engagement is not None
        assert view.engagement.sample_seed == SEED
        assert view.engagement.approved_by == world.leader.id
        assert view.engagement.review is not None
        assert view.engagement.review.reviewer_id == world.body.decider.id
        assert view.engagement.opinion is not None
        assert view.engagement.opinion.kind is OpinionKind.UNMODIFIED
        assert view.lines
        assert all(x.tested for x in view.lines)
        assert view.evaluation is not None
        assert not view.evaluation.material
        assert verification.engagement_complete(uow, world.case_id)
        actions = [r.action for r in uow.audit.chain()[0] if r.entity_id == world.case_id]
    assert [a for a in actions if a.startswith("engagement.")] == [
        "engagement.set_up", "engagement.plan_recorded", "engagement.plan_approved",
        "engagement.sample_drawn", *["engagement.evidence_recorded"] * len(view.lines),
        "engagement.reviewed", "engagement.opinion_issued"]
    with make_uow(write=True) as uow:
        cases.act(uow, world.leader, world.case_id, CaseAction.COMPLETE_VERIFICATION)


def test_the_case_completes_its_verification_only_after_the_engagement_s_opinion(
        make_uow: UowFactory, tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    with make_uow(write=True) as uow:  # the re-run agrees: not enough without an engagement
        cases.record_verification(uow, world.leader, world.case_id, "复算一致", tmp_path,
                                  tmp_path / "databases")
        assert refused(lambda: cases.act(uow, world.leader, world.case_id,
                                         CaseAction.COMPLETE_VERIFICATION)) == "opinion_missing"
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    evidence_all(make_uow, world)
    with make_uow(write=True) as uow:
        verification.review(uow, world.body.decider, world.case_id, True, "ok")
        assert refused(lambda: cases.act(uow, world.leader, world.case_id,
                                         CaseAction.COMPLETE_VERIFICATION)) == "opinion_missing"
        stored = uow.cases.get(world.case_id)
        assert stored is not None
        assert stored.state is CaseState.PCF_VERIFICATION  # nothing kept of the refused step
        verification.issue_opinion(uow, world.leader, world.case_id, OpinionKind.UNMODIFIED,
                                   "")
        done = cases.act(uow, world.leader, world.case_id, CaseAction.COMPLETE_VERIFICATION)
    assert done.state is CaseState.EVALUATION


def test_the_sample_is_drawn_from_the_submitted_result_reproducibly(make_uow: UowFactory,
                                                                    tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    with make_uow() as uow:
        case = cases.get_case(uow, world.leader, world.case_id)
        population = verification.population(uow, case)
        drawn = [x.path for x in uow.engagements.lines(world.case_id)]
    assert drawn == [x.path for x in draw(population, 8, SEED)]
    assert set(drawn) <= {x.path for x in population}
    assert len(set(drawn)) == min(8, len(population))  # the plan's size, as far as there are
    with make_uow(write=True) as uow:
        assert refused(lambda: verification.draw_sample(uow, world.leader, world.case_id,
                                                        1)) == "sample_drawn"


def test_the_sampled_lines_are_sealed_at_rest_as_the_result_is(make_uow: UowFactory,
                                                                engine: Engine,
                                                                tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    with make_uow() as uow:
        first = uow.engagements.lines(world.case_id)[0]
    with engine.connect() as conn:
        path, name = conn.execute(text(
            "SELECT path, name FROM verification_samples WHERE case_id = :c AND seq = 1"),
            {"c": world.case_id}).one()
    assert path.startswith("clenc1:")
    assert name.startswith("clenc1:")
    assert first.path not in path
    assert "/" in first.path  # "<process id>/<item>", read back as plaintext


def test_the_plan_is_approved_by_the_team_leader_before_sampling(make_uow: UowFactory,
                                                                 tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    lead, other = world.body.auditors
    with make_uow(write=True) as uow:
        verification.set_up(uow, lead, world.case_id, TERMS)
        assert refused(lambda: verification.record_plan(uow, other, world.case_id, RISKS,
                                                        "sampling", 2)) == "sample_too_small"
        verification.record_plan(uow, other, world.case_id, RISKS, "sampling", 8)
        assert refused(lambda: verification.draw_sample(uow, lead, world.case_id, SEED)) == \
            "plan_not_approved"
        assert refused(lambda: verification.approve_plan(uow, other, world.case_id)) == \
            "team_leader"
        verification.approve_plan(uow, lead, world.case_id)
        assert refused(lambda: verification.set_up(uow, lead, world.case_id, TERMS)) == \
            "plan_approved"
        with pytest.raises(PermissionDeniedError):  # not on the team
            verification.approve_plan(uow, world.body.decider, world.case_id)


def test_the_reviewer_is_independent_and_reviews_before_the_opinion(make_uow: UowFactory,
                                                                    tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    with make_uow(write=True) as uow:
        assert refused(lambda: verification.review(uow, world.body.decider, world.case_id,
                                                   True, "")) == "evidence_incomplete"
    evidence_all(make_uow, world)
    with make_uow(write=True) as uow:
        assert refused(lambda: verification.issue_opinion(
            uow, world.leader, world.case_id, OpinionKind.UNMODIFIED, "")) == \
            "review_before_opinion"
        assert refused(lambda: verification.review(uow, world.body.auditors[1], world.case_id,
                                                   True, "")) == "independent_review"
        verification.review(uow, world.body.decider, world.case_id, True, "ok")
        assert refused(lambda: verification.record_evidence(
            uow, world.leader, world.case_id, 1,
            verification.Evidence("x", 1.0, 2.0))) == "review_done"


def test_a_material_misstatement_leads_to_a_modified_opinion_not_completion(
        make_uow: UowFactory, tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    evidence_all(make_uow, world, found_factor=1.5)  # every sampled line 50 % understated
    with make_uow(write=True) as uow:
        verification.review(uow, world.body.decider, world.case_id, True, "ok")
        assert refused(lambda: verification.issue_opinion(
            uow, world.leader, world.case_id, OpinionKind.UNMODIFIED, "")) == \
            "material_misstatement"
        assert refused(lambda: verification.issue_opinion(
            uow, world.body.auditors[1], world.case_id, OpinionKind.MODIFIED, "x")) == \
            "team_leader"
        verification.issue_opinion(uow, world.leader, world.case_id, OpinionKind.MODIFIED,
                                   "电耗低报 / electricity understated")
        assert refused(lambda: verification.check_engagement_complete(uow, world.case_id)) \
            == "opinion_not_unmodified"
        # the re-run agrees, but the opinion does not: the case raises nonconformities instead
        assert refused(lambda: cases.act(uow, world.leader, world.case_id,
                                         CaseAction.COMPLETE_VERIFICATION)) == \
            "opinion_not_unmodified"
        raised = cases.act(uow, world.leader, world.case_id, CaseAction.RAISE_NONCONFORMITIES,
                           cases.StepDetails(nonconformities=("电耗低报 / understated",)))
        assert raised.state is CaseState.CORRECTIVE_ACTIONS


def test_a_qualified_opinion_reaches_the_decision_but_only_a_refusal(
        make_uow: UowFactory, tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    evidence_all(make_uow, world, found_factor=1.5)
    with make_uow(write=True) as uow:
        verification.review(uow, world.body.decider, world.case_id, True, "ok")
        verification.issue_opinion(uow, world.leader, world.case_id, OpinionKind.MODIFIED,
                                   "电耗低报 / electricity understated")
        cases.act(uow, world.leader, world.case_id, CaseAction.RAISE_NONCONFORMITIES,
                  cases.StepDetails(nonconformities=("电耗低报 / understated",)))
        (nc,) = uow.cases.nonconformities(world.case_id)
        cases.answer_nonconformity(uow, world.tenant.analyst, world.case_id, nc.id, "已更正")
        cases.close_nonconformity(uow, world.leader, world.case_id, nc.id)
        for action in (CaseAction.CLOSE_NONCONFORMITIES, CaseAction.COMPLETE_EVALUATION):
            cases.act(uow, world.leader, world.case_id, action)
        reason = cases.StepDetails(reason="见核查意见 / see the opinion")
        # the issued opinion stands: a label cannot rest on a qualified opinion
        assert refused(lambda: cases.act(uow, world.body.decider, world.case_id,
                                         CaseAction.GRANT, reason)) == "opinion_not_unmodified"
        assert cases.act(uow, world.body.decider, world.case_id, CaseAction.REFUSE,
                         reason).state is CaseState.REFUSED


def test_facts_found_after_the_opinion_are_kept_with_it(make_uow: UowFactory,
                                                       tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    plan_and_sample(make_uow, world, tmp_path)
    with make_uow(write=True) as uow:
        assert refused(lambda: verification.record_later_fact(
            uow, world.leader, world.case_id, "x", True)) == "opinion_missing"
    evidence_all(make_uow, world)
    with make_uow(write=True) as uow:
        verification.review(uow, world.body.decider, world.case_id, True, "ok")
        verification.issue_opinion(uow, world.leader, world.case_id, OpinionKind.UNMODIFIED,
                                   "")
        with pytest.raises(PermissionDeniedError):  # the applicant does not record them
            verification.record_later_fact(uow, world.tenant.analyst, world.case_id, "x",
                                           False)
        verification.record_later_fact(uow, world.body.decider, world.case_id,
                                       "供应商更正了电芯碳足迹 / supplier corrected its PCF", True)
    with make_uow() as uow:
        saved = uow.engagements.get(world.case_id)
        assert saved is not None
        (fact,) = saved.later_facts
        assert (fact.affects_opinion, fact.recorded_by) == (True, world.body.decider.id)
        assert saved.opinion is not None  # the opinion stands as issued; the fact is beside it
