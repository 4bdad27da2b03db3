"""Supplier requests inside the platform: a buyer asks, the supplier answers or refuses.

A buyer asks an organisation of the platform, or an external partner over PACT, for the
footprint (PCF) of a purchased product. A platform supplier answers with one of its own
footprints (released under the sharing policy, logged as channel ``platform-request``), with a
PACT JSON file, or refuses; the buyer may withdraw an open request. Every answer becomes
received footprints of the buyer, which its models take as ``supplier:`` inputs
(services/exchange/supplier_catalogue.py).

Only the two organisations of a request see it: for anyone else it does not exist. States
follow ``REQUEST_TRANSITIONS``; a step the table refuses is a :class:`WorkflowError` naming its
rule. Audit records: ``request.created``, ``request.fulfilled``, ``request.rejected``,
``request.cancelled``, ``footprint.received`` (one per footprint taken in) and, through
services/sharing/policy.py, ``data.released`` / ``data.release_refused``.

Each command commits its unit of work once every check passed; a refused answer keeps its
``data.release_refused`` record (committed) before it raises.

Importing and exporting PACT files lives in services/exchange/supplier_files.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.exchange.records import (
    REQUEST_TRANSITIONS,
    RequestState,
    SupplierRequest,
)
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import InputError, NotFoundError, WorkflowError
from carbonlabel.services.accounts.users import new_id, require
from carbonlabel.services.exchange import pact_exchange
from carbonlabel.services.exchange.supplier_files import (
    CHANNEL_REQUEST,
    ReceivedSet,
    export_footprint,
    import_footprints,
    pact_view,
    parse_upload,
    refuse_release,
    store_received,
)
from carbonlabel.services.sharing import policy

__all__ = ["answer_with_footprint", "answer_with_upload", "ask_supplier", "cancel",
           "export_footprint", "get_request", "import_footprints", "inbox", "outbox", "reject"]

MAX_NAME = 300
MAX_COMMENT = 2000
_URN = re.compile(r"^[uU][rR][nN]:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$")


def _text(value: str, field: str, limit: int, required: bool) -> str:
    value = value.strip()
    if (required and not value) or len(value) > limit:
        need = f"1 to {limit}" if required else f"at most {limit}"
        need_zh = f"1 至 {limit}" if required else f"最多 {limit}"
        raise InputError(field=field, message_en=f"give {need} characters",
                         message_zh=f"请填写{need_zh}个字符")
    return value


def _product_ids(ids: Sequence[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(i.strip() for i in ids if i.strip()))
    for k, urn in enumerate(out):
        if not _URN.match(urn):
            raise InputError(field=f"product_ids[{k}]",
                             message_en=f"{urn!r} is not a URN (e.g. urn:gtin:06901234567892)",
                             message_zh=f"{urn!r} 不是 URN（例如 urn:gtin:06901234567892）")
    return out


# -- asking ---------------------------------------------------------------------------------

def ask_supplier(uow: UnitOfWork, actor: User, *, supplier_organisation_id: str | None = None,
                 partner_id: str | None = None, product_name: str,
                 product_ids: Sequence[str] = (), comment: str = "", at: datetime,
                 platform_url: str | None = None) -> SupplierRequest:
    """Ask an organisation of the platform, or an external partner (over PACT), for the PCF
    of a purchased product. ``platform_url``: where a partner's answer is to come (PACT
    requests only; default: the configured public URL)."""
    require(actor, Action.EXCHANGE)
    if (supplier_organisation_id is None) == (partner_id is None):
        raise InputError(field="supplier_organisation_id",
                         message_en="name either a platform organisation or a partner",
                         message_zh="请指定平台组织或合作伙伴之一")
    name = _text(product_name, "product_name", MAX_NAME, True)
    note = _text(comment, "comment", MAX_COMMENT, False)
    ids = _product_ids(product_ids)
    criteria: dict[str, object] = {"productId": list(ids)} if ids else {}
    if partner_id is not None:
        return _ask_partner(uow, actor, partner_id, name, ids, note, at, platform_url)
    assert supplier_organisation_id is not None
    supplier = uow.organisations.get(supplier_organisation_id)
    if supplier is None or supplier.id == actor.organisation_id:
        raise NotFoundError(field="supplier_organisation_id",
                            message_en="no such other organisation",
                            message_zh="没有该其他组织")
    req = SupplierRequest(new_id(), actor.organisation_id, None, supplier.id, None, name,
                          criteria, note, RequestState.OPEN, None, (), None, None, actor.id,
                          at, at)
    uow.supplier_requests.add(req)
    _audit(uow, actor, req, "request.created", None,
           {"supplier_organisation_id": supplier.id, "product_name": name,
            "criteria": criteria})
    uow.commit()
    return req


def _ask_partner(uow: UnitOfWork, actor: User, partner_id: str, name: str,
                 ids: tuple[str, ...], comment: str, at: datetime,
                 platform_url: str | None) -> SupplierRequest:
    """An outbound PACT request: services/exchange/pact_exchange.py keeps it and queues its
    RequestCreated event for the partner's host (the answer comes back as an event); that
    command commits, so a caller may kick the outbox once it returns."""
    criteria: dict[str, object] = {"productId": list(ids)} if ids else {}
    return pact_exchange.send_request(uow, actor=actor, partner_id=partner_id,
                                      product_name=name, criteria=criteria, comment=comment,
                                      at=at, base_url=platform_url)


# -- reading --------------------------------------------------------------------------------

def get_request(uow: UnitOfWork, actor: User, request_id: str) -> SupplierRequest:
    """The request, if the actor's organisation asked or is asked; else "not found"."""
    require(actor, Action.READ)
    req = uow.supplier_requests.visible_to(actor.organisation_id, request_id)
    if req is None:
        raise NotFoundError(field="request_id", message_en="no such request",
                            message_zh="没有该请求")
    return req


