"""A form whose change is refused is shown again with the reason, by one handler.

A page handler runs its change inside :func:`shown_again_if_refused`, naming how its page is
drawn again::

    with shown_again_if_refused(lambda uow, status, error: _page(request, uow, user, status,
                                                                 error=error)):
        policy.revoke_grant(uow, user, grant_id, now)
    return RedirectResponse(...)

If the domain refuses the change (bad input, a role that may not do it), the page route
(:class:`carbonlabel.web.pages.common.PageRoute`) catches the :class:`FormRefusedError` this
raises and draws the page in a fresh read-only unit of work, with the refusal's status and its
message in the page's language. The refused change is never kept: the service did not commit
it, and its unit of work rolls back. A refusal that is not one of these (not found, a
conflict, a server error) becomes the error page as on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fastapi import Request, Response

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.errors import CarbonlabelError, InputError, PermissionDeniedError
from carbonlabel.web.deps import uow_factory_of
from carbonlabel.web.pages.rendering import language, message

#: draws the form's page again: (a fresh read-only unit of work, the status, the reason)
ShowAgain = Callable[[UnitOfWork, int, str], Response]
#: what a form shows in its own page; anything else becomes the error page
REFUSED: tuple[type[CarbonlabelError], ...] = (InputError, PermissionDeniedError)


class FormRefusedError(Exception):
    """A form's change was refused; carries the refusal and how to draw the form again."""

    def __init__(self, cause: CarbonlabelError, show_again: ShowAgain) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.show_again = show_again


@contextmanager
def shown_again_if_refused(show_again: ShowAgain,
                           refused: tuple[type[CarbonlabelError], ...] = REFUSED
                           ) -> Iterator[None]:
    """Run a form's change; a refusal of one of the ``refused`` kinds shows the form again."""
    try:
        yield
    except refused as exc:
        raise FormRefusedError(exc, show_again) from exc


def status_of(exc: CarbonlabelError) -> int:
    return exc.status_hint if 400 <= exc.status_hint < 600 else 500


def show_refused_form(request: Request, refusal: FormRefusedError) -> Response:
    """The form's page again with the reason, read in a fresh unit of work."""
    with uow_factory_of(request)() as uow:
        return refusal.show_again(uow, status_of(refusal.cause),
                                  message(refusal.cause, language(request)))
