"""Reader for the neutral ``synthlci-1`` folder format (CSV files, see ``docs/synthlci.md``).

Files: ``processes.csv``, ``technosphere.csv``, ``biosphere.csv``, ``flows.csv``,
``characterization.csv`` and ``metadata.json``. Ids are positive integers; processes and flows
have separate id spaces. ``A[p, p] = production_amount``, ``A[supplier, consumer] -= amount``,
``B[flow, process] = amount``. Floats are shortest round-trip reprs, so parsing is exact.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from carbonlabel.calc.database import LciDatabase
from carbonlabel.calc.uncertainty.distributions import DistributionError, Distributions
from carbonlabel.calc.uncertainty.entries import entries
from carbonlabel.errors import DataFormatError

FORMAT = "synthlci-1"
#: stats_arrays columns of technosphere.csv and biosphere.csv (optional when reading).
UNCERTAINTY = ("uncertainty_type", "loc", "scale", "minimum", "maximum")
_FILES = ("processes.csv", "technosphere.csv", "biosphere.csv", "flows.csv", "characterization.csv")


def is_synthlci(folder: Path) -> bool:
    meta = folder / "metadata.json"
    if not meta.is_file():
        return False
    try:
        return bool(json.loads(meta.read_text(encoding="utf-8")).get("format") == FORMAT)
    except (OSError, ValueError):
        return False


def _read(folder: Path, name: str, columns: list[str],
          optional: tuple[str, ...] = ()) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise DataFormatError(
            field=name,
            message_en=f"{path} is missing from the synthlci folder",
            message_zh=f"synthlci 数据库目录缺少文件 {path}",
        )
    try:
        wanted = set(columns) | set(optional)
        frame = pd.read_csv(path, usecols=lambda c: c in wanted, engine="c",
                            keep_default_na=False,
                            na_values={c: [""] for c in wanted if c not in ("name",)})
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"Usecols do not match columns, columns expected but not found: "
                             f"{missing}")
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataFormatError(
            field=name,
            message_en=f"{name}: cannot read columns {', '.join(columns)} ({exc})",
            message_zh=f"{name}：无法读取列 {', '.join(columns)}（{exc}）",
        ) from exc
    return frame


def read_synthlci(folder: Path, name: str | None = None, *,
                  uncertainty: bool = True) -> LciDatabase:
    """Read a synthlci-1 folder into sparse matrices (A, B) and a characterization vector.

    With ``uncertainty`` the exchanges keep their distributions (for Monte Carlo); without,
    the uncertainty columns are not read (a static calculation: less time and memory)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFormatError(field="folder", message_en=f"{folder} is not a folder",
                              message_zh=f"{folder} 不是目录")
    meta_path = folder / "metadata.json"
    metadata: dict[str, object] = {}
    if meta_path.is_file():
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        if metadata.get("format") != FORMAT:
            raise DataFormatError(
                field="metadata.json/format",
                message_en=f"unsupported format {metadata.get('format')!r}, expected {FORMAT!r}",
                message_zh=f"不支持的格式 {metadata.get('format')!r}，应为 {FORMAT!r}",
            )
    processes = _read(folder, "processes.csv",
                      ["id", "name", "reference_product", "unit", "location", "production_amount"])
    optional = UNCERTAINTY if uncertainty else ()
    tech = _read(folder, "technosphere.csv", ["consumer", "supplier", "amount"], optional)
    bio = _read(folder, "biosphere.csv", ["process", "flow", "amount"], optional)
    flows = _read(folder, "flows.csv", ["id", "name", "compartment", "unit"])
    cfs = _read(folder, "characterization.csv", ["flow", "factor"])

    pid = processes["id"].to_numpy(np.int64)
    fid = flows["id"].to_numpy(np.int64)
    p_pos = _positions(pid, "processes.csv/id")
    f_pos = _positions(fid, "flows.csv/id")
    n, m = len(pid), len(fid)

    consumer = _lookup(p_pos, tech["consumer"].to_numpy(np.int64), "technosphere.csv/consumer")
    supplier = _lookup(p_pos, tech["supplier"].to_numpy(np.int64), "technosphere.csv/supplier")
    diag = np.arange(n, dtype=np.int64)
    production = processes["production_amount"].to_numpy(np.float64)
    t_dist = _distributions(tech, "technosphere.csv")
    b_dist = _distributions(bio, "biosphere.csv")
    a_entries = entries(np.concatenate([diag, supplier]), np.concatenate([diag, consumer]),
                        np.concatenate([np.ones(n), -np.ones(len(tech))]),
                        _concat(Distributions.fixed(production), t_dist))
    b_entries = entries(_lookup(f_pos, bio["flow"].to_numpy(np.int64), "biosphere.csv/flow"),
                        _lookup(p_pos, bio["process"].to_numpy(np.int64),
                                "biosphere.csv/process"), 1.0, b_dist)
    a = a_entries.matrix((n, n))
    b = b_entries.matrix((m, n))
    c = np.zeros(m, dtype=np.float64)
    np.add.at(c, _lookup(f_pos, cfs["flow"].to_numpy(np.int64), "characterization.csv/flow"),
              cfs["factor"].to_numpy(np.float64))
    return LciDatabase(
        name=name or folder.name,
        process_ids=tuple(str(i) for i in pid.tolist()),
        process_names=tuple(processes["name"].astype(str).tolist()),
        product_names=tuple(processes["reference_product"].astype(str).tolist()),
        units=tuple(processes["unit"].astype(str).tolist()),
        locations=tuple(processes["location"].astype(str).tolist()),
        flow_ids=tuple(str(i) for i in fid.tolist()),
        flow_names=tuple(flows["name"].astype(str).tolist()),
        flow_units=tuple(flows["unit"].astype(str).tolist()),
        technosphere=a,
        biosphere=b,
        characterization=c,
        metadata=metadata,
        technosphere_entries=a_entries if _any_uncertain(t_dist) else None,
        biosphere_entries=b_entries if _any_uncertain(b_dist) else None,
    )


