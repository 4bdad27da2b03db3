"""Documents of certificates and footprints: label artwork, the certificate PDF, the CFP study
report PDF. Each use case finds the records (scoped to the caller, or public by policy) and
hands plain values to the renderers in ``adapters.documents``.

Access: a certificate's documents are the holder's and the certification body's (anyone else
gets "not found"); a footprint's study report is its organisation's; the label artwork of a
certificate whose label was issued is public, as the label itself is printed on products.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from carbonlabel.adapters.db.body_repositories import CaseApplication
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.documents import (
    SEAL_BOX,
    certificate_pdf,
    label_content,
    label_png,
    label_svg,
    study_report_pdf,
)
from carbonlabel.adapters.documents.vocabulary import check_lang
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.adapters.formats.sensitivity_json import report_to_dict
from carbonlabel.adapters.seal_keys import SealKeys, seal_pdf
from carbonlabel.domain.certification.certificate import (
    Scheme,
    effective_status,
    is_valid_number,
)
from carbonlabel.domain.certification.certificate_content import (
    CertificateContent,
    CertificationMode,
)
from carbonlabel.domain.certification.records import Certificate, Label
from carbonlabel.domain.improvement.claims import ClaimState
from carbonlabel.domain.model import ProductModel
from carbonlabel.domain.product import Text
from carbonlabel.domain.product_rules import AppliedRule
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.regions import region_address
from carbonlabel.domain.tenancy import Organisation, User
from carbonlabel.errors import CarbonlabelError, NotFoundError
from carbonlabel.services.certification.labels import get_certificate
from carbonlabel.services.quantify.footprint_jobs import get_footprint
from carbonlabel.services.quantify.product_rules import recorded_conformance
from carbonlabel.services.quantify.sensitivity import sensitivity_of_footprint

PDF = "application/pdf"
LabelFormat = Literal["svg", "png"]
MEDIA_TYPES: dict[LabelFormat, str] = {"svg": "image/svg+xml", "png": "image/png"}


@dataclass(frozen=True)
class Document:
    content: bytes
    media_type: str
    filename: str


@dataclass(frozen=True)
class LabelRequest:
    """How the artwork is wanted: format, width in mm, resolution (PNG), language first."""

    format: LabelFormat = "svg"
    width_mm: float = 50.0
    dpi: int = 300
    lang: str = "zh"


def verification_url(base_url: str, token: str) -> str:
    """What a label's QR code carries: the registry's verification page of its token."""
    return f"{base_url.rstrip('/')}/v/{token}"


def _no_label() -> NotFoundError:
    return NotFoundError(field="certificate_id",
                         message_en="no label has been issued for this certificate",
                         message_zh="该证书尚未生成标识")


def _newest_label(uow: UnitOfWork, certificate: Certificate) -> Label | None:
    labels = uow.labels.for_certificate(certificate.id)
    return labels[-1] if labels else None


def _product_names(uow: UnitOfWork, certificate: Certificate) -> Text:
    product = uow.products.in_org(certificate.holder_id, certificate.product_id)
    return Text(product.name_zh, product.name_en) if product else Text("", "")


def _org_name(uow: UnitOfWork, org_id: str) -> tuple[str, str]:
    org = uow.organisations.get(org_id)
    return (org.name, org.region) if org else ("", "")


def _artwork(uow: UnitOfWork, certificate: Certificate, label: Label, base_url: str,
             wanted: LabelRequest) -> Document:
    lang = check_lang(wanted.lang)
    granted = tuple(c.kind.value for c in uow.claims.of_certificate(certificate.id)
                    if c.state is ClaimState.GRANTED)
    content = label_content(label, certificate, _product_names(uow, certificate),
                            _org_name(uow, certificate.body_id)[0],
                            verification_url(base_url, label.token), granted)
    name = f"label-{certificate.number}-{wanted.width_mm:g}mm-{lang}.{wanted.format}"
    if wanted.format == "png":
        return Document(label_png(content, wanted.width_mm, wanted.dpi, lang), MEDIA_TYPES["png"],
                        name)
    return Document(label_svg(content, wanted.width_mm, lang).encode("utf-8"),
                    MEDIA_TYPES["svg"], name)


def label_artwork(uow: UnitOfWork, actor: User, certificate_id: str, base_url: str,
                  wanted: LabelRequest) -> Document:
    """The newest label of a certificate of the caller's organisation (holder or body)."""
    certificate = get_certificate(uow, actor, certificate_id)
    label = _newest_label(uow, certificate)
    if label is None:
        raise _no_label()
    return _artwork(uow, certificate, label, base_url, wanted)


