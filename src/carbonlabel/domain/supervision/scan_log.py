"""A scan of the log as a regulator reads it: what was checked and where, never who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LoggedScan:
    id: int
    at: datetime
    verdict: str
    channel: str
    claimed_number: str | None
    failure: str | None
    region: str | None  # coarse
    region_source: str | None  # address, shared
    client_ref: str | None  # a short reference of the client hash, not the hash
    holder_region: str | None  # of the certificate claimed, when it is one


@dataclass(frozen=True)
class AnalysisRun:
    at: datetime
    last_scan_id: int
    scans: int
    findings: int
    raised: int
