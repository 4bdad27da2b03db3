"""The audit chain computed by hand, as a forger would, independently of the code under test:
canonical JSON of a record with its previous hash, then plain SHA-256 (older releases, or a
forger without the key) or HMAC-SHA256 with the audit key read from its file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text, update

from carbonlabel.adapters.db.tables import AuditHeadRow, AuditRow

AUDIT = AuditRow.__table__
HEAD = AuditHeadRow.__table__
FIELDS = ("seq", "at", "actor_id", "organisation_id", "action", "entity", "entity_id",
          "before", "after", "prev_hash")


def body(row: dict[str, Any]) -> bytes:
    values = [row[f].isoformat() if f == "at" else row[f] for f in FIELDS]
    return json.dumps(values, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def sha256_of(row: dict[str, Any]) -> str:
    return hashlib.sha256(body(row)).hexdigest()


def hmac_of(key: bytes, row: dict[str, Any]) -> str:
    return hmac.new(key, body(row), hashlib.sha256).hexdigest()


def mac_of(key: bytes, seq: int, digest: str, keyed_from: int) -> str:
    message = json.dumps(["audit_head", seq, digest, keyed_from], separators=(",", ":"))
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def key_file(data_dir: Path) -> Path:
    return data_dir / "audit-keys" / "audit.key"


def key_in(data_dir: Path) -> bytes:
    return base64.b64decode(key_file(data_dir).read_text(encoding="ascii"))


def rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(AUDIT).order_by(AUDIT.c.seq))]


def head(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(select(HEAD)).one()._mapping)


def json_param(engine: Engine) -> str:
    return "CAST(:value AS JSON)" if engine.dialect.name == "postgresql" else ":value"


def rewrite_from(engine: Engine, seq: int, after: dict[str, Any], key: bytes | None,
                 keyed_from: int | None = None) -> str:
    """Put ``after`` into record ``seq``, then chain it and every later record again (HMAC
    with ``key`` from ``keyed_from`` on, else plain SHA-256) and move the head's seq and hash
    to the new last record. Returns that hash; the head's MAC and keyed_from are left as
    they are."""
    chain = rows(engine)
    prev = chain[seq - 2]["hash"] if seq > 1 else "0" * 64
    with engine.begin() as conn:
        for row in chain[seq - 1:]:
            row = {**row, "prev_hash": prev, **({"after": after} if row["seq"] == seq else {})}
            keyed = key is not None and keyed_from is not None and row["seq"] >= keyed_from
            prev = hmac_of(key, row) if keyed and key is not None else sha256_of(row)
            conn.execute(text(f"UPDATE audit_log SET after = {json_param(engine)}, "
                              "prev_hash = :prev, hash = :hash WHERE seq = :seq"),
                         {"value": json.dumps(row["after"]), "prev": row["prev_hash"],
                          "hash": prev, "seq": row["seq"]})
        conn.execute(update(HEAD).values(seq=chain[-1]["seq"], hash=prev))
    return prev
