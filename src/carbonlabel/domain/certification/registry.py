"""The public registry: what it shows of a certificate, and how a scan is judged.

A registry entry is public by policy (certificate, holder, product, value, validity); it holds
nothing of a case's confidential documents. A scanned label is genuine when its signature
verifies (checked before this module is asked) and every fact it signs equals the registry's
(number, value, unit, issue and expiry date); its verdict is then the certificate's live status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from carbonlabel.domain.certification.certificate import CertificateStatus, effective_status
from carbonlabel.domain.certification.label import LabelPayload, Verdict


@dataclass(frozen=True)
class RegistryEntry:
    number: str
    holder: str
    holder_region: str
    product_zh: str
    product_en: str
    category: str
    product_rule: str | None
    declared_unit: str
    value_co2e_kg: float
    boundary: str
    standard: str
    scheme: str
    body: str
    issued_on: date
    expires_on: date
    status: CertificateStatus  # as stored; the public sees :func:`live_status`

    @cached_property
    def label_value(self) -> str:
        return label_value(self.value_co2e_kg)

    @cached_property
    def label_unit(self) -> str:
        return label_unit(self.declared_unit)

    def live_status(self, today: date) -> CertificateStatus:
        return effective_status(self.status, self.expires_on, today)


def label_value(value: float) -> str:
    """The value a label prints: three significant digits, as a decimal string."""
    return f"{Decimal(f'{value:.3g}'):f}" if value else "0"


def label_unit(declared_unit: str) -> str:
    return f"kg CO2e / {declared_unit}"


def signed_facts_match(payload: LabelPayload, entry: RegistryEntry) -> bool:
    """Whether a label signs exactly what the registry holds for its certificate."""
    return (payload.certificate == entry.number and payload.value == entry.label_value
            and payload.unit == entry.label_unit and payload.issued == entry.issued_on
            and payload.expires == entry.expires_on)


def verdict_of(entry: RegistryEntry, today: date) -> Verdict:
    return Verdict(entry.live_status(today).value)
