"""Administrative penalty records (双公示) of a regulator: recorded as drafts by its staff for
parties within its jurisdiction, reviewed by another person (confidentiality and redaction),
published for the period of their class, withdrawn, repaired or expired by the sweep
(domain/supervision/penalties.py). The deciding authority and the data source are the
regulator organisation, with its unified social credit code.

Regulators of the jurisdiction read every record of a party within it; only the deciding
regulator's staff act on a record, and viewers only read. Each command checks, writes with its
audit record and commits last.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.organisation_identity import credit_code_problem
from carbonlabel.domain.supervision.penalties import (
    Penalty,
    PenaltyAction,
    PenaltyFields,
    PenaltyState,
    PublicityClass,
    Redaction,
    apply,
    check_fields,
    check_publication_day,
    check_publishable,
    publicity_end,
    with_text,
)
from carbonlabel.domain.supervision.penalty_template import BY_CODE, REDACTABLE
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.supervision.regulators import jurisdiction_of, require_regulator_role

#: who of a regulator's staff acts on penalty records (viewers only read)
ACTING_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.AUDITOR, Role.DECISION_MAKER})
MAX_REASON = 2000
ENTITY = "penalty_record"


@dataclass(frozen=True)
class RedactionRequest:
    code: str  # the template field's code (one of REDACTABLE)
    text: str  # the field's text as published
    reason: str


def _now(at: datetime | None) -> datetime:
    return at or datetime.now(UTC)


def _fail(field: str, zh: str, en: str) -> InputError:
    return InputError(field=field, message_zh=zh, message_en=en)


def _audit(uow: UnitOfWork, actor: User | None, action: str, p: Penalty,
           before: dict[str, object] | None = None,
           after: dict[str, object] | None = None) -> None:
    uow.audit.append(actor_id=actor.id if actor else None,
                     organisation_id=actor.organisation_id if actor else p.regulator_id,
                     action=f"penalty.{action}", entity=ENTITY, entity_id=p.id,
                     before=before, after={"state": p.state.value,
                                           "decision_number": p.fields.decision_number,
                                           **(after or {})})


def _checked_within(uow: UnitOfWork, actor: User, fields: PenaltyFields) -> PenaltyFields:
    jurisdiction = jurisdiction_of(uow, actor)
    require_regulator_role(actor, ACTING_ROLES)
    checked = check_fields(fields)
    if not jurisdiction.covers(checked.party_region):
        raise _fail("party_region", "当事人所在地区不在本机关辖区内",
                    "the party's region lies outside your jurisdiction")
    return checked


def record(uow: UnitOfWork, actor: User, fields: PenaltyFields,
           at: datetime | None = None) -> Penalty:
    """A new draft record, decided by the actor's regulator (its name and credit code)."""
    checked = _checked_within(uow, actor, fields)
    org = uow.organisations.get(actor.organisation_id)
    assert org is not None
    if not org.credit_code or credit_code_problem(org.credit_code) is not None:
        raise _fail("authority_code", "本机关尚未登记有效的统一社会信用代码（组织信息中设置）",
                    "your organisation has no valid unified social credit code yet (set it "
                    "in the organisation's identity)")
    assert checked.publicity_class is not None
    penalty = Penalty(new_id(), org.id, PenaltyState.DRAFT, checked, checked.publicity_class,
                      org.name, org.credit_code, actor.id, _now(at), actor.id)
    uow.penalties.add(penalty)
    _audit(uow, actor, "recorded", penalty, after={"party_region": checked.party_region})
    uow.commit()
    return penalty


def get_penalty(uow: UnitOfWork, actor: User, penalty_id: str) -> Penalty:
    """A record whose party lies within the actor's jurisdiction; NotFoundError for any other."""
    jurisdiction = jurisdiction_of(uow, actor)
    penalty = uow.penalties.get(penalty_id)
    if penalty is None or not jurisdiction.covers(penalty.fields.party_region):
        raise NotFoundError(field="penalty_id", message_en="no such penalty record",
                            message_zh="没有该行政处罚信息")
    return penalty