def public_label_artwork(uow: UnitOfWork, number: str, base_url: str,
                         wanted: LabelRequest) -> Document:
    """The newest label of a certificate by its number, for anyone: only once issued."""
    normalised = number.strip().upper()
    certificate = uow.certificates.by_number(normalised) if is_valid_number(normalised) else None
    label = _newest_label(uow, certificate) if certificate else None
    if certificate is None or label is None:
        raise NotFoundError(field="number", message_en="no label with this certificate number",
                            message_zh="没有该证书编号的标识")
    return _artwork(uow, certificate, label, base_url, wanted)


#: who authorises a certificate: the case's decision maker (17065 §7.6, §7.7.1 g)
SIGNATORY_TITLE = Text("认证决定人员", "certification decision maker")
SEAL_REASON = "证书签章 / certificate seal"


def _address(region: str, registered: str = "") -> Text | None:
    """An organisation's address: its registered address (with its region's English name on
    the English side) when it has one, else its region by name."""
    english_region = region_address(region, "en") if region.strip() else ""
    if registered.strip():
        address = registered.strip()
        return Text(address, f"{address} ({english_region})" if english_region else address)
    if not region.strip():
        return None
    return Text(region_address(region, "zh"), english_region)


def _org_address(org: Organisation | None) -> Text | None:
    return _address(org.region, org.registered_address) if org else None


def _site(site: dict[str, str]) -> Text:
    """A manufacturing site as the application named it: its name and address."""
    name, address = site.get("name", "").strip(), site.get("address", "").strip()
    if not address:
        region = site.get("region", "")
        zh, en = region_address(region, "zh"), region_address(region, "en")
        return Text(f"{name}（{zh}）" if zh else name, f"{name} ({en})" if en else name)
    return Text(f"{name}（{address}）", f"{name} ({address})")


def _listed(values: tuple[str, ...]) -> str | None:
    return "; ".join(values) if values else None


def _named(uow: UnitOfWork, certificate: Certificate,
           holder: Organisation | None) -> CaseApplication:
    """What the application named (producer, sites, types, specifications); for a case
    without that record, the holder and its production sites."""
    named = uow.applications.get(certificate.case_id)
    if named is not None:
        return named
    sites = tuple({"name": s.name, "address": s.address, "region": s.region}
                  for s in uow.sites.of(certificate.holder_id))
    return CaseApplication(certificate.case_id, holder.name if holder else "", sites, (), ())


def certificate_content(uow: UnitOfWork, certificate: Certificate,
                        scheme: Scheme | None = None) -> CertificateContent:
    """Everything the certificate states, from the records (the one mapping: a field the
    platform does not hold prints as "—"). The producer's address is the holder's when the
    application names the holder as the producer (the default), else not kept."""
    scheme = scheme or Scheme()
    holder, body = uow.organisations.get(certificate.holder_id), uow.organisations.get(
        certificate.body_id)
    version = uow.model_versions.in_org(certificate.holder_id, certificate.model_version_id)
    case = uow.cases.get(certificate.case_id)
    decider = uow.users.get(case.decider_id) if case and case.decider_id else None
    approval = uow.approvals.get(certificate.body_id)
    named = _named(uow, certificate, holder)
    holder_address = _org_address(holder)
    producer_is_holder = holder is not None and named.producer == holder.name
    return CertificateContent(
        number=certificate.number, revision=certificate.revision,
        body_name=body.name if body else "",
        body_address=_org_address(body),
        body_approval_number=(approval.approval_number or None) if approval else None,
        body_accreditation_number=(approval.accreditation_number or None) if approval
        else None,
        holder_name=holder.name if holder else "",
        holder_address=holder_address,
        holder_credit_code=holder.credit_code if holder else None,
        producer_name=named.producer or None,
        producer_address=holder_address if producer_is_holder else None,
        manufacturing_sites=tuple(_site(s) for s in named.sites),
        product=_product_names(uow, certificate), product_type=_listed(named.product_types),
        product_specification=_listed(named.specifications),
        model_version=(f"{version.version} (SHA-256 {version.content_hash[:16]})" if version
                       else certificate.model_version_id),
        declared_unit=certificate.declared_unit, certified_value=certificate.certified_value,
        certified_unit=certificate.certified_unit, boundary=certificate.boundary,
        scheme_code=certificate.scheme, scheme_name=scheme.name,
        standards=tuple(p.strip() for p in certificate.standard.split(" / ") if p.strip()),
        product_rule=certificate.product_rule,
        mode=(CertificationMode.SYSTEM  # registered under a system certificate
              if uow.systems.system_of(certificate.id) else CertificationMode.PRODUCT),
        granted_on=certificate.issued_on, valid_from=certificate.issued_on,
        valid_to=certificate.expires_on,
        signatory_name=decider.display_name if decider else None,
        signatory_title=SIGNATORY_TITLE if decider else None)


