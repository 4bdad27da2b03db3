"""Repositories of supply-chain exchange: rows in, domain objects out, scoped by owner."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import CursorResult, or_, select, update

from carbonlabel.adapters.db.exchange_tables import (
    ClassificationRow,
    InventoryGrantRow,
    PactEventRow,
    PartnerRow,
    ReceivedFootprintRow,
    ReleaseApprovalRow,
    SupplierRequestRow,
)
from carbonlabel.adapters.db.repositories import _Repository, utc
from carbonlabel.domain.exchange.records import (
    ClassificationRecord,
    DeliveryState,
    EventDirection,
    EventRecord,
    Partner,
    ReceivedFootprint,
    RequestState,
    SupplierRequest,
)
from carbonlabel.domain.exchange.sharing import (
    DEFAULT_CLASSIFICATION,
    Classification,
    DataKind,
    InventoryGrant,
    ReleaseApproval,
)
from carbonlabel.errors import ConflictError


def _opt(value: datetime | None) -> datetime | None:
    return utc(value) if value is not None else None


def _partner(r: PartnerRow) -> Partner:
    return Partner(r.id, r.organisation_id, r.name, r.country, r.spec_version,
                   r.inbound_client_id, r.host_url, r.auth_url, r.outbound_client_id,
                   r.outbound_client_secret, r.partner_organisation_id, r.active,
                   utc(r.created_at))


def _request(r: SupplierRequestRow) -> SupplierRequest:
    return SupplierRequest(r.id, r.requester_organisation_id, r.requester_partner_id,
                           r.supplier_organisation_id, r.supplier_partner_id, r.product_name,
                           dict(r.criteria), r.comment, RequestState(r.state), r.pact_event_id,
                           tuple(r.response_pf_ids or ()), r.reject_code, r.reject_message,
                           r.created_by, utc(r.created_at), utc(r.updated_at))


def _received(r: ReceivedFootprintRow) -> ReceivedFootprint:
    return ReceivedFootprint(r.id, r.organisation_id, r.pf_id, r.partner_id,
                             r.supplier_organisation_id, r.request_id, r.company_name,
                             r.product_name, r.document, utc(r.received_at), r.received_by)


def _event(r: PactEventRow) -> EventRecord:
    return EventRecord(r.id, r.organisation_id, r.partner_id, EventDirection(r.direction),
                       r.type, r.event_id, r.target_url, dict(r.payload),
                       DeliveryState(r.state), r.attempts, r.last_error,
                       _opt(r.next_attempt_at), utc(r.created_at))


def _approval(r: ReleaseApprovalRow) -> ReleaseApproval:
    return ReleaseApproval(r.id, r.organisation_id, r.partner_id, r.footprint_id, r.purpose,
                           r.recipient, r.approved_by, utc(r.approved_at),
                           _opt(r.expires_at), _opt(r.revoked_at), r.revoked_by)


def _grant(r: InventoryGrantRow) -> InventoryGrant:
    return InventoryGrant(r.id, r.organisation_id, r.footprint_id, r.partner_id,
                          r.grantee_organisation_id, r.granted_by, utc(r.granted_at),
                          _opt(r.revoked_at))


class Partners(_Repository):
    def add(self, partner: Partner, inbound_secret_hash: str | None) -> None:
        self._insert(PartnerRow(
            id=partner.id, organisation_id=partner.organisation_id, name=partner.name,
            country=partner.country, spec_version=partner.spec_version,
            inbound_client_id=partner.inbound_client_id,
            inbound_secret_hash=inbound_secret_hash, host_url=partner.host_url,
            auth_url=partner.auth_url, outbound_client_id=partner.outbound_client_id,
            outbound_client_secret=partner.outbound_client_secret,
            partner_organisation_id=partner.partner_organisation_id, active=partner.active,
            created_at=partner.created_at),
            ConflictError(field="name", message_en="a partner of this name exists already",
                          message_zh="已存在同名的合作伙伴"))

    def update(self, partner: Partner) -> None:
        row = self.session.get(PartnerRow, partner.id)
        if row is None or row.organisation_id != partner.organisation_id:
            raise KeyError(partner.id)
        row.name, row.country, row.spec_version = (partner.name, partner.country,
                                                   partner.spec_version)
        row.host_url, row.auth_url = partner.host_url, partner.auth_url
        row.outbound_client_id = partner.outbound_client_id
        row.outbound_client_secret = partner.outbound_client_secret
        row.active = partner.active

    def set_inbound_secret(self, partner_id: str, client_id: str, secret_hash: str) -> None:
        row = self.session.get(PartnerRow, partner_id)
        if row is None:
            raise KeyError(partner_id)
        row.inbound_client_id, row.inbound_secret_hash = client_id, secret_hash

    def get(self, org_id: str, partner_id: str) -> Partner | None:
        row = self.session.get(PartnerRow, partner_id)
        return _partner(row) if row and row.organisation_id == org_id else None

    def by_id(self, partner_id: str) -> Partner | None:
        """Unscoped: for the host system, which finds the owner from the partner."""
        row = self.session.get(PartnerRow, partner_id)
        return _partner(row) if row else None

    def by_inbound_client(self, client_id: str) -> tuple[Partner, str | None] | None:
        """The partner that authenticates with this client id, and its secret's hash."""
        row = self.session.scalar(select(PartnerRow).where(
            PartnerRow.inbound_client_id == client_id))
        return (_partner(row), row.inbound_secret_hash) if row else None

    def of_org(self, org_id: str) -> list[Partner]:
        rows = self.session.scalars(select(PartnerRow).where(
            PartnerRow.organisation_id == org_id).order_by(PartnerRow.name))
        return [_partner(r) for r in rows]

    def all_with_secrets(self) -> list[Partner]:
        return [_partner(r) for r in self.session.scalars(select(PartnerRow))]