def inbox(uow: UnitOfWork, actor: User) -> list[SupplierRequest]:
    """Requests to the actor's organisation, newest first."""
    require(actor, Action.READ)
    return uow.supplier_requests.inbox(actor.organisation_id)


def outbox(uow: UnitOfWork, actor: User) -> list[SupplierRequest]:
    """Requests the actor's organisation made, newest first."""
    require(actor, Action.READ)
    return uow.supplier_requests.outbox(actor.organisation_id)


# -- the workflow ---------------------------------------------------------------------------

def _step(req: SupplierRequest, to: RequestState) -> None:
    if to not in REQUEST_TRANSITIONS[req.state]:
        raise WorkflowError(field="request_id", rule="request_state",
                            message_en=f"a {req.state.value} request cannot become {to.value}",
                            message_zh=f"状态为「{req.state.value}」的请求不能变为「{to.value}」")


def _as_supplier(uow: UnitOfWork, actor: User, request_id: str,
                 to: RequestState) -> SupplierRequest:
    require(actor, Action.EXCHANGE)
    req = get_request(uow, actor, request_id)
    if req.supplier_organisation_id != actor.organisation_id:
        raise WorkflowError(field="request_id", rule="supplier_answers",
                            message_en="only the supplier asked answers a request",
                            message_zh="只有被请求的供应商可以答复请求")
    if req.requester_organisation_id is None:
        raise WorkflowError(field="request_id", rule="pact_request",
                            message_en="a request from an external partner is answered over "
                                       "PACT when it arrives",
                            message_zh="外部合作伙伴的请求在收到时即通过 PACT 自动答复")
    _step(req, to)
    return req


def _audit(uow: UnitOfWork, actor: User, req: SupplierRequest, action: str,
           before: dict[str, object] | None, after: dict[str, object]) -> None:
    # on both sides: each organisation's audit trail shows the requests it took part in
    for org_id in dict.fromkeys((req.requester_organisation_id, req.supplier_organisation_id)):
        if org_id is not None:
            uow.audit.append(actor_id=actor.id, organisation_id=org_id, action=action,
                             entity="supplier_request", entity_id=req.id, before=before,
                             after=after)


