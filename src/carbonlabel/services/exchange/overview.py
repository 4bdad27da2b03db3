"""Read models of the exchange pages: partners, requests (inbox, outbox, one request) and
received footprints, each gathered in one call and scoped to the caller's organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.exchange.records import (
    Partner,
    ReceivedFootprint,
    RequestState,
    SupplierRequest,
)
from carbonlabel.domain.pact.model import ExchangeFootprint, validity
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.supplier import SupplierFootprint
from carbonlabel.domain.tenancy import Action, OrgKind, User, allowed
from carbonlabel.errors import CarbonlabelError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.exchange import supplier_files, supplier_requests
from carbonlabel.services.exchange.supplier_catalogue import (
    InputUse,
    exchange_of,
    inputs_using,
    supplier_footprint,
)

MAX_FOOTPRINTS = 200
#: organisations one may ask for a footprint
SUPPLYING_KINDS = frozenset({OrgKind.ENTERPRISE, OrgKind.SUPPLIER})


@dataclass(frozen=True)
class PartnersView:
    partners: tuple[Partner, ...]
    can_manage: bool


def partners_view(uow: UnitOfWork, actor: User) -> PartnersView:
    require(actor, Action.READ)
    return PartnersView(tuple(uow.partners.of_org(actor.organisation_id)),
                        allowed(actor.role, Action.MANAGE_PARTNERS))


@dataclass(frozen=True)
class RequestRow:
    request: SupplierRequest
    counterpart: str  # the other side's name


@dataclass(frozen=True)
class RequestsView:
    inbox: tuple[RequestRow, ...]
    outbox: tuple[RequestRow, ...]
    organisations: tuple[tuple[str, str], ...]  # (id, name) of organisations one may ask
    partners: tuple[Partner, ...]  # partners with a PACT host, to ask over PACT
    can_exchange: bool


def _name_of_org(uow: UnitOfWork, org_id: str | None) -> str | None:
    org = uow.organisations.get(org_id) if org_id else None
    return org.name if org else None


def _counterpart(uow: UnitOfWork, actor: User, req: SupplierRequest) -> str:
    if req.requester_organisation_id == actor.organisation_id:
        name = _name_of_org(uow, req.supplier_organisation_id)
        partner_id = req.supplier_partner_id
    else:
        name = _name_of_org(uow, req.requester_organisation_id)
        partner_id = req.requester_partner_id
    if name is None and partner_id is not None:
        partner = uow.partners.get(actor.organisation_id, partner_id)
        name = partner.name if partner else None
    return name or "—"


def requests_view(uow: UnitOfWork, actor: User) -> RequestsView:
    inbox = supplier_requests.inbox(uow, actor)
    outbox = supplier_requests.outbox(uow, actor)
    orgs = tuple((o.id, o.name) for o in uow.organisations.list_all()
                 if o.id != actor.organisation_id and o.kind in SUPPLYING_KINDS)
    partners = tuple(p for p in uow.partners.of_org(actor.organisation_id)
                     if p.active and p.host_url)
    return RequestsView(tuple(RequestRow(r, _counterpart(uow, actor, r)) for r in inbox),
                        tuple(RequestRow(r, _counterpart(uow, actor, r)) for r in outbox),
                        orgs, partners, allowed(actor.role, Action.EXCHANGE))


@dataclass(frozen=True)
class OwnFootprint:
    record: FootprintRecord
    product: RegisteredProduct


@dataclass(frozen=True)
class RequestView:
    request: SupplierRequest
    requester: str
    supplier: str
    is_supplier: bool
    is_requester: bool
    can_answer: bool  # the supplier's turn, and the actor may exchange
    can_cancel: bool
    footprints: tuple[OwnFootprint, ...]  # what the supplier may answer with
    received: tuple[ReceivedFootprint, ...]  # what the buyer received in answer


def _own_footprints(uow: UnitOfWork, org_id: str) -> tuple[OwnFootprint, ...]:
    out = []
    for record in uow.footprints.page(org_id, 0, MAX_FOOTPRINTS).items:
        product = uow.products.in_org(org_id, record.product_id)
        if product is not None:
            out.append(OwnFootprint(record, product))
    return tuple(out)


def request_view(uow: UnitOfWork, actor: User, request_id: str) -> RequestView:
    req = supplier_requests.get_request(uow, actor, request_id)
    org = actor.organisation_id
    is_supplier = req.supplier_organisation_id == org
    is_requester = req.requester_organisation_id == org
    may = allowed(actor.role, Action.EXCHANGE) and req.state is RequestState.OPEN
    received: tuple[ReceivedFootprint, ...] = ()
    if is_requester:
        held = (uow.received_footprints.get(org, pf) for pf in req.response_pf_ids)
        received = tuple(r for r in held if r is not None)
    counterpart = _counterpart(uow, actor, req)
    own = _name_of_org(uow, org) or "—"
    return RequestView(
        req, own if is_requester else counterpart, own if is_supplier else counterpart,
        is_supplier, is_requester,
        may and is_supplier and req.requester_organisation_id is not None,
        may and is_requester,
        _own_footprints(uow, org) if is_supplier and may else (), received)


@dataclass(frozen=True)
class ReceivedRow:
    received: ReceivedFootprint
    footprint: ExchangeFootprint | None
    per_unit: SupplierFootprint | None


def _row(received: ReceivedFootprint) -> ReceivedRow:
    try:
        fp = exchange_of(received)
    except (CarbonlabelError, ValueError):
        return ReceivedRow(received, None, None)
    try:
        return ReceivedRow(received, fp, supplier_footprint(fp))
    except CarbonlabelError:
        return ReceivedRow(received, fp, None)


def received_list(uow: UnitOfWork, actor: User) -> tuple[ReceivedRow, ...]:
    return tuple(_row(r) for r in supplier_files.received_footprints(uow, actor))


@dataclass(frozen=True)
class ReceivedView:
    row: ReceivedRow
    source: str  # the supplier organisation or partner, or "" for a file without one
    valid_from: datetime | None
    valid_until: datetime | None
    uses: tuple[InputUse, ...]


def received_view(uow: UnitOfWork, actor: User, pf_id: str) -> ReceivedView:
    received = supplier_files.get_received(uow, actor, pf_id)
    row = _row(received)
    source = _name_of_org(uow, received.supplier_organisation_id)
    if source is None and received.partner_id:
        partner = uow.partners.get(actor.organisation_id, received.partner_id)
        source = partner.name if partner else None
    start, end = validity(row.footprint) if row.footprint else (None, None)
    return ReceivedView(row, source or "", start, end,
                        tuple(inputs_using(uow, actor, received.pf_id)))
