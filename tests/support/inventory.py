"""Helpers for tests of inventory readers."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from carbonlabel.domain.inventory import InventoryDataset, InventorySource


def zip_of(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def dataset(source: InventorySource, ds_id: str) -> InventoryDataset:
    return next(d for d in source.datasets if d.id == ds_id)


def kinds(source: InventorySource) -> dict[str, int]:
    """How many issues of each kind the reader recorded."""
    return dict(Counter(issue.kind for issue in source.issues))
