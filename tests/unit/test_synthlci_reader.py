"""Reading the synthlci-1 folder format, and refusing broken folders."""

from __future__ import annotations

import csv
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


def renumber_processes(folder: Path, offset: int) -> None:
    """Shift every process id by ``offset`` in processes, technosphere and biosphere files."""
    for name, columns in (("processes.csv", ["id"]), ("technosphere.csv", ["consumer", "supplier"]),
                          ("biosphere.csv", ["process"])):
        with (folder / name).open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            for col in columns:
                row[col] = str(int(row[col]) + offset)
        with (folder / name).open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.parametrize("offset", [0, 10**12], ids=["compact ids", "sparse ids"])
def test_ids_are_looked_up_whatever_their_range(synthetic_db: Callable[[str, int], Path],
                                                tmp_path: Path, offset: int) -> None:
    folder = tmp_path / "db"
    shutil.copytree(synthetic_db("small", 2), folder)
    reference = read_synthlci(synthetic_db("small", 2))
    renumber_processes(folder, offset)
    db = read_synthlci(folder)
    assert db.process_ids == tuple(str(int(i) + offset) for i in reference.process_ids)
    assert (db.technosphere != reference.technosphere).nnz == 0
    assert (db.biosphere != reference.biosphere).nnz == 0
    with (folder / "biosphere.csv").open("a") as fh:
        fh.write(f"{offset - 5},1,0.5,0,0.5,\n")  # below the smallest id
    with pytest.raises(DataFormatError) as info:
        read_synthlci(folder)
    assert info.value.field == "biosphere.csv/process"
