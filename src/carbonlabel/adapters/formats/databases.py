"""Open the background databases a model names, relative to the model file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.calc.database import LciDatabase
from carbonlabel.domain.model import DatabaseRef
from carbonlabel.errors import DataFormatError

READERS: dict[str, Callable[[Path, str], LciDatabase]] = {
    "synthlci": lambda path, name: read_synthlci(path, name),
}


def folder_loader(base: Path) -> Callable[[DatabaseRef], LciDatabase]:
    def load(ref: DatabaseRef) -> LciDatabase:
        path = Path(ref.path)
        if not path.is_absolute():
            path = base / path
        if not path.exists():
            raise DataFormatError(field="databases", message_en=f"{path} does not exist",
                                  message_zh=f"{path} 不存在")
        return READERS[ref.format](path, ref.name)

    return load
