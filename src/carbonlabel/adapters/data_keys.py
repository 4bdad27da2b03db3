"""Keys that encrypt confidential data at rest (AES-256-GCM), and the cipher over them.

Keys live in ``<data dir>/data-keys/`` as files ``<kid>.key`` (32 random bytes, base64,
mode 0600), or one key comes from the setting ``CARBONLABEL_DATA_KEY`` (base64). The newest
key encrypts; every key in the folder decrypts, so a rotation can re-encrypt row by row and
a value written before it stays readable until then.

A stored value reads ``clenc1:<kid>:<base64(nonce ‖ ciphertext ‖ tag)>``. The column's
name is bound in as associated data, so a ciphertext copied into another column does not
decrypt there.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from carbonlabel.adapters.key_text import decode_key
from carbonlabel.errors import InputError

PREFIX = "clenc1:"
_NONCE = 12


class DataKeyError(InputError):
    """A data key is missing, malformed or cannot decrypt a stored value."""

    code = "data_key_error"


def _decode_key(text: str, where: str) -> bytes:
    return decode_key(text, where, DataKeyError, "data key (AES-256)", "数据密钥（AES-256）")


class FieldCipher:
    """AES-GCM over text values with a ring of keys: the current one encrypts, all decrypt."""

    def __init__(self, keys: Mapping[str, bytes], current: str) -> None:
        if current not in keys:
            raise ValueError(f"current key {current!r} is not in the ring")
        self._aead = {kid: AESGCM(key) for kid, key in keys.items()}
        self._current = current

    @property
    def current(self) -> str:
        """The key id that seals new values."""
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._aead))

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = secrets.token_bytes(_NONCE)
        sealed = self._aead[self._current].encrypt(nonce, plaintext.encode("utf-8"),
                                                  context.encode("utf-8"))
        return f"{PREFIX}{self._current}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str, context: str) -> str:
        if not stored.startswith(PREFIX):
            raise DataKeyError(field=context, message_en="the stored value is not encrypted",
                               message_zh="存储的值未加密")
        kid, _, body = stored[len(PREFIX):].partition(":")
        aead = self._aead.get(kid)
        if aead is None:
            raise DataKeyError(field=context,
                               message_en=f"no data key {kid!r} to decrypt this value; "
                                          f"restore the key file",
                               message_zh=f"缺少解密所需的数据密钥 {kid!r}；请恢复密钥文件")
        try:
            raw = base64.b64decode(body, validate=True)
            return aead.decrypt(raw[:_NONCE], raw[_NONCE:], context.encode("utf-8")).decode()
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise DataKeyError(field=context,
                               message_en="the encrypted value is damaged or was moved "
                                          "from another field",
                               message_zh="加密值已损坏或被移自其他字段") from exc

    def key_of(self, stored: str) -> str | None:
        """The key id a stored value was encrypted with (``None``: not encrypted)."""
        if not stored.startswith(PREFIX):
            return None
        return stored[len(PREFIX):].partition(":")[0]


class DataKeys:
    """The key folder: list, create, rotate and retire keys."""

    def __init__(self, folder: Path, env_key: str | None = None) -> None:
        self.folder = Path(folder)
        self.env_key = env_key

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.key"))  # kid starts with a sortable timestamp

    def new_key(self) -> str:
        """Write a new key; it encrypts from now on. Returns its key id."""
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        kid = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{kid}.key"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(base64.b64encode(secrets.token_bytes(32)).decode("ascii"))
        return kid

    def retire(self, kid: str) -> Path:
        """Move a key out of the ring (into ``retired/``) once nothing uses it any more."""
        src = self.folder / f"{kid}.key"
        dest_dir = self.folder / "retired"
        dest_dir.mkdir(mode=0o700, exist_ok=True)
        dest = dest_dir / src.name
        src.rename(dest)
        return dest

    def cipher(self) -> FieldCipher:
        """The ring; a first key is made when there is none (and no key in the settings)."""
        keys: dict[str, bytes] = {}
        for path in self._files():
            keys[path.stem] = _decode_key(path.read_text(encoding="ascii"), str(path.name))
        if self.env_key:
            keys["env"] = _decode_key(self.env_key, "CARBONLABEL_DATA_KEY")
            if not self._files():
                return FieldCipher(keys, "env")
        if not keys:
            self.new_key()
            return self.cipher()
        return FieldCipher(keys, max(k for k in keys if k != "env"))

    def live(self) -> FieldCipher:
        """The ring as the folder holds it at each use: what a running server takes, so that
        a rotation's new key seals its next write and a key added later opens values."""
        return LiveCipher(self)

    def stamp(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._files())


class LiveCipher(FieldCipher):
    """A :class:`FieldCipher` that reloads its ring when the key folder's files change."""

    def __init__(self, keys: DataKeys) -> None:  # no super(): every use goes to the ring
        self._source = keys
        self._stamp = keys.stamp()
        self._ring = keys.cipher()

    def _fresh(self) -> FieldCipher:
        stamp = self._source.stamp()
        if stamp != self._stamp:
            self._ring, self._stamp = self._source.cipher(), stamp
        return self._ring

    @property
    def current(self) -> str:
        return self._fresh().current

    @property
    def key_ids(self) -> tuple[str, ...]:
        return self._fresh().key_ids

    def encrypt(self, plaintext: str, context: str) -> str:
        return self._fresh().encrypt(plaintext, context)

    def decrypt(self, stored: str, context: str) -> str:
        return self._fresh().decrypt(stored, context)
