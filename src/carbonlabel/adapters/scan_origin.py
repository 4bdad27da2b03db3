"""Where a scan came from, as far as the scan log may keep it: a coarse region from the client
address, and a keyed hash of that address.

There is no GeoIP database: the operator gives a table of address prefixes and their regions
(``CARBONLABEL_SCAN_REGIONS_FILE``, a text file of lines ``CIDR REGION``, e.g.
``203.0.113.0/24 CN-GD-440300``; ``#`` starts a comment; empty by default, docs/supervision.md).
The longest prefix that holds the address wins; an address no prefix holds has no region.

The client hash is HMAC-SHA-256 of the address under a key derived from the platform's
secret key, cut to 32 hex characters: the same client is recognisable across scans (sessions,
enumeration), the address cannot be read back, and another platform's hashes do not match.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from pathlib import Path

from carbonlabel.domain.supervision.jurisdiction import jurisdiction_problem

_Net = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRegions:
    """Address prefixes (CIDR) → region code; lookup by longest prefix, a dict per length."""

    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        self._by_length: dict[tuple[int, int], dict[int, str]] = {}
        for cidr, region in entries:
            net: _Net = ipaddress.ip_network(cidr.strip(), strict=False)
            code = region.strip().upper()
            if code == "CN" or jurisdiction_problem(code) is not None:
                raise ValueError(f"{cidr}: {region} is no region code (CN-GD, CN-GD-440300)")
            key = (net.version, net.prefixlen)
            self._by_length.setdefault(key, {})[int(net.network_address)] = code
        # longest prefixes first
        self._lengths = sorted(self._by_length, key=lambda k: -k[1])

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_length.values())

    @classmethod
    def from_file(cls, path: Path | None) -> AddressRegions:
        if path is None:
            return cls()
        entries: list[tuple[str, str]] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            parts = text.split()
            if len(parts) != 2:
                raise ValueError(f"{path.name} line {number}: expected 'CIDR REGION'")
            entries.append((parts[0], parts[1]))
        return cls(entries)

    def region(self, address: str) -> str | None:
        if not self._lengths:
            return None
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        value, bits = int(ip), (32 if ip.version == 4 else 128)
        for version, length in self._lengths:
            if version != ip.version:
                continue
            network = value >> (bits - length) << (bits - length) if length else 0
            found = self._by_length[(version, length)].get(network)
            if found is not None:
                return found
        return None


def client_key(secret_key: str) -> bytes:
    """The key of the client hashes, derived from the platform's secret key."""
    return hmac.new(secret_key.encode("utf-8"), b"carbonlabel scan client",
                    hashlib.sha256).digest()


def client_hash(key: bytes, address: str) -> str:
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
