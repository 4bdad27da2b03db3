"""REST API v1: the caller's API tokens (list, revoke), the caller's password, and an
admin's "sign out everywhere" for a user of their organisation. Sign-in and token creation
are in ``routes``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status

from carbonlabel.domain.tenancy import ApiToken
from carbonlabel.services.accounts import api_tokens, sessions
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

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)

def token_info(token: ApiToken, now: datetime) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "created_at": token.created_at,
            "expires_at": token.expires_at, "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at, "state": api_tokens.token_state(token, now)}


@router.get("/tokens", response_model=s.PagePublic[s.TokenInfo], tags=["auth"])
def tokens(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    """The caller's API tokens, newest first (never their secrets)."""
    now = datetime.now(UTC)
    mine = api_tokens.list_tokens(uow, user)
    window = mine[paging.offset:paging.offset + paging.limit]
    return {"items": [token_info(t, now) for t in window], "total": len(mine),
            "offset": paging.offset, "limit": paging.limit}


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"],
               responses=errors(409))
def revoke_token(token_id: str, user: CurrentUser, uow: WriteUow) -> Response:
    """Revoke one of the caller's tokens: it is refused from now on (401, "revoked")."""
    api_tokens.revoke_token(uow, user, token_id)
    uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/password", response_model=s.PasswordChanged, tags=["users"],
             responses=WITH_BODY)
def change_password(body: s.PasswordChange, request: Request, user: CurrentUser,
                    uow: WriteUow) -> dict[str, Any]:
    """Change the caller's password (giving the current one). Every other session of the
    caller ends; this one stays. API tokens stay: list and revoke them on their own."""
    ended = sessions.change_password(uow, user, body.current_password, body.new_password,
                                     keep_secret=session_secret(request))
    uow.commit()
    return {"sessions_ended": ended}


@router.post("/users/{user_id}/sessions/revoke", response_model=s.SessionsEnded,
             tags=["users"], responses=errors(409))
def sign_out_everywhere(user_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """An admin ends every browser session of a user of their organisation."""
    ended = sessions.end_sessions_of(uow, user, user_id)
    uow.commit()
    return {"sessions_ended": ended}
