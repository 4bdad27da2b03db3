"""Imported databases on disk: one folder per database under ``<data dir>/databases/``.

A folder holds ``inventory.json.gz`` (the neutral inventory: flows, datasets with their
exchanges and the distributions of their amounts, reader issues),
``report.json`` (the import report) and ``manifest.json`` (name, format, source, counts, time).
A database is written to a temporary folder beside the others and renamed into place only when
complete, so a failed or interrupted import leaves the store as it was.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import tempfile
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carbonlabel.config import make_private_dir
from carbonlabel.domain.exchange_uncertainty import ExchangeUncertainty
from carbonlabel.domain.import_report import ImportReport
from carbonlabel.domain.inventory import (
    AllocationFactor,
    DataAllocation,
    FlowKind,
    ImportIssue,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)
from carbonlabel.errors import DataFormatError, InputError, NotFoundError

STORE_FORMAT = "carbonlabel-inventory-1"
_NAME = re.compile(r"^[\w][\w.\-]{0,63}$")


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(field="name",
                         message_en=f"database name '{name}' must be 1-64 letters, digits, "
                                    f"'.', '-' or '_', not starting with a symbol",
                         message_zh=f"数据库名称「{name}」须为 1–64 个字母、数字、“.”、“-”或“_”，"
                                    f"且不以符号开头")
    return name


class InventoryStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, name: str) -> Path:
        return self.root / check_name(name)

    def exists(self, name: str) -> bool:
        return (self.path(name) / "manifest.json").is_file()

    def save(self, source: InventorySource, report: ImportReport, replace: bool = False) -> Path:
        target = self.path(source.name)
        if target.exists() and not replace:
            raise InputError(field="name",
                             message_en=f"a database named '{source.name}' exists; give "
                                        f"another --name or --replace",
                             message_zh=f"已有名为「{source.name}」的数据库；请换一个 --name 或用 "
                                        f"--replace")
        make_private_dir(self.root)
        staging = Path(tempfile.mkdtemp(prefix=f".{source.name}.", dir=self.root))
        staging.chmod(0o755)
        try:
            text = json.dumps(_source_to_json(source), ensure_ascii=False,
                              separators=(",", ":"))  # dumps: the C encoder (dump is not)
            with gzip.open(staging / "inventory.json.gz", "wt", encoding="utf-8",
                           compresslevel=3) as fh:
                fh.write(text)
            (staging / "report.json").write_text(
                json.dumps(report_to_json(report), ensure_ascii=False, indent=1),
                encoding="utf-8")
            manifest = {"format": STORE_FORMAT, "name": source.name,
                        "source_format": source.format, "source": report.source,
                        "datasets": len(source.datasets), "flows": len(source.flows),
                        "imported_at": datetime.now(UTC).isoformat(timespec="seconds")}
            (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False),
                                                   encoding="utf-8")
            if target.exists():
                old = target.with_name(f".{source.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(target, old)
                os.replace(staging, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    def list(self) -> list[dict[str, Any]]:
        if not self.root.is_dir():
            return []
        out = []
        for folder in sorted(self.root.iterdir()):
            manifest = folder / "manifest.json"
            if folder.name.startswith(".") or not manifest.is_file():
                continue
            out.append(json.loads(manifest.read_text(encoding="utf-8")))
        return out

    def load(self, name: str) -> InventorySource:
        folder = self.path(name)
        if not (folder / "manifest.json").is_file():
            known = ", ".join(m["name"] for m in self.list()) or "none"
            raise NotFoundError(field="name",
                                message_en=f"no imported database '{name}' (known: {known})",
                                message_zh=f"没有名为「{name}」的已导入数据库（已有：{known}）")
        try:
            with gzip.open(folder / "inventory.json.gz", "rt", encoding="utf-8") as fh:
                return _source_from_json(json.load(fh))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataFormatError(field=str(folder),
                                  message_en=f"the stored database is damaged ({exc})",
                                  message_zh=f"已存储的数据库已损坏（{exc}）") from exc

    def report(self, name: str) -> dict[str, Any]:
        self.load_manifest(name)
        data: dict[str, Any] = json.loads(
            (self.path(name) / "report.json").read_text(encoding="utf-8"))
        return data

    def load_manifest(self, name: str) -> dict[str, Any]:
        manifest = self.path(name) / "manifest.json"
        if not manifest.is_file():
            raise NotFoundError(field="name", message_en=f"no imported database '{name}'",
                                message_zh=f"没有名为「{name}」的已导入数据库")
        data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
        return data


def report_to_json(report: ImportReport) -> dict[str, Any]:
    data: dict[str, Any] = _plain(report)
    return data


def _plain(value: Any) -> Any:
    """Dataclasses, counters and tuples as JSON values (``asdict`` would rebuild a Counter
    from its items, counting the pairs)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    return value


def _source_to_json(source: InventorySource) -> dict[str, Any]:
    return {
        "format": STORE_FORMAT, "name": source.name, "source_format": source.format,
        "metadata": dict(source.metadata),
        "flows": [[f.id, f.name, f.kind.value, f.unit, f.cas, list(f.compartment), f.location,
                   dict(f.units), dict(f.properties)] for f in source.flows.values()],
        "datasets": [
            [d.id, d.name, d.location, d.file,
             d.default_allocation.value if d.default_allocation else None,
             [[a.method.value, a.product_id, a.value, a.exchange_index]
              for a in d.allocation_factors],
             [[e.flow_id, e.amount, e.unit, e.is_input, e.is_reference, e.provider_id,
               e.avoided, e.factor, e.name, e.price, e.location,
               e.uncertainty.as_list() if e.uncertainty else None] for e in d.exchanges]]
            for d in source.datasets],
        "issues": [[i.kind, i.dataset, i.detail, i.detail_zh] for i in source.issues],
    }


def _source_from_json(data: dict[str, Any]) -> InventorySource:
    if data.get("format") != STORE_FORMAT:
        raise ValueError(f"unknown store format {data.get('format')!r}")
    flows = {f[0]: InventoryFlow(f[0], f[1], FlowKind(f[2]), f[3], f[4], tuple(f[5]), f[6],
                                 f[7], f[8]) for f in data["flows"]}
    datasets = tuple(
        InventoryDataset(
            d[0], d[1], d[2],
            tuple(InventoryExchange(e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9],
                                    e[10] if len(e) > 10 else "",
                                    ExchangeUncertainty.from_list(e[11])
                                    if len(e) > 11 and e[11] else None)
                  for e in d[6]),
            tuple(AllocationFactor(DataAllocation(a[0]), a[1], a[2], a[3]) for a in d[5]),
            DataAllocation(d[4]) if d[4] else None, d[3])
        for d in data["datasets"])
    issues = tuple(ImportIssue(*i) for i in data["issues"])
    return InventorySource(data["name"], data["source_format"], flows, datasets, issues,
                           data.get("metadata", {}))
