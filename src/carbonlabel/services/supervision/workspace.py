"""The regulator's workspace (监管工作台): the home figures and the read-only views of
certificates, certification cases and surveillance across every certification body, within
the reader's jurisdiction (domain/supervision/workspace.py says what each figure counts).

Every read starts with :func:`jurisdiction_of` (non-regulators are refused) and reads only
rows within the jurisdiction (``adapters/db/supervision_reads.py`` filters in SQL); a record
outside it is "not found". Nothing here writes: the viewer's role reads as much as any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.records import CaseDocument, CaseEvent, StatusChange
from carbonlabel.domain.supervision.alerts import AlertState
from carbonlabel.domain.supervision.workspace import (
    CaseLine,
    CertificateLine,
    Overview,
    SurveillanceLine,
    month_of,
    overdue_cutoff,
)
from carbonlabel.domain.tenancy import OrgKind, User
from carbonlabel.errors import NotFoundError
from carbonlabel.services.certification.cases import SCHEME
from carbonlabel.services.supervision.regulators import jurisdiction_of


@dataclass(frozen=True)
class CertificateDetail:
    certificate: CertificateLine
    history: tuple[StatusChange, ...]  # oldest first
    surveillance: tuple[SurveillanceLine, ...]


@dataclass(frozen=True)
class CaseDetail:
    """A case as a regulator reads it: its steps and its documents' titles (kind, file name,
    size, digest), never their contents."""

    case: CaseLine
    events: tuple[CaseEvent, ...]
    documents: tuple[CaseDocument, ...]


def is_regulator(uow: UnitOfWork, actor: User) -> bool:
    """Whether the reader works for a market regulator (its home is this workspace)."""
    org = uow.organisations.get(actor.organisation_id)
    return org is not None and org.kind is OrgKind.REGULATOR


def overview(uow: UnitOfWork, actor: User, today: date) -> Overview:
    """The home figures of the actor's jurisdiction on ``today``."""
    jurisdiction = jurisdiction_of(uow, actor)
    reads = uow.supervision_reads
    enterprises, products = reads.certified_totals(jurisdiction, today)
    start, end = month_of(today)
    return Overview(
        jurisdiction.code, today, enterprises, products,
        tuple(reads.certified_by(jurisdiction, today, "category")),
        tuple(reads.certified_by(jurisdiction, today, "body")),
        reads.overdue_count(jurisdiction, today, overdue_cutoff(today, SCHEME)),
        reads.status_changes_between(jurisdiction, CertificateStatus.SUSPENDED, start, end),
        reads.status_changes_between(jurisdiction, CertificateStatus.WITHDRAWN, start, end),
        uow.alerts.page_within(jurisdiction, 0, 1, AlertState.OPEN).total,
        uow.supervision_cases.open_count(actor.organisation_id))


def certificates_page(uow: UnitOfWork, actor: User, today: date, offset: int, limit: int,
                      category: str | None = None, body_id: str | None = None,
                      status: CertificateStatus | None = None) -> Page[CertificateLine]:
    return uow.supervision_reads.certificates(jurisdiction_of(uow, actor), today, offset,
                                              limit, category, body_id, status)


def certificate_detail(uow: UnitOfWork, actor: User, certificate_id: str,
                       today: date) -> CertificateDetail:
    """One certificate within the jurisdiction with its status history and surveillance;
    NotFoundError for any other."""
    jurisdiction = jurisdiction_of(uow, actor)
    line = uow.supervision_reads.certificate(jurisdiction, certificate_id, today)
    if line is None:
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    checks = uow.supervision_reads.surveillance(jurisdiction, today,
                                                overdue_cutoff(today, SCHEME), 0, 1000,
                                                certificate_id=line.id)
    return CertificateDetail(line, tuple(uow.certificates.status_changes(line.id)),
                             tuple(checks.items))


def cases_page(uow: UnitOfWork, actor: User, offset: int, limit: int,
               state: str | None = None, body_id: str | None = None) -> Page[CaseLine]:
    return uow.supervision_reads.cases(jurisdiction_of(uow, actor), offset, limit, state,
                                       body_id)


def case_detail(uow: UnitOfWork, actor: User, case_id: str) -> CaseDetail:
    """One certification case within the jurisdiction; NotFoundError for any other."""
    line = uow.supervision_reads.case(jurisdiction_of(uow, actor), case_id)
    if line is None:
        raise NotFoundError(field="case_id", message_en="no such case",
                            message_zh="没有该认证案件")
    return CaseDetail(line, tuple(uow.cases.events(line.id)),
                      tuple(uow.cases.documents(line.id)))


def surveillance_page(uow: UnitOfWork, actor: User, today: date, offset: int, limit: int,
                      overdue_only: bool = False) -> Page[SurveillanceLine]:
    return uow.supervision_reads.surveillance(jurisdiction_of(uow, actor), today,
                                              overdue_cutoff(today, SCHEME), offset, limit,
                                              overdue_only)