def certificate_document(uow: UnitOfWork, actor: User, certificate_id: str, base_url: str,
                         lang: str, seals: SealKeys, today: date | None = None) -> Document:
    """The certificate PDF, with the status of ``today`` and its verification address (the
    newest label's, else the registry's page of the certificate), sealed with the body's
    electronic seal (PAdES)."""
    lg = check_lang(lang)
    certificate = get_certificate(uow, actor, certificate_id)
    today = today or datetime.now(UTC).date()
    label = _newest_label(uow, certificate)
    url = (verification_url(base_url, label.token) if label
           else f"{base_url.rstrip('/')}/registry/{certificate.number}")
    content = certificate_content(uow, certificate)
    pdf = certificate_pdf(content, effective_status(certificate.status, certificate.expires_on,
                                                    today), url, lg, today=today)
    sealed = seal_pdf(pdf, seals.seal(certificate.body_id, content.body_name), SEAL_BOX,
                      reason=SEAL_REASON)
    return Document(sealed, PDF, f"certificate-{content.printed_number}-{lg}.pdf")


def seal_root(seals: SealKeys) -> Document:
    """The platform's seal root certificate, for verifiers to trust (public)."""
    return Document(seals.root_pem(), "application/x-pem-file", "carbonlabel-seal-root.pem")


def _model(text: str, fmt: str) -> ProductModel | None:
    """The stored model version, parsed without background data (for its rules and sources)."""
    try:
        return load_model_text(text, f"model.{fmt}", Path(f"model.{fmt}")).model
    except CarbonlabelError:
        return None


def _release(stored: str | None) -> str | None:
    """A recorded rule release as the report prints it: code@version#first 12 of the sha256."""
    applied = AppliedRule.parse(stored)
    return str(applied) if applied else None


def study_report(uow: UnitOfWork, actor: User, footprint_id: str, lang: str,
                 data_dirs: tuple[Path, Path] | None = None) -> Document:
    """The CFP study report of a footprint of the caller's organisation; with ``data_dirs``
    (the factor files' base and the databases' store) the sensitivity analysis of a
    foreground-only model is computed for its section 9 (docs/documents.md)."""
    return record_study_report(uow, get_footprint(uow, actor, footprint_id), lang, data_dirs)


def record_study_report(uow: UnitOfWork, record: FootprintRecord, lang: str,
                        data_dirs: tuple[Path, Path] | None = None) -> Document:
    """The CFP study report of a footprint the caller may read (checked by the caller)."""
    lg = check_lang(lang)
    sensitivity = (sensitivity_of_footprint(uow, record, *data_dirs)
                   if data_dirs is not None else None)
    product = uow.products.in_org(record.organisation_id, record.product_id)
    version = uow.model_versions.in_org(record.organisation_id, record.model_version_id)
    model = _model(version.content, version.format) if version else None
    # laid out from the result as published (the result JSON's shape), read typed
    content = study_report_pdf(result_to_dict(uow.footprints.result(record)),
                               Text(product.name_zh, product.name_en) if product
                               else Text("", ""),
                               _org_name(uow, record.organisation_id)[0], lg,
                               model=model,
                               calculated_on=record.created_at.date(),
                               rule_release=_release(record.product_rule_release),
                               sensitivity=report_to_dict(sensitivity) if sensitivity else None,
                               conformance=recorded_conformance(
                                   uow, record.product_rule_release, model))
    return Document(content, PDF, f"cfp-study-report-{record.id}-{lg}.pdf")
