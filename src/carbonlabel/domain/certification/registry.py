"""The public registry: what it shows of a certificate, and how a scan is judged.

A registry entry is public by policy (certificate, holder, product, value, validity); it holds
nothing of a case's confidential documents. A scanned label is genuine when its signature
verifies (checked before this module is asked) and every fact it signs equals the registry's
(number, certified value, unit, issue and expiry date); its verdict is then the certificate's
live status.

The certified value is fixed once, when the certificate is granted (:func:`certified_value`),
and stored with the certificate; every channel shows that stored string.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from carbonlabel.domain.certification.certificate import CertificateStatus, effective_status
from carbonlabel.domain.certification.certificate_content import CertificationMode
from carbonlabel.domain.certification.label import LabelPayload, Verdict
from carbonlabel.errors import DataFormatError

#: significant figures of a certified value (docs/certification.md)
CERTIFIED_FIGURES = 4


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
    certified_value: str  # fixed at the grant: what every channel shows
    certified_unit: str
    #: the body it was last transferred from, and the day (None: never transferred)
    transferred_from: str | None = None
    transferred_on: date | None = None
    #: a change affecting certification awaits its decision (17065 §7.10): shown beside the
    #: status ("重新评价中 / under re-evaluation"); the verdict stays the status
    under_reevaluation: bool = False
    #: the (certified value, unit) of each earlier revision: a label printed before a
    #: re-issue states one of them and stays genuine, shown with the value now certified
    earlier_facts: tuple[tuple[str, str], ...] = ()
    #: product: certified in a case of its own; system: registered by the holder under the
    #: system certificate ``system_number`` (体系认证)
    mode: CertificationMode = CertificationMode.PRODUCT
    system_number: str | None = None
    #: the claims beyond the value the body granted, (kind, state): "granted" or "lapsed"
    #: (docs/improvement.md); read live, never part of the signed label
    claims: tuple[tuple[str, str], ...] = ()

    def live_status(self, today: date) -> CertificateStatus:
        return effective_status(self.status, self.expires_on, today)


@dataclass(frozen=True)
class RegisteredProduct:
    """A product registered under a system certificate, as the registry shows it."""

    number: str
    product_zh: str
    product_en: str
    status: CertificateStatus
    expires_on: date

    def live_status(self, today: date) -> CertificateStatus:
        return effective_status(self.status, self.expires_on, today)


@dataclass(frozen=True)
class SystemRegistryEntry:
    """A system certificate (体系认证) in the public registry: the holder's calculation system
    for a product category, and the products the holder registered under it."""

    number: str
    holder: str
    holder_region: str
    category: str
    product_rule: str | None
    standard: str
    scheme: str
    body: str
    issued_on: date
    expires_on: date
    status: CertificateStatus
    products: tuple[RegisteredProduct, ...]

    def live_status(self, today: date) -> CertificateStatus:
        return effective_status(self.status, self.expires_on, today)


def certified_value(value: float, figures: int = CERTIFIED_FIGURES) -> str:
    """The certified value of a footprint total (kg CO2e per declared unit): rounded to
    ``figures`` significant figures, ties to even (GB/T 8170-2008), as a plain decimal string
    (no exponent, no grouping; trailing zeros kept: 714.0 shows four figures).

    The rounding starts from the shortest decimal that reads back as the stored float (its
    ``repr``), so a tie is a tie as a person reading the stored total would see it.
    """
    if not math.isfinite(value):
        raise DataFormatError(field="value_co2e_kg",
                              message_en=f"the footprint total {value!r} is not a finite number",
                              message_zh=f"碳足迹总量 {value!r} 不是有限数值")
    exact = Decimal(repr(float(value)))
    if exact.is_zero():
        return "0"
    rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted() - figures + 1), ROUND_HALF_EVEN)
    if rounded.adjusted() > exact.adjusted():  # 9.9996 -> 10.000: one figure too many
        rounded = rounded.quantize(Decimal(1).scaleb(rounded.adjusted() - figures + 1),
                                   ROUND_HALF_EVEN)
    return f"{rounded:f}"


def legacy_label_value(value: float) -> str:
    """What labels signed before the certified value was stored print: three significant
    digits of the footprint total (revision 0005 of the database fixed the value on the
    certificate); such a label stays genuine while its certificate is unchanged."""
    return f"{Decimal(f'{value:.3g}'):f}" if value else "0"


def label_unit(declared_unit: str) -> str:
    """The unit of a certified value: kg CO2e per the declared (or functional) unit."""
    return f"kg CO2e / {declared_unit}"


def states_earlier_revision(payload: LabelPayload, entry: RegistryEntry) -> bool:
    """Whether a label states the value and unit of an earlier revision of its certificate
    (printed before a re-issue changed the certified value), not the value now certified."""
    return ((payload.value, payload.unit) in entry.earlier_facts
            and (payload.value, payload.unit) != (entry.certified_value, entry.certified_unit))


def signed_facts_match(payload: LabelPayload, entry: RegistryEntry) -> bool:
    """Whether a label signs what the registry holds for its certificate: the value now
    certified (or, for labels signed before it was stored, the legacy rounding), or the value
    of an earlier revision of the same certificate."""
    value_matches = payload.value == entry.certified_value or (
        payload.value == legacy_label_value(entry.value_co2e_kg))
    current = value_matches and payload.unit == entry.certified_unit
    return (payload.certificate == entry.number
            and (current or states_earlier_revision(payload, entry))
            and payload.issued == entry.issued_on and payload.expires == entry.expires_on)


def verdict_of(entry: RegistryEntry, today: date) -> Verdict:
    return Verdict(entry.live_status(today).value)
