"""Repository of evidence grants and their access log: rows in, domain objects out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from carbonlabel.adapters.db.evidence_tables import EvidenceAccessRow, EvidenceGrantRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.domain.evidence import AccessEntry, AccessWhat, Channel, EvidenceGrant, Outcome

_G, _A = EvidenceGrantRow, EvidenceAccessRow


def _grant(r: EvidenceGrantRow) -> EvidenceGrant:
    return EvidenceGrant(r.id, r.certificate_id, r.holder_id, r.bank_id, r.purpose,
                         r.reference, r.expires_on, r.granted_by, r.granted_at, r.revoked_by,
                         r.revoked_at)


def _access(r: EvidenceAccessRow) -> AccessEntry:
    return AccessEntry(r.grant_id, r.at, r.user_id, r.organisation_id, AccessWhat(r.what),
                       Channel(r.channel), Outcome(r.outcome), r.reason)


class EvidenceGrants(_Repository):
    def add(self, g: EvidenceGrant) -> None:
        self.session.add(_G(id=g.id, certificate_id=g.certificate_id, holder_id=g.holder_id,
                            bank_id=g.bank_id, purpose=g.purpose, reference=g.reference,
                            expires_on=g.expires_on, granted_by=g.granted_by,
                            granted_at=g.granted_at))
        self.session.flush()

    def get(self, grant_id: str) -> EvidenceGrant | None:
        row = self.session.get(_G, grant_id)
        return _grant(row) if row else None

    def of_certificate(self, certificate_id: str) -> list[EvidenceGrant]:
        rows = self.session.scalars(select(_G).where(_G.certificate_id == certificate_id)
                                    .order_by(_G.granted_at, _G.id))
        return [_grant(r) for r in rows]

    def of_holder(self, holder_id: str) -> list[EvidenceGrant]:
        rows = self.session.scalars(select(_G).where(_G.holder_id == holder_id)
                                    .order_by(_G.granted_at.desc(), _G.id))
        return [_grant(r) for r in rows]

    def to_bank(self, bank_id: str) -> list[EvidenceGrant]:
        rows = self.session.scalars(select(_G).where(_G.bank_id == bank_id)
                                    .order_by(_G.granted_at.desc(), _G.id))
        return [_grant(r) for r in rows]

    def revoke(self, grant_id: str, by: str, at: datetime) -> None:
        row = self.session.get(_G, grant_id)
        assert row is not None
        row.revoked_by, row.revoked_at = by, at
        self.session.flush()

    def log(self, entry: AccessEntry) -> None:
        self.session.add(_A(grant_id=entry.grant_id, at=entry.at, user_id=entry.user_id,
                            organisation_id=entry.organisation_id, what=entry.what.value,
                            channel=entry.channel.value, outcome=entry.outcome.value,
                            reason=entry.reason))
        self.session.flush()

    def accesses(self, grant_id: str) -> list[AccessEntry]:
        """Newest first."""
        rows = self.session.scalars(select(_A).where(_A.grant_id == grant_id)
                                    .order_by(_A.at.desc(), _A.id.desc()))
        return [_access(r) for r in rows]
