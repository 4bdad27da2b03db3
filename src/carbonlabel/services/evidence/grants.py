"""Evidence grants: a certificate holder's admin grants a bank access to one of its
certificates (a purpose, an optional loan reference, an optional last day) and revokes it;
both are audited. The holder sees each grant with its access log; a bank sees the grants made
to it. Anyone else finds no such grant (404), as with every record of another organisation.

Granting is a data-sharing decision, so it takes the same right as the other grants
(``Action.CLASSIFY_DATA``: the admin).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.evidence import (
    MAX_PURPOSE,
    MAX_REFERENCE,
    AccessEntry,
    EvidenceGrant,
    GrantState,
)
from carbonlabel.domain.tenancy import Action, Organisation, OrgKind, User, allowed
from carbonlabel.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts.users import new_id, require


@dataclass(frozen=True)
class GrantRow:
    """A grant as its holder or its bank sees it."""

    grant: EvidenceGrant
    state: GrantState
    certificate_number: str
    holder_name: str
    bank_name: str
    product_zh: str
    product_en: str


def no_grant() -> NotFoundError:
    return NotFoundError(field="evidence_grant_id", message_en="no such evidence grant",
                         message_zh="没有该证据授权")


def _no_certificate() -> NotFoundError:
    return NotFoundError(field="certificate_id", message_en="no such certificate",
                         message_zh="没有该证书")


def banks(uow: UnitOfWork, actor: User) -> list[Organisation]:
    """The bank organisations a holder may grant access to, by name."""
    require(actor, Action.READ)
    return sorted((o for o in uow.organisations.list_all() if o.kind is OrgKind.BANK),
                  key=lambda o: (o.name, o.id))


def held_certificate(uow: UnitOfWork, actor: User, certificate_id: str) -> Certificate:
    """The certificate, if the actor's organisation holds it (the body that issued it sees
    it, but it is not the body's to grant: 403; anyone else: 404)."""
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or actor.organisation_id not in (certificate.holder_id,
                                                            certificate.body_id):
        raise _no_certificate()
    if actor.organisation_id != certificate.holder_id:
        raise PermissionDeniedError(field="certificate_id",
                                    message_en="only the certificate's holder grants access "
                                               "to it",
                                    message_zh="仅证书持有方可授权访问该证书")
    return certificate


def grant(uow: UnitOfWork, actor: User, certificate_id: str, bank_id: str, purpose: str,
          reference: str, expires_on: date | None, now: datetime) -> EvidenceGrant:
    """Grant a bank access to a held certificate; audited (``evidence.granted``)."""
    require(actor, Action.CLASSIFY_DATA)
    certificate = held_certificate(uow, actor, certificate_id)
    bank = uow.organisations.get(bank_id.strip())
    if bank is None or bank.kind is not OrgKind.BANK:
        raise InputError(field="bank_organisation_id", message_en="choose a bank organisation",
                         message_zh="请选择一家银行")
    purpose, reference = purpose.strip(), reference.strip()
    if len(purpose) > MAX_PURPOSE:
        raise InputError(field="purpose",
                         message_en=f"the purpose is at most {MAX_PURPOSE} characters",
                         message_zh=f"用途不超过 {MAX_PURPOSE} 个字符")
    if len(reference) > MAX_REFERENCE:
        raise InputError(field="reference",
                         message_en=f"the reference is at most {MAX_REFERENCE} characters",
                         message_zh=f"业务编号不超过 {MAX_REFERENCE} 个字符")
    if expires_on is not None and expires_on < now.date():
        raise InputError(field="expires_on", message_en="the last day of access has passed",
                         message_zh="授权截止日期已过")
    made = EvidenceGrant(new_id(), certificate.id, certificate.holder_id, bank.id, purpose,
                         reference, expires_on, actor.id, now)
    uow.evidence.add(made)
    uow.audit.append(actor_id=actor.id, organisation_id=certificate.holder_id,
                     action="evidence.granted", entity="evidence_grant", entity_id=made.id,
                     after={"certificate": certificate.number, "bank_id": bank.id,
                            "bank": bank.name, "purpose": purpose, "reference": reference,
                            "expires_on": expires_on.isoformat() if expires_on else None})
    uow.commit()
    return made


def holder_grant(uow: UnitOfWork, actor: User, grant_id: str) -> EvidenceGrant:
    """A grant the actor's organisation made; 404 for anyone else (the bank included)."""
    require(actor, Action.READ)
    found = uow.evidence.get(grant_id)
    if found is None or found.holder_id != actor.organisation_id:
        raise no_grant()
    return found


