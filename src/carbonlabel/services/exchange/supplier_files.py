"""PACT files between organisations: received footprints taken in, own footprints sent out.

In: a PACT JSON file (a supplier's answer to a request, or a file a supplier sent by e-mail)
is read whole; every footprint in it must parse (adapters/formats/pact) and be usable as a
supplier input (services/exchange/supplier_catalogue.py), and none may have been received before —
else nothing is stored and the error names the field (``data[1].pcf.fossilGhgEmissions``).

Out: one of the organisation's own footprints as a PACT document for a named recipient,
released only where services/sharing/policy.py allows it and logged there (``file-export``); without
a named partner the recipient is anyone, so only a public footprint may go.

Each command (import, export) commits its unit of work; a refused export keeps its
``data.release_refused`` record (committed) before it raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.pact import (
    parse_footprints_document,
    render_footprint,
    stored_document,
)
from carbonlabel.domain.exchange.records import ReceivedFootprint, SupplierRequest
from carbonlabel.domain.exchange.sharing import Recipient, ReleaseDecision
from carbonlabel.domain.pact.model import ExchangeFootprint, SpecVersion
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.supplier import normalise_pf_id
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    WorkflowError,
)
from carbonlabel.services.accounts.users import new_id, require
from carbonlabel.services.exchange import pact_host
from carbonlabel.services.sharing import policy

CHANNEL_REQUEST = "platform-request"
CHANNEL_FILE = "file-export"
MAX_FILE_BYTES = 5_000_000
#: ``version`` as a user writes it → the spec version rendered
VERSIONS = {"2": SpecVersion.V2_3, "2.3": SpecVersion.V2_3, "2.3.0": SpecVersion.V2_3,
            "3": SpecVersion.V3_0, "3.0": SpecVersion.V3_0, "3.0.0": SpecVersion.V3_0}


@dataclass(frozen=True)
class ReceivedSet:
    footprints: tuple[ReceivedFootprint, ...]


def _where(index: int, count: int, field: str) -> str:
    return field if count == 1 else f"[{index}].{field}"


def parse_upload(text: str | bytes) -> list[ExchangeFootprint]:
    """The footprints of a PACT file, checked against the spec (refused with the field).

    A footprint whose parts do not add up (fossil plus dLUC above the PCF, as in the
    official examples) is kept as it came; the engine leaves it out of the supplier catalogue
    (services/exchange/supplier_catalogue.py) and the received-footprints page says why."""
    if len(text) > MAX_FILE_BYTES:
        raise InputError(field="file", message_en="the file is larger than 5 MB",
                         message_zh="文件超过 5 MB")
    return parse_footprints_document(text)


def _held(uow: UnitOfWork, org_id: str, pf_id: str) -> ReceivedFootprint | None:
    """A received footprint by PfId, written as received or in the normal (lower) case."""
    return (uow.received_footprints.get(org_id, pf_id.strip())
            or uow.received_footprints.get(org_id, normalise_pf_id(pf_id)))


def store_received(uow: UnitOfWork, actor: User, footprints: Sequence[ExchangeFootprint], *,
                   buyer_id: str, request: SupplierRequest | None,
                   supplier_organisation_id: str | None, at: datetime,
                   partner_id: str | None = None) -> ReceivedSet:
    """Keep the footprints as the buyer's received footprints (all or none)."""
    for k, fp in enumerate(footprints):
        if _held(uow, buyer_id, fp.id) is not None:
            raise ConflictError(field=_where(k, len(footprints), "id"),
                                message_en=f"footprint {fp.id} was received already",
                                message_zh=f"已收到过碳足迹 {fp.id}")
    out = []
    for fp in footprints:
        rec = ReceivedFootprint(new_id(), buyer_id, fp.id, partner_id,
                                supplier_organisation_id,
                                request.id if request else None, fp.company_name,
                                fp.product_name_company, stored_document(fp), at, actor.id)
        uow.received_footprints.add(rec)
        uow.audit.append(actor_id=actor.id, organisation_id=buyer_id,
                         action="footprint.received", entity="received_footprint",
                         entity_id=rec.id,
                         after={"pf_id": rec.pf_id, "company": rec.company_name,
                                "product": rec.product_name, "request_id": rec.request_id,
                                "supplier_organisation_id": supplier_organisation_id,
                                "partner_id": partner_id})
        out.append(rec)
    return ReceivedSet(tuple(out))


