"""Test helpers of penalty records: a regulator with its credit code, the fields of a typical
record (a false carbon-footprint claim fined 3 万元), and a published record for route walks."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.organisation_identity import check_character
from carbonlabel.domain.supervision.penalties import (
    PartyKind,
    PenaltyClass,
    PenaltyFields,
    ViolationType,
)
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.services.supervision import penalties
from tests.support.supervision import colleague, regulator

#: a valid unified social credit code of the party (GB 32100 check character computed)
PARTY_CODE = "91440300MA5F00001" + check_character("91440300MA5F00001")


def code_for(seed: str, prefix: str = "11440000") -> str:
    """A valid credit code derived from ``seed`` (a regulator's: category 11, an organ)."""
    digits = "".join(str(b % 10) for b in hashlib.sha256(seed.encode()).digest()[:9])
    return prefix + digits + check_character(prefix + digits)


def with_credit_code(make_uow: UowFactory, user: User) -> str:
    """Give the user's organisation a credit code (when it has none); return it."""
    with make_uow(write=True) as uow:
        org = uow.organisations.get(user.organisation_id)
        assert org is not None
        if org.credit_code:
            return org.credit_code
        code = code_for(org.id)
        uow.organisations.set_identity(org.id, code, "")
        uow.commit()
        return code


def bureau(make_uow: UowFactory, region: str, email: str, role: Role = Role.ANALYST) -> User:
    """A regulator of ``region`` with its credit code, and one member of its staff."""
    made = regulator(make_uow, region, email, role)
    with_credit_code(make_uow, made)
    return made


def fields(**overrides: Any) -> PenaltyFields:
    base = PenaltyFields(
        party_name="深圳市示例电池有限公司", party_kind=PartyKind.ORGANISATION,
        party_region="CN-GD-440300", decision_number="深市监罚〔2026〕101号",
        violation=ViolationType.FALSE_CLAIM,
        facts="产品包装标示碳足迹 52.1 kgCO2e，与证书值 61.4 kgCO2e 不符。",
        legal_basis="《认证证书和认证标志管理办法》", classes=frozenset({PenaltyClass.FINE}),
        content="罚款人民币叁万元整", decided_on=date(2026, 11, 2),
        valid_until=date(2026, 12, 2), credit_code=PARTY_CODE,
        legal_representative="张三", fine=Decimal("3"))
    return replace(base, **overrides)


def seed_published_penalty(make_uow: UowFactory, recorder: User,
                           on: date | None = None, **overrides: Any) -> dict[str, str]:
    """A penalty recorded by ``recorder`` (a regulator's staff member; its organisation gets a
    credit code if it has none), reviewed by a new colleague and published (today unless
    ``on``). Returns its id by the routes' path-parameter name, ``penalty_id``."""
    with_credit_code(make_uow, recorder)
    party_region = overrides.pop("party_region", None)
    with make_uow() as uow:
        org = uow.organisations.get(recorder.organisation_id)
        assert org is not None
        region = party_region or (org.region if org.region != "CN" else "CN-GD-440300")
    reviewer = colleague(make_uow, recorder, f"reviewer-{uuid.uuid4().hex[:10]}@reg.example",
                         Role.DECISION_MAKER)
    with make_uow(write=True) as uow:
        made = penalties.record(uow, recorder, fields(party_region=region, **overrides))
    with make_uow(write=True) as uow:
        penalties.review(uow, reviewer, made.id, confidentiality_checked=True)
    with make_uow(write=True) as uow:
        penalties.publish(uow, recorder, made.id, on=on)
    return {"penalty_id": made.id}
