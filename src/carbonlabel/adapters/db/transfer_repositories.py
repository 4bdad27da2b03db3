"""Repository of certificate transfers: rows in, domain objects out; and the count of open
complaints and appeals about a certificate that the pre-transfer review reads."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, or_, select

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.complaint_tables import ComplaintRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.transfer_tables import CertificateTransferRow
from carbonlabel.domain.certification.complaints import TRANSITIONS as COMPLAINT_TRANSITIONS
from carbonlabel.domain.certification.transfer import (
    CertificateTransfer,
    CheckItem,
    TransferState,
)

_T = CertificateTransferRow
_OPEN = (TransferState.REQUESTED.value, TransferState.UNDER_REVIEW.value)
_FINAL_COMPLAINT = [s.value for s, actions in COMPLAINT_TRANSITIONS.items() if not actions]


def checklist_json(items: tuple[CheckItem, ...]) -> str:
    return json.dumps([{"code": i.code, "passed": i.passed, "detail_zh": i.detail_zh,
                        "detail_en": i.detail_en} for i in items], ensure_ascii=False)


def _transfer(r: CertificateTransferRow, number: str) -> CertificateTransfer:
    items = tuple(CheckItem(i["code"], bool(i["passed"]), i["detail_zh"], i["detail_en"])
                  for i in json.loads(r.checklist or "[]"))
    return CertificateTransfer(
        r.id, r.certificate_id, number, r.holder_id, r.from_body_id, r.to_body_id,
        TransferState(r.state), r.requested_by, r.requested_at, r.note, items, r.reviewed_by,
        r.reviewed_at, r.review_note, r.decided_by, r.decided_at, r.reason)


class Transfers(_Repository):
    def _select(self) -> Any:
        return (select(_T, CertificateRow.number)
                .join(CertificateRow, CertificateRow.id == _T.certificate_id))

    def add(self, t: CertificateTransfer) -> None:
        self.session.add(CertificateTransferRow(
            id=t.id, certificate_id=t.certificate_id, holder_id=t.holder_id,
            from_body_id=t.from_body_id, to_body_id=t.to_body_id, state=t.state.value,
            requested_by=t.requested_by, requested_at=t.requested_at, note=t.note,
            checklist=checklist_json(t.checklist), reviewed_by=t.reviewed_by,
            reviewed_at=t.reviewed_at, review_note=t.review_note, decided_by=t.decided_by,
            decided_at=t.decided_at, reason=t.reason))
        self.session.flush()

    def get(self, transfer_id: str) -> CertificateTransfer | None:
        row = self.session.execute(self._select().where(_T.id == transfer_id)).first()
        return _transfer(row[0], row[1]) if row else None

    def update(self, transfer_id: str, **changes: Any) -> None:
        row = self.session.get(CertificateTransferRow, transfer_id)
        if row is None:
            return
        for key, value in changes.items():
            if key == "state":
                value = value.value
            elif key == "checklist":
                value = checklist_json(value)
            setattr(row, key, value)
        self.session.flush()

    def of_certificate(self, certificate_id: str) -> list[CertificateTransfer]:
        rows = self.session.execute(self._select().where(_T.certificate_id == certificate_id)
                                    .order_by(_T.requested_at, _T.id)).all()
        return [_transfer(r[0], r[1]) for r in rows]

    def open_for(self, certificate_id: str) -> CertificateTransfer | None:
        row = self.session.execute(self._select().where(
            _T.certificate_id == certificate_id, _T.state.in_(_OPEN))).first()
        return _transfer(row[0], row[1]) if row else None

    def of_org(self, org_id: str) -> list[CertificateTransfer]:
        """What an organisation sees: the transfers of its certificates (holder), those it
        is asked to accept, and those away from it (the issuing body, informed)."""
        rows = self.session.execute(self._select().where(or_(
            _T.holder_id == org_id, _T.to_body_id == org_id, _T.from_body_id == org_id))
            .order_by(_T.requested_at.desc(), _T.id).limit(500)).all()
        return [_transfer(r[0], r[1]) for r in rows]

    def open_complaints(self, certificate_id: str) -> int:
        """Complaints and appeals about the certificate not yet in a final state."""
        return int(self.session.scalar(
            select(func.count()).select_from(ComplaintRow).where(
                ComplaintRow.certificate_id == certificate_id,
                ComplaintRow.state.not_in(_FINAL_COMPLAINT))) or 0)