def _fulfil(uow: UnitOfWork, actor: User, req: SupplierRequest, received: ReceivedSet,
            channel: str, at: datetime) -> SupplierRequest:
    done = replace(req, state=RequestState.FULFILLED,
                   response_pf_ids=tuple(r.pf_id for r in received.footprints), updated_at=at)
    uow.supplier_requests.update(done)
    _audit(uow, actor, done, "request.fulfilled", {"state": req.state.value},
           {"state": done.state.value, "pf_ids": list(done.response_pf_ids),
            "answered_with": channel})
    return done


def answer_with_footprint(uow: UnitOfWork, actor: User, request_id: str, footprint_id: str,
                          at: datetime, *, platform_url: str = "") -> SupplierRequest:
    """The supplier answers with one of its own footprints, where the sharing policy lets
    it go to the buyer; the buyer receives it as a PACT footprint."""
    req = _as_supplier(uow, actor, request_id, RequestState.FULFILLED)
    assert req.requester_organisation_id is not None
    buyer = uow.organisations.get(req.requester_organisation_id)
    record = uow.footprints.in_org(actor.organisation_id, footprint_id)
    if buyer is None or record is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹")
    recipient = policy.recipient_for_organisation(buyer)
    decision = policy.check_release(uow, owner_id=actor.organisation_id,
                                    footprint_id=record.id, recipient=recipient, at=at)
    if not decision.allowed:
        refused = refuse_release(uow, actor, record.id, recipient, decision, CHANNEL_REQUEST,
                                 at)
        uow.commit()  # the refusal's record is kept
        raise refused
    fp = pact_view(uow, record, platform_url)
    received = store_received(uow, actor, [fp], buyer_id=buyer.id, request=req,
                              supplier_organisation_id=actor.organisation_id, at=at)
    policy.log_release(uow, owner_id=actor.organisation_id, actor_id=actor.id,
                       footprint_ids=[record.id], recipient=recipient,
                       channel=CHANNEL_REQUEST, decisions=[decision], at=at)
    done = _fulfil(uow, actor, req, received, "footprint", at)
    uow.commit()
    return done


def answer_with_upload(uow: UnitOfWork, actor: User, request_id: str, text: str | bytes,
                       at: datetime) -> SupplierRequest:
    """The supplier answers with a PACT JSON file (any error: nothing is stored, the error
    names the field)."""
    req = _as_supplier(uow, actor, request_id, RequestState.FULFILLED)
    assert req.requester_organisation_id is not None
    footprints = parse_upload(text)
    received = store_received(uow, actor, footprints, buyer_id=req.requester_organisation_id,
                              request=req, supplier_organisation_id=actor.organisation_id,
                              at=at)
    done = _fulfil(uow, actor, req, received, "upload", at)
    uow.commit()
    return done


def reject(uow: UnitOfWork, actor: User, request_id: str, reason: str,
           at: datetime) -> SupplierRequest:
    """The supplier declines, saying why (the buyer reads the reason)."""
    req = _as_supplier(uow, actor, request_id, RequestState.REJECTED)
    why = _text(reason, "reason", MAX_COMMENT, True)
    done = replace(req, state=RequestState.REJECTED, reject_code="AccessDenied",
                   reject_message=why, updated_at=at)
    uow.supplier_requests.update(done)
    _audit(uow, actor, done, "request.rejected", {"state": req.state.value},
           {"state": done.state.value, "reason": why})
    uow.commit()
    return done


def cancel(uow: UnitOfWork, actor: User, request_id: str, at: datetime) -> SupplierRequest:
    """The buyer withdraws an open request."""
    require(actor, Action.EXCHANGE)
    req = get_request(uow, actor, request_id)
    if req.requester_organisation_id != actor.organisation_id:
        raise WorkflowError(field="request_id", rule="requester_cancels",
                            message_en="only the organisation that asked withdraws a request",
                            message_zh="只有发出请求的组织可以撤回请求")
    _step(req, RequestState.CANCELLED)
    done = replace(req, state=RequestState.CANCELLED, updated_at=at)
    uow.supplier_requests.update(done)
    _audit(uow, actor, done, "request.cancelled", {"state": req.state.value},
           {"state": done.state.value})
    uow.commit()
    return done