def _distributions(frame: pd.DataFrame, name: str) -> Distributions:
    """stats_arrays parameters of the rows (``uncertainty_type, loc, scale`` and, for uniform
    and triangular, the optional ``minimum, maximum``; no columns or an empty type: no
    uncertainty). Lognormal ``loc`` is ln of the amount's magnitude."""
    amount = frame["amount"].to_numpy(np.float64)
    if "uncertainty_type" not in frame.columns:
        return Distributions.fixed(amount)
    kind = frame["uncertainty_type"].fillna(0).to_numpy(np.float64)
    nan = np.full(len(frame), np.nan)
    loc = frame["loc"].to_numpy(np.float64) if "loc" in frame.columns else nan
    scale = frame["scale"].to_numpy(np.float64) if "scale" in frame.columns else nan
    low = frame["minimum"].to_numpy(np.float64) if "minimum" in frame.columns else nan
    high = frame["maximum"].to_numpy(np.float64) if "maximum" in frame.columns else nan
    d = Distributions(kind.astype(np.int64), amount, loc, scale, low, high)
    try:
        d.check()
    except DistributionError as exc:
        raise DataFormatError(
            field=f"{name}/uncertainty_type",
            message_en=f"{name} row {exc.index + 1}: {exc}",
            message_zh=f"{name} 第 {exc.index + 1} 行的不确定性参数有误：{exc}",
        ) from exc
    return d


def _concat(first: Distributions, second: Distributions) -> Distributions:
    return Distributions(*(np.concatenate([getattr(first, f), getattr(second, f)])
                           for f in ("kind", "amount", "loc", "scale", "minimum", "maximum")))


def _any_uncertain(d: Distributions) -> bool:
    return bool(d.uncertain.any())


def _positions(ids: np.ndarray, field: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ids and their row positions, for vectorised id -> index lookups."""
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    dup = np.flatnonzero(sorted_ids[1:] == sorted_ids[:-1])
    if dup.size:
        raise DataFormatError(field=field, message_en=f"duplicate id {sorted_ids[dup[0]]}",
                              message_zh=f"重复的编号 {sorted_ids[dup[0]]}")
    return sorted_ids, order


#: Ids up to this multiple of their count are looked up in a direct table (else binary search).
_TABLE_SPAN = 4


def _lookup(pos: tuple[np.ndarray, np.ndarray], ids: np.ndarray, field: str) -> np.ndarray:
    sorted_ids, order = pos
    if sorted_ids.size == 0:
        found, bad = np.zeros(ids.size, dtype=np.int64), np.arange(ids.size)
    elif sorted_ids[0] >= 0 and sorted_ids[-1] < _TABLE_SPAN * sorted_ids.size:
        table = np.full(int(sorted_ids[-1]) + 2, -1, dtype=np.int64)
        table[sorted_ids] = order
        found = table[np.clip(ids, -1, table.size - 1)]  # -1 and past-the-end map to -1
        bad = np.flatnonzero(found < 0)
    else:
        k = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
        found = np.asarray(order[k], dtype=np.int64)
        bad = np.flatnonzero(sorted_ids[k] != ids)
    if bad.size:
        raise DataFormatError(field=field, message_en=f"unknown id {ids[bad[0]]}",
                              message_zh=f"未知编号 {ids[bad[0]]}")
    return found
