"""Accounts on the web: the REST API of signing in, tokens, organisations and users
(``api``), and the sign-in and account pages (Chinese first, English switchable; the words
are in the "messages" catalogue)."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, FastAPI

from carbonlabel.web.accounts import account, sign_in


@cache
def _pages() -> APIRouter:
    """The pages' router, built once: FastAPI works out its routes' dependencies when an
    app first includes it and keeps them on it, so every later app reuses them."""
    router = APIRouter(include_in_schema=False)
    for module in (sign_in, account):
        router.include_router(module.router)
    return router


def install(app: FastAPI) -> None:
    """Add the sign-in and account pages to the app."""
    app.include_router(_pages())
