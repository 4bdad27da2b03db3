"""The evidence package a bank reads under a grant, and the log of every access.

A bank's user opens a grant made to the bank: while the grant is active the package is built
from the records (certificate with its live status, footprint summary, verification opinion,
status history), signed, and the access logged as served; once it is revoked or past its last
day the access is logged as refused (that record is committed) and the bank gets a 403 naming
why. A grant made to another organisation is "not found" and leaves no trace in its log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.evidence_signature import sign_package
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import effective_status
from carbonlabel.domain.certification.engagement import OPINION_NAMES
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.evidence import (
    FORMAT,
    AccessEntry,
    AccessWhat,
    Channel,
    Envelope,
    EvidenceGrant,
    GrantState,
    Outcome,
    decimal_text,
)
from carbonlabel.domain.product import STAGE_NAMES
from carbonlabel.domain.quality import dqr_level
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import PermissionDeniedError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.evidence.grants import GrantRow, no_grant, row


@dataclass(frozen=True)
class OpenedPackage:
    """What a bank reads: the grant, and the signed package."""

    grant: GrantRow
    envelope: Envelope


def _user_name(uow: UnitOfWork, user_id: str | None) -> str | None:
    if not user_id:
        return None
    user = uow.users.get(user_id)
    return user.display_name if user else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _certificate(uow: UnitOfWork, c: Certificate, today: date) -> dict[str, Any]:
    holder, body = uow.organisations.get(c.holder_id), uow.organisations.get(c.body_id)
    product = uow.products.in_org(c.holder_id, c.product_id)
    return {
        "number": c.number, "revision": str(c.revision),
        "holder": {"name": holder.name if holder else "",
                   "credit_code": holder.credit_code if holder else None},
        "certification_body": body.name if body else "",
        "product": {"zh": product.name_zh if product else "",
                    "en": product.name_en if product else ""},
        "certified_value": c.certified_value, "certified_unit": c.certified_unit,
        "declared_unit": c.declared_unit, "boundary": c.boundary, "standard": c.standard,
        "product_rule": c.product_rule, "product_rule_release": c.product_rule_release,
        "scheme": c.scheme, "issued_on": c.issued_on.isoformat(),
        "expires_on": c.expires_on.isoformat(),
        "status": effective_status(c.status, c.expires_on, today).value,
    }


def _footprint(uow: UnitOfWork, c: Certificate) -> dict[str, Any] | None:
    record = uow.footprints.in_org(c.holder_id, c.footprint_id)
    if record is None:
        return None
    result = uow.footprints.result(record)
    quality = None
    if result.quality is not None:
        zh, en = dqr_level(result.quality.dqr)
        quality = {"dqr": decimal_text(result.quality.dqr),
                   "coverage": decimal_text(result.quality.coverage),
                   "level": {"zh": zh, "en": en}}
    return {
        "total_co2e_kg": decimal_text(result.total_co2e_kg), "unit": record.unit,
        "gwp_set": record.gwp_set,
        "by_stage": [{"stage": s.stage.value, "name": {"zh": STAGE_NAMES[s.stage][0],
                                                       "en": STAGE_NAMES[s.stage][1]},
                      "co2e_kg": decimal_text(s.co2e_kg), "share": decimal_text(s.share)}
                     for s in result.by_stage],
        "primary_data_share": decimal_text(result.primary_data_share),
        "data_quality": quality,
        "input_hash": record.input_hash,
        "calculated_at": record.created_at.isoformat(),
    }


def _verification(uow: UnitOfWork, c: Certificate) -> dict[str, Any]:
    records = uow.cases.verifications(c.case_id)
    engagement = uow.engagements.get(c.case_id)
    opinion = engagement.opinion if engagement else None
    case = uow.cases.get(c.case_id)
    decided = [e for e in uow.cases.events(c.case_id) if e.action == CaseAction.GRANT.value]
    return {
        "recalculations": [
            {"submitted_total": decimal_text(v.submitted_total),
             "recomputed_total": decimal_text(v.recomputed_total),
             "relative_difference": decimal_text(v.relative_difference),
             "materiality": decimal_text(v.materiality), "material": v.material,
             "input_hash_matches": v.input_hash_matches, "at": v.at.isoformat()}
            for v in records],
        "opinion": None if opinion is None or engagement is None else {
            "kind": opinion.kind.value,
            "name": {"zh": OPINION_NAMES[opinion.kind][0], "en": OPINION_NAMES[opinion.kind][1]},
            "statement": opinion.statement, "issued_at": opinion.at.isoformat(),
            "issued_by": _user_name(uow, opinion.issued_by),
            "level_of_assurance": engagement.level.value,
            "materiality": decimal_text(engagement.materiality),
            "criteria": engagement.criteria},
        "decision": None if not decided else {
            "action": CaseAction.GRANT.value, "at": decided[-1].at.isoformat(),
            "decided_by": _user_name(uow, case.decider_id if case else None)},
    }


def build_package(uow: UnitOfWork, found: EvidenceGrant, bank_name: str,
                  now: datetime) -> dict[str, Any]:
    """The package of a grant's certificate as the records hold it now (unsigned)."""
    certificate = uow.certificates.get(found.certificate_id)
    assert certificate is not None  # a grant's certificate is never deleted (foreign key)
    today = now.date()
    return {
        "format": FORMAT,
        "issued_at": now.isoformat(),
        "grant": {"id": found.id, "bank": bank_name, "purpose": found.purpose,
                  "reference": found.reference, "expires_on": _day(found.expires_on)},
        "certificate": _certificate(uow, certificate, today),
        "footprint": _footprint(uow, certificate),
        "verification": _verification(uow, certificate),
        "status_history": [
            {"action": s.action, "from": s.from_status, "to": s.to_status,
             "at": s.at.isoformat(), "reason": s.reason}
            for s in uow.certificates.status_changes(certificate.id)],
        "registry": f"/registry/{certificate.number}",
    }


_REFUSALS = {GrantState.REVOKED: ("授权已被证书持有方撤销", "the holder has revoked the grant"),
             GrantState.EXPIRED: ("授权已到期", "the grant has expired")}


def open_package(uow: UnitOfWork, actor: User, grant_id: str, what: AccessWhat,
                 channel: Channel, keys: LabelKeys, now: datetime | None = None) -> OpenedPackage:
    """The signed package of a grant made to the actor's bank; every access logged (committed),
    a refused one too. Raises NotFoundError (not the bank's grant) or PermissionDeniedError
    (revoked or expired)."""
    require(actor, Action.READ)
    now = now or datetime.now(UTC)
    found = uow.evidence.get(grant_id)
    if found is None or found.bank_id != actor.organisation_id:
        raise no_grant()
    state = found.state(now.date())
    if state is not GrantState.ACTIVE:
        uow.evidence.log(AccessEntry(found.id, now, actor.id, actor.organisation_id, what,
                                     channel, Outcome.REFUSED, state.value))
        uow.commit()
        zh, en = _REFUSALS[state]
        raise PermissionDeniedError(field="evidence_grant_id",
                                    message_en=f"{en}: no evidence is served",
                                    message_zh=f"{zh}，不再提供证据")
    shown = row(uow, found, now.date())
    envelope = sign_package(build_package(uow, found, shown.bank_name, now), keys)
    uow.evidence.log(AccessEntry(found.id, now, actor.id, actor.organisation_id, what, channel,
                                 Outcome.SERVED))
    uow.commit()
    return OpenedPackage(shown, envelope)
