"""Every (state, action) pair of the case table and of the certificate status table, with the
guards of the rules (ISO/IEC 17065 7.4, 7.6, 7.11): allowed with clean facts; refused with an
open nonconformity where it blocks, without a reason where one is needed, without evidence
for a restore; refused by the table everywhere else, whatever the facts."""

from __future__ import annotations

import itertools

import pytest

from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    StatusChangeNotAllowedError,
)
from carbonlabel.domain.certification.rules import (
    MAX_REASON,
    CaseFacts,
    CertificationRuleError,
    StatusFacts,
    check_status_change,
    check_step,
)
from carbonlabel.domain.certification.states import (
    CaseAction,
    CaseState,
    TransitionNotAllowedError,
)
from tests.unit.certification.test_case_transitions import EXPECTED
from tests.unit.certification.test_certificate_rules import EXPECTED_STATUS

A, S, C, CA = CaseAction, CaseState, CertificateStatus, CertificateAction

#: written out from the issue: the actions an open nonconformity blocks, those needing a reason
BLOCKED_BY_OPEN_NC = {A.COMPLETE_VERIFICATION, A.COMPLETE_EVALUATION, A.GRANT, A.REFUSE}
NEED_A_REASON = {A.REJECT, A.GRANT, A.REFUSE}
CLEAN = CaseFacts(open_nonconformities=0, reason="依据 / grounds")
PAIRS = list(itertools.product(CaseState, CaseAction))


@pytest.mark.parametrize(("state", "action"), PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_each_case_state_and_action_with_the_guards(state: CaseState,
                                                    action: CaseAction) -> None:
    if (state, action) not in EXPECTED:
        for facts in (CLEAN, CaseFacts(2, ""), CaseFacts(0, "")):
            with pytest.raises(TransitionNotAllowedError):
                check_step(state, action, facts)
        return
    assert check_step(state, action, CLEAN) is EXPECTED[(state, action)]
    with_open_nc = CaseFacts(open_nonconformities=1, reason=CLEAN.reason)
    if action in BLOCKED_BY_OPEN_NC:
        with pytest.raises(CertificationRuleError) as info:
            check_step(state, action, with_open_nc)
        assert info.value.rule == "open_nonconformities"
    else:
        assert check_step(state, action, with_open_nc) is EXPECTED[(state, action)]
    for blank in ("", "   \n"):
        if action in NEED_A_REASON:
            with pytest.raises(CertificationRuleError) as info:
                check_step(state, action, CaseFacts(0, blank))
            assert info.value.rule == "reason_required"
        else:
            assert check_step(state, action, CaseFacts(0, blank)) is EXPECTED[(state, action)]


@pytest.mark.parametrize("action", sorted(NEED_A_REASON))
def test_a_reason_is_bounded(action: CaseAction) -> None:
    state = S.APPLIED if action is A.REJECT else S.DECISION
    assert check_step(state, action, CaseFacts(0, "x" * MAX_REASON))
    with pytest.raises(CertificationRuleError) as info:
        check_step(state, action, CaseFacts(0, "x" * (MAX_REASON + 1)))
    assert info.value.rule == "reason_too_long"


STATUS_PAIRS = list(itertools.product(C, CA))
GOOD = StatusFacts(reason="监督不合格 / nonconforming", evidence="复查报告 / re-inspection report")


@pytest.mark.parametrize(("status", "action"), STATUS_PAIRS,
                         ids=[f"{s}-{a}" for s, a in STATUS_PAIRS])
def test_each_certificate_status_and_action_with_the_guards(
        status: CertificateStatus, action: CertificateAction) -> None:
    if (status, action) not in EXPECTED_STATUS:
        for facts in (GOOD, StatusFacts()):
            with pytest.raises(StatusChangeNotAllowedError):
                check_status_change(status, action, facts)
        return
    assert check_status_change(status, action, GOOD) is EXPECTED_STATUS[(status, action)]
    with pytest.raises(CertificationRuleError) as info:  # every status change gives a reason
        check_status_change(status, action, StatusFacts(reason=" ", evidence=GOOD.evidence))
    assert info.value.rule == "reason_required"
    no_evidence = StatusFacts(reason=GOOD.reason, evidence="  ")
    if action is CA.RESTORE:
        with pytest.raises(CertificationRuleError) as info:
            check_status_change(status, action, no_evidence)
        assert info.value.rule == "restore_evidence"
        assert info.value.field == "evidence"
    else:
        assert check_status_change(status, action, no_evidence) is (
            EXPECTED_STATUS[(status, action)])
