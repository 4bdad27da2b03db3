"""A text column encrypted at rest: the engine carries the cipher, rows see plaintext.

``attach_cipher(engine, cipher)`` gives an engine its :class:`FieldCipher`; every column
typed ``EncryptedText("table.column")`` is then sealed on the way in and opened on the way
out, whatever repository or query touches it. An engine without a cipher refuses to write
such a column rather than store plaintext. A value written before its column was encrypted
(no ``clenc1:`` prefix) is read as it is; ``carbonlabel data-keys rotate`` seals it.
"""

from __future__ import annotations

from sqlalchemy import Engine, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from carbonlabel.adapters.data_keys import PREFIX, DataKeyError, FieldCipher

_ATTR = "carbonlabel_cipher"


def attach_cipher(engine: Engine, cipher: FieldCipher) -> None:
    setattr(engine.dialect, _ATTR, cipher)


def cipher_of(engine_or_dialect: Engine | Dialect) -> FieldCipher | None:
    dialect = engine_or_dialect.dialect if isinstance(engine_or_dialect, Engine) \
        else engine_or_dialect
    cipher = getattr(dialect, _ATTR, None)
    return cipher if isinstance(cipher, FieldCipher) else None


def _require(dialect: Dialect, context: str) -> FieldCipher:
    cipher = cipher_of(dialect)
    if cipher is None:
        raise DataKeyError(field=context,
                           message_en="this database connection has no data key; "
                                      "encrypted fields can be neither written nor read",
                           message_zh="此数据库连接未配置数据密钥，无法读写加密字段")
    return cipher


class EncryptedText(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return _require(dialect, self.context).encrypt(value, self.context)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or not value.startswith(PREFIX):
            return value
        return _require(dialect, self.context).decrypt(value, self.context)