def pact_view(uow: UnitOfWork, record: FootprintRecord, platform_url: str) -> ExchangeFootprint:
    """One of the organisation's footprints as a PACT footprint, exactly as the PACT host
    serves it (services/exchange/pact_host.py): the product's newest footprint is
    ``Active``, earlier ones ``Deprecated`` listing the ones before them, a certified one with
    its verification and certification extension."""
    organisation = uow.organisations.get(record.organisation_id)
    if organisation is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹")
    return pact_host.as_exchange_footprint(uow, organisation, record, platform_url)


def refuse_release(uow: UnitOfWork, actor: User, footprint_id: str, recipient: Recipient,
                   decision: ReleaseDecision, channel: str, at: datetime) -> WorkflowError:
    """Log the refused release and give the error to raise. The calling command commits the
    log before raising: a refusal is recorded even though nothing else is kept."""
    policy.log_refusal(uow, owner_id=actor.organisation_id, actor_id=actor.id,
                       footprint_id=footprint_id, recipient=recipient, channel=channel,
                       decision=decision, at=at)
    zh, en = decision.message
    return WorkflowError(field="footprint_id", rule="release_refused",
                         message_en=f"the sharing policy refuses this release: {en}",
                         message_zh=f"数据共享策略不允许提供该数据：{zh}")


def import_footprints(uow: UnitOfWork, actor: User, text: str | bytes, at: datetime,
                      partner_id: str | None = None) -> list[ReceivedFootprint]:
    """The buyer takes in a PACT file a supplier sent (e-mail, portal): received footprints
    without a request, from a partner of the buyer where one is named."""
    require(actor, Action.EXCHANGE)
    if partner_id is not None and uow.partners.get(actor.organisation_id, partner_id) is None:
        raise NotFoundError(field="partner_id", message_en="no such partner",
                            message_zh="没有该合作伙伴")
    footprints = parse_upload(text)
    received = store_received(uow, actor, footprints, buyer_id=actor.organisation_id,
                              request=None, supplier_organisation_id=None, at=at,
                              partner_id=partner_id)
    uow.commit()
    return list(received.footprints)


def spec_version(version: str) -> SpecVersion:
    found = VERSIONS.get(version.strip())
    if found is None:
        raise InputError(field="version", message_en="the PACT version is 2.3.0 or 3.0.0",
                         message_zh="PACT 版本应为 2.3.0 或 3.0.0")
    return found


def export_footprint(uow: UnitOfWork, actor: User, footprint_id: str, version: str,
                     recipient_partner_id: str | None, at: datetime, *,
                     platform_url: str = "") -> dict[str, object]:
    """One of the actor's footprints as a PACT document for the named partner (anyone, when
    none is named), released and logged under the sharing policy."""
    record = uow.footprints.in_org(actor.organisation_id, footprint_id)
    if record is None:  # first: another organisation's id reads as unknown, whatever the role
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹")
    require(actor, Action.EXCHANGE)
    target = spec_version(version)
    if recipient_partner_id is None:
        recipient = Recipient("", "", is_partner=False)
    else:
        partner = uow.partners.get(actor.organisation_id, recipient_partner_id)
        if partner is None:
            raise NotFoundError(field="partner_id", message_en="no such partner",
                                message_zh="没有该合作伙伴")
        recipient = policy.recipient_for_partner(partner)
    decision = policy.check_release(uow, owner_id=actor.organisation_id,
                                    footprint_id=record.id, recipient=recipient, at=at)
    if not decision.allowed:
        refused = refuse_release(uow, actor, record.id, recipient, decision, CHANNEL_FILE, at)
        uow.commit()  # the refusal's record is kept
        raise refused
    body = render_footprint(pact_view(uow, record, platform_url), target)
    policy.log_release(uow, owner_id=actor.organisation_id, actor_id=actor.id,
                       footprint_ids=[record.id], recipient=recipient, channel=CHANNEL_FILE,
                       decisions=[decision], at=at)
    uow.commit()  # logged before the caller hands the document on
    return body


def received_footprints(uow: UnitOfWork, actor: User) -> list[ReceivedFootprint]:
    """The actor's organisation's received footprints, newest first."""
    require(actor, Action.READ)
    return uow.received_footprints.of_org(actor.organisation_id)


def get_received(uow: UnitOfWork, actor: User, pf_id: str) -> ReceivedFootprint:
    require(actor, Action.READ)
    found = _held(uow, actor.organisation_id, pf_id)
    if found is None:
        raise NotFoundError(field="pf_id", message_en="no such received footprint",
                            message_zh="没有该供应商碳足迹")
    return found
