"""Pick the reader for a life-cycle inventory file or folder, by name or by its content."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from carbonlabel.domain.inventory import InventorySource
from carbonlabel.errors import DataFormatError

Progress = Callable[[int, int], None]


class LciFormat(StrEnum):
    AUTO = "auto"
    OLCA_JSONLD = "olca-jsonld"
    ECOSPOLD2 = "ecospold2"
    ECOSPOLD1 = "ecospold1"
    SYNTHLCI = "synthlci"


def detect_format(path: Path) -> LciFormat:
    """The format of ``path`` from its layout and first bytes; an error if none fits."""
    if path.is_dir():
        if (path / "processes.csv").is_file() and (path / "technosphere.csv").is_file():
            return LciFormat.SYNTHLCI
        if (path / "processes").is_dir():
            return LciFormat.OLCA_JSONLD
        names = [p.name for p in path.iterdir()]
        if any(n.endswith(".spold") for n in names):
            return LciFormat.ECOSPOLD2
        xml_file = next((p for p in sorted(path.iterdir()) if p.suffix.lower() == ".xml"), None)
        folder_kind = _xml_kind(_head(xml_file)) if xml_file else None
        if folder_kind:
            return folder_kind
    elif path.is_file():
        head = _head(path)  # the first 4 KiB only, however large the file
        if zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    names = archive.namelist()
                    if any(n.startswith("processes/") for n in names):
                        return LciFormat.OLCA_JSONLD
                    if any(n.endswith(".spold") for n in names):
                        return LciFormat.ECOSPOLD2
                    xml = next((n for n in names if n.lower().endswith(".xml")
                                and "categor" not in n.lower()), None)
                    if xml is not None:
                        with archive.open(xml) as fh:
                            kind = _xml_kind(fh.read(4096))
                        if kind:
                            return kind
            except (zipfile.BadZipFile, OSError) as exc:
                raise DataFormatError(field=str(path),
                                      message_en=f"not a readable zip file ({exc})",
                                      message_zh=f"不是可读取的 zip 文件（{exc}）") from exc
        elif head[:2] == b"PK":
            raise DataFormatError(field=str(path), message_en="truncated or damaged zip file",
                                  message_zh="zip 文件不完整或已损坏")
        else:
            kind = _xml_kind(head)
            if kind:
                return kind
    else:
        raise DataFormatError(field=str(path), message_en=f"{path} does not exist",
                              message_zh=f"{path} 不存在")
    raise DataFormatError(
        field=str(path),
        message_en="not a known inventory format (openLCA JSON-LD, EcoSpold 1 or 2, synthlci)",
        message_zh="不是可识别的清单数据格式（openLCA JSON-LD、EcoSpold 1 或 2、synthlci）")


def _head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a file (never the whole file, which may be huge)."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise DataFormatError(field=str(path), message_en=f"cannot be read ({exc})",
                              message_zh=f"无法读取（{exc}）") from exc


def _xml_kind(head: bytes) -> LciFormat | None:
    text = head.decode("utf-8", errors="replace")
    if "EcoSpold02" in text or "ecoSpold02" in text:
        return LciFormat.ECOSPOLD2
    if "EcoSpold01" in text or "ecoSpold01" in text:
        return LciFormat.ECOSPOLD1
    return None


def read_inventory(path: Path, fmt: LciFormat = LciFormat.AUTO, name: str | None = None,
                   progress: Progress | None = None) -> InventorySource:
    """Read any supported inventory source into the neutral form."""
    path = Path(path)
    if fmt is LciFormat.AUTO:
        fmt = detect_format(path)
    if fmt is LciFormat.OLCA_JSONLD:
        from carbonlabel.adapters.formats.olca_jsonld import read_olca_jsonld

        return read_olca_jsonld(path, name, progress)
    if fmt is LciFormat.ECOSPOLD2:
        from carbonlabel.adapters.formats.ecospold2 import read_ecospold2

        return read_ecospold2(path, name, progress)
    if fmt is LciFormat.ECOSPOLD1:
        from carbonlabel.adapters.formats.ecospold1 import read_ecospold1

        return read_ecospold1(path, name, progress)
    from carbonlabel.adapters.formats.synthlci_source import read_synthlci_source

    return read_synthlci_source(path, name)
