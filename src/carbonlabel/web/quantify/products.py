"""A product's page: its model versions, the form that saves a new version (pasted text or a
file), and the button that calculates a version's footprint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Annotated

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.tenancy import User
from carbonlabel.errors import FieldError, InputError
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.services.quantify.dashboard import product_overview
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import FormRefusedError
from carbonlabel.web.pages.rendering import N_, both, render

router = page_router()
MAX_MODEL_BYTES = 2_000_000
PREFILL_CHARS = 200_000
SUFFIX_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def _product_page(request: Request, uow: ReadUow | WriteUow, user: User, product_id: str,
                  status: int = 200, content: str | None = None, fmt: str = "yaml",
                  errors: tuple[FieldError, ...] = (), saved: int | None = None) -> Response:
    view = product_overview(uow, user, product_id)
    if content is None:  # start the editor from the latest version, if it is not huge
        latest = view.versions[0] if view.versions else None
        small = latest is not None and len(latest.content) <= PREFILL_CHARS
        content, fmt = (latest.content, latest.format) if latest and small else ("", fmt)
    return render(request, "product.html", status, view=view, user=user, content=content,
                  format=fmt, errors=errors, saved=saved)


@router.get("/products/{product_id}")
def show_product(request: Request, product_id: str, user: PageUser, uow: ReadUow,
                 saved: int | None = None) -> Response:
    return _product_page(request, uow, user, product_id, saved=saved)


def _model_text(content: str, upload: UploadFile | None, fmt: str) -> tuple[str, str]:
    """The model text and its format: an uploaded file wins over the pasted text."""
    if upload is not None and upload.filename:
        raw = upload.file.read(MAX_MODEL_BYTES + 1)
        if len(raw) > MAX_MODEL_BYTES:
            raise InputError(field="file", **both(N_("The file is larger than 2 MB.")))
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(field="file",
                             **both(N_("The file is not UTF-8 text."))) from exc
        fmt = SUFFIX_FORMATS.get(PurePath(upload.filename).suffix.lower(), fmt)
    if not content.strip():
        raise InputError(field="content",
                         **both(N_("Paste the model text or choose a model file.")))
    return content, fmt


@contextmanager
def _shown_again_if_refused(request: Request, uow: WriteUow, user: User, product_id: str,
                            kept: Callable[[], tuple[str, str]]) -> Iterator[None]:
    """The product page again (422) with the model text and format of the form (``kept``, as
    they are when refused) and every problem found, if the model is refused."""
    try:
        yield
    except InputError as exc:
        catalog.get_product(uow, user, product_id)  # another's or none: not found, as ever
        content, fmt = kept()
        errors = exc.errors
        raise FormRefusedError(exc, lambda again, _status, _error: _product_page(
            request, again, user, product_id, 422, content, fmt, errors)) from exc


@router.post("/products/{product_id}/models", dependencies=[CsrfChecked])
def save_model(request: Request, product_id: str, user: PageUser, uow: WriteUow,
               content: Annotated[str, Form()] = "",
               format: Annotated[str, Form()] = "yaml",
               file: Annotated[UploadFile | None, File()] = None) -> Response:
    settings = request.app.state.settings
    fmt = format if format in catalog.MODEL_FORMATS else "yaml"
    with _shown_again_if_refused(request, uow, user, product_id, lambda: (content, fmt)):
        content, fmt = _model_text(content, file, fmt)
        version = catalog.save_model_version(uow, user, product_id, content, fmt,
                                             settings.data_dir, settings.databases_dir)
    return RedirectResponse(f"/products/{product_id}?saved={version.version}#versions",
                            status_code=303)


@router.post("/models/{model_version_id}/calculate", dependencies=[CsrfChecked])
def calculate(request: Request, model_version_id: str, user: PageUser,
              uow: WriteUow) -> Response:
    job = footprint_jobs.start_footprint_job(uow, user, model_version_id)  # committed
    request.app.state.runner.submit(job.id)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
