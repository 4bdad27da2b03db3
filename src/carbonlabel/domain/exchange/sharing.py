"""Data classification and the release rule: what may leave its owner, to whom, and when.

Every footprint (the aggregate PCF) and every inventory (the model and its activity data,
with the per-process breakdown) is classified. Only the aggregate footprint leaves the
owner by default; an inventory leaves only where the owner granted it. Export-restricted
data goes to a recipient outside the mainland of China only under an approval by an
authorised person of the owner, recorded with purpose and recipient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Classification(StrEnum):
    PUBLIC = "public"
    SHARED = "shared"
    CONFIDENTIAL = "confidential"
    EXPORT_RESTRICTED = "export_restricted"


CLASSIFICATION_NAMES: dict[Classification, tuple[str, str]] = {
    Classification.PUBLIC: ("公开", "public"),
    Classification.SHARED: ("共享（仅合作伙伴）", "shared (partners only)"),
    Classification.CONFIDENTIAL: ("保密", "confidential"),
    Classification.EXPORT_RESTRICTED: ("出境受限", "export-restricted"),
}


class DataKind(StrEnum):
    FOOTPRINT = "footprint"  # the aggregate PCF of a footprint record
    INVENTORY = "inventory"  # the model version behind it and the breakdown by process


DEFAULT_CLASSIFICATION: dict[DataKind, Classification] = {
    DataKind.FOOTPRINT: Classification.SHARED,
    DataKind.INVENTORY: Classification.CONFIDENTIAL,
}

#: Transfers to Hong Kong, Macao and Taiwan count as leaving the mainland for data export.
DOMESTIC_COUNTRIES = frozenset({"CN"})


def is_cross_border(country: str) -> bool:
    return country.upper() not in DOMESTIC_COUNTRIES


@dataclass(frozen=True)
class Recipient:
    """Who data would go to: a partner of the owner, another organisation, or anyone."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    partner_id: str | None = None
    organisation_id: str | None = None
    is_partner: bool = True  # False: an anonymous reader (public registry)


@dataclass(frozen=True)
class ReleaseApproval:
    id: str
    organisation_id: str
    partner_id: str
    footprint_id: str | None  # None: every export-restricted footprint of the owner
    purpose: str
    recipient: str
    approved_by: str
    approved_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    def covers(self, partner_id: str, footprint_id: str, at: datetime) -> bool:
        return (self.revoked_at is None and self.partner_id == partner_id
                and self.footprint_id in (None, footprint_id)
                and (self.expires_at is None or at < self.expires_at))


@dataclass(frozen=True)
class InventoryGrant:
    id: str
    organisation_id: str
    footprint_id: str
    partner_id: str | None
    grantee_organisation_id: str | None
    granted_by: str
    granted_at: datetime
    revoked_at: datetime | None = None

    def covers(self, recipient: Recipient) -> bool:
        return self.revoked_at is None and (
            (self.partner_id is not None and self.partner_id == recipient.partner_id)
            or (self.grantee_organisation_id is not None
                and self.grantee_organisation_id == recipient.organisation_id))


class Refusal(StrEnum):
    CONFIDENTIAL = "confidential"
    NOT_A_PARTNER = "not_a_partner"
    INVENTORY_NOT_GRANTED = "inventory_not_granted"
    EXPORT_APPROVAL_REQUIRED = "export_approval_required"


REFUSAL_MESSAGES: dict[Refusal, tuple[str, str]] = {
    Refusal.CONFIDENTIAL: ("该数据为保密级，不对外提供",
                           "the data is confidential and is not released"),
    Refusal.NOT_A_PARTNER: ("该数据仅向合作伙伴共享", "the data is shared with partners only"),
    Refusal.INVENTORY_NOT_GRANTED: ("清单数据未经所有者授权，不对外提供",
                                    "the owner has not granted access to the inventory"),
    Refusal.EXPORT_APPROVAL_REQUIRED: ("出境受限数据向境外提供须经所有者授权人员审批",
                                       "export-restricted data needs an approval by an "
                                       "authorised person of the owner to leave the country"),
}


@dataclass(frozen=True)
class ReleaseDecision:
    allowed: bool
    refusal: Refusal | None = None
    approval_id: str | None = None  # the approval a cross-border release rests on
    grant_id: str | None = None

    @property
    def message(self) -> tuple[str, str]:
        return REFUSAL_MESSAGES[self.refusal] if self.refusal else ("允许", "allowed")


def decide_release(*, kind: DataKind, classification: Classification, footprint_id: str,
                   recipient: Recipient, at: datetime,
                   approvals: tuple[ReleaseApproval, ...] = (),
                   grants: tuple[InventoryGrant, ...] = ()) -> ReleaseDecision:
    """May this footprint (or its inventory) go to this recipient now?

    Order of the rules: confidential never leaves; an inventory needs a grant unless it is
    public; shared data goes to partners only; export-restricted data crossing the border
    needs an approval that covers this partner and footprint, unexpired and unrevoked."""
    if classification is Classification.CONFIDENTIAL:
        return ReleaseDecision(False, Refusal.CONFIDENTIAL)
    grant_id = None
    if kind is DataKind.INVENTORY and classification is not Classification.PUBLIC:
        grant = next((g for g in grants if g.footprint_id == footprint_id
                      and g.covers(recipient)), None)
        if grant is None:
            return ReleaseDecision(False, Refusal.INVENTORY_NOT_GRANTED)
        grant_id = grant.id
    if classification is Classification.PUBLIC:
        return ReleaseDecision(True, grant_id=grant_id)
    if not recipient.is_partner:
        return ReleaseDecision(False, Refusal.NOT_A_PARTNER)
    if classification is Classification.EXPORT_RESTRICTED and is_cross_border(
            recipient.country):
        approval = next((a for a in approvals if recipient.partner_id is not None
                         and a.covers(recipient.partner_id, footprint_id, at)), None)
        if approval is None:
            return ReleaseDecision(False, Refusal.EXPORT_APPROVAL_REQUIRED)
        return ReleaseDecision(True, approval_id=approval.id, grant_id=grant_id)
    return ReleaseDecision(True, grant_id=grant_id)
