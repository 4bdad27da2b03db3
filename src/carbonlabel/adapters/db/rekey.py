"""Re-encrypt every encrypted column with the current data key, and count what each key seals.

The columns are found in the table metadata (every column typed :class:`EncryptedText`), so
a column encrypted later is rotated without editing this module. Values are read and written
as plain text (``type_coerce`` past the column type): a value is opened with the key it names
and sealed again with the current key; a value written before its column was encrypted (no
prefix) is sealed for the first time. Each batch is one transaction, so a crash midway leaves
every value sealed by a key of the ring, old or new, and readable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Column, Engine, MetaData, Table, Text, func, literal, select, type_coerce

from carbonlabel.adapters.data_keys import PREFIX, DataKeyError, FieldCipher
from carbonlabel.adapters.db.encrypted import EncryptedText
from carbonlabel.adapters.db.engine import WRITE_OPTION

#: How many characters of a stored value name its key (``clenc1:<kid>:``).
_HEAD = 64


@dataclass(frozen=True)
class EncryptedColumn:
    table: Table
    column: Column[str]
    context: str

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column.name}"


@dataclass
class ColumnStatus:
    name: str
    by_key: Counter[str] = field(default_factory=Counter)
    plaintext: int = 0


def encrypted_columns(metadata: MetaData) -> list[EncryptedColumn]:
    found = []
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                if len(table.primary_key.columns) != 1:
                    raise ValueError(f"{table.name}: re-encryption walks tables by a "
                                     "single-column primary key")
                found.append(EncryptedColumn(table, column, column.type.context))
    return found


def _raw(column: Column[str]) -> Column[str]:
    return type_coerce(column, Text())  # type: ignore[return-value]


def _key_of(stored: str) -> str | None:
    if not stored.startswith(PREFIX):
        return None
    return stored[len(PREFIX):].partition(":")[0]


def status(engine: Engine, metadata: MetaData) -> list[ColumnStatus]:
    """For each encrypted column: how many values each key seals, how many are plaintext."""
    out = []
    with engine.connect() as conn:
        for col in encrypted_columns(metadata):
            found = ColumnStatus(col.name)
            heads = conn.execute(select(func.substr(_raw(col.column), 1, _HEAD)).where(
                col.column.is_not(None))).scalars()
            for head in heads:
                kid = _key_of(head)
                if kid is None:
                    found.plaintext += 1
                else:
                    found.by_key[kid] += 1
            out.append(found)
    return out


def count_values(engine: Engine, metadata: MetaData) -> int:
    """Values (not NULL) in every encrypted column: the work of a full re-encryption."""
    total = 0
    with engine.connect() as conn:
        for col in encrypted_columns(metadata):
            total += conn.execute(select(func.count()).select_from(col.table).where(
                col.column.is_not(None))).scalar_one()
    return total


def _batches(engine: Engine, col: EncryptedColumn, size: int) -> Iterator[
        list[tuple[str, str]]]:
    (pk,) = col.table.primary_key.columns
    last: str | None = None
    while True:
        query = select(pk, _raw(col.column)).where(col.column.is_not(None)).order_by(pk)
        if last is not None:
            query = query.where(pk > last)
        with engine.connect() as conn:
            rows = [(str(r[0]), str(r[1])) for r in conn.execute(query.limit(size))]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def reseal(engine: Engine, metadata: MetaData, cipher: FieldCipher, batch: int = 200,
           advance: Callable[[int], None] | None = None) -> int:
    """Seal every value of every encrypted column with ``cipher.current``; returns how many
    values were rewritten. ``advance(n)`` is told of each batch's values (also those already
    sealed by the current key, which are left as they are)."""
    rewritten = 0
    for col in encrypted_columns(metadata):
        (pk,) = col.table.primary_key.columns
        for rows in _batches(engine, col, batch):
            changes = []
            for key, stored in rows:
                kid = _key_of(stored)
                if kid == cipher.current:
                    continue
                try:
                    plain = stored if kid is None else cipher.decrypt(stored, col.context)
                except DataKeyError as exc:
                    raise DataKeyError(field=f"{col.name}[{key}]", message_en=exc.message_en,
                                       message_zh=exc.message_zh) from exc
                changes.append((key, cipher.encrypt(plain, col.context)))
            if changes:
                with engine.connect() as conn:
                    conn.execution_options(**{WRITE_OPTION: True})
                    with conn.begin():
                        for key, sealed in changes:
                            # a plain text bind: the column type would seal it a second time
                            conn.execute(col.table.update().where(pk == key).values(
                                {col.column.name: literal(sealed, Text())}))
                rewritten += len(changes)
            if advance is not None:
                advance(len(rows))
    return rewritten
