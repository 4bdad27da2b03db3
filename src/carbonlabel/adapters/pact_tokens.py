"""Access tokens of the PACT host system: RS256 JSON Web Tokens and their published key.

The signing key is one RSA 2048 key kept in ``<data dir>/pact-keys/signing-key.pem`` (made on
first use, readable by the owner only). Its public half is published as a JWKS
(``/.well-known/jwks.json``) under a key id that is the RFC 7638 thumbprint of the key, so a
partner can check a token offline. A token says who it was issued to (``sub`` = the partner's
inbound client id), by whom (``iss`` = the platform's base URL), until when (``exp``, one hour
by default) and for what (``scope``).

:meth:`PactTokenKeys.verify` tells an expired token (:class:`TokenExpiredError`) from any
other bad one (:class:`InvalidTokenError`: malformed, signed by another key, another
algorithm, claims missing).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from carbonlabel.config import make_private_dir
from carbonlabel.errors import AuthenticationError

ALGORITHM = "RS256"
KEY_FILE = "signing-key.pem"
TOKEN_LIFETIME = timedelta(hours=1)
SCOPES = ("footprint:list", "footprint:read")


class InvalidTokenError(AuthenticationError):
    """The bearer token is not one this host issued (or is malformed)."""

    code = "invalid_token"


class TokenExpiredError(AuthenticationError):
    """The bearer token was issued here but has expired."""

    code = "token_expired"


@dataclass(frozen=True)
class TokenClaims:
    subject: str  # the partner's inbound client id
    issuer: str
    expires_at: datetime
    scope: tuple[str, ...]


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _load_or_create(folder: Path) -> rsa.RSAPrivateKey:
    path = folder / KEY_FILE
    if not path.is_file():
        make_private_dir(folder)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        tmp = folder / f".{KEY_FILE}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        try:  # another process may have made one meanwhile: the first one stays
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise InvalidTokenError(field="pact_keys", message_en=f"{KEY_FILE} is not an RSA key",
                                message_zh=f"{KEY_FILE} 不是 RSA 密钥")
    return loaded


class PactTokenKeys:
    """The host's token signing key (loaded or made lazily, once) and what it signs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key: rsa.RSAPrivateKey | None = None
        self._lock = threading.Lock()

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        if self._key is None:
            with self._lock:
                if self._key is None:
                    self._key = _load_or_create(self.folder)
        return self._key

    def public_jwk(self) -> dict[str, str]:
        numbers = self.private_key.public_key().public_numbers()
        jwk = {"e": _b64(numbers.e), "kty": "RSA", "n": _b64(numbers.n)}
        # RFC 7638: SHA-256 of the required members, sorted, without whitespace
        canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode("ascii")
        kid = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=")
        return {**jwk, "kid": kid.decode("ascii"), "use": "sig", "alg": ALGORITHM}

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [self.public_jwk()]}

    def issue(self, *, subject: str, issuer: str, now: datetime | None = None,
              lifetime: timedelta = TOKEN_LIFETIME,
              scope: tuple[str, ...] = SCOPES) -> tuple[str, int]:
        """(token, seconds until it expires)."""
        issued = (now or datetime.now(UTC)).astimezone(UTC)
        claims: dict[str, Any] = {
            "iss": issuer, "sub": subject, "iat": int(issued.timestamp()),
            "exp": int((issued + lifetime).timestamp()), "scope": " ".join(scope),
            "jti": secrets.token_hex(16)}
        token = jwt.encode(claims, self.private_key, algorithm=ALGORITHM,
                           headers={"kid": self.public_jwk()["kid"]})
        return token, int(lifetime.total_seconds())

    def verify(self, token: str) -> TokenClaims:
        """The claims of a token this host signed; raises TokenExpiredError or
        InvalidTokenError."""
        try:
            claims = jwt.decode(token, self.private_key.public_key(), algorithms=[ALGORITHM],
                                options={"require": ["exp", "sub", "iss"]})
        except jwt.ExpiredSignatureError as exc:
            raise TokenExpiredError(field="Authorization", message_en="the access token has "
                                    "expired", message_zh="访问令牌已过期") from exc
        except jwt.PyJWTError as exc:
            raise InvalidTokenError(field="Authorization", message_en=f"invalid access token "
                                    f"({exc})", message_zh="访问令牌无效") from exc
        subject, issuer = claims.get("sub"), claims.get("iss")
        if not isinstance(subject, str) or not isinstance(issuer, str) or not subject:
            raise InvalidTokenError(field="Authorization", message_en="invalid access token "
                                    "(sub and iss must be strings)", message_zh="访问令牌无效")
        scope = claims.get("scope", "")
        return TokenClaims(subject, issuer, datetime.fromtimestamp(int(claims["exp"]), UTC),
                           tuple(str(scope).split()))
