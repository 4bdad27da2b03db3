"""Procurement rankings and criteria, pure: ranks with ties, exclusions with reasons, bands,
criterion marks against a hand-computed benchmark (and numpy's type-7 quantiles), a hidden
benchmark leaving statistical criteria unjudged, the default key of a declared unit, the
states of a criterion and the checks of its content."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import numpy as np
import pytest

from carbonlabel.domain.benchmark import Band, Candidate, ComparableKey, Exclusion
from carbonlabel.domain.procurement import (
    Criterion,
    CriterionKind,
    CriterionState,
    criterion_problem,
    keys_for_unit,
    meets,
    rank,
)

ON = date(2026, 6, 1)
KEY = ComparableKey("PCR-CEMENT@1.0", "1 t", "cradle-to-gate")
SHA = "#" + "cd" * 32


def cand(number: str, value: float, rule: str | None = "PCR-CEMENT@1.0", unit: str = "1 t",
         boundary: str = "cradle-to-gate", valid: bool = True) -> Candidate:
    return Candidate(number, rule + SHA if rule else None, unit, boundary, value, valid)


def criterion(kind: CriterionKind, threshold: float | None = None, key: ComparableKey = KEY,
              effective: date = date(2026, 1, 1), cid: str = "c1") -> Criterion:
    return Criterion(cid, "agency", f"{kind} criterion", key, kind, threshold, effective,
                     "user", datetime(2026, 1, 1, tzinfo=UTC))


COMPARABLE = [cand("A", 410), cand("B", 380), cand("C", 380), cand("D", 455), cand("E", 520),
              cand("F", 600)]
OTHERS = [cand("G", 300, valid=False), cand("I", 320, rule="PCR-CEMENT@2.0"),
          cand("J", 0.33, unit="1 kg"), cand("K", 700, boundary="cradle-to-grave"),
          cand("L", 350, rule=None), cand("M", 360, rule="PCR-OTHER@1.0")]


def test_ranks_lowest_first_ties_share_the_rank_and_are_listed_by_number() -> None:
    r = rank(reversed(COMPARABLE + OTHERS), KEY, ON)
    assert [(row.candidate.number, row.rank) for row in r.rows] == [
        ("B", 1), ("C", 1), ("A", 3), ("D", 4), ("E", 5), ("F", 6)]


def test_every_non_comparable_result_is_listed_apart_with_its_reason() -> None:
    r = rank(COMPARABLE + OTHERS, KEY, ON)
    assert {c.number: reason for c, reason in r.excluded} == {
        "G": Exclusion.NOT_VALID, "I": Exclusion.OTHER_RULE_VERSION,
        "J": Exclusion.OTHER_UNIT, "K": Exclusion.OTHER_BOUNDARY, "L": Exclusion.NO_RULE,
        "M": Exclusion.OTHER_RULE}


def test_benchmark_and_bands_follow_the_hand_computed_quartiles() -> None:
    r = rank(COMPARABLE + OTHERS, KEY, ON)
    values = [380, 380, 410, 455, 520, 600]
    # by hand (type 7, h = 5p): 380, 380 + .25*30, 410 + .5*45, 455 + .75*65
    expected = (380.0, 387.5, 432.5, 503.75)
    assert (r.benchmark.best5, r.benchmark.q1, r.benchmark.median, r.benchmark.q3) == expected
    assert np.quantile(values, [0.05, 0.25, 0.5, 0.75]).tolist() == list(expected)
    assert [row.band for row in r.rows] == [Band.BEST5, Band.BEST5, Band.BETTER_HALF,
                                            Band.WORSE_HALF, Band.WORST_QUARTILE,
                                            Band.WORST_QUARTILE]


def test_rows_are_marked_against_each_criterion_of_the_key_in_order() -> None:
    quartile = criterion(CriterionKind.BEST_QUARTILE, cid="q")
    limit = criterion(CriterionKind.THRESHOLD, 455.0, cid="t")  # equal to D: D meets it
    median = criterion(CriterionKind.BETTER_HALF, cid="m")
    elsewhere = criterion(CriterionKind.BEST5, key=replace(KEY, declared_unit="1 kg"),
                          cid="x")
    r = rank(COMPARABLE, KEY, ON, [quartile, limit, elsewhere, median])
    assert [c.id for c in r.criteria] == ["q", "t", "m"]  # another key's is not applied
    assert {row.candidate.number: row.meets for row in r.rows} == {
        "B": (True, True, True), "C": (True, True, True), "A": (False, True, True),
        "D": (False, True, False), "E": (False, False, False), "F": (False, False, False)}


def test_a_hidden_benchmark_leaves_statistical_criteria_unjudged_but_not_a_stated_value(
        ) -> None:
    few = COMPARABLE[:4]  # 4 < MINIMUM_COUNT
    quartile, limit = criterion(CriterionKind.BEST5), criterion(CriterionKind.THRESHOLD, 400)
    r = rank(few, KEY, ON, [quartile, limit])
    assert not r.benchmark.shown
    assert [(row.band, row.meets) for row in r.rows] == [
        (None, (None, True)), (None, (None, True)), (None, (None, False)),
        (None, (None, False))]
    assert meets(limit, 400.0, r.benchmark) is True


def test_the_default_key_of_a_unit_is_the_one_with_most_valid_results() -> None:
    pool = COMPARABLE + OTHERS + [cand("V", 1, valid=False, rule="PCR-CEMENT@2.0"),
                                  cand("W", 2, rule="PCR-CEMENT@2.0")]
    keys = keys_for_unit(pool, "1 t")
    assert keys[0] == (KEY, 6)
    assert (ComparableKey("PCR-CEMENT@2.0", "1 t", "cradle-to-gate"), 2) in keys
    assert all(k.declared_unit == "1 t" for k, _ in keys)
    assert keys_for_unit(pool, "1 m3") == []


def test_a_criterion_is_pending_before_its_date_in_force_from_it_and_withdrawn_for_good(
        ) -> None:
    c = criterion(CriterionKind.BEST5, effective=date(2026, 6, 1))
    assert c.state(date(2026, 5, 31)) is CriterionState.PENDING
    assert c.state(date(2026, 6, 1)) is CriterionState.IN_FORCE
    gone = replace(c, withdrawn_at=datetime(2026, 7, 1, tzinfo=UTC), withdrawn_by="u",
                   withdrawal_reason="replaced")
    assert gone.state(date(2026, 6, 2)) is CriterionState.WITHDRAWN
    assert not gone.in_force(date(2027, 1, 1))


@pytest.mark.parametrize(("key", "kind", "threshold", "field"), [
    (replace(KEY, product_rule="PCR-CEMENT"), CriterionKind.BEST5, None, "product_rule"),
    (replace(KEY, product_rule="PCR-CEMENT@1.0#abc"), CriterionKind.BEST5, None,
     "product_rule"),
    (replace(KEY, declared_unit=" "), CriterionKind.BEST5, None, "declared_unit"),
    (replace(KEY, boundary="cradle_to_moon"), CriterionKind.BEST5, None, "boundary"),
    (KEY, CriterionKind.THRESHOLD, None, "threshold"),
    (KEY, CriterionKind.THRESHOLD, 0.0, "threshold"),
    (KEY, CriterionKind.THRESHOLD, float("nan"), "threshold"),
    (KEY, CriterionKind.BEST_QUARTILE, 10.0, "threshold"),
])
def test_a_criterion_with_bad_content_is_refused_naming_the_field(
        key: ComparableKey, kind: CriterionKind, threshold: float | None, field: str) -> None:
    problem = criterion_problem(key, kind, threshold)
    assert problem is not None
    assert problem[0] == field


def test_a_well_formed_criterion_has_no_problem() -> None:
    assert criterion_problem(KEY, CriterionKind.THRESHOLD, 450.0) is None
    assert criterion_problem(KEY, CriterionKind.BEST_QUARTILE, None) is None
