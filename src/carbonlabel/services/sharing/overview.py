"""What the data-sharing page and API show an organisation: its footprints with their two
classifications, its export approvals and inventory grants, and what the viewer may change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.exchange.sharing import (
    DEFAULT_CLASSIFICATION,
    Classification,
    DataKind,
    InventoryGrant,
    ReleaseApproval,
)
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import Action, User, allowed
from carbonlabel.services.accounts.users import require
from carbonlabel.services.sharing import policy

#: footprints listed on the page (the newest first); older ones through the API's paging
PAGE_FOOTPRINTS = 200


@dataclass(frozen=True)
class ClassifiedFootprint:
    record: FootprintRecord
    product_zh: str
    product_en: str
    footprint: Classification
    inventory: Classification


@dataclass(frozen=True)
class ApprovalRow:
    approval: ReleaseApproval
    partner_name: str
    partner_country: str
    state: str  # "active", "expired", "revoked"


@dataclass(frozen=True)
class GrantRow:
    grant: InventoryGrant
    grantee: str  # the partner's or the organisation's name


@dataclass(frozen=True)
class SharingView:
    footprints: list[ClassifiedFootprint]
    total_footprints: int
    approvals: list[ApprovalRow]
    grants: list[GrantRow]
    partners: list[Partner]
    can_classify: bool  # also: grant inventories
    can_approve: bool
    releases: list[ReleaseRow]  # the newest of the release log


def approval_state(approval: ReleaseApproval, at: datetime) -> str:
    if approval.revoked_at is not None:
        return "revoked"
    if approval.expires_at is not None and approval.expires_at <= at:
        return "expired"
    return "active"


def classified(uow: UnitOfWork, actor: User, offset: int = 0,
               limit: int = PAGE_FOOTPRINTS) -> tuple[list[ClassifiedFootprint], int]:
    """The actor's organisation's footprints (newest first) with their classifications."""
    require(actor, Action.READ)
    org = actor.organisation_id
    page = uow.footprints.page(org, offset, limit)
    of_footprint = uow.classifications.of_org(org, DataKind.FOOTPRINT)
    of_inventory = uow.classifications.of_org(org, DataKind.INVENTORY)
    rows = []
    for record in page.items:
        product = uow.products.in_org(org, record.product_id)
        rows.append(ClassifiedFootprint(
            record, product.name_zh if product else "", product.name_en if product else "",
            of_footprint.get(record.id, DEFAULT_CLASSIFICATION[DataKind.FOOTPRINT]),
            of_inventory.get(record.id, DEFAULT_CLASSIFICATION[DataKind.INVENTORY])))
    return rows, page.total


def classified_one(uow: UnitOfWork, actor: User, footprint_id: str) -> ClassifiedFootprint:
    require(actor, Action.READ)
    record = policy.own_footprint(uow, actor.organisation_id, footprint_id)
    product = uow.products.in_org(actor.organisation_id, record.product_id)
    return ClassifiedFootprint(
        record, product.name_zh if product else "", product.name_en if product else "",
        policy.classification_of(uow, DataKind.FOOTPRINT, record.id),
        policy.classification_of(uow, DataKind.INVENTORY, record.id))


def approval_rows(uow: UnitOfWork, actor: User, at: datetime) -> list[ApprovalRow]:
    partners = {p.id: p for p in uow.partners.of_org(actor.organisation_id)}
    rows = []
    for approval in policy.list_approvals(uow, actor):
        partner = partners.get(approval.partner_id)
        rows.append(ApprovalRow(approval, partner.name if partner else approval.partner_id,
                                partner.country if partner else "",
                                approval_state(approval, at)))
    return rows


def grant_rows(uow: UnitOfWork, actor: User) -> list[GrantRow]:
    partners = {p.id: p.name for p in uow.partners.of_org(actor.organisation_id)}
    rows = []
    for grant in policy.list_grants(uow, actor):
        if grant.partner_id is not None:
            name = partners.get(grant.partner_id, grant.partner_id)
        else:
            org = uow.organisations.get(grant.grantee_organisation_id or "")
            name = org.name if org else (grant.grantee_organisation_id or "")
        rows.append(GrantRow(grant, name))
    return rows


@dataclass(frozen=True)
class ReleaseRow:
    """One release from the audit log: data that left the organisation, or was refused."""

    at: datetime
    footprint_id: str
    released: bool  # False: refused (and logged as such)
    recipient: str
    country: str
    channel: str
    approval_id: str | None
    refusal: str | None


def release_rows(uow: UnitOfWork, actor: User, limit: int = 200) -> list[ReleaseRow]:
    """The organisation's release log, newest first (``data.released`` and
    ``data.release_refused`` records of the audit log)."""
    require(actor, Action.READ)
    rows = []
    for rec in uow.audit.of_actions(actor.organisation_id,
                                    ("data.released", "data.release_refused"), limit):
        after = rec.after or {}
        rows.append(ReleaseRow(rec.at, rec.entity_id, rec.action == "data.released",
                               str(after.get("recipient") or ""),
                               str(after.get("country") or ""),
                               str(after.get("channel") or ""),
                               after.get("approval_id") if isinstance(
                                   after.get("approval_id"), str) else None,
                               after.get("refusal") if isinstance(
                                   after.get("refusal"), str) else None))
    return rows


def sharing_view(uow: UnitOfWork, actor: User, at: datetime) -> SharingView:
    footprints, total = classified(uow, actor)
    return SharingView(footprints, total, approval_rows(uow, actor, at),
                       grant_rows(uow, actor), uow.partners.of_org(actor.organisation_id),
                       allowed(actor.role, Action.CLASSIFY_DATA),
                       allowed(actor.role, Action.APPROVE_RELEASE),
                       release_rows(uow, actor, 50))