def revoke(uow: UnitOfWork, actor: User, grant_id: str, now: datetime) -> EvidenceGrant:
    """Revoke a grant; audited (``evidence.revoked``). The bank is refused from then on."""
    require(actor, Action.CLASSIFY_DATA)
    found = holder_grant(uow, actor, grant_id)
    if found.revoked_at is not None:
        raise ConflictError(field="evidence_grant_id", message_en="the grant is revoked already",
                            message_zh="该授权已撤销")
    uow.evidence.revoke(found.id, actor.id, now)
    uow.audit.append(actor_id=actor.id, organisation_id=found.holder_id,
                     action="evidence.revoked", entity="evidence_grant", entity_id=found.id,
                     before={"state": found.state(now.date()).value},
                     after={"state": GrantState.REVOKED.value, "bank_id": found.bank_id})
    uow.commit()
    updated = uow.evidence.get(found.id)
    assert updated is not None
    return updated


def _row(uow: UnitOfWork, found: EvidenceGrant, today: date,
         names: dict[str, str]) -> GrantRow:
    def name(org_id: str) -> str:
        if org_id not in names:
            org = uow.organisations.get(org_id)
            names[org_id] = org.name if org else ""
        return names[org_id]

    certificate = uow.certificates.get(found.certificate_id)
    product = (uow.products.in_org(found.holder_id, certificate.product_id)
               if certificate else None)
    return GrantRow(found, found.state(today), certificate.number if certificate else "",
                    name(found.holder_id), name(found.bank_id),
                    product.name_zh if product else "", product.name_en if product else "")


def rows_of_certificate(uow: UnitOfWork, actor: User, certificate_id: str,
                        today: date) -> list[GrantRow]:
    """The grants of a held certificate (its holder only)."""
    require(actor, Action.READ)
    certificate = held_certificate(uow, actor, certificate_id)
    names: dict[str, str] = {}
    return [_row(uow, g, today, names) for g in uow.evidence.of_certificate(certificate.id)]


def rows_of(uow: UnitOfWork, actor: User, today: date) -> list[GrantRow]:
    """The grants the actor's organisation made (a holder) or received (a bank)."""
    require(actor, Action.READ)
    org = uow.organisations.get(actor.organisation_id)
    names: dict[str, str] = {}
    found = (uow.evidence.to_bank(actor.organisation_id)
             if org is not None and org.kind is OrgKind.BANK
             else uow.evidence.of_holder(actor.organisation_id))
    return [_row(uow, g, today, names) for g in found]


def row(uow: UnitOfWork, found: EvidenceGrant, today: date) -> GrantRow:
    return _row(uow, found, today, {})


def access_log(uow: UnitOfWork, actor: User, grant_id: str) -> list[AccessEntry]:
    """Every access the bank made under a grant, newest first: its holder's to read."""
    return uow.evidence.accesses(holder_grant(uow, actor, grant_id).id)


def people(uow: UnitOfWork, entries: list[AccessEntry]) -> Mapping[str, str]:
    """The display names of the users in a log (the holder sees who at the bank read it)."""
    out: dict[str, str] = {}
    for entry in entries:
        if entry.user_id not in out:
            user = uow.users.get(entry.user_id)
            out[entry.user_id] = f"{user.display_name} <{user.email}>" if user else ""
    return out


@dataclass(frozen=True)
class CertificateEvidence:
    """The evidence section of a held certificate's page: its grants with their logs, the
    banks to choose from, whether the reader may grant and revoke."""

    rows: tuple[GrantRow, ...]
    logs: Mapping[str, tuple[AccessEntry, ...]]  # grant id -> newest first
    people: Mapping[str, str]
    banks: tuple[Organisation, ...]
    can_manage: bool


def certificate_section(uow: UnitOfWork, actor: User, certificate_id: str,
                        today: date) -> CertificateEvidence | None:
    """The section for the certificate's holder; None for anyone else (the body)."""
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or certificate.holder_id != actor.organisation_id:
        return None
    rows = tuple(rows_of_certificate(uow, actor, certificate_id, today))
    logs = {r.grant.id: tuple(uow.evidence.accesses(r.grant.id)) for r in rows}
    return CertificateEvidence(rows, logs, people(uow, [e for log in logs.values() for e in log]),
                               tuple(banks(uow, actor)),
                               allowed(actor.role, Action.CLASSIFY_DATA))
