"""A secret key as it is kept in a key file or a setting: 32 random bytes in base64."""

from __future__ import annotations

import base64
import binascii

from carbonlabel.errors import InputError

KEY_BYTES = 32


def decode_key(text: str, where: str, error: type[InputError], what_en: str,
               what_zh: str) -> bytes:
    """The key's bytes; ``error`` naming ``where`` when it is not base64 of 32 bytes."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise error(field=where, message_en=f"the {what_en} is not base64",
                    message_zh=f"{what_zh}不是 base64 编码") from exc
    if len(raw) != KEY_BYTES:
        raise error(field=where, message_en=f"the {what_en} has {len(raw)} bytes, "
                                            f"{KEY_BYTES} are needed",
                    message_zh=f"{what_zh}长 {len(raw)} 字节，需要 {KEY_BYTES} 字节")
    return raw
