"""The public registry: search, a certificate by number, and verification of a scan.

A scanned label (its QR token) is checked in two steps: the Ed25519 signature with the
published keys (also possible offline), then the registry: the certificate must exist and hold
exactly the signed facts; the verdict is then its live status. A typed certificate number has
no signature: its check digits, then the registry. Anything that fails is "not genuine".

Each verification yields a scan record for supervision: the time, the SHA-256 digest of what
was checked (the token, whose digest is the label's ``token_sha256``, or the typed code),
the verdict and the channel; the certificate number claimed (the token's payload, also of a
token whose signature fails, or the typed number when well formed), why a not-genuine verdict
failed (``FAILURE_REASONS``), and the scan's origin: a coarse region (from the client
address's table entry, or the province/city the person chose to share) and a keyed hash of
the client address. The address itself and any precise location are never kept. All of it is
computed in memory: no database round trip of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.label_keys import verify_signature
from carbonlabel.domain.certification.certificate import (
    is_valid_number,
    is_well_formed_number,
)
from carbonlabel.domain.certification.label import LabelPayload, Verdict, split_token
from carbonlabel.domain.certification.registry import (
    RegistryEntry,
    SystemRegistryEntry,
    signed_facts_match,
    states_earlier_revision,
    verdict_of,
)
from carbonlabel.errors import NotFoundError

#: why a not-genuine verdict failed (the scan log's ``failure``): no valid signature, a signed
#: number the registry does not know, signed facts other than the registry's, wrong check
#: digits of a typed number, not a number or token at all, a token too long to check
FAILURE_REASONS = ("signature", "unknown", "mismatch", "check_digits", "malformed", "length")
#: where a scan's region came from
REGION_SOURCES = ("address", "shared")
_CLAIMED_MAX = 64


class ScanOrigin(NamedTuple):
    """Where a scan came from, as far as the scan log may keep it."""

    region: str | None = None  # coarse: CN-GD or CN-GD-440300
    source: str | None = None  # one of REGION_SOURCES when region is set
    client: str | None = None  # keyed hash of the client address, never the address


NOWHERE = ScanOrigin()


class ScanRecord(NamedTuple):
    at: datetime
    code: str  # SHA-256 digest of what was checked
    verdict: str
    channel: str  # "page", "api"
    claimed: str | None = None
    failure: str | None = None
    region: str | None = None
    region_source: str | None = None
    client: str | None = None


class EntryReader(Protocol):
    """Reads a certificate of the registry by number (``uow.registry``, ``RegistryLookup``)."""

    def entry(self, number: str) -> RegistryEntry | None: ...


class AsyncEntryReader(Protocol):
    """The same read, awaited (the web's verification path: no thread per scan)."""

    async def entry(self, number: str) -> RegistryEntry | None: ...


@dataclass(frozen=True)
class RegistryVerdict:
    verdict: Verdict
    entry: RegistryEntry | None = None  # the registry's facts, only when genuine
    signed: LabelPayload | None = None  # the label's signed facts, only when genuine
    reason: str = ""  # why not genuine: for tests and logs, never shown to the public

    @property
    def superseded(self) -> bool:
        """A genuine label that states an earlier revision's value (printed before a
        re-issue): the page shows the value now certified beside it."""
        return (self.signed is not None and self.entry is not None
                and states_earlier_revision(self.signed, self.entry))

    @property
    def genuine(self) -> bool:
        return self.verdict is not Verdict.NOT_GENUINE


def normalise_number(code: str) -> str:
    return code.strip().upper()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _judge(payload: LabelPayload, entry: RegistryEntry | None,
           today: date) -> RegistryVerdict:
    if entry is None:
        return RegistryVerdict(Verdict.NOT_GENUINE, reason="unknown")
    if not signed_facts_match(payload, entry):
        return RegistryVerdict(Verdict.NOT_GENUINE, reason="mismatch")
    return RegistryVerdict(verdict_of(entry, today), entry, payload)


def _by_status(entry: RegistryEntry | None, today: date) -> RegistryVerdict:
    if entry is None:
        return RegistryVerdict(Verdict.NOT_GENUINE, reason="unknown")
    return RegistryVerdict(verdict_of(entry, today), entry)


SIGNATURE_FAILED = RegistryVerdict(Verdict.NOT_GENUINE, reason="signature")
CHECK_DIGITS_FAILED = RegistryVerdict(Verdict.NOT_GENUINE, reason="check_digits")
MALFORMED = RegistryVerdict(Verdict.NOT_GENUINE, reason="malformed")


def _typed_number_failure(number: str) -> RegistryVerdict | None:
    """Not a certificate number at all, or one with wrong check digits (a typing mistake)."""
    if not is_well_formed_number(number):
        return MALFORMED
    return None if is_valid_number(number) else CHECK_DIGITS_FAILED


def verify_label(reader: EntryReader, token: str,
                 public_keys: Mapping[str, Ed25519PublicKey], today: date) -> RegistryVerdict:
    """The verdict of a scanned QR token: the signature first, then one registry read."""
    payload = verify_signature(token, public_keys)
    if payload is None:
        return SIGNATURE_FAILED
    return _judge(payload, reader.entry(payload.certificate), today)


async def verify_label_async(reader: AsyncEntryReader, token: str,
                             public_keys: Mapping[str, Ed25519PublicKey],
                             today: date) -> RegistryVerdict:
    """:func:`verify_label` with the registry read awaited."""
    payload = verify_signature(token, public_keys)
    if payload is None:
        return SIGNATURE_FAILED
    return _judge(payload, await reader.entry(payload.certificate), today)


def verify_code(reader: EntryReader, code: str, today: date) -> RegistryVerdict:
    """The verdict of a typed certificate number: its check digits, then the registry."""
    number = normalise_number(code)
    if (failed := _typed_number_failure(number)) is not None:
        return failed
    return _by_status(reader.entry(number), today)


async def verify_code_async(reader: AsyncEntryReader, code: str,
                            today: date) -> RegistryVerdict:
    """:func:`verify_code` with the registry read awaited."""
    number = normalise_number(code)
    if (failed := _typed_number_failure(number)) is not None:
        return failed
    return _by_status(await reader.entry(number), today)


def _failure(result: RegistryVerdict) -> str | None:
    return (result.reason or "unknown") if result.verdict is Verdict.NOT_GENUINE else None


def token_scan(token: str, result: RegistryVerdict, channel: str, at: datetime,
               origin: ScanOrigin = NOWHERE) -> ScanRecord:
    """The scan record of a token (its digest is the label's ``token_sha256``); the number
    claimed is read from the payload also when the signature fails (a forged label names the
    certificate it imitates)."""
    claimed: str | None = None
    if result.signed is not None:
        claimed = result.signed.certificate
    elif result.reason != "length":
        parts = split_token(token.strip())
        claimed = parts[0].certificate if parts is not None else None
    return ScanRecord(at, digest(token.strip()), result.verdict.value, channel,
                      claimed[:_CLAIMED_MAX] if claimed else None, _failure(result),
                      *origin)


def code_scan(code: str, result: RegistryVerdict, channel: str, at: datetime,
              origin: ScanOrigin = NOWHERE) -> ScanRecord:
    """The scan record of a typed code (digested too: a person may type anything; the number
    is kept as claimed only when it is well formed)."""
    number = normalise_number(code)
    claimed = number if is_well_formed_number(number) else None
    return ScanRecord(at, digest(number), result.verdict.value, channel, claimed,
                      _failure(result), *origin)


def record_scans(uow: UnitOfWork, records: list[ScanRecord]) -> None:
    uow.scans.add_many(records)
    uow.commit()


def certificate(uow: UnitOfWork, number: str) -> RegistryEntry:
    """A certificate of the public registry by its number (any status)."""
    entry = uow.registry.entry(normalised) if (normalised := _well_formed(number)) else None
    if entry is None:
        raise NotFoundError(field="number", message_en="no certificate has this number",
                            message_zh="没有该编号的证书")
    return entry


def _well_formed(number: str) -> str | None:
    """The number as stored, or None when its form or check digits are wrong (no lookup)."""
    normalised = normalise_number(number)
    return normalised if is_valid_number(normalised) else None


def system_certificate(uow: UnitOfWork, number: str) -> SystemRegistryEntry:
    """A system certificate of the public registry by its number (any status), with the
    products registered under it."""
    entry = (uow.registry.system_entry(normalised) if (normalised := _well_formed(number))
             else None)
    if entry is None:
        raise NotFoundError(field="number", message_en="no system certificate has this number",
                            message_zh="没有该编号的体系证书")
    return entry


@dataclass(frozen=True)
class Search:
    text: str = ""
    category: str | None = None
    region: str | None = None
    offset: int = 0
    limit: int = 20


def search(uow: UnitOfWork, query: Search) -> Page[RegistryEntry]:
    """Certified products by company, product name or certificate number, category, region."""
    return uow.registry.search(query.text, query.category or None, query.region or None,
                               query.offset, query.limit)


def categories(uow: UnitOfWork) -> list[str]:
    return uow.registry.categories()
