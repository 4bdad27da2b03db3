"""The verification engagement's rules (ISO 14064-3 practice): the opinion follows an
independent review and the evidence, misstatements are aggregated against materiality, and
the sample of inventory lines is reproducible from its seed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carbonlabel.domain.certification.engagement import (
    Assurance,
    OpinionKind,
    Review,
    Risk,
    RiskItem,
    SampledLine,
    check_opinion,
    check_ready_for_review,
    check_reviewer,
    check_sample_size,
    check_team_leader,
    evaluate,
    planned_sample_size,
)
from carbonlabel.domain.certification.rules import CertificationRuleError
from carbonlabel.domain.certification.sampling import Line, draw

NOW = datetime(2026, 12, 7, tzinfo=UTC)
AGREED = Review("reviewer", True, "", NOW)


def line(seq: int, co2e: float, model: float | None = None,
         found: float | None = None) -> SampledLine:
    return SampledLine("case", seq, f"p{seq}/factor:x", "x", "production", co2e, "doc-1",
                       model, found, "kWh", "", "auditor" if model is not None else None,
                       NOW if model is not None else None)


def rule_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(CertificationRuleError) as info:
        call()
    return str(info.value.rule)


def test_misstatements_are_projected_from_the_amounts_and_aggregated_with_the_rerun() -> None:
    lines = [line(1, 10.0, 100.0, 110.0), line(2, 20.0, 50.0, 45.0)]  # +1.0 kg, -2.0 kg
    evaluation = evaluate(lines, submitted_total=100.0, recomputed_total=100.5,
                          materiality=0.05)
    assert lines[0].misstatement_co2e_kg == pytest.approx(1.0)
    assert lines[1].misstatement_co2e_kg == pytest.approx(-2.0)
    assert evaluation.sampled_kg == pytest.approx(3.0)  # |+1| + |-2|: they do not cancel
    assert evaluation.aggregate_kg == pytest.approx(3.5)
    assert evaluation.relative == pytest.approx(0.035)
    assert not evaluation.material
    assert evaluate(lines, 100.0, 102.0, 0.05).material  # 5 % reached: material


def test_the_opinion_needs_an_independent_review_first() -> None:
    clean = evaluate([line(1, 10.0, 100.0, 100.0)], 100.0, 100.0, 0.05)
    assert rule_of(lambda: check_opinion(OpinionKind.UNMODIFIED, None, clean, "")) == \
        "review_before_opinion"
    disagreed = Review("reviewer", False, "sample too small", NOW)
    assert rule_of(lambda: check_opinion(OpinionKind.UNMODIFIED, disagreed, clean, "")) == \
        "review_not_agreed"
    check_opinion(OpinionKind.UNMODIFIED, AGREED, clean, "")


def test_a_material_misstatement_forbids_an_unmodified_opinion() -> None:
    material = evaluate([line(1, 50.0, 100.0, 120.0)], 100.0, 100.0, 0.05)  # 10 kg of 100
    assert material.material
    assert rule_of(lambda: check_opinion(OpinionKind.UNMODIFIED, AGREED, material, "")) == \
        "material_misstatement"
    check_opinion(OpinionKind.MODIFIED, AGREED, material, "电耗低报 / electricity understated")
    check_opinion(OpinionKind.ADVERSE, AGREED, material, "pervasive")
    assert rule_of(lambda: check_opinion(OpinionKind.ADVERSE, AGREED, material, " ")) == \
        "opinion_basis"


def test_a_modified_or_adverse_opinion_needs_a_material_misstatement() -> None:
    clean = evaluate([line(1, 10.0, 100.0, 101.0)], 100.0, 100.0, 0.05)
    for kind in (OpinionKind.MODIFIED, OpinionKind.ADVERSE):
        assert rule_of(lambda k=kind: check_opinion(k, AGREED, clean, "why")) == \
            "opinion_unsupported"
    check_opinion(OpinionKind.DISCLAIMER, AGREED, clean, "records not made available")


def test_the_reviewer_may_not_be_on_the_team() -> None:
    assert rule_of(lambda: check_reviewer("a1", ("a1", "a2"))) == "independent_review"
    check_reviewer("someone-else", ("a1", "a2"))


def test_only_the_team_leader_approves_and_issues() -> None:
    assert rule_of(lambda: check_team_leader("a2", ("a1", "a2"), "x", "x")) == "team_leader"
    check_team_leader("a1", ("a1", "a2"), "x", "x")


def test_the_review_waits_for_evidence_on_every_sampled_line_and_the_rerun() -> None:
    assert rule_of(lambda: check_ready_for_review([], True)) == "sample_missing"
    assert rule_of(lambda: check_ready_for_review([line(1, 5.0)], True)) == \
        "evidence_incomplete"
    assert rule_of(lambda: check_ready_for_review([line(1, 5.0, 1.0, 1.0)], False)) == \
        "verification_missing"
    check_ready_for_review([line(1, 5.0, 1.0, 1.0)], True)


def test_riskier_areas_and_reasonable_assurance_ask_for_more_lines() -> None:
    risks = [RiskItem("production", Risk.HIGH, Risk.HIGH), RiskItem("transport", Risk.LOW,
                                                                    Risk.MEDIUM)]
    assert planned_sample_size(Assurance.LIMITED, []) == 2
    assert planned_sample_size(Assurance.REASONABLE, risks) == 5 + 2 + 0
    assert rule_of(lambda: check_sample_size(6, Assurance.REASONABLE, risks)) == \
        "sample_too_small"
    check_sample_size(7, Assurance.REASONABLE, risks)


POPULATION = [Line(f"process{i:02d}/factor:f{i}", f"line {i}", "production", 1.0 + i % 3)
              for i in range(30)]


def test_the_sample_is_the_same_for_a_seed_and_differs_for_another() -> None:
    first = draw(POPULATION, 6, seed=20261207)
    assert first == draw(list(reversed(POPULATION)), 6, seed=20261207)  # order does not matter
    assert len(first) == 6
    assert first != draw(POPULATION, 6, seed=7)


def test_a_line_bigger_than_the_interval_is_always_sampled() -> None:
    population = [*POPULATION[:10], Line("kiln/direct", "clinker", "production", 1000.0)]
    for seed in range(20):
        drawn = draw(population, 3, seed)
        assert "kiln/direct" in [x.path for x in drawn]
        assert len(drawn) == 3  # hit by every point, taken once, the rest topped up
    assert draw(POPULATION[:3], 10, seed=1) == tuple(sorted(POPULATION[:3],
                                                            key=lambda x: x.path))
