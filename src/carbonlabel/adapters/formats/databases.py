"""Readers of background database folders that need no linking (by the model's format name)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.calc.database import LciDatabase

READERS: dict[str, Callable[[Path, str], LciDatabase]] = {
    "synthlci": lambda path, name: read_synthlci(path, name),
}
