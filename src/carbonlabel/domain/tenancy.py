"""Organisations, users and roles of the platform, and what each role may do.

Every record belongs to one organisation; a user sees and changes only their own
organisation's records unless a record is public by policy (labels and the registry, later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class OrgKind(StrEnum):
    ENTERPRISE = "enterprise"
    SUPPLIER = "supplier"
    CERTIFICATION_BODY = "certification_body"
    REGULATOR = "regulator"
    BANK = "bank"
    PROCUREMENT_AGENCY = "procurement_agency"
    OPERATOR = "operator"  # the platform's operator: records bodies' approval and scope


ORG_KIND_NAMES: dict[OrgKind, tuple[str, str]] = {
    OrgKind.ENTERPRISE: ("企业", "enterprise"),
    OrgKind.SUPPLIER: ("供应商", "supplier"),
    OrgKind.CERTIFICATION_BODY: ("认证机构", "certification body"),
    OrgKind.REGULATOR: ("监管部门", "regulator"),
    OrgKind.BANK: ("银行", "bank"),
    OrgKind.PROCUREMENT_AGENCY: ("采购机构", "procurement agency"),
    OrgKind.OPERATOR: ("平台运营方", "platform operator"),
}


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    AUDITOR = "auditor"
    DECISION_MAKER = "decision_maker"
    VIEWER = "viewer"


ROLE_NAMES: dict[Role, tuple[str, str]] = {
    Role.ADMIN: ("管理员", "admin"),
    Role.ANALYST: ("核算人员", "analyst"),
    Role.AUDITOR: ("审核员", "auditor"),
    Role.DECISION_MAKER: ("决定人员", "decision maker"),
    Role.VIEWER: ("查看者", "viewer"),
}


class Action(StrEnum):
    READ = "read"
    MANAGE_USERS = "manage_users"
    EDIT_PRODUCTS = "edit_products"  # register products, save model versions
    CALCULATE = "calculate"
    MANAGE_PARTNERS = "manage_partners"  # PACT partners and their credentials
    EXCHANGE = "exchange"  # ask suppliers for footprints, answer requests, import and export
    CLASSIFY_DATA = "classify_data"  # set the classification of footprints and inventories
    APPROVE_RELEASE = "approve_release"  # approve export-restricted data leaving the country


PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.ANALYST: frozenset({Action.READ, Action.EDIT_PRODUCTS, Action.CALCULATE,
                             Action.EXCHANGE}),
    Role.AUDITOR: frozenset({Action.READ}),
    Role.DECISION_MAKER: frozenset({Action.READ, Action.APPROVE_RELEASE}),
    Role.VIEWER: frozenset({Action.READ}),
}


def allowed(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: OrgKind
    region: str  # administrative division code or name, e.g. "CN-GD"
    created_at: datetime
    credit_code: str | None = None  # 统一社会信用代码 (domain/organisation_identity.py)
    registered_address: str = ""


@dataclass(frozen=True)
class User:
    id: str
    organisation_id: str
    email: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class ApiToken:
    id: str
    user_id: str
    name: str
    created_at: datetime
    revoked: bool = False
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
