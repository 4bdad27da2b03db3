"""What the exchange pages share: the words of request states, the renderer, the time, and
how a refused change is shown (the page again, with the reason and the API's status)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response, UploadFile

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.exchange.records import REQUEST_STATE_NAMES
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import CarbonlabelError, InputError, PermissionDeniedError
from carbonlabel.web.deps import uow_factory_of
from carbonlabel.web.pages.rendering import N_, both, language, message, render

HOME = "/exchange/requests"
PARTNERS = "/exchange/partners"
RECEIVED = "/exchange/received"
MAX_FILE_BYTES = 5_000_000
#: refusals shown inside the page; "not found" stays a 404 page
Refused = (InputError, PermissionDeniedError)


def now() -> datetime:
    return datetime.now(UTC)


def platform_url(request: Request) -> str:
    configured: str | None = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


@contextmanager
def fresh_uow(request: Request) -> Iterator[UnitOfWork]:
    """A new read-only unit of work, to show a page again after a refused change."""
    with uow_factory_of(request)() as uow:
        yield uow


def error_text(request: Request, exc: CarbonlabelError) -> str:
    return message(exc, language(request))


def status_of(exc: CarbonlabelError) -> int:
    return exc.status_hint if 400 <= exc.status_hint < 600 else 500


def show(request: Request, template: str, user: User, status: int = 200,
         **context: Any) -> Response:
    return render(request, f"exchange/{template}", status, user=user,
                  state_names=REQUEST_STATE_NAMES, **context)


async def file_text(file: UploadFile | None, pasted: str) -> str:
    if file is not None and file.filename:
        raw = await file.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(field="file", **both(N_("The file is larger than 5 MB.")))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(field="file", **both(N_("The file is not UTF-8 text."))) from exc
    if not pasted.strip():
        raise InputError(field="file", **both(N_("Choose a PACT JSON file.")))
    return pasted
