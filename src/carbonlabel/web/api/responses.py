"""The error answers an API operation documents in the OpenAPI schema, in one place.

Every error has the body :class:`ErrorPublic` (web/errors.py builds it). A router declares
the answers all of its operations may give (``responses=SIGNED_IN`` or ``PUBLIC``); an
operation adds its own: ``WITH_BODY`` where it stores what a body says, ``errors(409)``
where it changes a record without one, ``errors(400, 413, 429)`` for signing in.
``tests/api/test_openapi_fuzz.py`` fails on any status an operation answers without
declaring it here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ProblemPublic(BaseModel):
    """One problem of an invalid input (``FieldError.as_dict``)."""

    field: str
    code: str
    line: int | None = None
    message: dict[str, str] = Field(description="{zh, en}")


class ErrorPublic(BaseModel):
    """The body of every 4xx answer of the API."""

    code: str = Field(description="stable machine code, e.g. invalid_input, not_found")
    field: str = Field(description="the field, parameter or header concerned ('' if none)")
    message: str = Field(description="'<message_zh> | <message_en>'")
    message_zh: str
    message_en: str
    errors: list[ProblemPublic] | None = Field(
        default=None, description="every problem, when there is more than one")
    rule: str | None = Field(default=None, description="409: the rule that refused the step")
    limit: str | None = Field(default=None, description="413: the limit's name")
    limit_bytes: int | None = Field(default=None, description="413: the limit in bytes")


Responses = dict[int | str, dict[str, Any]]

_WHEN: dict[int, str] = {
    400: "malformed body: not JSON or form data that can be parsed",
    401: "not signed in: no session cookie or API token, or one that is invalid",
    403: "the role may not do this (or a session without its CSRF token)",
    404: "no such record (also: another organisation's)",
    409: "conflicts with stored data, or the workflow refuses the step (`rule`)",
    413: "a body or file over a documented limit (`limit`, docs/security.md)",
    422: "invalid input: `field` names the first problem, `errors` lists all of them",
    429: "too many failed sign-ins: wait the seconds of `Retry-After`",
}
_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before trying again",
                                "schema": {"type": "integer"}}}


def errors(*codes: int) -> Responses:
    """The OpenAPI ``responses`` entries of these error statuses."""
    out: Responses = {}
    for code in codes:
        out[code] = {"model": ErrorPublic, "description": _WHEN[code]}
        if code == 429:
            out[code]["headers"] = _RETRY_AFTER
    return out


#: what any operation behind a sign-in may answer
SIGNED_IN = errors(401, 403, 404, 422)
#: what a public operation (the registry) may answer
PUBLIC = errors(404, 422)
#: added by an operation that stores what its body says: a body that cannot be parsed or is
#: too large, or one at odds with stored data (any write may meet a unique constraint: 409)
WITH_BODY = errors(400, 409, 413)
