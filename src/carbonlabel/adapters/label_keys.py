"""Ed25519 keys that sign labels: kept in ``<data dir>/label-keys/`` (private keys 0600).

The newest key signs new labels; older keys stay to verify the labels they signed (rotation
never invalidates a printed label). Public keys are published as JSON (``kid`` → base64url
raw key) for offline verification.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from carbonlabel.config import make_private_dir
from carbonlabel.domain.certification.label import (
    LabelPayload,
    b64decode,
    b64encode,
    split_token,
)


class LabelKeys:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.pem"))  # kid starts with a sortable timestamp

    def rotate(self) -> str:
        """Make a new signing key; it signs every label from now on. Returns its key id."""
        make_private_dir(self.folder)
        kid = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        path = self.folder / f"{kid}.pem"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return kid

    def current(self) -> tuple[str, Ed25519PrivateKey]:
        files = self._files()
        if not files:
            self.rotate()
            files = self._files()
        path = files[-1]
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return path.stem, key

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        out = {}
        for path in self._files():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if isinstance(key, Ed25519PrivateKey):
                out[path.stem] = key.public_key()
        return out

    def export_public(self) -> dict[str, str]:
        return {kid: b64encode(k.public_bytes(serialization.Encoding.Raw,
                                              serialization.PublicFormat.Raw))
                for kid, k in self.public_keys().items()}


def load_public_keys(text: str) -> dict[str, Ed25519PublicKey]:
    """Public keys from their published JSON (``{"keys": {kid: base64url}}`` or the map)."""
    data = json.loads(text)
    keys = data.get("keys", data) if isinstance(data, dict) else {}
    return {str(kid): Ed25519PublicKey.from_public_bytes(b64decode(str(raw)))
            for kid, raw in keys.items()}


def sign_label(payload: LabelPayload, key: Ed25519PrivateKey) -> str:
    raw = payload.to_bytes()
    return f"{b64encode(raw)}.{b64encode(key.sign(raw))}"


def verify_signature(token: str,
                     public_keys: Mapping[str, Ed25519PublicKey]) -> LabelPayload | None:
    """The payload of a genuine token, or ``None`` (malformed, unknown key, bad signature)."""
    parts = split_token(token)
    if parts is None:
        return None
    payload, raw, signature = parts
    key = public_keys.get(payload.kid)
    if key is None:
        return None
    try:
        key.verify(signature, raw)
    except InvalidSignature:
        return None
    return payload
