"""Penalty records on SQLite and PostgreSQL: recorded by a regulator's staff for a party within
its jurisdiction, reviewed by another person with a redaction log, published for its class's
period (a warning alone refused unless flagged), shown publicly only during that period,
withdrawn with a reason, expired by the sweep; every step audited. Regulators of another
province find nothing, non-regulators are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from carbonlabel.adapters.data_keys import PREFIX
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.penalties import (
    PartyKind,
    PenaltyClass,
    PenaltyState,
    PublicityClass,
)
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.supervision import penalties
from carbonlabel.services.supervision.penalties import RedactionRequest
from tests.support.platform import seed_tenant
from tests.support.supervision import colleague, regulator
from tests.support.supervision_penalties import bureau, fields, seed_published_penalty


def test_a_penalty_goes_from_draft_to_public_and_expires_after_its_period(
        make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD-440300", "sz@reg.example")
    reviewer = colleague(make_uow, recorder, "sz-review@reg.example", Role.DECISION_MAKER)
    with make_uow(write=True) as uow:
        draft = penalties.record(uow, recorder, fields())
    assert (draft.state, draft.publicity_class) == (PenaltyState.DRAFT, PublicityClass.ORDINARY)
    with make_uow() as uow:
        org = uow.organisations.get(recorder.organisation_id)
        assert org is not None
        stored = penalties.get_penalty(uow, recorder, draft.id)
    assert (stored.authority, stored.authority_code) == (org.name, org.credit_code)
    assert stored.fields.fine == Decimal("3")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as self_review:
        penalties.review(uow, recorder, draft.id, confidentiality_checked=True)
    assert self_review.value.rule == "four_eyes"
    with make_uow(write=True) as uow:
        penalties.review(uow, reviewer, draft.id, confidentiality_checked=True)
    with make_uow() as uow:  # reviewed, not yet public
        assert penalties.public_page(uow, date(2026, 12, 1), 0, 10).total == 0
    with make_uow(write=True) as uow:
        published = penalties.publish(uow, recorder, draft.id, on=date(2026, 12, 1))
    assert (published.publicity_start, published.publicity_end) == (date(2026, 12, 1),
                                                                    date(2029, 12, 1))
    with make_uow() as uow:
        assert penalties.public_page(uow, date(2026, 11, 30), 0, 10).total == 0
        assert [p.id for p in penalties.public_page(uow, date(2029, 12, 1), 0, 10).items] == [
            draft.id]
        assert penalties.public_page(uow, date(2029, 12, 2), 0, 10).total == 0
    with make_uow(write=True) as uow:
        assert penalties.expire_due(uow, date(2029, 12, 1)) == []
    with make_uow(write=True) as uow:
        assert [p.id for p in penalties.expire_due(uow, date(2029, 12, 2))] == [draft.id]
    with make_uow() as uow:
        assert penalties.get_penalty(uow, recorder, draft.id).state is PenaltyState.EXPIRED
        actions = [r.action for r in uow.audit.chain()[0] if r.entity_id == draft.id]
    assert actions == ["penalty.recorded", "penalty.reviewed", "penalty.published",
                       "penalty.expired"]


def test_a_warning_only_penalty_is_refused_for_publication_unless_flagged(
        make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    reviewer = colleague(make_uow, recorder, "gd-review@reg.example", Role.ADMIN)
    warning = frozenset({PenaltyClass.WARNING})
    ids = []
    for number, flagged in (("粤市监罚〔2026〕1号", False), ("粤市监罚〔2026〕2号", True)):
        with make_uow(write=True) as uow:
            made = penalties.record(uow, recorder, fields(
                classes=warning, fine=None, decision_number=number, content="警告",
                law_requires_publicity=flagged))
        with make_uow(write=True) as uow:
            penalties.review(uow, reviewer, made.id, confidentiality_checked=True)
        ids.append(made.id)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        penalties.publish(uow, recorder, ids[0])
    assert refused.value.rule == "warning_only"
    with make_uow(write=True) as uow:
        assert penalties.publish(uow, recorder, ids[1]).state is PenaltyState.PUBLISHED
    with make_uow() as uow:
        assert penalties.get_penalty(uow, recorder, ids[0]).state is PenaltyState.REVIEWED


def test_the_review_redacts_free_text_and_logs_each_redaction(make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    reviewer = colleague(make_uow, recorder, "gd-review@reg.example", Role.AUDITOR)
    facts = "供应商某某（配方 X-17）提供的数据不实，标示值 52.1 与证书值 61.4 不符。"
    with make_uow(write=True) as uow:
        made = penalties.record(uow, recorder, fields(facts=facts))
    with make_uow(write=True) as uow, pytest.raises(InputError) as unchecked:
        penalties.review(uow, reviewer, made.id, confidentiality_checked=False)
    assert unchecked.value.field == "confidentiality_checked"
    with make_uow(write=True) as uow, pytest.raises(InputError) as not_text:
        penalties.review(uow, reviewer, made.id, True,
                         (RedactionRequest("CF_WSH", "x", "商业秘密"),))
    assert not_text.value.field == "redactions"
    redacted = "供应商***提供的数据不实，标示值 52.1 与证书值 61.4 不符。"
    with make_uow(write=True) as uow:
        penalties.review(uow, reviewer, made.id, True,
                         (RedactionRequest("CF_SY", redacted, "商业秘密（配方）"),))
    with make_uow() as uow:
        done = penalties.get_penalty(uow, recorder, made.id)
    assert done.fields.facts == redacted
    assert [(r.code, r.reason, r.by, r.removed_chars) for r in done.redactions] == [
        ("CF_SY", "商业秘密（配方）", reviewer.id, len(facts) - len(redacted))]


def test_regulators_act_within_their_jurisdiction_only(make_uow: UowFactory) -> None:
    shenzhen = bureau(make_uow, "CN-GD-440300", "sz@reg.example")
    jiangsu = bureau(make_uow, "CN-JS", "js@reg.example")
    national = bureau(make_uow, "CN", "cn@reg.example")
    viewer = colleague(make_uow, shenzhen, "sz-viewer@reg.example", Role.VIEWER)
    enterprise = seed_tenant(make_uow, "企业 Enterprise")
    with make_uow(write=True) as uow, pytest.raises(InputError) as outside:
        penalties.record(uow, shenzhen, fields(party_region="CN-GD-440100"))
    assert outside.value.field == "party_region"
    ids = seed_published_penalty(make_uow, shenzhen)
    with make_uow() as uow:
        with pytest.raises(NotFoundError):
            penalties.get_penalty(uow, jiangsu, ids["penalty_id"])
        assert penalties.penalties_page(uow, jiangsu, 0, 10).total == 0
        assert penalties.penalties_page(uow, national, 0, 10).total == 1
        assert penalties.get_penalty(uow, viewer, ids["penalty_id"]).id == ids["penalty_id"]
        with pytest.raises(PermissionDeniedError):
            penalties.penalties_page(uow, enterprise.admin, 0, 10)
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError) as not_ours:
        penalties.withdraw(uow, national, ids["penalty_id"], "错误")
    assert not_ours.value.field == "regulator"
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        penalties.withdraw(uow, viewer, ids["penalty_id"], "错误")
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        penalties.record(uow, viewer, fields(decision_number="另一个"))


def test_a_regulator_without_a_credit_code_cannot_record(make_uow: UowFactory) -> None:
    nameless = regulator(make_uow, "CN-GD", "gd@reg.example")
    with make_uow(write=True) as uow, pytest.raises(InputError) as refused:
        penalties.record(uow, nameless, fields())
    assert refused.value.field == "authority_code"


def test_a_decision_number_is_recorded_once_per_regulator(make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    with make_uow(write=True) as uow:
        first = penalties.record(uow, recorder, fields())
        penalties.record(uow, recorder, fields(decision_number="粤市监罚〔2026〕9号"))
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        penalties.record(uow, recorder, fields())
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        penalties.edit(uow, recorder, first.id, fields(decision_number="粤市监罚〔2026〕9号"))
    with make_uow(write=True) as uow:
        edited = penalties.edit(uow, recorder, first.id, fields(fine=Decimal("2.5")))
    assert edited.fields.fine == Decimal("2.5")


def test_a_withdrawn_record_leaves_the_public_page_and_needs_a_reason(
        make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    ids = seed_published_penalty(make_uow, recorder, on=date(2026, 12, 1))
    with make_uow(write=True) as uow, pytest.raises(InputError) as no_reason:
        penalties.withdraw(uow, recorder, ids["penalty_id"], " ")
    assert no_reason.value.field == "reason"
    with make_uow(write=True) as uow:
        penalties.withdraw(uow, recorder, ids["penalty_id"], "行政复议撤销原处罚决定")
    with make_uow() as uow:
        assert penalties.public_page(uow, date(2026, 12, 2), 0, 10).total == 0
        gone = penalties.get_penalty(uow, recorder, ids["penalty_id"])
    assert (gone.state, gone.closing_note) == (PenaltyState.WITHDRAWN, "行政复议撤销原处罚决定")
    with make_uow(write=True) as uow, pytest.raises(WorkflowError):
        penalties.publish(uow, recorder, ids["penalty_id"])


def test_a_serious_case_is_not_repaired_but_an_ordinary_one_is(make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    serious = seed_published_penalty(
        make_uow, recorder, classes=frozenset({PenaltyClass.PRODUCTION_STOPPED}), fine=None,
        restriction_end=date(2032, 6, 30), decision_number="粤市监罚〔2026〕7号",
        on=date(2026, 12, 1))
    ordinary = seed_published_penalty(make_uow, recorder, on=date(2026, 12, 1))
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as refused:
        penalties.repair(uow, recorder, serious["penalty_id"], "信用修复决定书 1 号")
    assert refused.value.rule == "serious_not_repairable"
    with make_uow(write=True) as uow:
        done = penalties.repair(uow, recorder, ordinary["penalty_id"], "信用修复决定书 2 号")
    assert done.state is PenaltyState.REPAIRED
    with make_uow() as uow:
        shown = penalties.public_page(uow, date(2030, 1, 1), 0, 10).items
    assert [(p.id, p.publicity_end) for p in shown] == [(serious["penalty_id"],
                                                         date(2032, 6, 30))]


def test_an_identity_document_number_is_encrypted_at_rest(make_uow: UowFactory) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    with make_uow(write=True) as uow:
        made = penalties.record(uow, recorder, fields(
            party_kind=PartyKind.NATURAL_PERSON, credit_code="", party_name="王五",
            id_type="身份证", id_number="440301199001011234"))
    with make_uow() as uow:
        stored = uow.session.execute(
            text("SELECT id_number FROM penalty_records WHERE id = :id"), {"id": made.id}
        ).scalar_one()
        assert penalties.get_penalty(uow, recorder, made.id).fields.id_number == (
            "440301199001011234")
    assert stored.startswith(PREFIX)
    assert "440301199001011234" not in stored