class SupplierRequests(_Repository):
    def add(self, req: SupplierRequest) -> None:
        self.session.add(SupplierRequestRow(
            id=req.id, requester_organisation_id=req.requester_organisation_id,
            requester_partner_id=req.requester_partner_id,
            supplier_organisation_id=req.supplier_organisation_id,
            supplier_partner_id=req.supplier_partner_id, product_name=req.product_name,
            criteria=req.criteria, comment=req.comment, state=req.state.value,
            pact_event_id=req.pact_event_id, response_pf_ids=list(req.response_pf_ids),
            reject_code=req.reject_code, reject_message=req.reject_message,
            created_by=req.created_by, created_at=req.created_at, updated_at=req.updated_at))
        self.session.flush()

    def update(self, req: SupplierRequest) -> None:
        row = self.session.get(SupplierRequestRow, req.id)
        if row is None:
            raise KeyError(req.id)
        row.state, row.response_pf_ids = req.state.value, list(req.response_pf_ids)
        row.reject_code, row.reject_message = req.reject_code, req.reject_message
        row.pact_event_id, row.updated_at = req.pact_event_id, req.updated_at

    def get(self, req_id: str) -> SupplierRequest | None:
        row = self.session.get(SupplierRequestRow, req_id)
        return _request(row) if row else None

    def visible_to(self, org_id: str, req_id: str) -> SupplierRequest | None:
        """The request, if the organisation is its requester or its supplier."""
        req = self.get(req_id)
        if req and org_id in (req.requester_organisation_id, req.supplier_organisation_id):
            return req
        return None

    def by_event(self, org_id: str, event_id: str) -> SupplierRequest | None:
        row = self.session.scalar(select(SupplierRequestRow).where(
            SupplierRequestRow.pact_event_id == event_id,
            or_(SupplierRequestRow.requester_organisation_id == org_id,
                SupplierRequestRow.supplier_organisation_id == org_id)))
        return _request(row) if row else None

    def outbox(self, org_id: str) -> list[SupplierRequest]:
        rows = self.session.scalars(select(SupplierRequestRow).where(
            SupplierRequestRow.requester_organisation_id == org_id).order_by(
            SupplierRequestRow.created_at.desc()))
        return [_request(r) for r in rows]

    def inbox(self, org_id: str) -> list[SupplierRequest]:
        rows = self.session.scalars(select(SupplierRequestRow).where(
            SupplierRequestRow.supplier_organisation_id == org_id).order_by(
            SupplierRequestRow.created_at.desc()))
        return [_request(r) for r in rows]


