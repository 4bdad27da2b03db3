"""The certificate lists as CSV or XLSX: product certificates (``/certification/certificates.csv``,
``.xlsx``) and system certificates (``/certification/systems.csv``, ``.xlsx``) that the reader's
organisation holds or has issued, as the list pages read them (``overview.list_certificates``,
``system.systems_of``; the status the public sees today), in the page's language."""

from __future__ import annotations

from fastapi import Request, Response

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.table_export import (
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    Cell,
    Column,
    ColumnKind,
    Table,
    to_csv,
    to_xlsx,
)
from carbonlabel.domain.certification.certificate import STATUS_NAMES
from carbonlabel.domain.certification.system import SystemCertificate
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import overview, system
from carbonlabel.services.certification.overview import CertificateSummary
from carbonlabel.web.certification.view import HOME, today
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages import text
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.downloads import both_languages, send
from carbonlabel.web.pages.rendering import N_, language

router = page_router()
MAX_ROWS = 200  # the list service's own bound

COLUMNS = (Column(both_languages(N_("Number"))), Column(both_languages(N_("Product"))),
           Column(both_languages(N_("Holder"))),
           Column(both_languages(N_("Certification body"))),
           Column(both_languages(N_("Certified value")), ColumnKind.NUMBER),
           Column(both_languages(N_("Unit"))), Column(both_languages(N_("Status"))),
           Column(both_languages(N_("Issued on")), ColumnKind.DATE),
           Column(both_languages(N_("Valid until")), ColumnKind.DATE))


def _value(certified: str) -> Cell:
    """The certified value as a number (fixed as text at the grant; kept as text if it is
    not one)."""
    try:
        return float(certified)
    except ValueError:
        return certified


def _row(s: CertificateSummary, lang: str) -> tuple[Cell, ...]:
    c = s.certificate
    return (c.number, text.product_name(s.product, lang), s.holder.name, s.body.name,
            _value(c.certified_value), c.certified_unit, text.pick(STATUS_NAMES[s.status], lang),
            c.issued_on, c.expires_on)


def _table(request: Request, user: User, uow: UnitOfWork) -> Table:
    lang = language(request)
    page = overview.list_certificates(uow, user, 0, MAX_ROWS, today())
    return Table("certificates", "证书", COLUMNS, tuple(_row(s, lang) for s in page.items))


@router.get(f"{HOME}/certificates.csv")
def certificates_csv(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return send(to_csv(_table(request, user, uow)), CSV_MEDIA_TYPE, "certificates.csv")


@router.get(f"{HOME}/certificates.xlsx")
def certificates_xlsx(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return send(to_xlsx([_table(request, user, uow)]), XLSX_MEDIA_TYPE, "certificates.xlsx")


SYSTEM_COLUMNS = (Column(both_languages(N_("Number"))),
                  Column(both_languages(N_("Product category"))),
                  Column(both_languages(N_("Product rule (PCR)"))),
                  Column(both_languages(N_("Status"))),
                  Column(both_languages(N_("Issued on")), ColumnKind.DATE),
                  Column(both_languages(N_("Valid until")), ColumnKind.DATE))


def _system_row(s: SystemCertificate, lang: str) -> tuple[Cell, ...]:
    status = system.live(s, today())
    return (s.number, text.category_name(s.category, lang), s.product_rule or "",
            text.pick(STATUS_NAMES[status], lang), s.issued_on, s.expires_on)


def _systems(request: Request, user: User, uow: UnitOfWork) -> Table:
    lang = language(request)
    return Table("systems", "体系证书", SYSTEM_COLUMNS,
                 tuple(_system_row(s, lang) for s in system.systems_of(uow, user)))


@router.get(f"{HOME}/systems.csv")
def systems_csv(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return send(to_csv(_systems(request, user, uow)), CSV_MEDIA_TYPE, "system-certificates.csv")


@router.get(f"{HOME}/systems.xlsx")
def systems_xlsx(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return send(to_xlsx([_systems(request, user, uow)]), XLSX_MEDIA_TYPE,
                "system-certificates.xlsx")
