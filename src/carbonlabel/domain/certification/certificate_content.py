"""What a certificate states (ISO/IEC 17065 §7.7.1, with what the PCF label scheme and the
2013 low-carbon product measures, Art. 24, add), as one typed value the documents print.

Fields the platform does not keep yet are ``None`` (or empty) and print as "—"; one mapping
(``services.certification.documents.certificate_content``) fills them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carbonlabel.domain.product import Text

MISSING = "—"  # what a document prints for a value the platform does not hold


class CertificationMode(StrEnum):
    PRODUCT = "product"  # each product certified in a case of its own
    SYSTEM = "system"  # the holder's calculation system certified; products registered under it


MODE_NAMES: dict[CertificationMode, tuple[str, str]] = {
    CertificationMode.PRODUCT: ("产品认证", "product certification"),
    CertificationMode.SYSTEM: ("体系认证", "system certification"),
}


def numbered(number: str, revision: int) -> str:
    """The number as printed: ``-R1``, ``-R2`` ... after a re-issue; the first issue has none."""
    if revision < 0:
        raise ValueError("a revision is 0 or more")
    return f"{number}-R{revision}" if revision else number


@dataclass(frozen=True)
class CertificateContent:
    number: str
    revision: int
    # the certification body (17065 §7.7.1 a), approval (CNCA) and accreditation (CNAS)
    body_name: str
    body_address: Text | None
    body_approval_number: str | None
    body_accreditation_number: str | None
    # the client (§7.7.1 c), the producer and the manufacturing sites (2013 measures, Art. 24)
    holder_name: str
    holder_address: Text | None
    holder_credit_code: str | None  # unified social credit code (统一社会信用代码)
    producer_name: str | None
    producer_address: Text | None
    manufacturing_sites: tuple[Text, ...]
    # scope (§7.7.1 d): the product, the scheme, the standards with their dates
    product: Text
    product_type: str | None
    product_specification: str | None
    model_version: str
    declared_unit: str
    certified_value: str  # fixed at the grant, as every channel shows it
    certified_unit: str
    boundary: str
    scheme_code: str
    scheme_name: str  # "中文 / English"
    standards: tuple[str, ...]  # codes with their editions: "GB/T 24067-2024", "ISO 14067:2018"
    product_rule: str | None
    mode: CertificationMode
    # dates (§7.7.1 b, e)
    granted_on: date
    valid_from: date
    valid_to: date
    # authorisation (§7.7.1 g)
    signatory_name: str | None
    signatory_title: Text | None

    @property
    def printed_number(self) -> str:
        return numbered(self.number, self.revision)
