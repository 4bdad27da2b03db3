"""The certificate as a PDF, in Chinese or in English.

It states what ISO/IEC 17065 §7.7.1 asks of certification documents — the certification body
and its address, the date certification was granted, the client and its address, the scope
(the product, the scheme, the standards with their editions), the validity, and the
authorisation of the body's responsible person — and what the PCF label scheme adds: the
certificate number, the footprint per declared unit, the boundary, the product rule, the
status and where to verify it (URL and QR code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from carbonlabel.adapters.documents.pdf_common import (
    CELL_FONT,
    GREEN,
    PALE,
    QrFlowable,
    build,
    para,
    styles,
)
from carbonlabel.adapters.documents.vocabulary import (
    BOUNDARIES,
    Lang,
    Pair,
    check_lang,
    in_language,
    pick,
)
from carbonlabel.domain.certification.certificate import STATUS_NAMES, CertificateStatus, Scheme
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.product import (
    BOUNDARY_STAGES,
    STAGE_NAMES,
    LifeCycleStage,
    SystemBoundary,
    Text,
)

TITLE: Pair = ("产品碳足迹标识认证证书", "Product Carbon Footprint Label Certificate")
#: issue dates of the standards' editions, as 17065 asks (GB/T 24067-2024: DESIGN §3)
EDITIONS: dict[str, Pair] = {
    "GB/T 24067-2024": ("GB/T 24067-2024《温室气体 产品碳足迹 量化要求和指南》，2024-08-23 发布",
                        "GB/T 24067-2024 Greenhouse gases — Carbon footprint of products — "
                        "Requirements and guidelines for quantification, published 2024-08-23"),
    "ISO 14067:2018": ("ISO 14067:2018《温室气体 产品碳足迹 量化要求和指南》，2018 年版",
                       "ISO 14067:2018 Greenhouse gases — Carbon footprint of products — "
                       "Requirements and guidelines for quantification, 2018 edition"),
}
F: dict[str, Pair] = {
    "number": ("证书编号", "Certificate No."),
    "holder": ("证书持有人（委托人）", "Certificate holder (client)"),
    "holder_address": ("持有人地址", "Holder's address"),
    "product": ("认证产品", "Certified product"),
    "model": ("产品模型版本", "Product model version"),
    "unit": ("声明单位", "Declared unit"),
    "value": ("产品碳足迹", "Carbon footprint of the product"),
    "boundary": ("系统边界", "System boundary"),
    "standards": ("认证依据标准", "Standards"),
    "rule": ("产品碳足迹核算规则", "Product rule (PCR)"),
    "scheme": ("认证方案", "Certification scheme"),
    "body": ("认证机构", "Certification body"),
    "body_address": ("认证机构地址", "Body's address"),
    "granted": ("颁证日期", "Date certification granted"),
    "validity": ("有效期", "Validity"),
    "status": ("证书状态", "Status"),
    "verify": ("查验", "Verification"),
}
NO_RULE: Pair = ("无（按标准的通用要求核算）", "none (general requirements of the standards)")
STATEMENT: Pair = (
    "兹证明上述产品的碳足迹量化及产品一致性符合认证依据标准和认证方案的要求。"
    "本证书在有效期内须通过获证后监督保持有效。",
    "This is to certify that the quantification of the carbon footprint of the product above "
    "and the consistency of the product conform to the standards and the certification "
    "scheme named. The certificate remains valid under post-certification surveillance.")
VALID_FROM_TO: Pair = ("{start} 至 {end}（获证后监督）", "{start} to {end} (under surveillance)")
STATUS_ON: Pair = ("{status}（截至 {day}）", "{status} (as of {day})")
VERIFY_TEXT: Pair = ("扫描二维码或访问以下网址查验本证书的真实性和当前状态：",
                     "Scan the QR code or open this address to check that the certificate is "
                     "genuine and see its current status:")
SIGNATURE: Pair = ("认证机构授权人签字：", "Authorised signatory of the certification body:")
SEAL: Pair = ("（认证机构盖章）", "(seal of the certification body)")
DATE: Pair = ("日期：", "Date:")
ISSUED_BY: Pair = ("由 {body} 颁发", "Issued by {body}")


@dataclass(frozen=True)
class CertificateParties:
    """Who the certificate names, with the addresses the platform keeps (regions)."""

    holder_name: str
    holder_address: str
    body_name: str
    body_address: str


def boundary_text(boundary: str, lang: Lang) -> str:
    name = pick(BOUNDARIES.get(boundary, (boundary, boundary)), lang)
    try:
        stages = BOUNDARY_STAGES[SystemBoundary(boundary)]
    except ValueError:
        return name
    listed = [pick(STAGE_NAMES[s], lang) for s in LifeCycleStage if s in stages]
    return f"{name}（{'、'.join(listed)}）" if lang == "zh" else f"{name} ({', '.join(listed)})"


def standards_text(standard: str, lang: Lang) -> str:
    parts = [p.strip() for p in standard.split(" / ")]
    return "；".join(pick(EDITIONS[p], lang) if p in EDITIONS else p for p in parts) \
        if lang == "zh" else "; ".join(pick(EDITIONS[p], lang) if p in EDITIONS else p
                                       for p in parts)


def certificate_pdf(certificate: Certificate, parties: CertificateParties, product: Text,
                    model_version: str, status: CertificateStatus, verification_url: str,
                    lang: str = "zh", *, today: date | None = None,
                    scheme: Scheme | None = None) -> bytes:
    """The certificate in ``lang`` ("zh" or "en"); ``status`` is the status to print (the
    effective one on ``today``), ``verification_url`` what its QR code carries."""
    lg = check_lang(lang)
    scheme = scheme or Scheme()
    st = styles(lg)
    day = (today or certificate.issued_on).isoformat()
    value = f"{certificate.certified_value} {certificate.certified_unit}"  # as stored at the grant
    rows: list[tuple[str, str]] = [
        (pick(F["holder"], lg), parties.holder_name),
        (pick(F["holder_address"], lg), parties.holder_address),
        (pick(F["product"], lg), product.zh if lg == "zh" else product.en),
        (pick(F["model"], lg), model_version),
        (pick(F["unit"], lg), certificate.declared_unit),
        (pick(F["value"], lg), value),
        (pick(F["boundary"], lg), boundary_text(certificate.boundary, lg)),
        (pick(F["standards"], lg), standards_text(certificate.standard, lg)),
        (pick(F["rule"], lg), certificate.product_rule or pick(NO_RULE, lg)),
        (pick(F["scheme"], lg), f"{in_language(scheme.name, lg)}（{certificate.scheme}）"
         if lg == "zh" else f"{in_language(scheme.name, lg)} ({certificate.scheme})"),
        (pick(F["body"], lg), parties.body_name),
        (pick(F["body_address"], lg), parties.body_address),
        (pick(F["granted"], lg), certificate.issued_on.isoformat()),
        (pick(F["validity"], lg), pick(VALID_FROM_TO, lg).format(
            start=certificate.issued_on.isoformat(), end=certificate.expires_on.isoformat())),
        (pick(F["status"], lg), pick(STATUS_ON, lg).format(
            status=pick(STATUS_NAMES[status], lg), day=day)),
    ]
    facts = Table([[para(k, st["cell"]), para(v, st["body"])] for k, v in rows],
                  colWidths=[45 * mm, 120 * mm])
    facts.setStyle(TableStyle([
        *CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), PALE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GREEN),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    verify = Table([[QrFlowable(verification_url, 30 * mm),
                     [para(pick(VERIFY_TEXT, lg), st["small"]),
                      para(verification_url, st["url"])]]],
                   colWidths=[34 * mm, 131 * mm])
    verify.setStyle(TableStyle([*CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    signature = Table([[para(pick(SIGNATURE, lg) + " ____________________", st["body"]),
                        para(pick(DATE, lg) + " " + certificate.issued_on.isoformat(),
                             st["body"])],
                       [para(pick(ISSUED_BY, lg).format(body=parties.body_name), st["small"]),
                        para(pick(SEAL, lg), st["small"])]],
                      colWidths=[110 * mm, 55 * mm])
    signature.setStyle(TableStyle(CELL_FONT))
    story: list[Flowable] = [
        para(pick(TITLE, lg), st["title"]),
        para(f"{pick(F['number'], lg)}{'：' if lg == 'zh' else ': '}{certificate.number}",
             st["subtitle"]),
        para(value, st["value"]),
        facts, Spacer(1, 5 * mm),
        para(pick(STATEMENT, lg), st["body"]), Spacer(1, 4 * mm),
        verify, Spacer(1, 8 * mm), signature]

    def frame(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setStrokeColor(GREEN)
        canvas.setLineWidth(3)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(12.5 * mm, 12.5 * mm, width - 25 * mm, height - 25 * mm)
        canvas.restoreState()

    return build(story, title=f"{pick(TITLE, lg)} {certificate.number}",
                 author=parties.body_name, subject=pick(TITLE, lg), lang=lg, on_page=frame,
                 margins=(22 * mm, 22 * mm, 22 * mm, 20 * mm))