class ReceivedFootprints(_Repository):
    def add(self, fp: ReceivedFootprint) -> None:
        self._insert(ReceivedFootprintRow(
            id=fp.id, organisation_id=fp.organisation_id, pf_id=fp.pf_id,
            partner_id=fp.partner_id, supplier_organisation_id=fp.supplier_organisation_id,
            request_id=fp.request_id, company_name=fp.company_name,
            product_name=fp.product_name, document=fp.document, received_at=fp.received_at,
            received_by=fp.received_by),
            ConflictError(field="id", message_en=f"footprint {fp.pf_id} was received already",
                          message_zh=f"已收到过碳足迹 {fp.pf_id}"))

    def get(self, org_id: str, pf_id: str) -> ReceivedFootprint | None:
        row = self.session.scalar(select(ReceivedFootprintRow).where(
            ReceivedFootprintRow.organisation_id == org_id,
            ReceivedFootprintRow.pf_id == pf_id))
        return _received(row) if row else None

    def of_org(self, org_id: str) -> list[ReceivedFootprint]:
        rows = self.session.scalars(select(ReceivedFootprintRow).where(
            ReceivedFootprintRow.organisation_id == org_id).order_by(
            ReceivedFootprintRow.received_at.desc()))
        return [_received(r) for r in rows]


class PactEvents(_Repository):
    def add(self, ev: EventRecord) -> None:
        self._insert(PactEventRow(
            id=ev.id, organisation_id=ev.organisation_id, partner_id=ev.partner_id,
            direction=ev.direction.value, type=ev.type, event_id=ev.event_id,
            target_url=ev.target_url, payload=ev.payload, state=ev.state.value,
            attempts=ev.attempts, last_error=ev.last_error,
            next_attempt_at=ev.next_attempt_at, created_at=ev.created_at),
            ConflictError(field="id", message_en=f"event {ev.event_id} was received already",
                          message_zh=f"已收到过事件 {ev.event_id}"))

    def update(self, ev: EventRecord) -> None:
        row = self.session.get(PactEventRow, ev.id)
        if row is None:
            raise KeyError(ev.id)
        row.state, row.attempts, row.last_error = ev.state.value, ev.attempts, ev.last_error
        row.next_attempt_at = ev.next_attempt_at

    def due(self, now: datetime, limit: int = 50) -> list[EventRecord]:
        rows = self.session.scalars(select(PactEventRow).where(
            PactEventRow.state == DeliveryState.PENDING.value,
            or_(PactEventRow.next_attempt_at.is_(None),
                PactEventRow.next_attempt_at <= now)).order_by(
            PactEventRow.created_at).limit(limit))
        return [_event(r) for r in rows]

    def claim(self, ev: EventRecord, now: datetime, lease_until: datetime) -> bool:
        """Take a due outbound event for one delivery attempt (its next_attempt_at moves to
        ``lease_until``); False if another worker took it first or it changed meanwhile.
        A conditional UPDATE, so two workers never both win (row lock / SQLite writer)."""
        result = self.session.execute(update(PactEventRow).where(
            PactEventRow.id == ev.id, PactEventRow.state == DeliveryState.PENDING.value,
            PactEventRow.attempts == ev.attempts,
            or_(PactEventRow.next_attempt_at.is_(None),
                PactEventRow.next_attempt_at <= now)).values(next_attempt_at=lease_until))
        return isinstance(result, CursorResult) and result.rowcount == 1

    def get(self, event_row_id: str) -> EventRecord | None:
        row = self.session.get(PactEventRow, event_row_id)
        return _event(row) if row else None

    def of_org(self, org_id: str, limit: int = 200) -> list[EventRecord]:
        rows = self.session.scalars(select(PactEventRow).where(
            PactEventRow.organisation_id == org_id).order_by(
            PactEventRow.created_at.desc()).limit(limit))
        return [_event(r) for r in rows]


