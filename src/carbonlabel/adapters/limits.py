"""The documented limits of every parser (docs/security.md, "Limits"), and a zip member
reader that keeps to them.

A zip member is checked on what its header declares (size, compression ratio) before a byte
is inflated, then read in chunks with the same caps on what actually comes out, so that a
"zip bomb" (a small archive inflating to gigabytes) is refused after at most one chunk past
the limit, never read whole.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import IO

from carbonlabel.errors import TooLargeError

MiB = 1024 * 1024

MAX_MODEL_NODES = 200_000
"""A model file (YAML or JSON) may hold at most this many values once YAML aliases are
expanded: a file of a few hundred bytes can otherwise expand to billions ("alias bomb")."""

MAX_ZIP_MEMBER_BYTES = 256 * MiB
"""One file inside an imported zip, uncompressed."""

MAX_ZIP_TOTAL_BYTES = 4096 * MiB
"""All the files read from one imported zip together, uncompressed."""

MAX_ZIP_RATIO = 200
"""Uncompressed over compressed size of one zip member (XML and JSON data compress 5 to 30
times); checked once a member gives more than :data:`ZIP_RATIO_FLOOR` bytes."""

ZIP_RATIO_FLOOR = 64 * 1024

ZIP_CHUNK = 256 * 1024

MAX_UPLOAD_BODY_BYTES = 100 * MiB
"""A request body sent as ``multipart/form-data`` (file uploads: a certification case's
documents, each at most 20 MiB, ``MAX_DOCUMENT_BYTES``)."""

MAX_BODY_BYTES = 5 * MiB
"""Any other request body (JSON such as a model's text, forms, PACT events)."""


def _mib(n: int) -> str:
    return f"{n / MiB:,.0f} MiB"


def _refuse(where: str, limit: str, en: str, zh: str) -> TooLargeError:
    return TooLargeError(field=where, limit=limit, message_en=en, message_zh=zh)


class ZipBudget:
    """Reads members of one zip, counting what comes out against the limits.

    A member read twice counts once towards the total."""

    def __init__(self, zf: zipfile.ZipFile, label: str) -> None:
        self.zf = zf
        self.label = label
        self.total = 0
        self._counted: set[str] = set()

    def read(self, member: str) -> bytes:
        """The whole member, or :class:`TooLargeError` naming the limit it broke.

        ``zipfile``'s own errors (corrupt data, bad CRC) pass through to the caller."""
        info = self.zf.getinfo(member)
        where = f"{self.label}/{member}"
        check_declared(info, where)
        counted = member in self._counted
        parts: list[bytes] = []
        size = 0
        with self.zf.open(info) as fh:
            while chunk := fh.read(ZIP_CHUNK):
                size += len(chunk)
                _check_actual(size, _consumed(fh, info), where)
                if not counted and self.total + size > MAX_ZIP_TOTAL_BYTES:
                    raise _refuse(where, "MAX_ZIP_TOTAL_BYTES",
                                  f"the files of the zip inflate to more than "
                                  f"{_mib(MAX_ZIP_TOTAL_BYTES)} together (the limit)",
                                  f"zip 中的文件解压后合计超过 {_mib(MAX_ZIP_TOTAL_BYTES)}（上限）")
                parts.append(chunk)
        if not counted:
            self.total += size
            self._counted.add(member)
        return b"".join(parts)


def _consumed(fh: IO[bytes], info: zipfile.ZipInfo) -> int:
    """Compressed bytes inflated so far: ``zipfile`` reads ahead, so what it has fetched
    less what waits in the decompressor (CPython's reader; the whole member if unknown)."""
    left = getattr(fh, "_compress_left", None)
    if not isinstance(left, int):
        return info.compress_size
    tail = getattr(getattr(fh, "_decompressor", None), "unconsumed_tail", b"")
    return max(info.compress_size - left - len(tail if isinstance(tail, bytes) else b""), 1)


def check_declared(info: zipfile.ZipInfo, where: str) -> None:
    """Refuse a member whose header declares too large a size or ratio (nothing inflated)."""
    if info.file_size > MAX_ZIP_MEMBER_BYTES:
        raise _refuse(where, "MAX_ZIP_MEMBER_BYTES",
                      f"declares {_mib(info.file_size)} uncompressed; one file in a zip may "
                      f"have at most {_mib(MAX_ZIP_MEMBER_BYTES)}",
                      f"声明解压后为 {_mib(info.file_size)}；zip 中单个文件最多 "
                      f"{_mib(MAX_ZIP_MEMBER_BYTES)}")
    _check_actual(info.file_size, info.compress_size, where)


def _check_actual(size: int, compressed: int, where: str) -> None:
    if size > MAX_ZIP_MEMBER_BYTES:
        raise _refuse(where, "MAX_ZIP_MEMBER_BYTES",
                      f"inflates to more than {_mib(MAX_ZIP_MEMBER_BYTES)}; one file in a zip "
                      f"may have at most {_mib(MAX_ZIP_MEMBER_BYTES)}",
                      f"解压后超过 {_mib(MAX_ZIP_MEMBER_BYTES)}；zip 中单个文件最多 "
                      f"{_mib(MAX_ZIP_MEMBER_BYTES)}")
    if size > ZIP_RATIO_FLOOR and size > MAX_ZIP_RATIO * max(compressed, 1):
        raise _refuse(where, "MAX_ZIP_RATIO",
                      f"inflates more than {MAX_ZIP_RATIO} times its compressed size "
                      f"({compressed:,} bytes); refused as a zip bomb",
                      f"解压后超过压缩大小（{compressed:,} 字节）的 {MAX_ZIP_RATIO} 倍，"
                      f"视为 zip 炸弹而拒绝")


ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)
