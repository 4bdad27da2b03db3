"""The verification report PDF of a case's engagement, for the parties to the case (the
applicant and the body); drawn by ``adapters.documents.verification_report_pdf``."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.documents.verification_report_pdf import (
    ReportFacts,
    verification_report_pdf,
)
from carbonlabel.adapters.documents.vocabulary import check_lang, significant
from carbonlabel.domain.certification.registry import label_unit
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification.documents import PDF, Document
from carbonlabel.services.certification.engagement import engagement_view


def _names(uow: UnitOfWork, ids: set[str]) -> dict[str, str]:
    people = {}
    for user_id in ids:
        user = uow.users.get(user_id)
        if user is not None:
            people[user_id] = user.display_name
    return people


def verification_report(uow: UnitOfWork, actor: User, case_id: str, lang: str) -> Document:
    """The report as it stands (before the terms are agreed it says so)."""
    lg = check_lang(lang)
    view = engagement_view(uow, actor, case_id)
    case, engagement = view.case, view.engagement
    footprint = uow.footprints.in_org(case.applicant_id, case.footprint_id)
    product = uow.products.in_org(case.applicant_id, case.product_id)
    applicant, body = uow.organisations.get(case.applicant_id), uow.organisations.get(
        case.body_id)
    assert footprint is not None
    ids = {*case.team}
    if engagement is not None:
        ids |= {engagement.approved_by or "",
                engagement.review.reviewer_id if engagement.review else "",
                engagement.opinion.issued_by if engagement.opinion else "",
                *(x.recorded_by for x in engagement.later_facts)} - {""}
    product_name = ((product.name_zh if lg == "zh" else product.name_en) if product else
                    case.product_id)
    facts = ReportFacts(
        case.id, applicant.name if applicant else "", body.name if body else "", product_name,
        f"{significant(footprint.total_co2e_kg, 4)} {label_unit(footprint.unit)}", engagement,
        view.lines, view.evaluation, view.rerun, _names(uow, ids), case.team)
    return Document(verification_report_pdf(facts, lg), PDF,
                    f"verification-report-{case.id}-{lg}.pdf")