class Classifications(_Repository):
    def get(self, kind: DataKind, entity_id: str) -> Classification:
        row = self.session.scalar(select(ClassificationRow).where(
            ClassificationRow.kind == kind.value, ClassificationRow.entity_id == entity_id))
        return Classification(row.classification) if row else DEFAULT_CLASSIFICATION[kind]

    def record(self, kind: DataKind, entity_id: str) -> ClassificationRecord | None:
        row = self.session.scalar(select(ClassificationRow).where(
            ClassificationRow.kind == kind.value, ClassificationRow.entity_id == entity_id))
        return (ClassificationRecord(row.organisation_id, row.kind, row.entity_id,
                                     row.classification, row.set_by, utc(row.set_at))
                if row else None)

    def set(self, rec: ClassificationRecord) -> None:
        row = self.session.scalar(select(ClassificationRow).where(
            ClassificationRow.kind == rec.kind, ClassificationRow.entity_id == rec.entity_id))
        if row is None:
            self.session.add(ClassificationRow(
                organisation_id=rec.organisation_id, kind=rec.kind, entity_id=rec.entity_id,
                classification=rec.classification, set_by=rec.set_by, set_at=rec.set_at))
        else:
            row.classification, row.set_by, row.set_at = (rec.classification, rec.set_by,
                                                          rec.set_at)
        self.session.flush()

    def of_org(self, org_id: str, kind: DataKind) -> dict[str, Classification]:
        rows = self.session.scalars(select(ClassificationRow).where(
            ClassificationRow.organisation_id == org_id,
            ClassificationRow.kind == kind.value))
        return {r.entity_id: Classification(r.classification) for r in rows}


class ReleaseApprovals(_Repository):
    def add(self, a: ReleaseApproval) -> None:
        self.session.add(ReleaseApprovalRow(
            id=a.id, organisation_id=a.organisation_id, partner_id=a.partner_id,
            footprint_id=a.footprint_id, purpose=a.purpose, recipient=a.recipient,
            approved_by=a.approved_by, approved_at=a.approved_at, expires_at=a.expires_at,
            revoked_at=a.revoked_at, revoked_by=a.revoked_by))
        self.session.flush()

    def revoke(self, a: ReleaseApproval, by: str, at: datetime) -> ReleaseApproval:
        row = self.session.get(ReleaseApprovalRow, a.id)
        if row is None:
            raise KeyError(a.id)
        row.revoked_at, row.revoked_by = at, by
        return replace(a, revoked_at=at, revoked_by=by)

    def get(self, org_id: str, approval_id: str) -> ReleaseApproval | None:
        row = self.session.get(ReleaseApprovalRow, approval_id)
        return _approval(row) if row and row.organisation_id == org_id else None

    def of_org(self, org_id: str) -> list[ReleaseApproval]:
        rows = self.session.scalars(select(ReleaseApprovalRow).where(
            ReleaseApprovalRow.organisation_id == org_id).order_by(
            ReleaseApprovalRow.approved_at.desc()))
        return [_approval(r) for r in rows]


class InventoryGrants(_Repository):
    def add(self, g: InventoryGrant) -> None:
        self.session.add(InventoryGrantRow(
            id=g.id, organisation_id=g.organisation_id, footprint_id=g.footprint_id,
            partner_id=g.partner_id, grantee_organisation_id=g.grantee_organisation_id,
            granted_by=g.granted_by, granted_at=g.granted_at, revoked_at=g.revoked_at))
        self.session.flush()

    def revoke(self, org_id: str, grant_id: str, at: datetime) -> bool:
        row = self.session.get(InventoryGrantRow, grant_id)
        if row is None or row.organisation_id != org_id:
            return False
        row.revoked_at = at
        return True

    def of_org(self, org_id: str) -> list[InventoryGrant]:
        rows = self.session.scalars(select(InventoryGrantRow).where(
            InventoryGrantRow.organisation_id == org_id).order_by(
            InventoryGrantRow.granted_at.desc()))
        return [_grant(r) for r in rows]

    def to_organisation(self, grantee_id: str, footprint_id: str) -> list[InventoryGrant]:
        """Unrevoked grants of one footprint's inventory to this organisation (any owner)."""
        rows = self.session.scalars(select(InventoryGrantRow).where(
            InventoryGrantRow.grantee_organisation_id == grantee_id,
            InventoryGrantRow.footprint_id == footprint_id,
            InventoryGrantRow.revoked_at.is_(None)))
        return [_grant(r) for r in rows]
