"""REST API v1 of accounts: signing in and out, API tokens, the caller, organisations and
users (``router``); the caller's API tokens (list, revoke), the caller's password, and an
admin's "sign out everywhere" for a user of their organisation (``credentials``).

Two routers, so that the app includes them where they always were (the OpenAPI document
keeps its order: the credentials' operations come after quantification's)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status

from carbonlabel.domain.tenancy import ApiToken
from carbonlabel.services.accounts import api_tokens, sessions
from carbonlabel.services.accounts import users as accounts
from carbonlabel.web.api import schemas as s
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.deps import (
    CurrentUser,
    PageParams,
    ReadUow,
    WriteUow,
    refuse_nul,
    session_secret,
)
from carbonlabel.web.sign_in import begin_session, end_session
from carbonlabel.web.sign_in_guard import account_guard

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


# -- session and tokens ---------------------------------------------------------------------

@router.post("/auth/session", responses=errors(400, 413, 429),
             response_model=s.SessionPublic, tags=["auth"])
def sign_in(body: s.SessionCreate, request: Request, uow: ReadUow) -> dict[str, Any]:
    """Sign in with e-mail and password: sets the session cookie, returns the CSRF token.
    After repeated failures of the account or the address: 429 with ``Retry-After``."""
    with account_guard(request, body.email):
        user = accounts.authenticate(uow, body.email, body.password)
    return {"user": asdict(user), "csrf_token": begin_session(request, user)}


@router.delete("/auth/session", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"])
def sign_out(request: Request, user: CurrentUser) -> Response:
    end_session(request)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/tokens", responses=WITH_BODY,
             response_model=s.TokenPublic, status_code=201, tags=["auth"])
def create_token(body: s.TokenCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    token, secret = accounts.create_token(uow, user, body.name, body.expires_in_days)
    return {"id": token.id, "name": token.name, "token": secret,
            "created_at": token.created_at, "expires_at": token.expires_at}


# -- organisations and users ----------------------------------------------------------------

@router.get("/me", response_model=s.MePublic, tags=["users"])
def me(user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    org = accounts.get_organisation(uow, user, user.organisation_id)
    return {"user": asdict(user), "organisation": asdict(org)}


@router.get("/organisations/{organisation_id}", response_model=s.OrganisationPublic,
            tags=["organisations"])
def organisation(organisation_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(accounts.get_organisation(uow, user, organisation_id))


@router.get("/users", response_model=s.PagePublic[s.UserPublic], tags=["users"])
def users(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    return s.page_of(accounts.list_users(uow, user, paging.offset, paging.limit), asdict)


@router.post("/users", responses=WITH_BODY,
             response_model=s.UserPublic, status_code=201, tags=["users"])
def create_user(body: s.UserCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    made = accounts.create_user(uow, user, body.email, body.display_name, body.role,
                                body.password)
    return asdict(made)


@router.get("/users/{user_id}", response_model=s.UserPublic, tags=["users"])
def get_user(user_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(accounts.get_user(uow, user, user_id))


# -- credentials ----------------------------------------------------------------------------

credentials = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)

def token_info(token: ApiToken, now: datetime) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "created_at": token.created_at,
            "expires_at": token.expires_at, "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at, "state": api_tokens.token_state(token, now)}


@credentials.get("/tokens", response_model=s.PagePublic[s.TokenInfo], tags=["auth"])
def tokens(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    """The caller's API tokens, newest first (never their secrets)."""
    now = datetime.now(UTC)
    mine = api_tokens.list_tokens(uow, user)
    window = mine[paging.offset:paging.offset + paging.limit]
    return {"items": [token_info(t, now) for t in window], "total": len(mine),
            "offset": paging.offset, "limit": paging.limit}


@credentials.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"],
               responses=errors(409))
def revoke_token(token_id: str, user: CurrentUser, uow: WriteUow) -> Response:
    """Revoke one of the caller's tokens: it is refused from now on (401, "revoked")."""
    api_tokens.revoke_token(uow, user, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@credentials.post("/me/password", response_model=s.PasswordChanged, tags=["users"],
             responses=WITH_BODY)
def change_password(body: s.PasswordChange, request: Request, user: CurrentUser,
                    uow: WriteUow) -> dict[str, Any]:
    """Change the caller's password (giving the current one). Every other session of the
    caller ends; this one stays. API tokens stay: list and revoke them on their own."""
    ended = sessions.change_password(uow, user, body.current_password, body.new_password,
                                     keep_secret=session_secret(request))
    return {"sessions_ended": ended}


@credentials.post("/users/{user_id}/sessions/revoke", response_model=s.SessionsEnded,
             tags=["users"], responses=errors(409))
def sign_out_everywhere(user_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """An admin ends every browser session of a user of their organisation."""
    ended = sessions.end_sessions_of(uow, user, user_id)
    return {"sessions_ended": ended}
