"""Issue 12, attacks 1 and 2 from the command line: exit code 2 and a readable error
naming the limit, and nothing stored."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from carbonlabel.cli.app import main

MiB = 1 << 20


def _alias_bomb() -> str:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 10)}]")
    return "\n".join(lines) + "\n"


def _refused(capsys: pytest.CaptureFixture[str], code: int) -> str:
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert "Traceback" not in err
    return err


def test_cli_validate_yaml_alias_bomb_exits_2_naming_the_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(), encoding="utf-8")
    err = _refused(capsys, main(["validate", str(path)]))
    assert "MAX_MODEL_NODES = 200,000" in err


def test_cli_db_import_zip_bomb_exits_2_naming_the_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 1 KB archive whose one member declares (and holds) 512 MiB of zeros."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(MiB)
    data = (c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)) * 512 + c.flush()
    crc = 0
    for _ in range(512):
        crc = zlib.crc32(zeros, crc)
    name = b"processes/p.json"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), 512 * MiB,
                        len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                          len(data), 512 * MiB, len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central),
                      len(local) + len(data), 0)
    path = tmp_path / "olca.zip"
    path.write_bytes(local + data + central + end)
    store = tmp_path / "data"
    err = _refused(capsys, main(["db", "import", str(path), "--format", "olca-jsonld",
                                        "--data-dir", str(store)]))
    assert "too_large" in err
    assert "256 MiB" in err
    assert len(err.strip().splitlines()) == 1, err
    assert main(["db", "list", "--data-dir", str(store)]) == 0
    assert "olca" not in capsys.readouterr().out  # nothing stored under its name
