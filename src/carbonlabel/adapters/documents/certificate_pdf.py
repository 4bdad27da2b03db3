"""The certificate as a PDF, in Chinese or in English.

It prints a :class:`CertificateContent`: what ISO/IEC 17065 §7.7.1 asks of certification
documents — the certification body, its address, approval (CNCA) and accreditation (CNAS)
numbers, the date certification was granted, the client with its address and unified social
credit code, the scope (the product with its type and specification, the producer and the
manufacturing sites, the scheme and mode, the standards with their editions), the validity,
and the authorisation of the body's responsible person — and what the PCF label scheme adds:
the certificate number with its revision, the footprint per declared unit, the boundary, the
product rule, the status and where to verify it (URL and QR code). A value the platform does
not hold prints as "—". The bottom right of the page holds the body's round seal; the
electronic seal (``adapters.seal_keys``) signs the PDF with its signature field there.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from carbonlabel.adapters.documents.pdf_common import (
    CELL_FONT,
    FONT,
    GREEN,
    PALE,
    QrFlowable,
    build,
    para,
    printable,
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
from carbonlabel.domain.certification.certificate import STATUS_NAMES, CertificateStatus
from carbonlabel.domain.certification.certificate_content import (
    MISSING,
    MODE_NAMES,
    CertificateContent,
)
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
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "producer": ("生产者（制造商）", "Producer (manufacturer)"),
    "producer_address": ("生产者地址", "Producer's address"),
    "sites": ("生产企业（生产场所）", "Manufacturing site(s)"),
    "type": ("产品型号", "Product type"),
    "specification": ("产品规格", "Specification"),
    "mode": ("认证模式", "Certification mode"),
    "approval": ("认证机构批准号（CNCA）", "Approval No. (CNCA)"),
    "accreditation": ("认可注册号（CNAS）", "Accreditation No. (CNAS)"),
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
SIGNATURE: Pair = ("认证机构授权人：", "Authorised by (certification body):")
SEAL: Pair = ("（认证机构盖章：电子签章，见右下）",
              "(seal of the certification body: the electronic seal, bottom right)")
SEAL_WORDS: Pair = ("证书签章", "certificate seal")
DATE: Pair = ("日期：", "Date:")
ISSUED_BY: Pair = ("由 {body} 颁发", "Issued by {body}")


#: where the round seal sits and the signature field lies (points from the bottom left of A4)
SEAL_CENTRE: tuple[float, float] = (150 * mm, 40 * mm)
SEAL_RADIUS = 19 * mm
#: the signature field, under the ring: its appearance shows the signing time
SEAL_BOX: tuple[int, int, int, int] = (
    int(SEAL_CENTRE[0] - SEAL_RADIUS - 6 * mm), int(SEAL_CENTRE[1] - SEAL_RADIUS - 8 * mm),
    int(SEAL_CENTRE[0] + SEAL_RADIUS + 6 * mm), int(SEAL_CENTRE[1] - SEAL_RADIUS - 1 * mm))
SEAL_RED = Color(0.80, 0.07, 0.07)


def boundary_text(boundary: str, lang: Lang) -> str:
    name = pick(BOUNDARIES.get(boundary, (boundary, boundary)), lang)
    try:
        stages = BOUNDARY_STAGES[SystemBoundary(boundary)]
    except ValueError:
        return name
    listed = [pick(STAGE_NAMES[s], lang) for s in LifeCycleStage if s in stages]
    return f"{name}（{'、'.join(listed)}）" if lang == "zh" else f"{name} ({', '.join(listed)})"


def standards_text(standards: tuple[str, ...], lang: Lang) -> str:
    texts = [pick(EDITIONS[p], lang) if p in EDITIONS else p for p in standards]
    return ("；" if lang == "zh" else "; ").join(texts)


def _text(value: Text | None, lang: Lang) -> str:
    if value is None:
        return MISSING
    return (value.zh or value.en) if lang == "zh" else (value.en or value.zh)


def _or_missing(value: str | None) -> str:
    return value if value else MISSING


def _rows(c: CertificateContent, status: CertificateStatus, day: str,
          lg: Lang) -> list[tuple[str, str]]:
    sites = ("；" if lg == "zh" else "; ").join(_text(s, lg) for s in c.manufacturing_sites)
    value = f"{c.certified_value} {c.certified_unit}"
    scheme = in_language(c.scheme_name, lg)
    signatory = _or_missing(c.signatory_name)
    if c.signatory_name and c.signatory_title:
        signatory += (f"（{_text(c.signatory_title, lg)}）" if lg == "zh"
                      else f", {_text(c.signatory_title, lg)}")
    return [
        (pick(F["holder"], lg), c.holder_name),
        (pick(F["credit_code"], lg), _or_missing(c.holder_credit_code)),
        (pick(F["holder_address"], lg), _text(c.holder_address, lg)),
        (pick(F["producer"], lg), _or_missing(c.producer_name)),
        (pick(F["producer_address"], lg), _text(c.producer_address, lg)),
        (pick(F["sites"], lg), sites or MISSING),
        (pick(F["product"], lg), _text(c.product, lg)),
        (pick(F["type"], lg), _or_missing(c.product_type)),
        (pick(F["specification"], lg), _or_missing(c.product_specification)),
        (pick(F["model"], lg), c.model_version),
        (pick(F["unit"], lg), c.declared_unit),
        (pick(F["value"], lg), value),
        (pick(F["boundary"], lg), boundary_text(c.boundary, lg)),
        (pick(F["standards"], lg), standards_text(c.standards, lg)),
        (pick(F["rule"], lg), c.product_rule or pick(NO_RULE, lg)),
        (pick(F["scheme"], lg), f"{scheme}（{c.scheme_code}）" if lg == "zh"
         else f"{scheme} ({c.scheme_code})"),
        (pick(F["mode"], lg), pick(MODE_NAMES[c.mode], lg)),
        (pick(F["body"], lg), c.body_name),
        (pick(F["body_address"], lg), _text(c.body_address, lg)),
        (pick(F["approval"], lg), _or_missing(c.body_approval_number)),
        (pick(F["accreditation"], lg), _or_missing(c.body_accreditation_number)),
        (pick(F["granted"], lg), c.granted_on.isoformat()),
        (pick(F["validity"], lg), pick(VALID_FROM_TO, lg).format(
            start=c.valid_from.isoformat(), end=c.valid_to.isoformat())),
        (pick(F["status"], lg), pick(STATUS_ON, lg).format(
            status=pick(STATUS_NAMES[status], lg), day=day)),
        (pick(SIGNATURE, lg).rstrip("：:"), signatory),
    ]


def draw_seal(canvas: Canvas, body_name: str, lang: Lang) -> None:
    """The body's round seal: its name inside a red ring, a star and the seal's words (the
    PAdES signature field, ``SEAL_BOX``, lies under it and shows the signing time)."""
    x, y = SEAL_CENTRE
    canvas.saveState()
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillColor(SEAL_RED)
    canvas.setLineWidth(2)
    canvas.circle(x, y, SEAL_RADIUS, stroke=1, fill=0)
    canvas.setLineWidth(0.6)
    canvas.circle(x, y, SEAL_RADIUS - 2.2 * mm, stroke=1, fill=0)
    canvas.setFont(FONT, 15)
    canvas.drawCentredString(x, y - 5, "★")
    name = printable(body_name)
    chord = 2 * ((SEAL_RADIUS - 3 * mm) ** 2 - (9 * mm) ** 2) ** 0.5  # the ring's width there
    size = min(9.0, chord / max(1.0, pdfmetrics.stringWidth(name, FONT, 1)))
    canvas.setFont(FONT, size)
    canvas.drawCentredString(x, y + 9 * mm, name)
    canvas.setFont(FONT, 7)
    canvas.drawCentredString(x, y - 8 * mm, pick(SEAL_WORDS, lang))
    canvas.restoreState()


def certificate_pdf(content: CertificateContent, status: CertificateStatus,
                    verification_url: str, lang: str = "zh", *,
                    today: date | None = None) -> bytes:
    """The certificate in ``lang`` ("zh" or "en"); ``status`` is the status to print (the
    effective one on ``today``), ``verification_url`` what its QR code carries. The PDF is
    unsigned: ``adapters.seal_keys.seal_pdf`` seals it in ``SEAL_BOX``."""
    lg = check_lang(lang)
    st = styles(lg)
    day = (today or content.granted_on).isoformat()
    small = ParagraphStyle("cert-cell", parent=st["body"], fontSize=8.5, leading=11)
    facts = Table([[para(k, st["cell"]), para(v, small)]
                   for k, v in _rows(content, status, day, lg)],
                  colWidths=[45 * mm, 120 * mm])
    facts.setStyle(TableStyle([
        *CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), PALE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GREEN),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    verify = Table([[QrFlowable(verification_url, 24 * mm),
                     [para(pick(VERIFY_TEXT, lg), st["small"]),
                      para(verification_url, st["url"])]]],
                   colWidths=[28 * mm, 137 * mm])
    verify.setStyle(TableStyle([*CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    signature = Table([[para(pick(DATE, lg) + " " + content.granted_on.isoformat(), st["body"])],
                       [para(pick(ISSUED_BY, lg).format(body=content.body_name), st["small"])],
                       [para(pick(SEAL, lg), st["small"])]],
                      colWidths=[95 * mm], hAlign="LEFT")
    signature.setStyle(TableStyle(CELL_FONT))
    value = f"{content.certified_value} {content.certified_unit}"
    story: list[Flowable] = [
        para(pick(TITLE, lg), st["title"]),
        para(f"{pick(F['number'], lg)}{'：' if lg == 'zh' else ': '}{content.printed_number}",
             st["subtitle"]),
        para(value, st["value"]),
        facts, Spacer(1, 3 * mm),
        para(pick(STATEMENT, lg), st["small"]), Spacer(1, 2 * mm),
        verify, Spacer(1, 2 * mm), signature]

    def frame(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setStrokeColor(GREEN)
        canvas.setLineWidth(3)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(12.5 * mm, 12.5 * mm, width - 25 * mm, height - 25 * mm)
        canvas.restoreState()
        if doc.page == 1:
            draw_seal(canvas, content.body_name, lg)

    return build(story, title=f"{pick(TITLE, lg)} {content.printed_number}",
                 author=content.body_name, subject=pick(TITLE, lg), lang=lg, on_page=frame,
                 margins=(22 * mm, 22 * mm, 18 * mm, 16 * mm))
