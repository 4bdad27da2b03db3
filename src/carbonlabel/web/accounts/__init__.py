"""Accounts on the web: the REST API of signing in, tokens, organisations and users
(``api``), and the sign-in and account pages (Chinese first, English switchable; the words
are in the "messages" catalogue)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from carbonlabel.web.accounts import account, sign_in


def install(app: FastAPI) -> None:
    """Add the sign-in and account pages to the app."""
    router = APIRouter(include_in_schema=False)
    for module in (sign_in, account):
        router.include_router(module.router)
    app.include_router(router)
