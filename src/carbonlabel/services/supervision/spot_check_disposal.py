"""The certification body's side of a spot check: the nonconforming results waiting for its
disposal (its required actions) and the disposal itself, through certification's own status
change (services/supervision/spot_checks.py describes the whole path)."""

from __future__ import annotations

from datetime import UTC, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.certification.labels import change_certificate_status

#: who of a certification body disposes of a required action (as for any status change)
BODY_ROLES = frozenset({Role.ADMIN, Role.DECISION_MAKER})


def _body_staff(uow: UnitOfWork, actor: User) -> None:
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.CERTIFICATION_BODY:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only a certification body may do this",
                                    message_zh="仅认证机构可执行此操作")


def required_actions(uow: UnitOfWork, actor: User) -> list[sc.Item]:
    """The actor's body's spot-check results waiting for its disposal, soonest due first."""
    _body_staff(uow, actor)
    return uow.spot_checks.awaiting_disposal(actor.organisation_id)


def body_item(uow: UnitOfWork, actor: User, item_id: str) -> sc.Item:
    """One spot-check item of the actor's body's certificates (not found for any other)."""
    _body_staff(uow, actor)
    item = uow.spot_checks.item(item_id)
    if item is None or item.body_id != actor.organisation_id or item.result is None:
        raise NotFoundError(field="item_id", message_en="no such spot-check item",
                            message_zh="没有该抽查批次")
    return item


def dispose(uow: UnitOfWork, actor: User, item_id: str, disposal: sc.Disposal,
            note: str) -> sc.Item:
    """The body's admin or decision maker acts on a nonconforming result: suspends or withdraws
    the certificate through certification's status change (the spot check named as the reason,
    the holder noticed), or keeps the correction deadline of a minor one. Commits once."""
    item = body_item(uow, actor, item_id)
    if actor.role not in BODY_ROLES:
        raise PermissionDeniedError(field="role",
                                    message_en="only the body's admin or decision maker",
                                    message_zh="仅认证机构的管理员或决定人员可执行")
    state = sc.next_item_state(item.state, sc.ItemAction.DISPOSE)
    assert item.result is not None
    sc.check_disposal(item.result.outcome, disposal)
    text = note.strip()
    if not text or len(text) > 2000:
        raise InputError(field="note", message_en="say what the body decided (up to 2000 "
                                                  "characters)",
                         message_zh="请说明认证机构的处置决定（最多 2000 个字符）")
    campaign = uow.spot_checks.campaign(item.campaign_id)
    assert campaign is not None
    source = (f"认证有效性抽查 {campaign.draft.year} 第{campaign.draft.round}批 / spot check "
              f"{campaign.draft.year}-{campaign.draft.round} ({item.id}): {text}")[:2000]
    with uow.atomic():  # the status change's own commit waits for the end of the block
        if disposal is not sc.Disposal.CORRECT:
            action = (CertificateAction.SUSPEND if disposal is sc.Disposal.SUSPEND
                      else CertificateAction.WITHDRAW)
            change_certificate_status(uow, actor, item.certificate_id, action, source,
                                      settles_spot_checks=False)
        updated = uow.spot_checks.update_item(item.id, state=state, disposal=disposal,
                                              disposal_note=text, disposed_by=actor.id,
                                              disposed_at=datetime.now(UTC))
        uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                         action="spot_check.disposed", entity="spot_check_item",
                         entity_id=item.id, before={"state": item.state.value},
                         after={"certificate": item.certificate_number,
                                "disposal": disposal.value, "note": text})
    return updated
