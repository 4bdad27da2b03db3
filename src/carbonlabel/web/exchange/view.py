"""What the exchange pages share: the words of request states, the renderer, the time, and
how a refused change is shown (:func:`shown_again_with_fields`: the page again, with the
reason, the API's status and each field a PACT file was refused for)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response, UploadFile

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.exchange.records import REQUEST_STATE_NAMES
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import FieldError, InputError
from carbonlabel.web.deps import uow_factory_of
from carbonlabel.web.pages.refusals import REFUSED, FormRefusedError
from carbonlabel.web.pages.rendering import N_, both, render

HOME = "/exchange/requests"
PARTNERS = "/exchange/partners"
RECEIVED = "/exchange/received"
MAX_FILE_BYTES = 5_000_000

#: draws a page again: (a fresh read-only unit of work, the status, the reason, its fields)
ShowAgainWithFields = Callable[[UnitOfWork, int, str, tuple[FieldError, ...]], Response]


def now() -> datetime:
    return datetime.now(UTC)


def platform_url(request: Request) -> str:
    configured: str | None = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


@contextmanager
def fresh_uow(request: Request) -> Iterator[UnitOfWork]:
    """A new read-only unit of work, to show a page after a change was committed."""
    with uow_factory_of(request)() as uow:
        yield uow


@contextmanager
def shown_again_with_fields(show_again: ShowAgainWithFields) -> Iterator[None]:
    """:func:`carbonlabel.web.pages.refusals.shown_again_if_refused` for a page that also
    lists the fields of the refusal (each error of a PACT file); bad input and a role that
    may not do it are shown in the page, "not found" stays the 404 page."""
    try:
        yield
    except REFUSED as exc:
        fields = exc.errors
        raise FormRefusedError(
            exc, lambda uow, status, error: show_again(uow, status, error, fields)) from exc


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
