"""System certification (体系认证): the body certifies an organisation's calculation system
for one catalogue entry under a product rule; the holder then registers products itself under
that certificate, without a case each, and the body samples registered products in
surveillance (as Japan's SuMPO system certification and EPD International's process
certification do).

Representation (the least invasive one): a case in system mode goes through the ordinary
workflow (its footprint is the reference calculation the body re-runs); what the system
assessment adds is a checklist (procedures, competence, data controls, models), kept with
the case. The grant creates a *system certificate* of its own (its own table: no product, no
value), numbered like every certificate and with the same status machine. A product the
holder registers under it becomes an ordinary certificate row (product, footprint, certified
value, labels, registry) linked to the system certificate by a registration: it expires with
the system certificate and is suspended and restored with it.

Surveillance draws a sample of the registrations: ``random.Random(seed).sample`` over the
registrations sorted by id, of :func:`sample_size` (``max(1, ceil(sqrt(n)))``, at most n);
the seed is stored, so the same seed gives the same sample.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.rules import CertificationRuleError


class SystemItem(StrEnum):
    """What the body assesses of the calculation system."""

    PROCEDURES = "procedures"
    COMPETENCE = "competence"
    DATA_CONTROLS = "data_controls"
    MODELS = "models"


SYSTEM_ITEM_NAMES: dict[SystemItem, tuple[str, str]] = {
    SystemItem.PROCEDURES: ("核算程序", "calculation procedures"),
    SystemItem.COMPETENCE: ("人员能力", "competence of the staff"),
    SystemItem.DATA_CONTROLS: ("数据控制", "data controls"),
    SystemItem.MODELS: ("符合产品规则的模型", "models under the product rule"),
}


@dataclass(frozen=True)
class Assessment:
    """The team's finding on one checklist item."""

    item: SystemItem
    conforming: bool
    note: str
    assessed_by: str
    at: datetime


@dataclass(frozen=True)
class SystemApplication:
    """What a case in system mode names (the case itself holds category and reference)."""

    case_id: str
    product_rule: str | None
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class SystemCertificate:
    id: str
    number: str
    case_id: str
    holder_id: str
    body_id: str
    category: str  # catalogue code
    product_rule: str | None
    standard: str
    scheme: str
    issued_on: date
    expires_on: date
    status: CertificateStatus
    created_at: datetime


@dataclass(frozen=True)
class Registration:
    """A product registered by the holder under a system certificate: ``certificate_id`` is
    the product's own certificate row (product, footprint, certified value)."""

    certificate_id: str
    system_certificate_id: str
    product_id: str
    footprint_id: str
    certified_value: str
    registered_by: str
    registered_at: datetime


class SampleResult(StrEnum):
    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"


@dataclass(frozen=True)
class SampledProduct:
    sample_id: str
    certificate_id: str  # the registration's certificate
    result: SampleResult | None
    notes: str
    checked_by: str | None
    checked_at: datetime | None


@dataclass(frozen=True)
class SystemSample:
    id: str
    system_certificate_id: str
    seed: int
    population: int  # registrations when drawn
    drawn_by: str
    drawn_at: datetime
    items: tuple[SampledProduct, ...]


def sample_size(population: int) -> int:
    """How many registrations surveillance checks: max(1, ceil(sqrt(n))), at most n."""
    if population <= 0:
        return 0
    return min(population, max(1, math.ceil(math.sqrt(population))))


def draw(registration_ids: Sequence[str], seed: int, size: int | None = None) -> list[str]:
    """The sampled registrations (their certificate ids), in id order: the population is
    sorted by id, so the same seed and population give the same sample."""
    population = sorted(set(registration_ids))
    k = sample_size(len(population)) if size is None else min(size, len(population))
    return sorted(random.Random(seed).sample(population, k))


def check_checklist(assessments: Mapping[SystemItem, bool]) -> None:
    """A system is granted only with every item assessed and conforming."""
    missing = [i for i in SystemItem if i not in assessments]
    if missing:
        raise CertificationRuleError(
            "system_assessment_missing", "assessments",
            "assess the calculation system first: " + ", ".join(i.value for i in missing),
            "请先完成核算体系评价：" + "、".join(SYSTEM_ITEM_NAMES[i][0] for i in missing))
    failed = [i for i in SystemItem if not assessments[i]]
    if failed:
        raise CertificationRuleError(
            "system_assessment_nonconforming", "assessments",
            "the calculation system does not conform: " + ", ".join(i.value for i in failed),
            "核算体系不符合要求：" + "、".join(SYSTEM_ITEM_NAMES[i][0] for i in failed))


def check_registration(system: SystemCertificate, status: CertificateStatus,
                       product_category: str, product_rule: str | None) -> None:
    """A product may be registered while the system certificate is valid (``status`` is its
    live status), when it falls in the system's catalogue entry and, if both name one, under
    the system's product rule."""
    if status is not CertificateStatus.VALID:
        raise CertificationRuleError(
            "system_certificate_not_valid", "system_certificate_id",
            f"the system certificate is {status.value}: no product may be registered",
            "体系认证证书当前无效，不能登记产品")
    if int(system.category) not in catalogue.codes_for_text(product_category):
        raise CertificationRuleError(
            "system_scope", "product_id",
            f"the product's category is outside the system's scope (catalogue entry "
            f"{system.category})",
            f"产品类别不在体系认证范围内（目录类别 {system.category}）")
    if system.product_rule and product_rule and (
            product_rule.strip() != system.product_rule.strip()):
        raise CertificationRuleError(
            "system_product_rule", "product_id",
            f"the product's model follows '{product_rule}', not the system's product rule "
            f"'{system.product_rule}'",
            f"产品模型依据「{product_rule}」，而非体系认证的产品规则「{system.product_rule}」")
