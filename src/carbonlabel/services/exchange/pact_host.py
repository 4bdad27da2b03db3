"""The PACT host system's use cases: who is calling, and which footprints it may have.

A partner's client authenticates with its inbound client id and secret
(:func:`authenticate_client`). What it sees are its owner's own platform footprints (the
organisation that registered the partner), as PACT ProductFootprints:

- each calculation of a product is one PCF; per product the newest is ``Active`` and the
  earlier ones are ``Deprecated``; each lists the ones before it in ``precedingPfIds``
  (oldest first), as the spec's lifecycle asks (a changed PCF gets a new id);
- a footprint under a valid certificate carries ``verification`` (v2 ``assurance``) and the
  certification extension (certification body, certificate number, label code, where to
  verify it);
- only what the sharing policy releases to this partner is returned
  (:func:`carbonlabel.services.sharing.policy.check_release`): a confidential footprint is never
  listed and reads as unknown; an export-restricted one goes abroad only under an approval
  (refused with :class:`ReleaseRefusedError` otherwise).

Footprints that cannot be written as PACT at all (a declared unit PACT lacks) are left out.
Release logging happens where the data is actually sent: the routes log what a response
carries with :func:`log_sent` and a refused read with :func:`log_refused`; both commands
commit (a refusal's record is kept although the request fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.security import verify_password
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.exchange.sharing import Classification, DataKind, ReleaseDecision
from carbonlabel.domain.pact.from_footprint import CertificationSummary, exchange_footprint
from carbonlabel.domain.pact.model import ExchangeFootprint, PfStatus
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.tenancy import Organisation
from carbonlabel.errors import (
    AuthenticationError,
    CarbonlabelError,
    NotFoundError,
    PermissionDeniedError,
)
from carbonlabel.services.sharing import policy

#: A platform URL to build links with when the caller has none (say the real one!).
FALLBACK_PLATFORM_URL = "https://carbonlabel.invalid"

#: UN CPC (Ver. 2.1) groups of product categories, for v2's required productCategoryCpc.
#: A category written as a CPC code itself (``46420`` or ``cpc:46420``) is taken as it is.
CPC_BY_CATEGORY: dict[str, str] = {
    "cement": "3744",  # Portland cement, aluminous cement, slag cement and similar
    "水泥": "3744",
    "lithium battery": "4642",  # electric accumulators
    "锂电池": "4642",
}
_CPC = re.compile(r"^(?:cpc:)?(\d{1,5})$", re.IGNORECASE)


class ReleaseRefusedError(PermissionDeniedError):
    """The sharing policy refuses this footprint to this partner (export approval missing)."""

    code = "release_refused"

    def __init__(self, decision: ReleaseDecision, footprint_id: str) -> None:
        zh, en = decision.message
        super().__init__(field="id", message_en=en, message_zh=zh)
        self.decision = decision
        self.footprint_id = footprint_id


@dataclass(frozen=True)
class Released:
    """A footprint the policy lets go to the partner, and the decision that lets it."""

    footprint: ExchangeFootprint
    decision: ReleaseDecision


def authenticate_client(uow: UnitOfWork, client_id: str, client_secret: str) -> Partner:
    """The active partner with these inbound credentials; AuthenticationError otherwise
    (the same answer, and about the same time, for an unknown id and a wrong secret)."""
    found = uow.partners.by_inbound_client(client_id) if client_id else None
    partner, secret_hash = found if found else (None, None)
    if not verify_password(secret_hash, client_secret) or partner is None \
            or not partner.active:
        raise AuthenticationError(field="client_id", message_en="invalid client credentials",
                                  message_zh="客户端凭据无效")
    return partner


def partner_by_client_id(uow: UnitOfWork, client_id: str) -> Partner:
    """The active partner a verified token was issued to."""
    found = uow.partners.by_inbound_client(client_id)
    if found is None or not found[0].active:
        raise AuthenticationError(field="Authorization", message_en="the token's client is "
                                  "no longer registered", message_zh="令牌所属客户端已不存在")
    return found[0]


def cpc_code(product: RegisteredProduct) -> str | None:
    category = product.category.strip()
    match = _CPC.match(category)
    if match:
        return match.group(1)
    return CPC_BY_CATEGORY.get(category.lower())


def _all_footprints(uow: UnitOfWork, org_id: str) -> Iterator[FootprintRecord]:
    offset = 0
    while True:
        page = uow.footprints.page(org_id, offset, 200)
        yield from page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def _all_products(uow: UnitOfWork, org_id: str) -> Iterator[RegisteredProduct]:
    offset = 0
    while True:
        page = uow.products.page(org_id, offset, 500)
        yield from page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def _certification(uow: UnitOfWork, certificates: list[Certificate], platform_url: str
                   ) -> dict[str, CertificationSummary]:
    """The summary of each footprint under a valid certificate, by footprint id."""
    out: dict[str, CertificationSummary] = {}
    for cert in certificates:
        if cert.status is not CertificateStatus.VALID:
            continue
        body = uow.organisations.get(cert.body_id)
        labels = uow.labels.for_certificate(cert.id)
        out[cert.footprint_id] = CertificationSummary(
            body_name=body.name if body else cert.body_id, certificate_number=cert.number,
            decision_date=datetime.combine(cert.issued_on, time(), UTC),
            label_code=labels[-1].code if labels else None,
            verify_url=f"{platform_url.rstrip('/')}/registry/{cert.number}",
            certified_value=cert.certified_value, certified_unit=cert.certified_unit)
    return out


def _product_chain(uow: UnitOfWork, org: Organisation, product: RegisteredProduct,
                   records: list[FootprintRecord], platform_url: str,
                   certified: dict[str, CertificationSummary] | None = None,
                   raise_for: str | None = None) -> list[ExchangeFootprint]:
    """The product's footprints (oldest first) with their lifecycle (``certified``: the
    owner's certified footprints, when the caller read them for many products at once).
    One PACT cannot carry is left out, except ``raise_for``, whose reason is raised."""
    records = sorted(records, key=lambda r: (r.created_at, r.id))
    if certified is None:
        certified = _certification(uow, uow.certificates.for_product(product.id),
                                   platform_url)
    cpc = cpc_code(product)
    out: list[ExchangeFootprint] = []
    for n, record in enumerate(records):
        try:
            fp = exchange_footprint(
                record=record, result=uow.footprints.result(record), product=product,
                organisation=org, platform_url=platform_url,
                pf_status=PfStatus.ACTIVE if n == len(records) - 1 else PfStatus.DEPRECATED,
                preceding_pf_ids=tuple(r.id for r in records[:n]),
                certification=certified.get(record.id),
                reference_period=record.reference_period, cpc_code=cpc)
        except CarbonlabelError:
            if record.id == raise_for:
                raise
            continue  # not a result PACT can carry (e.g. a unit PACT lacks)
        out.append(replace(fp, product_category_cpc=cpc) if cpc else fp)
    return out


def _owner(uow: UnitOfWork, partner: Partner) -> Organisation:
    org = uow.organisations.get(partner.organisation_id)
    if org is None:
        raise NotFoundError(field="organisation_id", message_en="the partner's owner is gone",
                            message_zh="合作伙伴所属机构不存在")
    return org


def offered(uow: UnitOfWork, partner: Partner, at: datetime, *,
            platform_url: str | None = None,
            product_id: str | None = None) -> list[Released]:
    """Every footprint of the owner that PACT can carry, oldest first (by creation, id), with
    the policy's decision for this partner, allowed or not."""
    org = _owner(uow, partner)
    recipient = policy.recipient_for_partner(partner)
    url = platform_url or FALLBACK_PLATFORM_URL
    by_product: dict[str, list[FootprintRecord]] = {}
    for record in _all_footprints(uow, org.id):
        if product_id is None or record.product_id == product_id:
            by_product.setdefault(record.product_id, []).append(record)
    decisions = policy.check_releases(
        uow, owner_id=org.id, recipient=recipient, at=at,
        footprint_ids=[r.id for records in by_product.values() for r in records])
    products = {p.id: p for p in _all_products(uow, org.id)}
    certified = _certification(uow, uow.certificates.of_holder(org.id), url)
    out: list[Released] = []
    for pid, records in by_product.items():
        product = products.get(pid)
        if product is None:
            continue
        out.extend(Released(fp, decisions[fp.id])
                   for fp in _product_chain(uow, org, product, records, url, certified))
    out.sort(key=lambda r: (r.footprint.created, r.footprint.id))
    return out


