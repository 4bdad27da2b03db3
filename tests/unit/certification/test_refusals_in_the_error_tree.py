"""A certification step the domain refuses is one of the platform's errors (409
``workflow_refused``, exit 2) with its rule, field and a message in Chinese and English, so
that every interface maps it without a translation of its own."""

from __future__ import annotations

import pytest

from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    change_status,
)
from carbonlabel.domain.certification.rules import check_scope
from carbonlabel.domain.certification.states import CaseAction, CaseState, apply
from carbonlabel.errors import WorkflowError


def test_a_transition_the_state_does_not_allow_is_a_workflow_error_in_both_languages() -> None:
    with pytest.raises(WorkflowError) as info:
        apply(CaseState.GRANTED, CaseAction.ACCEPT)
    err = info.value
    assert (err.code, err.status_hint, err.exit_code) == ("workflow_refused", 409, 2)
    assert (err.field, err.rule) == ("action", "transition_not_allowed")
    assert err.message_en.startswith("action 'accept' is not allowed in state 'granted'")
    assert err.message_zh == "项目处于「已获证」状态，不允许执行「accept」"


def test_a_certificate_status_change_not_allowed_is_a_workflow_error() -> None:
    with pytest.raises(WorkflowError) as info:
        change_status(CertificateStatus.WITHDRAWN, CertificateAction.RESTORE)
    err = info.value
    assert (err.field, err.rule) == ("action", "status_change")
    assert err.message_zh == "证书状态为「withdrawn」，不允许「restore」"
    assert "'withdrawn'" in err.message_en


def test_a_certification_rule_refusing_is_a_workflow_error_naming_its_rule() -> None:
    with pytest.raises(WorkflowError) as info:
        check_scope(None, "cement")
    err = info.value
    assert err.code == "workflow_refused"
    assert err.rule
    assert err.field
    assert err.message_zh
    assert err.message_en
