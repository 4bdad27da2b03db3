"""The address table: the longest prefix holding the address gives the region; an address no
prefix holds, or no table, gives none; the client hash is keyed and hides the address."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.scan_origin import AddressRegions, client_hash, client_key


def test_the_longest_prefix_wins_and_unknown_addresses_have_no_region(tmp_path: Path) -> None:
    table = tmp_path / "regions.txt"
    table.write_text("# operator's table\n203.0.113.0/24 CN-GD\n203.0.113.128/25 "
                     "cn-gd-440300  # Shenzhen\n2001:db8::/32 CN-BJ\n", encoding="utf-8")
    regions = AddressRegions.from_file(table)
    assert len(regions) == 3
    assert regions.region("203.0.113.5") == "CN-GD"
    assert regions.region("203.0.113.200") == "CN-GD-440300"
    assert regions.region("2001:db8::1") == "CN-BJ"
    assert regions.region("198.51.100.1") is None
    assert regions.region("testclient") is None
    assert AddressRegions.from_file(None).region("203.0.113.5") is None


def test_a_table_entry_must_name_a_region(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="region code"):
        AddressRegions([("203.0.113.0/24", "Guangdong")])
    bad = tmp_path / "bad.txt"
    bad.write_text("203.0.113.0/24\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        AddressRegions.from_file(bad)


def test_the_client_hash_is_keyed_and_hides_the_address() -> None:
    one, other = client_key("secret one"), client_key("secret two")
    hashed = client_hash(one, "203.0.113.77")
    assert len(hashed) == 32
    assert "203.0.113.77" not in hashed
    assert hashed == client_hash(one, "203.0.113.77")
    assert hashed != client_hash(other, "203.0.113.77")
