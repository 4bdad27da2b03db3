"""The on-pack value against the certified value (hand-worked intervals), and every
(state, action) pair of the supervision case table, allowed and refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carbonlabel.domain.supervision import onpack
from carbonlabel.domain.supervision.cases import (
    TRANSITIONS,
    CaseAction,
    CaseState,
    CaseTransitionError,
    Source,
    SupervisionCase,
    apply,
)


def test_twelve_point_four_is_not_a_rounding_of_twelve_point_three() -> None:
    # the boundary: |12.4 - 12.3| = 0.1 = 0.05 + 0.05, the intervals just touch
    assert not onpack.differs(onpack.read_printed("12.4", "kg"), "12.3")
    assert onpack.differs(onpack.read_printed("12.41", "kg"), "12.3")  # 0.11 > 0.005 + 0.05


@pytest.mark.parametrize(("printed", "unit", "certified", "expected"), [
    ("12.3", "kg CO2e", "12.3", False),
    ("12", "kg CO2e", "12.3", False),
    ("12.5", "kg CO2e", "12.3", True),
    ("12300", "g CO2e", "12.3", False),
    ("12600", "g", "12.3", True),
    ("0.0123", "t CO2e", "12.3", False),
    ("0.013", "吨", "12.3", True),
    ("0.012", "t", "12.3", False),
    ("714", "千克", "714.0", False),
    ("715", "kg", "714.0", True),
    ("714,4", "kg", "714.0", True),  # 0.4 > 0.05 + 0.05
    ("714,1", "kg", "714.0", False),  # 0.1 ≤ 0.05 + 0.05
])
def test_a_printed_value_differs_only_beyond_both_roundings(printed: str, unit: str,
                                                            certified: str,
                                                            expected: bool) -> None:
    assert onpack.differs(onpack.read_printed(printed, unit), certified) is expected


@pytest.mark.parametrize(("value", "unit", "field"), [
    ("12.3.4", "kg", "value"), ("-1", "kg", "value"), ("1e3", "kg", "value"), ("", "kg", "value"),
    ("12", "lb", "unit"), ("12", "kWh", "unit")])
def test_an_unreadable_value_or_unit_is_refused_naming_its_field(value: str, unit: str,
                                                                 field: str) -> None:
    with pytest.raises(onpack.OnPackError) as refused:
        onpack.read_printed(value, unit)
    assert refused.value.field == field


ALLOWED = {
    (CaseState.OPENED, CaseAction.ASSIGN): CaseState.ASSIGNED,
    (CaseState.OPENED, CaseAction.CLOSE): CaseState.CLOSED,
    (CaseState.ASSIGNED, CaseAction.ASSIGN): CaseState.ASSIGNED,
    (CaseState.ASSIGNED, CaseAction.INVESTIGATE): CaseState.INVESTIGATING,
    (CaseState.INVESTIGATING, CaseAction.ASSIGN): CaseState.INVESTIGATING,
    (CaseState.INVESTIGATING, CaseAction.RECORD_FINDINGS): CaseState.INVESTIGATING,
    (CaseState.INVESTIGATING, CaseAction.CLOSE): CaseState.CLOSED,
    (CaseState.INVESTIGATING, CaseAction.ESCALATE): CaseState.ESCALATED,
}


@pytest.mark.parametrize("state", list(CaseState))
@pytest.mark.parametrize("action", list(CaseAction))
def test_every_state_and_action_pair_is_allowed_or_refused_as_listed(
        state: CaseState, action: CaseAction) -> None:
    if (state, action) in ALLOWED:
        assert apply(state, action) is ALLOWED[(state, action)]
    else:
        with pytest.raises(CaseTransitionError) as refused:
            apply(state, action)
        assert refused.value.rule == "case_transition_not_allowed"
    assert sum(len(v) for v in TRANSITIONS.values()) == len(ALLOWED)


def _case(state: CaseState) -> SupervisionCase:
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    return SupervisionCase("c", "JG-2026-000001", "r", Source.ALERT, "a", None, None, None,
                           None, None, "", state, None, "", None, None, None, "u", at,
                           date(2026, 3, 4), date(2026, 3, 31), None, at)


def test_a_case_is_overdue_unassigned_after_three_days_or_unconcluded_after_thirty() -> None:
    assert not _case(CaseState.OPENED).overdue(date(2026, 3, 4))
    assert _case(CaseState.OPENED).overdue(date(2026, 3, 5))
    assert not _case(CaseState.ASSIGNED).overdue(date(2026, 3, 31))
    assert _case(CaseState.INVESTIGATING).overdue(date(2026, 4, 1))
    assert not _case(CaseState.CLOSED).overdue(date(2027, 1, 1))
