"""Sharing policy: classify data, approve releases, grant inventories, decide and log releases.

This module is the one place that decides whether a footprint (or its inventory) may leave its
owner and that records every release. Every channel that sends footprint data out of the owner
(PACT API, PACT events, file export, platform requests) calls :func:`check_release` before
and :func:`log_release` after, in the same unit of work, and commits.

Each command here (classify, approve or revoke a release, grant or revoke an inventory, read a
granted inventory) is one transaction: it commits its unit of work once every check passed;
a refused read of a granted inventory keeps its ``data.release_refused`` record (committed)
before it raises.

Classifications are kept per footprint record: the *footprint* classification governs the
aggregate PCF, the *inventory* classification the model version behind it and the result's
breakdown by process. Both are keyed by the footprint's id.

Audit records: ``data.classified``, ``release.approved``, ``release.revoked``,
``inventory.granted``, ``inventory.grant_revoked``; ``data.released`` (one record per
footprint released, entity ``footprint``, so that a footprint's audit trail lists every
release of it) and ``data.release_refused``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from carbonlabel.adapters.db.audit_log import AuditEntry
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.exchange.records import ClassificationRecord, Partner
from carbonlabel.domain.exchange.sharing import (
    DEFAULT_CLASSIFICATION,
    Classification,
    DataKind,
    InventoryGrant,
    Recipient,
    ReleaseApproval,
    ReleaseDecision,
    decide_release,
)
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import Action, Organisation, User
from carbonlabel.errors import ConflictError, InputError, NotFoundError, WorkflowError
from carbonlabel.services.accounts.users import new_id, require

#: How data leaves its owner; every release names one.
CHANNELS = frozenset({"pact-api-v2", "pact-api-v3", "pact-event", "file-export",
                      "platform-request", "inventory-grant"})
MAX_PURPOSE = 2000
MAX_RECIPIENT = 300
_COUNTRY = re.compile(r"^([A-Za-z]{2})(?:-|$)")


def own_footprint(uow: UnitOfWork, org_id: str, footprint_id: str) -> FootprintRecord:
    found = uow.footprints.in_org(org_id, footprint_id)
    if found is None:  # another organisation's footprint is "not found" as well
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹")
    return found


def _own_partner(uow: UnitOfWork, org_id: str, partner_id: str) -> Partner:
    found = uow.partners.get(org_id, partner_id)
    if found is None:
        raise NotFoundError(field="partner_id", message_en="no such partner",
                            message_zh="没有该合作伙伴")
    return found


# -- classification -------------------------------------------------------------------------

def classify(uow: UnitOfWork, actor: User, kind: DataKind, entity_id: str,
             classification: Classification, at: datetime) -> None:
    """Set the classification of one of the actor's own footprints (or its inventory)."""
    require(actor, Action.CLASSIFY_DATA)
    own_footprint(uow, actor.organisation_id, entity_id)
    before = uow.classifications.get(kind, entity_id)
    uow.classifications.set(ClassificationRecord(actor.organisation_id, kind.value, entity_id,
                                                 classification.value, actor.id, at))
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="data.classified", entity=kind.value, entity_id=entity_id,
                     before={"classification": before.value},
                     after={"classification": classification.value})
    uow.commit()


def classification_of(uow: UnitOfWork, kind: DataKind, entity_id: str) -> Classification:
    """The classification in force (the default of the kind where none was set)."""
    return uow.classifications.get(kind, entity_id)


# -- release approvals ----------------------------------------------------------------------

