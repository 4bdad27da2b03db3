"""The exception tree mapped once to HTTP: ``{code, field, message, message_zh, message_en}``.

One status per condition on every route: 400 malformed body, 401 not signed in, 403 role not
allowed (or CSRF token missing), 404 not found (also another organisation's record), 409
conflict, 422 invalid input, 429 too many failed sign-ins (with ``Retry-After``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from carbonlabel.errors import CarbonlabelError, FieldError, TooManyAttemptsError, WorkflowError


def error_body(code: str, field: str, message_en: str, message_zh: str,
               **extra: Any) -> dict[str, Any]:
    return {"code": code, "field": field, "message": f"{message_zh} | {message_en}",
            "message_zh": message_zh, "message_en": message_en, **extra}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out


async def _carbonlabel(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CarbonlabelError)
    errors = [e.as_dict() for e in exc.errors] if len(exc.errors) > 1 else None
    body = error_body(exc.code, exc.field, exc.message_en, exc.message_zh)
    if errors:
        body["errors"] = errors
    if isinstance(exc, WorkflowError) and exc.rule:
        body["rule"] = exc.rule  # which state-table or certification rule refused the step
    headers = None
    if isinstance(exc, TooManyAttemptsError):
        body["retry_after"] = exc.retry_after
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse(body, status_code=exc.status_hint, headers=headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        return JSONResponse(error_body("malformed_body", "body",
                                       f"malformed JSON: {first.get('msg', '')}",
                                       f"JSON 格式错误：{first.get('msg', '')}"), 400)
    # each problem in the shape of a model's problems (FieldError.as_dict), so that a client
    # reads `errors` one way whichever check found them
    shaped = [FieldError(_field(tuple(e.get("loc", ()))), str(e.get("type", "invalid")),
                         str(e.get("msg", "")),
                         f"字段「{_field(tuple(e.get('loc', ())))}」无效：{e.get('msg', '')}")
              for e in errors] or [FieldError("", "invalid", "invalid request", "请求无效")]
    first = shaped[0]
    return JSONResponse(error_body("invalid_input", first.field, first.message_en,
                                   first.message_zh, errors=[e.as_dict() for e in shaped]),
                        422)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    names = {400: ("malformed_body", "请求体无法解析", "the request body cannot be parsed"),
             404: ("not_found", "找不到该地址", "no such address"),
             405: ("method_not_allowed", "不支持该方法", "method not allowed")}
    code, zh, en = names.get(exc.status_code, ("http_error", str(exc.detail), str(exc.detail)))
    field = "body" if exc.status_code == 400 else ""  # Starlette's 400: a body it cannot parse
    return JSONResponse(error_body(code, field, en, zh), exc.status_code,
                        headers=getattr(exc, "headers", None))


def install(app: FastAPI) -> None:
    app.add_exception_handler(CarbonlabelError, _carbonlabel)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
