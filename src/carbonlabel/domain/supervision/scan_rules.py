"""The scan rules (research notes §2.3): findings of forged, cloned or misused labels in the
scan log.

Input: the scans (time, the label the token names, the certificate number claimed, the
digest of what was checked, the verdict and failure reason, the coarse region and the keyed
hash of the client), the facts of the labels (printed quantity, declared sales regions, the
certificate and its holder's region) and :class:`RuleSettings`. Output: :class:`Finding`\\ s,
each with a stable de-duplication key (rule + label or client + window), which become
``alerts.Alert``\\ s (:func:`to_alert`).

Sessions first: the scans of one client and one label whose gaps are within
``session_minutes`` count once (a person re-scanning, a shop scanning its stock of one print
run), so the counting rules count sessions or clients, never raw scans.

=================== ==============================================================================
rule                fires when (defaults of :class:`RuleSettings`)
=================== ==============================================================================
R1 unknown_code     a label token fails its signature, names an unknown certificate or signs facts
                    the registry does not hold, or a typed number with valid check digits is
                    unknown — seen by ≥ 1 client in 24 h (a client found enumerating counts under
                    R7 instead; a typing mistake, failing the check digits, is no forgery)
R2 invalid_cert.    a scan's verdict was suspended, withdrawn, cancelled or expired (the status at
                    the time of the scan), ≥ 1 session in 7 days
R3 impossible_trav. consecutive sessions of a per-unit label (printed quantity ≤ 1) in places whose
                    distance, less both places' uncertainty (province 300 km, city 30 km), needs
                    more than 900 km/h (a province and a place in it are never apart)
R4 dispersion       a per-unit label seen in ≥ 3 cities or ≥ 2 provinces within 24 h
R5 volume           a print run seen by more distinct clients than printed quantity × 1.5, and by
                    more than 5 (a unit is scanned by its shop, its buyer and a gift's recipient)
R6 region           ≥ 3 distinct clients within 7 days scan a label in a province outside its
                    declared sales regions
R7 enumeration      one client checks ≥ 20 distinct not-genuine codes within 10 min
=================== ==============================================================================

Times are POSIX seconds (UTC); the caller converts. Pure: no clock, no I/O.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import NamedTuple

from carbonlabel.domain.supervision.alerts import SEVERITY, Alert, AlertRule, AlertState
from carbonlabel.domain.supervision.places import distance_km, place, province_of

#: failure reasons of a not-genuine verdict (services/registry/verification.py)
FAILURE_REASONS = ("signature", "unknown", "mismatch", "check_digits", "malformed", "length")
#: failures that suggest a forged mark (R1); the others are damaged or mistyped codes
FORGERY_FAILURES = frozenset({"signature", "unknown", "mismatch"})
#: verdicts of a certificate that lost its validity (R2)
INVALID_VERDICTS = frozenset({"suspended", "withdrawn", "cancelled", "expired"})
#: characters of a client hash an alert may show (a reference, not the hash)
CLIENT_REF = 8


class Scan(NamedTuple):
    at: float  # POSIX seconds, UTC
    label: str | None  # the label whose token was scanned; None for typed codes and forgeries
    claimed: str | None  # the certificate number claimed (token payload or typed)
    code: str  # SHA-256 digest of what was checked
    verdict: str  # domain/certification/label.Verdict value
    failure: str | None  # one of FAILURE_REASONS when not genuine
    region: str | None  # coarse region (CN-GD, CN-GD-440300) or None
    client: str  # keyed hash of the client's address


@dataclass(frozen=True)
class LabelFacts:
    label_id: str
    certificate_number: str
    certificate_id: str | None = None
    holder_region: str | None = None
    printed_quantity: int | None = None  # of its print run; None: not declared
    sales_regions: tuple[str, ...] = ()  # declared; empty: not declared


@dataclass(frozen=True)
class RuleSettings:
    """Every threshold of the rules (docs/supervision.md, 扫码分析)."""

    session_minutes: float = 30.0
    forged_window_hours: float = 24.0
    forged_min_clients: int = 1
    invalid_window_hours: float = 24.0 * 7
    invalid_min_sessions: int = 1
    speed_kmh: float = 900.0
    province_uncertainty_km: float = 300.0
    city_uncertainty_km: float = 30.0
    per_unit_max_printed: int = 1  # a print run this small is a per-unit label (R3, R4)
    dispersion_hours: float = 24.0
    dispersion_cities: int = 3
    dispersion_provinces: int = 2
    volume_factor: float = 1.5
    volume_min_clients: int = 5
    region_window_hours: float = 24.0 * 7
    region_min_clients: int = 3
    enumeration_codes: int = 20
    enumeration_minutes: float = 10.0

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not value > 0:
                raise ValueError(f"rule setting {name} must be positive, not {value!r}",
                                 f"扫码规则参数 {name} 须为正数，而非 {value!r}")


@dataclass(frozen=True)
class Finding:
    rule: AlertRule
    dedup_key: str
    at: float  # the scan at which the rule fired
    label_id: str | None
    claimed_number: str | None
    region: str | None  # where the firing scan lay
    evidence: dict[str, object] = field(default_factory=dict)


def iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")


def client_ref(client: str) -> str:
    return client[:CLIENT_REF]


def client_key(client: str) -> str:
    """What a de-duplication key says of a client: a digest of its hash, long enough not to
    collide, and matching nothing stored in the scan log."""
    return hashlib.sha256(client.encode("utf-8")).hexdigest()[:16]


class Session(NamedTuple):
    at: float
    client: str
    region: str | None


def sessions(scans: list[Scan], gap_seconds: float) -> list[Session]:
    """The sessions of one label's scans in time order: a client's scan starts a session
    unless its previous scan of the label is at most ``gap_seconds`` earlier. A session's
    region is the first one its scans know (a person may share a place on the second look)."""
    last: dict[str, tuple[float, int]] = {}
    out: list[Session] = []
    for s in scans:
        before = last.get(s.client)
        if before is None or s.at - before[0] > gap_seconds:
            last[s.client] = (s.at, len(out))
            out.append(Session(s.at, s.client, s.region))
            continue
        last[s.client] = (s.at, before[1])
        if s.region is not None and out[before[1]].region is None:
            out[before[1]] = out[before[1]]._replace(region=s.region)
    return out


class _Run:
    """One analysis: collects findings (the first firing of each key) after ``since``."""

    def __init__(self, labels: Mapping[str, LabelFacts], settings: RuleSettings,
                 since: float) -> None:
        self.labels, self.settings, self.since = labels, settings, since
        self.found: dict[str, Finding] = {}

    def fire(self, finding: Finding) -> None:
        if finding.at >= self.since and finding.dedup_key not in self.found:
            self.found[finding.dedup_key] = finding

    # -- per label (R3, R4, R5, R6) ---------------------------------------------------------

    def label(self, label_id: str, scans: list[Scan]) -> None:
        facts = self.labels.get(label_id)
        if facts is None:
            return
        cfg = self.settings
        scans.sort(key=itemgetter(0))
        seen = sessions(scans, cfg.session_minutes * 60)
        quantity = facts.printed_quantity
        if quantity is not None:
            self.volume(facts, seen, quantity)
            if quantity <= cfg.per_unit_max_printed:
                self.travel(facts, seen)
                self.dispersion(facts, seen)
        if facts.sales_regions:
            self.outside(facts, seen)

    def volume(self, facts: LabelFacts, seen: list[Session], quantity: int) -> None:
        limit = max(quantity * self.settings.volume_factor, self.settings.volume_min_clients)
        clients: set[str] = set()
        for s in seen:
            clients.add(s.client)
            if len(clients) > limit:
                self.fire(Finding(AlertRule.VOLUME, f"volume:{facts.label_id}", s.at,
                                  facts.label_id, facts.certificate_number, s.region,
                                  {"printed_quantity": quantity, "clients": len(clients),
                                   "factor": self.settings.volume_factor,
                                   "first_scan": iso(seen[0].at), "at": iso(s.at)}))
                return

    def _uncertainty(self, is_city: bool) -> float:
        cfg = self.settings
        return cfg.city_uncertainty_km if is_city else cfg.province_uncertainty_km

    def travel(self, facts: LabelFacts, seen: list[Session]) -> None:
        limit = self.settings.speed_kmh
        prev: tuple[Session, tuple[float, float, bool]] | None = None
        for s in seen:
            here = place(s.region)
            if here is None:
                continue
            if prev is not None:
                p, there = prev
                if not (there[2] and here[2]) and province_of(p.region) == province_of(
                        s.region):
                    prev = (s, here) if here[2] else prev  # "somewhere in the province"
                    continue
                km = distance_km(there[:2], here[:2])
                apart = km - self._uncertainty(there[2]) - self._uncertainty(here[2])
                hours = (s.at - p.at) / 3600
                if apart > 0 and (hours <= 0 or apart / hours > limit):
                    day = math.floor(s.at / 86400)
                    self.fire(Finding(
                        AlertRule.IMPOSSIBLE_TRAVEL,
                        f"impossible_travel:{facts.label_id}:{day}", s.at, facts.label_id,
                        facts.certificate_number, s.region,
                        {"from_region": p.region, "to_region": s.region, "from": iso(p.at),
                         "to": iso(s.at), "distance_km": round(km), "hours": round(hours, 2),
                         "speed_limit_kmh": limit}))
            prev = (s, here)

    def dispersion(self, facts: LabelFacts, seen: list[Session]) -> None:
        cfg = self.settings
        window = cfg.dispersion_hours * 3600
        inside: deque[Session] = deque()
        cities: Counter[str] = Counter()
        provinces: Counter[str] = Counter()
        for s in seen:
            province = province_of(s.region)
            if province is None:
                continue
            assert s.region is not None
            inside.append(s)
            cities[s.region.upper()] += 1
            provinces[province] += 1
            while inside[0].at < s.at - window:
                old = inside.popleft()
                assert old.region is not None
                for counter, key in ((cities, old.region.upper()),
                                     (provinces, province_of(old.region) or "")):
                    counter[key] -= 1
                    if not counter[key]:
                        del counter[key]
            n_cities = sum(1 for c in cities if c.count("-") == 2)
            if n_cities >= cfg.dispersion_cities or len(provinces) >= cfg.dispersion_provinces:
                bucket = math.floor(s.at / window)
                self.fire(Finding(AlertRule.DISPERSION,
                                  f"dispersion:{facts.label_id}:{bucket}", s.at,
                                  facts.label_id, facts.certificate_number, s.region,
                                  {"regions": sorted(cities), "provinces": sorted(provinces),
                                   "window_hours": cfg.dispersion_hours,
                                   "from": iso(inside[0].at), "to": iso(s.at)}))

    def outside(self, facts: LabelFacts, seen: list[Session]) -> None:
        cfg = self.settings
        window = cfg.region_window_hours * 3600
        declared = [d.strip().upper() for d in facts.sales_regions]
        recent: dict[str, deque[Session]] = {}  # per outside province, within the window
        for s in seen:
            if not s.region:
                continue
            region = s.region.strip().upper()
            if any(_compatible(region, d) for d in declared):
                continue
            province = province_of(region) or region
            inside = recent.setdefault(province, deque())
            inside.append(s)
            while inside[0].at < s.at - window:
                inside.popleft()
            clients = {x.client for x in inside}
            if len(clients) >= cfg.region_min_clients:
                bucket = math.floor(s.at / window)
                self.fire(Finding(AlertRule.REGION,
                                  f"region:{facts.label_id}:{province}:{bucket}", s.at,
                                  facts.label_id, facts.certificate_number, region,
                                  {"region": province, "declared": declared,
                                   "clients": len(clients), "from": iso(inside[0].at),
                                   "to": iso(s.at)}))

    # -- R2 ---------------------------------------------------------------------------------

    def invalid(self, key: str, scans: list[Scan]) -> None:
        cfg = self.settings
        window = cfg.invalid_window_hours * 3600
        scans.sort(key=itemgetter(0))
        counts: Counter[int] = Counter()
        for s in sessions(scans, cfg.session_minutes * 60):
            bucket = math.floor(s.at / window)
            counts[bucket] += 1
            if counts[bucket] >= cfg.invalid_min_sessions:
                first = scans[0]
                self.fire(Finding(AlertRule.INVALID_CERTIFICATE,
                                  f"invalid_certificate:{key}:{bucket}", s.at, first.label,
                                  first.claimed, s.region,
                                  {"verdict": first.verdict, "sessions": counts[bucket],
                                   "at": iso(s.at)}))

    # -- R7 then R1 -------------------------------------------------------------------------

    def enumeration(self, client: str, scans: list[Scan]) -> bool:
        cfg = self.settings
        window = cfg.enumeration_minutes * 60
        scans.sort(key=itemgetter(0))
        inside: deque[Scan] = deque()
        codes: Counter[str] = Counter()
        flagged = False
        for s in scans:
            inside.append(s)
            codes[s.code] += 1
            while inside[0].at < s.at - window:
                old = inside.popleft()
                codes[old.code] -= 1
                if not codes[old.code]:
                    del codes[old.code]
            if len(codes) >= cfg.enumeration_codes:
                flagged = True
                bucket = math.floor(s.at / window)
                self.fire(Finding(AlertRule.ENUMERATION,
                                  f"enumeration:{client_key(client)}:{bucket}", s.at, None, None,
                                  s.region,
                                  {"client": client_ref(client), "codes": len(codes),
                                   "window_minutes": cfg.enumeration_minutes,
                                   "from": iso(inside[0].at), "to": iso(s.at)}))
        return flagged

    def forged(self, key: str, scans: list[Scan]) -> None:
        cfg = self.settings
        window = cfg.forged_window_hours * 3600
        scans.sort(key=itemgetter(0))
        clients: dict[int, set[str]] = {}
        reasons: Counter[str] = Counter()
        for s in scans:
            bucket = math.floor(s.at / window)
            group = clients.setdefault(bucket, set())
            group.add(s.client)
            reasons[s.failure or ""] += 1
            if len(group) >= cfg.forged_min_clients:
                self.fire(Finding(AlertRule.UNKNOWN_CODE, f"unknown_code:{key}:{bucket}", s.at,
                                  None, s.claimed, s.region,
                                  {"failures": dict(sorted(reasons.items())),
                                   "clients": len(group), "at": iso(s.at)}))


def _compatible(region: str, declared: str) -> bool:
    """A scan's region may lie in a declared region: one covers the other (a province-level
    scan may lie in a declared city of it; a city-level one in a declared province)."""
    return (region == declared or region.startswith(declared + "-")
            or declared.startswith(region + "-"))


def analyse(scans: Iterable[Scan], labels: Mapping[str, LabelFacts],
            settings: RuleSettings | None = None, since: float = -math.inf) -> list[Finding]:
    """The findings of every rule over ``scans`` whose firing scan lies at or after ``since``
    (earlier scans are context: a run over new scans reads the windows before them too), each
    de-duplication key once, in time order."""
    run = _Run(labels, settings or RuleSettings(), since)
    by_label: dict[str, list[Scan]] = {}
    invalid: dict[str, list[Scan]] = {}
    failed: dict[str, list[Scan]] = {}
    for s in scans:
        if s.failure is not None:
            failed.setdefault(s.client, []).append(s)
            continue
        if s.label is not None:
            by_label.setdefault(s.label, []).append(s)
        if s.verdict in INVALID_VERDICTS:
            invalid.setdefault(s.label or f"number:{s.claimed}", []).append(s)
    for label_id, group in by_label.items():
        run.label(label_id, group)
    for key, group in invalid.items():
        run.invalid(key, group)
    forged: dict[str, list[Scan]] = {}
    for client, group in failed.items():
        if run.enumeration(client, group):
            continue
        for s in group:
            if s.failure in FORGERY_FAILURES:
                key = f"number:{s.claimed}" if s.claimed else f"code:{s.code[:16]}"
                forged.setdefault(key, []).append(s)
    for key, group in forged.items():
        run.forged(key, group)
    return sorted(run.found.values(), key=lambda f: (f.at, f.dedup_key))


def to_alert(finding: Finding, facts: LabelFacts | None, alert_id: str,
             raised_at: datetime) -> Alert:
    """The alert a finding raises: the label's certificate and holder region when known."""
    return Alert(id=alert_id, rule=finding.rule, severity=SEVERITY[finding.rule],
                 dedup_key=finding.dedup_key,
                 claimed_number=finding.claimed_number or (
                     facts.certificate_number if facts else None),
                 certificate_id=facts.certificate_id if facts else None,
                 label_id=finding.label_id, holder_region=facts.holder_region if facts else None,
                 seen_region=finding.region, evidence=finding.evidence, state=AlertState.OPEN,
                 raised_at=raised_at)