def approve_release(uow: UnitOfWork, actor: User, *, partner_id: str, footprint_id: str | None,
                    purpose: str, recipient: str, expires_at: datetime | None,
                    at: datetime) -> ReleaseApproval:
    """Approve export-restricted data of the actor's organisation going to a partner abroad:
    one footprint, or every one (``footprint_id`` None), for a purpose and a named recipient."""
    require(actor, Action.APPROVE_RELEASE)
    purpose, recipient = purpose.strip(), recipient.strip()
    if not purpose or len(purpose) > MAX_PURPOSE:
        raise InputError(field="purpose", message_en="state the purpose of the release "
                                                     f"(1 to {MAX_PURPOSE} characters)",
                         message_zh=f"请填写提供数据的目的（1 至 {MAX_PURPOSE} 个字符）")
    if not recipient or len(recipient) > MAX_RECIPIENT:
        raise InputError(field="recipient", message_en="name the recipient of the data "
                                                       f"(1 to {MAX_RECIPIENT} characters)",
                         message_zh=f"请填写数据接收方（1 至 {MAX_RECIPIENT} 个字符）")
    if expires_at is not None and expires_at <= at:
        raise InputError(field="expires_at", message_en="the expiry must lie in the future",
                         message_zh="有效期截止时间须晚于当前时间")
    partner = _own_partner(uow, actor.organisation_id, partner_id)
    if footprint_id is not None:
        own_footprint(uow, actor.organisation_id, footprint_id)
    approval = ReleaseApproval(new_id(), actor.organisation_id, partner.id, footprint_id,
                               purpose, recipient, actor.id, at, expires_at)
    uow.release_approvals.add(approval)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="release.approved", entity="release_approval",
                     entity_id=approval.id,
                     after={"partner_id": partner.id, "partner": partner.name,
                            "country": partner.country, "footprint_id": footprint_id,
                            "purpose": purpose, "recipient": recipient,
                            "expires_at": expires_at})
    uow.commit()
    return approval


def revoke_approval(uow: UnitOfWork, actor: User, approval_id: str,
                    at: datetime) -> ReleaseApproval:
    require(actor, Action.APPROVE_RELEASE)
    approval = uow.release_approvals.get(actor.organisation_id, approval_id)
    if approval is None:
        raise NotFoundError(field="approval_id", message_en="no such release approval",
                            message_zh="没有该出境审批")
    if approval.revoked_at is not None:
        raise ConflictError(field="approval_id", message_en="the approval is revoked already",
                            message_zh="该审批已撤销")
    revoked = uow.release_approvals.revoke(approval, actor.id, at)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="release.revoked", entity="release_approval",
                     entity_id=approval.id, after={"revoked_at": at})
    uow.commit()
    return revoked


def list_approvals(uow: UnitOfWork, actor: User) -> list[ReleaseApproval]:
    require(actor, Action.READ)
    return uow.release_approvals.of_org(actor.organisation_id)


# -- inventory grants -----------------------------------------------------------------------

def grant_inventory(uow: UnitOfWork, actor: User, *, footprint_id: str,
                    partner_id: str | None = None, grantee_organisation_id: str | None = None,
                    at: datetime) -> InventoryGrant:
    """Let one partner, or one organisation of the platform, receive the inventory behind one
    of the actor's footprints (where its classification lets it leave at all)."""
    require(actor, Action.CLASSIFY_DATA)
    own_footprint(uow, actor.organisation_id, footprint_id)
    if (partner_id is None) == (grantee_organisation_id is None):
        raise InputError(field="partner_id", message_en="name either a partner or an "
                                                        "organisation, not both",
                         message_zh="请指定合作伙伴或平台组织之一（不可同时指定）")
    if partner_id is not None:
        partner_id = _own_partner(uow, actor.organisation_id, partner_id).id
    if grantee_organisation_id is not None and (
            grantee_organisation_id == actor.organisation_id
            or uow.organisations.get(grantee_organisation_id) is None):
        raise NotFoundError(field="grantee_organisation_id",
                            message_en="no such other organisation",
                            message_zh="没有该其他组织")
    grant = InventoryGrant(new_id(), actor.organisation_id, footprint_id, partner_id,
                           grantee_organisation_id, actor.id, at)
    uow.inventory_grants.add(grant)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="inventory.granted", entity="inventory_grant", entity_id=grant.id,
                     after={"footprint_id": footprint_id, "partner_id": partner_id,
                            "grantee_organisation_id": grantee_organisation_id})
    uow.commit()
    return grant


def revoke_grant(uow: UnitOfWork, actor: User, grant_id: str, at: datetime) -> None:
    require(actor, Action.CLASSIFY_DATA)
    grant = next((g for g in uow.inventory_grants.of_org(actor.organisation_id)
                  if g.id == grant_id), None)
    if grant is None:
        raise NotFoundError(field="grant_id", message_en="no such inventory grant",
                            message_zh="没有该清单授权")
    if grant.revoked_at is not None:
        raise ConflictError(field="grant_id", message_en="the grant is revoked already",
                            message_zh="该授权已撤销")
    uow.inventory_grants.revoke(actor.organisation_id, grant_id, at)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="inventory.grant_revoked", entity="inventory_grant",
                     entity_id=grant_id, after={"revoked_at": at})
    uow.commit()


