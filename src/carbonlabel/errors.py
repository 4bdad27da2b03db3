"""The one exception tree of carbonlabel, mapped once to CLI exit codes (and later HTTP).

::

    CarbonlabelError                 code            exit  status
    ├── InputError                   invalid_input      2    422
    │   ├── ModelValidationError     invalid_model      2    422   (holds every FieldError)
    │   ├── UnitError                invalid_unit       2    422
    │   └── DataFormatError          invalid_data       2    422
    │       └── TooLargeError        too_large          2    413   (names the limit broken)
    │   └── ConflictError            conflict           2    409   (duplicate, stale)
    │       └── WorkflowError        workflow_refused   2    409   (state or rule refuses)
    │           (domain.certification: TransitionNotAllowedError, StatusChangeNotAllowedError,
    │            CertificationRuleError)
    ├── NotFoundError                not_found          3    404   (also: another tenant's)
    │   └── UnknownReferenceError    unknown_reference  3    422
    ├── CalculationError             calculation_failed 4    422
    │   └── SingularSystemError      singular_system    4    422
    ├── AuthenticationError          unauthenticated    5    401
    ├── PermissionDeniedError        forbidden          6    403
    ├── TooManyAttemptsError         too_many_attempts  8    429   (sign-in back-off)
    └── PartnerError                 partner_error      7    502   (a partner's PACT host)

Every error carries a stable ``code``, the ``field`` it concerns (a dotted path such as
``processes[2].inputs[0].unit``), the line in the source file where known, and a message in
Chinese and in English. Foreign exceptions are translated at the boundary with ``from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of an input document."""

    field: str
    code: str
    message_en: str
    message_zh: str
    line: int | None = None

    def render(self, lang: str = "zh") -> str:
        where = self.field or "<document>"
        if self.line is not None:
            where = (f"{where} (line {self.line})" if lang == "en"
                     else f"{where}（第 {self.line} 行）")
        msg = self.message_en if lang == "en" else self.message_zh
        return f"{where}: {msg}"

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, "code": self.code, "line": self.line,
                "message": {"zh": self.message_zh, "en": self.message_en}}


class CarbonlabelError(Exception):
    """Root of every error carbonlabel raises on purpose."""

    code = "error"
    exit_code = 1
    status_hint = 500

    def __init__(self, *, message_en: str, message_zh: str, field: str = "",
                 line: int | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh
        self.field = field
        self.line = line

    @property
    def errors(self) -> tuple[FieldError, ...]:
        return (FieldError(self.field, self.code, self.message_en, self.message_zh, self.line),)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "field": self.field, "line": self.line,
                "message": {"zh": self.message_zh, "en": self.message_en},
                "errors": [e.as_dict() for e in self.errors]}


class InputError(CarbonlabelError):
    code = "invalid_input"
    exit_code = 2
    status_hint = 422


class UnitError(InputError):
    code = "invalid_unit"


class DataFormatError(InputError):
    code = "invalid_data"


class TooLargeError(DataFormatError):
    """Input beyond one of the documented limits (docs/security.md): ``limit`` names it."""

    code = "too_large"
    status_hint = 413

    def __init__(self, *, message_en: str, message_zh: str, field: str = "",
                 limit: str = "") -> None:
        super().__init__(message_en=message_en, message_zh=message_zh, field=field)
        self.limit = limit


class ModelValidationError(InputError):
    """A product model has one or more invalid fields; all of them are listed."""

    code = "invalid_model"

    def __init__(self, errors: list[FieldError], source: str = "") -> None:
        if not errors:
            raise ValueError("ModelValidationError needs at least one FieldError")
        first = errors[0]
        more_en = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        more_zh = f"（另有 {len(errors) - 1} 个错误）" if len(errors) > 1 else ""
        super().__init__(field=first.field, line=first.line,
                         message_en=first.message_en + more_en,
                         message_zh=first.message_zh + more_zh)
        self._errors = tuple(errors)
        self.source = source

    @property
    def errors(self) -> tuple[FieldError, ...]:
        return self._errors


class ConflictError(InputError):
    """The request conflicts with stored data (a duplicate code, an e-mail already used)."""

    code = "conflict"
    status_hint = 409


class WorkflowError(ConflictError):
    """A certification step that the case's state or a certification rule refuses."""

    code = "workflow_refused"

    def __init__(self, *, message_en: str, message_zh: str, field: str = "action",
                 rule: str = "") -> None:
        super().__init__(message_en=message_en, message_zh=message_zh, field=field)
        self.rule = rule


class NotFoundError(CarbonlabelError):
    code = "not_found"
    exit_code = 3
    status_hint = 404


class UnknownReferenceError(NotFoundError):
    code = "unknown_reference"
    status_hint = 422


class CalculationError(CarbonlabelError):
    code = "calculation_failed"
    exit_code = 4
    status_hint = 422


class SingularSystemError(CalculationError):
    """The product system has no unique solution; names the processes and products involved."""

    code = "singular_system"

    def __init__(self, *, message_en: str, message_zh: str, involved: tuple[str, ...] = (),
                 field: str = "processes") -> None:
        super().__init__(message_en=message_en, message_zh=message_zh, field=field)
        self.involved = involved


class AuthenticationError(CarbonlabelError):
    """No valid sign-in, session or API token."""

    code = "unauthenticated"
    exit_code = 5
    status_hint = 401


class PermissionDeniedError(CarbonlabelError):
    """Signed in, but the role may not do this (within the caller's own organisation)."""

    code = "forbidden"
    exit_code = 6
    status_hint = 403


class TooManyAttemptsError(CarbonlabelError):
    """Too many failed sign-ins of an account, a client address or a PACT client: refused
    until the back-off ends, ``retry_after`` seconds from now (docs/security.md)."""

    code = "too_many_attempts"
    exit_code = 8
    status_hint = 429

    def __init__(self, *, message_en: str, message_zh: str, field: str = "",
                 retry_after: int = 1) -> None:
        super().__init__(message_en=message_en, message_zh=message_zh, field=field)
        self.retry_after = retry_after


class PartnerError(CarbonlabelError):
    """A partner's PACT host failed, refused us or answered something unusable.

    Names the partner; ``status`` is the HTTP status (None: no answer at all, e.g. refused
    connection, TLS failure, timeout) and ``partner_code`` the error code of its body."""

    code = "partner_error"
    exit_code = 7
    status_hint = 502

    def __init__(self, *, partner: str, message_en: str, message_zh: str, field: str = "",
                 status: int | None = None, partner_code: str | None = None,
                 errors: tuple[FieldError, ...] = ()) -> None:
        super().__init__(message_en=message_en, message_zh=message_zh, field=field)
        self.partner = partner
        self.status = status
        self.partner_code = partner_code
        self._errors = errors

    @property
    def errors(self) -> tuple[FieldError, ...]:
        return self._errors or super().errors

    @property
    def retryable(self) -> bool:
        """Worth trying again later: no answer, a server error, or a refusal that may pass
        (token, rate limit); a 4xx about the request itself will not change by retrying."""
        return self.status is None or self.status >= 500 or self.status in {
            401, 403, 408, 425, 429}