def releasable(uow: UnitOfWork, partner: Partner, at: datetime, *,
               platform_url: str | None = None,
               product_id: str | None = None) -> list[Released]:
    """Every footprint the owner may give this partner now, oldest first (by creation, id),
    with the policy decision of each (for the release log)."""
    return [r for r in offered(uow, partner, at, platform_url=platform_url,
                               product_id=product_id) if r.decision.allowed]


def as_exchange_footprint(uow: UnitOfWork, org: Organisation, record: FootprintRecord,
                          platform_url: str | None = None) -> ExchangeFootprint:
    """One footprint record as PACT, as the host serves it (lifecycle within its product,
    certification); raises the reason when PACT cannot carry it (e.g. no product mass)."""
    product = uow.products.in_org(org.id, record.product_id)
    if product is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹")
    siblings = [r for r in _all_footprints(uow, org.id) if r.product_id == record.product_id]
    chain = _product_chain(uow, org, product, siblings, platform_url or FALLBACK_PLATFORM_URL,
                           raise_for=record.id)
    return next(fp for fp in chain if fp.id == record.id)


def footprints_for(uow: UnitOfWork, partner: Partner, at: datetime, *,
                   platform_url: str | None = None) -> list[ExchangeFootprint]:
    """The footprints the owner may give this partner now (see the module docstring)."""
    return [r.footprint for r in releasable(uow, partner, at, platform_url=platform_url)]


