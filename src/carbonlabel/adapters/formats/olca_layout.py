"""The files of an openLCA JSON-LD source (zip or folder) and the 1.x → 2.x field renames."""

from __future__ import annotations

import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from carbonlabel.adapters.limits import ZipBudget
from carbonlabel.errors import DataFormatError

T = TypeVar("T")

#: 1.x field → 2.x field (olca-schema 2 renamed the booleans).
V1_RENAMES = {
    "input": "isInput", "avoidedProduct": "isAvoidedProduct",
    "quantitativeReference": "isQuantitativeReference",
    "referenceFlowProperty": "isRefFlowProperty", "referenceUnit": "isRefUnit",
    "infrastructureProcess": "isInfrastructureProcess",
    "infrastructureFlow": "isInfrastructureFlow",
}


def _not_finite(token: str) -> float:
    """JSON ``NaN`` and ``Infinity`` (which Python's reader accepts): not a number of data."""
    raise ValueError(f"{token} is not a finite number")


class JsonLdFiles:
    """Read access to ``<folder>/<id>.json`` entries of a zip or a directory."""

    def __init__(self, path: Path, archive: zipfile.ZipFile | None) -> None:
        self.path = path
        self._zip = archive
        self._budget = ZipBudget(archive, path.name) if archive is not None else None
        self.current = str(path)
        if archive is not None:
            self._entries = [n for n in archive.namelist() if not n.endswith("/")]
        else:
            self._entries = sorted(str(p.relative_to(path)).replace("\\", "/")
                                   for p in path.rglob("*.json"))
        if not any(e.startswith("processes/") for e in self._entries):
            raise DataFormatError(
                field=str(path),
                message_en="not an openLCA JSON-LD source (no processes/ folder)",
                message_zh="不是 openLCA JSON-LD 数据（没有 processes/ 目录）")

    @classmethod
    def open(cls, path: Path) -> JsonLdFiles:
        if path.is_dir():
            return cls(path, None)
        if not path.is_file():
            raise DataFormatError(field=str(path), message_en=f"{path} does not exist",
                                  message_zh=f"{path} 不存在")
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise DataFormatError(field=str(path),
                                  message_en=f"not a readable zip file ({exc})",
                                  message_zh=f"不是可读取的 zip 文件（{exc}）") from exc
        try:
            return cls(path, archive)
        except DataFormatError:
            archive.close()
            raise

    def __enter__(self) -> JsonLdFiles:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._zip is not None:
            self._zip.close()

    def names(self, folder: str) -> list[str]:
        prefix = folder + "/"
        return [e for e in self._entries if e.startswith(prefix) and e.endswith(".json")]

    def raw(self, entry: str) -> bytes:
        self.current = entry
        try:
            if self._budget is not None:
                return self._budget.read(entry)  # caps size and ratio, reads streaming
            return (self.path / entry).read_bytes()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise DataFormatError(field=f"{self.path.name}/{entry}",
                                  message_en=f"cannot read the entry ({exc})",
                                  message_zh=f"无法读取该条目（{exc}）") from exc

    def read(self, entry: str) -> dict[str, Any]:
        data = self.raw(entry)
        try:
            value = json.loads(data, parse_constant=_not_finite)
        except (UnicodeDecodeError, ValueError) as exc:  # also NaN, Infinity, 4,300+ digits
            raise DataFormatError(field=f"{self.path.name}/{entry}",
                                  message_en=f"malformed JSON ({exc})",
                                  message_zh=f"JSON 格式错误（{exc}）") from exc
        if not isinstance(value, dict):
            raise DataFormatError(field=f"{self.path.name}/{entry}",
                                  message_en="expected a JSON object",
                                  message_zh="应为 JSON 对象")
        return value

    def schema_version(self) -> int:
        """2 when the source says so (``olca-schema.json``), else 1 (openLCA 1.x exports)."""
        if "olca-schema.json" in self._entries:
            version = self.read("olca-schema.json").get("version", 2)
            return int(version) if isinstance(version, int | float) else 2
        return 1

    def each(self, folder: str, make: Callable[[dict[str, Any]], T], version: int,
             paths: dict[str, str]) -> Iterator[T]:
        for entry in self.names(folder):
            yield make(to_v2(self.read(entry), version, paths))


def category_paths(files: JsonLdFiles) -> dict[str, str]:
    """1.x: category id → "parent/child" path, from the ``categories/`` folder."""
    parents: dict[str, tuple[str, str | None]] = {}
    for entry in files.names("categories"):
        cat = files.read(entry)
        parent = cat.get("category")
        parents[str(cat.get("@id"))] = (str(cat.get("name", "")).strip(),
                                        parent.get("@id") if isinstance(parent, dict) else None)
    out: dict[str, str] = {}
    for cid in parents:
        names, cursor, hops = [], cid, 0
        while cursor in parents and hops < 50:
            name, parent_id = parents[cursor]
            names.append(name)
            cursor, hops = parent_id or "", hops + 1
        out[cid] = "/".join(reversed(names))
    return out


def to_v2(obj: dict[str, Any], version: int, paths: dict[str, str]) -> dict[str, Any]:
    """A 1.x object with its fields renamed to 2.x; 2.x objects are returned as they are."""
    if version >= 2:
        return obj
    return _rename(obj, paths, top=True)


def _rename(obj: dict[str, Any], paths: dict[str, str], top: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "category" and isinstance(value, dict):
            value = paths.get(str(value.get("@id")), str(value.get("name", "")))
        elif isinstance(value, dict):
            value = _rename(value, paths, top=False)
        elif isinstance(value, list):
            value = [_rename(v, paths, top=False) if isinstance(v, dict) else v for v in value]
        out[V1_RENAMES.get(key, key)] = value
    return out
