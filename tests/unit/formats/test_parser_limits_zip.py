"""Issue 12, attack 2: zip bombs in imports (a 1 MB archive inflating to 1 GiB).

The bomb is built here by hand (a raw deflate stream of repeated full-flush blocks and the
zip headers around it), so the test never holds or writes the gigabyte it declares."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from carbonlabel.adapters import limits
from carbonlabel.adapters.formats.ecospold2 import read_ecospold2
from carbonlabel.adapters.formats.olca_jsonld import read_olca_jsonld
from carbonlabel.errors import TooLargeError

MiB = 1 << 20
GiB_IN_MIB = 1024


def _deflated_zeros(mib: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``mib`` MiB of zero bytes, and its CRC-32."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(MiB)
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every MiB
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return block * mib + c.flush(), crc


def _zip_bytes(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of deflated members: (name, raw deflate stream, crc, uncompressed size)."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        offset = len(out)
        fname = name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size,
                           len(fname), 0) + fname + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                               len(data), size, len(fname), 0, 0, 0, 0, 0, offset) + fname
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                                 len(central), start, 0)
    return bytes(out)


def _bomb(tmp_path: Path, name: str, member: str) -> Path:
    data, crc = _deflated_zeros(GiB_IN_MIB)
    path = tmp_path / name
    path.write_bytes(_zip_bytes([(member, data, crc, GiB_IN_MIB * MiB)]))
    return path


def _refused_cheaply(read, path: Path) -> TooLargeError:  # type: ignore[no-untyped-def]
    """Run ``read(path)``; it must refuse with TooLargeError using < 1 s CPU and < 100 MB."""
    tracemalloc.start()
    cpu = time.process_time()
    try:
        with pytest.raises(TooLargeError) as caught:
            read(path)
        spent = time.process_time() - cpu
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert spent < 1.0, f"refusing took {spent:.2f} s of CPU"
    assert peak < 100 * MiB, f"refusing allocated {peak / MiB:.0f} MiB at the peak"
    return caught.value


def test_bomb_is_what_it_claims(tmp_path: Path) -> None:
    path = _bomb(tmp_path, "bomb.zip", "processes/p.json")
    assert path.stat().st_size < 1.1 * MiB
    with zipfile.ZipFile(path) as zf, zf.open("processes/p.json") as fh:
        assert zf.getinfo("processes/p.json").file_size == 1 << 30
        assert fh.read(3 * MiB) == bytes(3 * MiB)  # a real deflate stream of zeros


def test_jsonld_zip_bomb_refused_fast_and_small(tmp_path: Path) -> None:
    path = _bomb(tmp_path, "olca.zip", "processes/p.json")
    err = _refused_cheaply(read_olca_jsonld, path)
    assert err.limit == "MAX_ZIP_MEMBER_BYTES"  # its header declares 1,024 MiB
    assert err.status_hint == 413
    assert err.exit_code == 2
    assert err.field == "olca.zip/processes/p.json"
    assert "256 MiB" in err.message_en
    assert "256 MiB" in err.message_zh


def test_ecospold2_zip_bomb_refused_fast_and_small(tmp_path: Path) -> None:
    path = _bomb(tmp_path, "ei.zip", "datasets/p.spold")
    err = _refused_cheaply(read_ecospold2, path)
    assert err.limit == "MAX_ZIP_MEMBER_BYTES"
    assert err.field == "ei.zip/datasets/p.spold"


def test_zip_member_ratio_cap_under_the_size_cap(tmp_path: Path) -> None:
    """64 MiB of zeros (under the 256 MiB cap) from ~66 KB: a ratio near 1,000 > 200."""
    data, crc = _deflated_zeros(64)
    path = tmp_path / "dense.zip"
    path.write_bytes(_zip_bytes([("datasets/p.spold", data, crc, 64 * MiB)]))
    err = _refused_cheaply(read_ecospold2, path)
    assert err.limit == "MAX_ZIP_RATIO"
    assert "200 times" in err.message_en
    assert "200 倍" in err.message_zh


def test_zip_bomb_caught_on_inflated_bytes_not_only_the_header(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the header checks switched off, the streaming count alone refuses the 1 GiB
    bomb, after reading just past the ratio floor."""
    monkeypatch.setattr(limits, "check_declared", lambda info, where: None)
    path = _bomb(tmp_path, "olca.zip", "processes/p.json")
    err = _refused_cheaply(read_olca_jsonld, path)
    assert err.limit == "MAX_ZIP_RATIO"


def test_zip_member_size_cap_on_inflated_bytes(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_RATIO", 10_000)  # only the size cap applies
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBER_BYTES", 2 * MiB)
    data, crc = _deflated_zeros(3)
    path = tmp_path / "big.zip"
    path.write_bytes(_zip_bytes([("processes/p.json", data, crc, 3 * MiB)]))
    with pytest.raises(TooLargeError) as caught:
        read_olca_jsonld(path)
    assert caught.value.limit == "MAX_ZIP_MEMBER_BYTES"
    assert "2 MiB" in caught.value.message_en


def test_zip_total_cap_counts_every_member_once(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_TOTAL_BYTES", 2 * MiB + 1)
    monkeypatch.setattr(limits, "MAX_ZIP_RATIO", 10_000)  # only the total cap applies
    body = b"x" * (MiB // 2)  # 512 KiB each
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"m{i}.json", body)
    with zipfile.ZipFile(path) as zf:
        budget = limits.ZipBudget(zf, "many.zip")
        for i in range(4):  # 4 x 512 KiB = 2 MiB: within the cap
            assert budget.read(f"m{i}.json") == body
        assert budget.read("m0.json") == body  # read again: not counted twice
        assert budget.total == 4 * (MiB // 2)
        with pytest.raises(TooLargeError) as caught:
            budget.read("m4.json")  # 2.5 MiB > 2 MiB + 1 byte
    assert caught.value.limit == "MAX_ZIP_TOTAL_BYTES"