def list_grants(uow: UnitOfWork, actor: User) -> list[InventoryGrant]:
    require(actor, Action.READ)
    return uow.inventory_grants.of_org(actor.organisation_id)


# -- recipients, decisions and the release log ----------------------------------------------

def recipient_for_partner(partner: Partner) -> Recipient:
    return Recipient(partner.name, partner.country.upper(), partner_id=partner.id,
                     organisation_id=partner.partner_organisation_id, is_partner=True)


def country_of_region(region: str) -> str:
    """``CN-GD`` → ``CN``; a region written as a name (not a code) is taken as in China,
    where the platform's organisations are registered."""
    match = _COUNTRY.match(region.strip())
    return match.group(1).upper() if match else "CN"


def recipient_for_organisation(org: Organisation, *,
                               partner_id: str | None = None) -> Recipient:
    """An organisation of the platform the owner chose to answer (a platform request): a
    recipient of partner rank; ``partner_id`` where the owner also keeps it as a partner
    (export approvals name partners)."""
    return Recipient(org.name, country_of_region(org.region), partner_id=partner_id,
                     organisation_id=org.id, is_partner=True)


def check_release(uow: UnitOfWork, *, owner_id: str, footprint_id: str, recipient: Recipient,
                  kind: DataKind = DataKind.FOOTPRINT, at: datetime) -> ReleaseDecision:
    """May the owner's footprint (or its inventory) go to this recipient now?

    An inventory goes only where its footprint may go too (its breakdown adds up to it)."""
    own_footprint(uow, owner_id, footprint_id)
    approvals = tuple(uow.release_approvals.of_org(owner_id))
    grants = tuple(uow.inventory_grants.of_org(owner_id))
    kinds = (DataKind.FOOTPRINT, DataKind.INVENTORY) if kind is DataKind.INVENTORY \
        else (DataKind.FOOTPRINT,)
    decision = ReleaseDecision(False)
    for each in kinds:
        decision = decide_release(kind=each, classification=uow.classifications.get(
            each, footprint_id), footprint_id=footprint_id, recipient=recipient, at=at,
            approvals=approvals, grants=grants)
        if not decision.allowed:
            return decision
    return decision


def check_releases(uow: UnitOfWork, *, owner_id: str, footprint_ids: Sequence[str],
                   recipient: Recipient, at: datetime) -> dict[str, ReleaseDecision]:
    """:func:`check_release` of many of the owner's footprints (the aggregate) at once: the
    owner's approvals and classifications are read once, not once per footprint. The ids
    must be the owner's (the caller listed them from the owner's records)."""
    approvals = tuple(uow.release_approvals.of_org(owner_id))
    grants = tuple(uow.inventory_grants.of_org(owner_id))
    classified = uow.classifications.of_org(owner_id, DataKind.FOOTPRINT)
    default = DEFAULT_CLASSIFICATION[DataKind.FOOTPRINT]
    return {fid: decide_release(kind=DataKind.FOOTPRINT,
                                classification=classified.get(fid, default),
                                footprint_id=fid, recipient=recipient, at=at,
                                approvals=approvals, grants=grants)
            for fid in footprint_ids}


def _recipient_json(recipient: Recipient) -> dict[str, object]:
    return {"recipient": recipient.name, "country": recipient.country,
            "partner_id": recipient.partner_id,
            "recipient_organisation_id": recipient.organisation_id}


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise InputError(field="channel", message_en=f"unknown release channel {channel!r}",
                         message_zh=f"未知的数据提供渠道 {channel!r}")