def people(uow: UnitOfWork, penalty: Penalty) -> dict[str, str]:
    """The names of those who recorded, edited and reviewed a record (by user id)."""
    ids = {penalty.recorded_by, penalty.edited_by, penalty.reviewed_by,
           *(r.by for r in penalty.redactions)}
    found = {i: uow.users.get(i) for i in ids if i}
    return {i: u.display_name for i, u in found.items() if u is not None}


def penalties_page(uow: UnitOfWork, actor: User, offset: int, limit: int,
                   state: PenaltyState | None = None) -> Page[Penalty]:
    return uow.penalties.page_within(jurisdiction_of(uow, actor), offset, limit, state)


def _own(uow: UnitOfWork, actor: User, penalty_id: str, action: PenaltyAction) -> Penalty:
    """A record the actor's regulator decided, whose state allows ``action``."""
    penalty = get_penalty(uow, actor, penalty_id)
    require_regulator_role(actor, ACTING_ROLES)
    if penalty.regulator_id != actor.organisation_id:
        raise PermissionDeniedError(field="regulator",
                                    message_en="only the deciding authority's staff act on "
                                               "this record",
                                    message_zh="仅作出处罚决定的机关人员可处理该信息")
    apply(penalty.state, action)
    return penalty


def edit(uow: UnitOfWork, actor: User, penalty_id: str, fields: PenaltyFields,
         at: datetime | None = None) -> Penalty:
    """A draft's fields replaced (the editor counts as its author for the four-eyes rule)."""
    penalty = _own(uow, actor, penalty_id, PenaltyAction.EDIT)
    checked = _checked_within(uow, actor, fields)
    assert checked.publicity_class is not None
    edited = replace(penalty, fields=checked, publicity_class=checked.publicity_class,
                     edited_by=actor.id)
    uow.penalties.save(edited)
    _audit(uow, actor, "edited", edited,
           before={"decision_number": penalty.fields.decision_number})
    uow.commit()
    return edited


def review(uow: UnitOfWork, actor: User, penalty_id: str, confidentiality_checked: bool,
           redactions: tuple[RedactionRequest, ...] = (), at: datetime | None = None) -> Penalty:
    """Reviewed by another person than its recorder and editor: no state secret (checked), trade
    secrets and personal information redacted in the free-text fields, each redaction logged
    with its reason (the removed text is not kept)."""
    penalty = _own(uow, actor, penalty_id, PenaltyAction.REVIEW)
    if actor.id in (penalty.recorded_by, penalty.edited_by):
        raise WorkflowError(rule="four_eyes", field="reviewer",
                            message_zh="审核人不能是登记或修改该信息的人员",
                            message_en="the reviewer must be another person than the one who "
                                       "recorded or edited the record")
    if not confidentiality_checked:
        raise _fail("confidentiality_checked", "请确认已完成保密审查（不含国家秘密）",
                    "confirm the confidentiality review (no state secrets)")
    when = _now(at)
    fields, log = penalty.fields, list(penalty.redactions)
    for asked in redactions:
        if asked.code not in REDACTABLE:
            raise _fail("redactions", f"字段 {asked.code} 不能在审核中修改",
                        f"the field {asked.code} cannot be redacted")
        if not asked.reason.strip():
            raise _fail("redactions", "请说明每处删改的理由（商业秘密、个人信息）",
                        "give the reason of each redaction (trade secret, personal data)")
        attr = BY_CODE[asked.code].attr
        old: str = getattr(fields, attr)
        if asked.text == old:
            continue
        if asked.code in {"CF_SY", "CF_YJ", "CF_NR"} and not asked.text.strip():
            raise _fail("redactions", "必填字段删改后不能为空",
                        "a mandatory field cannot be redacted to nothing")
        fields = with_text(fields, attr, asked.text.strip())
        log.append(Redaction(asked.code, asked.reason.strip()[:MAX_REASON], actor.id, when,
                             max(0, len(old) - len(asked.text.strip()))))
    reviewed = replace(penalty, state=PenaltyState.REVIEWED, fields=fields,
                       reviewed_by=actor.id, reviewed_at=when, redactions=tuple(log))
    uow.penalties.save(reviewed)
    _audit(uow, actor, "reviewed", reviewed, before={"state": penalty.state.value},
           after={"redacted": [r.code for r in log[len(penalty.redactions):]]})
    uow.commit()
    return reviewed


