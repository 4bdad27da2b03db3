"""What an application must name and what the body must check before it accepts a case.

An application names the producer (the applicant's organisation by default, or a text), the
manufacturing sites (from the applicant's production sites), product types and
specifications, and the case's category as a catalogue code; the applicant has a valid
unified social credit code. The body accepts a case only when it is approved, its
accreditation valid on the day and covering the category, and the applicant has accepted
the certification agreement in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from carbonlabel.adapters.db.body_repositories import CaseApplication
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.bodies import check_body_may_take
from carbonlabel.domain.certification.records import CertificationCase
from carbonlabel.domain.organisation_identity import credit_code_problem
from carbonlabel.domain.records import RegisteredProduct
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import agreement
from carbonlabel.services.certification.bodies import check_may_take


@dataclass(frozen=True)
class ApplicationDetails:
    category: str | None = None  # catalogue code; None: from the product's category
    producer: str = ""  # empty: the applicant organisation
    site_ids: tuple[str, ...] = ()  # empty: every site of the applicant
    product_types: tuple[str, ...] = ()  # empty: the product's name
    specifications: tuple[str, ...] = ()


def case_category(uow: UnitOfWork, product: RegisteredProduct, body_id: str,
                  chosen: str | None) -> str:
    """The catalogue code of the case: the one chosen; else the one the product's category
    names; else the one entry of the product's class in the body's scope."""
    if chosen and chosen.strip():
        if catalogue.entry(chosen.strip()) is None:
            raise InputError(field="category", message_en="choose an entry of the catalogue",
                             message_zh="请选择试点认证目录中的产品类别")
        return str(int(chosen.strip()))
    codes = {str(c) for c in catalogue.codes_for_text(product.category)}
    if len(codes) > 1:
        approval = uow.approvals.get(body_id)
        within = codes & (approval.scope if approval else frozenset())
        if not within:  # the body takes no entry of the product's class: say so
            check_body_may_take(approval, min(codes, key=int), datetime.now(UTC).date())
        codes = within
    if len(codes) != 1:
        raise InputError(field="category",
                         message_en="choose the product's entry of the pilot catalogue",
                         message_zh="请选择产品在试点认证目录中的类别")
    return codes.pop()


def check_application(uow: UnitOfWork, actor: User, product: RegisteredProduct, body_id: str,
                      details: ApplicationDetails) -> tuple[str, CaseApplication]:
    """(the case's category, what the application names), refusing what is missing."""
    org = uow.organisations.get(actor.organisation_id)
    assert org is not None
    if org.credit_code is None or credit_code_problem(org.credit_code) is not None:
        raise InputError(field="credit_code",
                         message_en="record the organisation's unified social credit code "
                                    "before applying",
                         message_zh="申请前请登记本组织的统一社会信用代码")
    category = case_category(uow, product, body_id, details.category)
    check_may_take(uow, body_id, category, datetime.now(UTC).date())
    sites = uow.sites.of(org.id)
    chosen = [s for s in sites if s.id in details.site_ids] if details.site_ids else sites
    if not chosen or len(chosen) != len(set(details.site_ids) or chosen):
        raise InputError(field="site_ids",
                         message_en="name the manufacturing sites (the organisation's "
                                    "production sites)",
                         message_zh="请选择生产场所(本组织登记的生产场所)")
    types = tuple(t.strip()[:200] for t in details.product_types if t.strip()) or (
        f"{product.name_zh} / {product.name_en}",)
    named = CaseApplication("", details.producer.strip()[:200] or org.name,
                            tuple({"name": s.name, "address": s.address, "region": s.region}
                                  for s in chosen), types,
                            tuple(s.strip()[:200] for s in details.specifications if s.strip()))
    return category, named


def record(uow: UnitOfWork, case_id: str, named: CaseApplication) -> None:
    uow.applications.add(CaseApplication(case_id, named.producer, named.sites,
                                         named.product_types, named.specifications))


def check_acceptance(uow: UnitOfWork, case: CertificationCase) -> None:
    """The body may accept the case today (rules: body_not_approved, accreditation_expired,
    accreditation_scope, agreement_not_accepted)."""
    check_may_take(uow, case.body_id, case.category, datetime.now(UTC).date())
    agreement.check_accepted(uow, case.applicant_id)