def footprint_for(uow: UnitOfWork, partner: Partner, pf_id: str, at: datetime, *,
                  platform_url: str | None = None) -> Released:
    """One footprint by its PfId: NotFoundError if unknown, another owner's or confidential
    (its existence is not revealed); ReleaseRefusedError if the policy refuses it."""
    org = _owner(uow, partner)
    record = uow.footprints.in_org(org.id, pf_id)
    unknown = NotFoundError(field="id", message_en=f"no footprint {pf_id}",
                            message_zh=f"没有碳足迹 {pf_id}")
    if record is None or policy.classification_of(
            uow, DataKind.FOOTPRINT, pf_id) is Classification.CONFIDENTIAL:
        raise unknown
    decision = policy.check_release(uow, owner_id=org.id, footprint_id=pf_id,
                                    recipient=policy.recipient_for_partner(partner), at=at)
    if not decision.allowed:
        raise ReleaseRefusedError(decision, pf_id)
    product = uow.products.in_org(org.id, record.product_id)
    if product is None:
        raise unknown
    records = [r for r in _all_footprints(uow, org.id) if r.product_id == product.id]
    chain = _product_chain(uow, org, product, records, platform_url or FALLBACK_PLATFORM_URL)
    match = next((fp for fp in chain if fp.id == pf_id), None)
    if match is None:
        raise unknown
    return Released(match, decision)


# -- the release log of what the host sends -------------------------------------------------

def log_sent(uow: UnitOfWork, partner: Partner, sent: Sequence[Released], channel: str,
             at: datetime) -> None:
    """Log the release of what a response actually carries (one log call; nothing for an
    empty page), and commit: the response goes out only once its release is kept."""
    if sent:
        policy.log_release(uow, owner_id=partner.organisation_id, actor_id=None,
                           footprint_ids=[r.footprint.id for r in sent],
                           recipient=policy.recipient_for_partner(partner), channel=channel,
                           decisions=[r.decision for r in sent], at=at)
    uow.commit()


def log_refused(uow: UnitOfWork, partner: Partner, footprint_id: str,
                decision: ReleaseDecision, channel: str, at: datetime) -> None:
    """Log a release the policy refused, and commit: kept although the request fails."""
    policy.log_refusal(uow, owner_id=partner.organisation_id, actor_id=None,
                       footprint_id=footprint_id,
                       recipient=policy.recipient_for_partner(partner), channel=channel,
                       decision=decision, at=at)
    uow.commit()
