"""Rotation of the data keys that encrypt confidential data at rest, and their status.

A rotation makes a new key (it encrypts from then on), seals every value of every encrypted
column with it (values of the old keys and plaintext left from before encryption alike), and
only then moves the old key files to ``data-keys/retired/``: a crash midway leaves every value
readable with the keys still in the ring, and running the rotation again finishes the work.
A key is retired only when no value uses it any more. Run it while the platform is stopped
(or restart the platform after it): a running server keeps its key ring in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from carbonlabel.adapters.data_keys import DataKeys
from carbonlabel.adapters.db import rekey
from carbonlabel.adapters.db.encrypted import attach_cipher
from carbonlabel.adapters.db.metadata import Base


@dataclass(frozen=True)
class KeyStatus:
    key_ids: tuple[str, ...]  # the ring, oldest first
    current: str
    sealed_by: dict[str, int]  # key id -> values it seals (also keys no longer in the ring)
    plaintext: int  # values written before their column was encrypted
    columns: tuple[rekey.ColumnStatus, ...]


@dataclass(frozen=True)
class Rotation:
    new_key: str
    rewritten: int
    retired: tuple[str, ...]
    kept: tuple[str, ...]  # old keys left in the ring (--keep-old, or the settings' key)


def key_status(engine: Engine, keys: DataKeys) -> KeyStatus:
    cipher = keys.cipher()
    columns = rekey.status(engine, Base.metadata)
    sealed: Counter[str] = Counter()
    for col in columns:
        sealed.update(col.by_key)
    return KeyStatus(cipher.key_ids, cipher.current, dict(sealed),
                     sum(c.plaintext for c in columns), tuple(columns))


def values_to_rotate(engine: Engine) -> int:
    return rekey.count_values(engine, Base.metadata)


def rotate(engine: Engine, keys: DataKeys, *, keep_old: bool = False, batch: int = 200,
           advance: Callable[[int], None] | None = None) -> Rotation:
    """New key, every encrypted value sealed with it, old key files retired (unless kept).

    ``engine`` gets the new ring, so that it reads and writes with the new key afterwards."""
    old = keys.cipher().key_ids
    new = keys.new_key()
    cipher = keys.cipher()
    attach_cipher(engine, cipher)
    rewritten = rekey.reseal(engine, Base.metadata, cipher, batch, advance)
    left = key_status(engine, keys).sealed_by
    retired: list[str] = []
    kept: list[str] = []
    for kid in old:
        # the settings' key has no file to move; a key a concurrent writer still used stays
        if keep_old or kid == "env" or left.get(kid, 0) > 0:
            kept.append(kid)
        else:
            keys.retire(kid)
            retired.append(kid)
    attach_cipher(engine, keys.cipher())
    return Rotation(new, rewritten, tuple(retired), tuple(kept))
