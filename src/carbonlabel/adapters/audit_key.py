"""The audit key: the HMAC-SHA256 key that chains the audit log (domain/audit.py).

It lives outside the database, in ``<data dir>/audit-keys/audit.key`` (32 random bytes,
base64, mode 0600, in a 0700 folder), made on first use; or it comes from the setting
``CARBONLABEL_AUDIT_KEY`` (base64) for an operator who keeps it in a secret store. Without
the key written the chain, ``carbonlabel audit verify`` cannot vouch for it: back it up.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from carbonlabel.adapters.key_text import KEY_BYTES, decode_key
from carbonlabel.config import make_private_dir
from carbonlabel.errors import InputError

FILE_NAME = "audit.key"


class AuditKeyError(InputError):
    """The audit key is missing or malformed."""

    code = "audit_key_error"


def _decode(text: str, where: str) -> bytes:
    return decode_key(text, where, AuditKeyError, "audit key", "审计密钥")


def load_audit_key(folder: Path, env_key: str | None = None) -> bytes:
    """The setting's key if there is one, else the folder's key file (made when missing)."""
    if env_key:
        return _decode(env_key, "CARBONLABEL_AUDIT_KEY")
    path = Path(folder) / FILE_NAME
    if not path.is_file():
        make_private_dir(Path(folder))
        # written aside and linked into place, so a process starting at the same moment
        # reads either no file or a whole key, and both end up with the same one
        aside = path.with_name(f".{FILE_NAME}.{secrets.token_hex(8)}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii"))
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    return _decode(path.read_text(encoding="ascii"), str(path))
