"""Documents over HTTP: label artwork (SVG, PNG), the certificate PDF, the CFP study report.

Signed in, under ``/api/v1``: a certificate's documents for its holder and its certification
body, a footprint's study report for its organisation (anyone else: 404). Public, under
``/registry/{number}``: the artwork of a certificate's newest label once one was issued. The
QR code of a label carries ``<this server's base URL>/v/<token>``. Public too: the platform's
root certificate that the certificate PDFs' electronic seals chain to
(``/api/v1/registry/seal-root.pem``), for a PDF reader to trust.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from carbonlabel.adapters.seal_keys import SealKeys, seal_keys_dir
from carbonlabel.services.certification import documents
from carbonlabel.services.certification.documents import Document, LabelRequest
from carbonlabel.web.api.responses import SIGNED_IN
from carbonlabel.web.deps import CurrentUser, ReadUow, refuse_nul
from carbonlabel.web.hosts import public_base

router = APIRouter(dependencies=[Depends(refuse_nul)])

Size = Annotated[float, Query(gt=0, le=200, description=(
    "标识宽度（毫米）；二维码模块不小于 0.40 毫米，过窄则 422 / label width in mm; narrower "
    "than its QR code's 0.40 mm modules allow: 422 naming `size`"))]
Dpi = Annotated[int, Query(ge=150, le=1200, description="PNG 分辨率 / PNG resolution (dpi)")]
Lang = Annotated[Literal["zh", "en"], Query(description=(
    "标识：先印的语言（两种都印）；PDF：文档语言 / label: the language printed first (both "
    "are); PDF: the document's language"))]


def _media(kind: str) -> dict[int | str, dict[str, object]]:
    return {200: {"content": {kind: {}}, "description": kind}}


SVG, PNG, PDF = _media("image/svg+xml"), _media("image/png"), _media("application/pdf")


def _send(document: Document, *, download: bool = False, public: bool = False) -> Response:
    disposition = "attachment" if download else "inline"
    headers = {"Content-Disposition": f'{disposition}; filename="{document.filename}"',
               "Cache-Control": "public, max-age=300" if public else "private, no-store",
               "X-Content-Type-Options": "nosniff"}
    return Response(document.content, media_type=document.media_type, headers=headers)


def _base(request: Request) -> str:
    return public_base(request)  # settings.public_url, never a forged Host (web/hosts.py)


def _seals(request: Request) -> SealKeys:
    return SealKeys(seal_keys_dir(request.app.state.settings.data_dir))


@router.get("/api/v1/certificates/{certificate_id}/label.svg", tags=["documents"],
            response_class=Response, responses={**SVG, **SIGNED_IN})
def certificate_label_svg(certificate_id: str, request: Request, user: CurrentUser,
                          uow: ReadUow, size: Size = 50.0, lang: Lang = "zh") -> Response:
    """The certificate's newest label as SVG (404 until a label is issued)."""
    return _send(documents.label_artwork(uow, user, certificate_id, _base(request),
                                         LabelRequest("svg", size, lang=lang)))


@router.get("/api/v1/certificates/{certificate_id}/label.png", tags=["documents"],
            response_class=Response, responses={**PNG, **SIGNED_IN})
def certificate_label_png(certificate_id: str, request: Request, user: CurrentUser,
                          uow: ReadUow, size: Size = 50.0, dpi: Dpi = 300,
                          lang: Lang = "zh") -> Response:
    """The certificate's newest label as PNG of ``dpi`` pixels per inch."""
    return _send(documents.label_artwork(uow, user, certificate_id, _base(request),
                                         LabelRequest("png", size, dpi, lang)))


@router.get("/api/v1/certificates/{certificate_id}/certificate.pdf", tags=["documents"],
            response_class=Response, responses={**PDF, **SIGNED_IN})
def certificate_pdf(certificate_id: str, request: Request, user: CurrentUser, uow: ReadUow,
                    lang: Lang = "zh") -> Response:
    """The certificate (ISO/IEC 17065 §7.7.1 contents) in Chinese or English."""
    return _send(documents.certificate_document(uow, user, certificate_id, _base(request),
                                                lang, _seals(request)), download=True)


@router.get("/api/v1/registry/seal-root.pem", tags=["documents"],
            response_class=Response, responses=_media("application/x-pem-file"))
def seal_root(request: Request) -> Response:
    """The platform's root certificate (PEM) that every body's electronic seal chains to:
    trust it in a PDF reader to see the certificate PDFs' seals as valid."""
    return _send(documents.seal_root(_seals(request)), download=True, public=True)


@router.get("/api/v1/footprints/{footprint_id}/report.pdf", tags=["documents"],
            response_class=Response, responses={**PDF, **SIGNED_IN})
def footprint_report_pdf(footprint_id: str, request: Request, user: CurrentUser,
                         uow: ReadUow, lang: Lang = "zh") -> Response:
    """The CFP study report (ISO 14067 clause 7) of a footprint, in Chinese or English; its
    section 9 carries the Monte Carlo run the footprint has and, for a model without a
    background database, the sensitivity analysis computed as the report is built."""
    settings = request.app.state.settings
    return _send(documents.study_report(uow, user, footprint_id, lang,
                                        (settings.data_dir, settings.databases_dir)),
                 download=True)


@router.get("/registry/{number}/label.svg", include_in_schema=False, response_class=Response,
            responses=SVG)
def public_label_svg(number: str, request: Request, uow: ReadUow, size: Size = 50.0,
                     lang: Lang = "zh") -> Response:
    """Public: the newest label of a certificate by its number, once a label was issued."""
    return _send(documents.public_label_artwork(uow, number, _base(request),
                                                LabelRequest("svg", size, lang=lang)),
                 public=True)


@router.get("/registry/{number}/label.png", include_in_schema=False, response_class=Response,
            responses=PNG)
def public_label_png(number: str, request: Request, uow: ReadUow, size: Size = 50.0,
                     dpi: Dpi = 300, lang: Lang = "zh") -> Response:
    return _send(documents.public_label_artwork(uow, number, _base(request),
                                                LabelRequest("png", size, dpi, lang)),
                 public=True)
