"""Reading the synthlci-1 folder format, and refusing broken folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.errors import DataFormatError


def test_matrices_follow_the_format_conventions(synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 2)
    db = read_synthlci(folder)
    first = (folder / "technosphere.csv").read_text().splitlines()[1].split(",")
    consumer, supplier, amount = first[0], first[1], float(first[2])
    a = db.technosphere
    assert a[db.process_index[supplier], db.process_index[consumer]] == -amount
    assert np.all(a.diagonal() == 1.0)
    assert db.n_processes == 200
    assert db.metadata["format"] == "synthlci-1"


def test_missing_file_is_named(synthetic_db: Callable[[str, int], Path], tmp_path: Path) -> None:
    folder = tmp_path / "db"
    shutil.copytree(synthetic_db("small", 2), folder)
    (folder / "biosphere.csv").unlink()
    with pytest.raises(DataFormatError) as info:
        read_synthlci(folder)
    assert info.value.field == "biosphere.csv"


def test_unknown_supplier_id_is_named(synthetic_db: Callable[[str, int], Path],
                                      tmp_path: Path) -> None:
    folder = tmp_path / "db"
    shutil.copytree(synthetic_db("small", 2), folder)
    with (folder / "technosphere.csv").open("a") as fh:
        fh.write("1,99999,0.5,0,0.5,\n")
    with pytest.raises(DataFormatError) as info:
        read_synthlci(folder)
    assert info.value.field == "technosphere.csv/supplier"
    assert "99999" in info.value.message_en


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError) as info:
        read_synthlci(tmp_path / "nowhere")
    assert info.value.field == "folder"
    assert "is not a folder" in info.value.message_en