def publish(uow: UnitOfWork, actor: User, penalty_id: str, on: date | None = None,
            at: datetime | None = None) -> Penalty:
    """Published from ``on`` (default today) for its class's period; a warning alone is
    refused unless a law requires its publication (flagged)."""
    penalty = _own(uow, actor, penalty_id, PenaltyAction.PUBLISH)
    check_publishable(penalty)
    when = _now(at)
    start = on or when.date()
    check_publication_day(penalty, start)
    published = replace(penalty, state=PenaltyState.PUBLISHED, published_at=when,
                        publicity_start=start,
                        publicity_end=publicity_end(penalty.publicity_class, start,
                                                    penalty.fields.restriction_end))
    uow.penalties.save(published)
    _audit(uow, actor, "published", published, before={"state": penalty.state.value},
           after={"publicity_start": start.isoformat(),
                  "publicity_end": published.publicity_end.isoformat()
                  if published.publicity_end else None})
    uow.commit()
    return published


def _close(uow: UnitOfWork, actor: User, penalty: Penalty, to: PenaltyState, note: str,
           at: datetime | None, action: str) -> Penalty:
    closed = replace(penalty, state=to, closed_at=_now(at), closing_note=note)
    uow.penalties.save(closed)
    _audit(uow, actor, action, closed, before={"state": penalty.state.value},
           after={"note": note})
    uow.commit()
    return closed


def withdraw(uow: UnitOfWork, actor: User, penalty_id: str, reason: str,
             at: datetime | None = None) -> Penalty:
    """Withdrawn (the decision was revoked or changed, or recorded in error), with its reason;
    a published record leaves the public page at once."""
    penalty = _own(uow, actor, penalty_id, PenaltyAction.WITHDRAW)
    if not reason.strip():
        raise _fail("reason", "请说明撤回的理由", "say why the record is withdrawn")
    return _close(uow, actor, penalty, PenaltyState.WITHDRAWN, reason.strip()[:MAX_REASON], at,
                  "withdrawn")


def repair(uow: UnitOfWork, actor: User, penalty_id: str, note: str,
           at: datetime | None = None) -> Penalty:
    """Publicity ended early by credit repair (信用修复), with the decision's reference; a
    serious case is published for its whole restriction period and cannot be repaired."""
    penalty = _own(uow, actor, penalty_id, PenaltyAction.REPAIR)
    if penalty.publicity_class is PublicityClass.SERIOUS:
        raise WorkflowError(rule="serious_not_repairable", field="publicity_class",
                            message_zh="严重违法的处罚信息在限制期内不能信用修复",
                            message_en="a serious case cannot be repaired during its "
                                       "restriction period")
    if not note.strip():
        raise _fail("note", "请填写信用修复决定的依据", "give the credit-repair decision")
    return _close(uow, actor, penalty, PenaltyState.REPAIRED, note.strip()[:MAX_REASON], at,
                  "repaired")


def expire_due(uow: UnitOfWork, day: date, at: datetime | None = None) -> list[Penalty]:
    """The sweep: every published record whose publicity ended before ``day`` expires, as the
    system (idempotent: run it daily)."""
    expired: list[Penalty] = []
    for penalty in uow.penalties.past_publicity(day):
        apply(penalty.state, PenaltyAction.EXPIRE)
        done = replace(penalty, state=PenaltyState.EXPIRED, closed_at=_now(at))
        uow.penalties.save(done)
        _audit(uow, None, "expired", done, before={"state": penalty.state.value})
        expired.append(done)
    uow.commit()
    return expired


def public_page(uow: UnitOfWork, day: date, offset: int, limit: int) -> Page[Penalty]:
    """What anyone sees (no sign-in): published records within their publicity period."""
    return uow.penalties.public_page(day, offset, limit)


def own_records(uow: UnitOfWork, actor: User) -> list[Penalty]:
    """Every record the actor's regulator decided, for its own export (any state)."""
    jurisdiction_of(uow, actor)
    return uow.penalties.of_regulator(actor.organisation_id)