def log_release(uow: UnitOfWork, *, owner_id: str, actor_id: str | None,
                footprint_ids: Sequence[str], recipient: Recipient, channel: str,
                decisions: Sequence[ReleaseDecision] | None = None, at: datetime) -> None:
    """Record a release that happened: one ``data.released`` record per footprint, with the
    recipient, the channel and the approval (and inventory grant) it rests on."""
    _check_channel(channel)
    if decisions is not None and len(decisions) != len(footprint_ids):
        raise InputError(field="decisions", message_en="one decision per footprint released",
                         message_zh="每个提供的碳足迹须对应一项决定")
    entries = []
    for n, footprint_id in enumerate(footprint_ids):
        decision = decisions[n] if decisions is not None else None
        if decision is not None and not decision.allowed:
            zh, en = decision.message
            raise WorkflowError(field="footprint_id", rule="release_refused",
                                message_en=f"a refused release cannot be logged as made: {en}",
                                message_zh=f"被拒绝的提供不能记为已提供：{zh}")
        entries.append(AuditEntry(
            actor_id, owner_id, "data.released", "footprint", footprint_id,
            after={**_recipient_json(recipient), "channel": channel,
                   "approval_id": decision.approval_id if decision else None,
                   "grant_id": decision.grant_id if decision else None, "released_at": at}))
    uow.audit.append_many(entries)


def log_refusal(uow: UnitOfWork, *, owner_id: str, actor_id: str | None, footprint_id: str,
                recipient: Recipient, channel: str, decision: ReleaseDecision,
                at: datetime) -> None:
    """Record a release that was refused (the caller commits it even though it refuses)."""
    _check_channel(channel)
    uow.audit.append(actor_id=actor_id, organisation_id=owner_id,
                     action="data.release_refused", entity="footprint",
                     entity_id=footprint_id,
                     after={**_recipient_json(recipient), "channel": channel,
                            "refusal": decision.refusal.value if decision.refusal else None,
                            "refused_at": at})


def end_of_day(day: date) -> datetime:
    """An approval "until" a day is valid through that day (UTC)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def find_partner(uow: UnitOfWork, actor: User, id_or_name: str) -> Partner:
    """One of the actor's partners, by id or by name."""
    for partner in uow.partners.of_org(actor.organisation_id):
        if id_or_name in (partner.id, partner.name):
            return partner
    raise NotFoundError(field="partner_id", message_en="no such partner",
                        message_zh="没有该合作伙伴")


@dataclass(frozen=True)
class GrantedInventory:
    """An inventory another organisation granted to the reader: the model and the breakdown."""

    footprint_id: str
    owner: Organisation
    model_format: str
    model: str  # the model version's text (activity data)
    result_json: str  # the footprint result, with the breakdown by process


def read_granted_inventory(uow: UnitOfWork, actor: User, footprint_id: str,
                           at: datetime) -> GrantedInventory:
    """The inventory behind another organisation's footprint, where its owner granted it to
    the actor's organisation and the classification lets it go; the release is logged.
    Without a grant the footprint reads as unknown (its existence is not revealed)."""
    require(actor, Action.EXCHANGE)
    unknown = NotFoundError(field="footprint_id", message_en="no inventory granted to you "
                                                            "under this id",
                            message_zh="没有以此编号授权给贵方的清单")
    grants = uow.inventory_grants.to_organisation(actor.organisation_id, footprint_id)
    if not grants:
        raise unknown
    owner = uow.organisations.get(grants[0].organisation_id)
    reader = uow.organisations.get(actor.organisation_id)
    record = uow.footprints.in_org(grants[0].organisation_id, footprint_id)
    version = (uow.model_versions.in_org(record.organisation_id, record.model_version_id)
               if record else None)
    if owner is None or reader is None or record is None or version is None:
        raise unknown
    recipient = recipient_for_organisation(reader)
    decision = check_release(uow, owner_id=owner.id, footprint_id=footprint_id,
                             recipient=recipient, kind=DataKind.INVENTORY, at=at)
    if not decision.allowed:
        log_refusal(uow, owner_id=owner.id, actor_id=actor.id, footprint_id=footprint_id,
                    recipient=recipient, channel="inventory-grant", decision=decision, at=at)
        uow.commit()  # the refusal's record is kept
        zh, en = decision.message
        raise WorkflowError(field="footprint_id", rule="release_refused",
                            message_en=f"the owner's sharing policy refuses it: {en}",
                            message_zh=f"所有者的数据共享策略不允许提供：{zh}")
    log_release(uow, owner_id=owner.id, actor_id=actor.id, footprint_ids=[footprint_id],
                recipient=recipient, channel="inventory-grant", decisions=[decision], at=at)
    uow.commit()
    return GrantedInventory(footprint_id, owner, version.format, version.content,
                            record.result_json)
