"""Supervision alerts (监管预警): what the scan rules and public reports raise for a regulator.

An alert names its rule, its severity, the label or certificate it concerns (the number a label
claims, which may name no certificate at all), the evidence as plain facts, and where it lies:
the holder's region when the certificate is known and the region of the scans or report, so a
regulator sees an alert when either lies within its jurisdiction. The same finding is raised
once: ``dedup_key`` (rule, label, window) is unique, so running the rules again adds nothing.

States: open → in_case (a supervision case took it up) → closed, or open → dismissed (with a
reason: a false alarm, recorded, never deleted).

The rules (research notes §2.3; thresholds are settings of the scan rules):

======================  ======================================================  ========
rule                    fires when                                              severity
======================  ======================================================  ========
unknown_code            a scanned number or label token names no label, or     high
                        its signature fails (suspected forged mark)
invalid_certificate     the certificate was suspended, withdrawn or expired at  high
                        the time of the scan (label used after loss of
                        validity)
impossible_travel       consecutive sessions of one label imply a speed above   medium
                        the limit after both locations' uncertainty
dispersion              one label seen in too many cities or provinces in a     medium
                        short window
volume                  more distinct sessions than the printed quantity times  medium
                        a factor
region                  scans outside the declared sales regions                low
enumeration             many unknown codes from one client in a short window    medium
value_mismatch          a report shows an on-pack value other than the          high
                        certificate's
public_report           a report of a suspected false label whose value agrees  medium
                        (or that gives none)
======================  ======================================================  ========
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AlertRule(StrEnum):
    UNKNOWN_CODE = "unknown_code"
    INVALID_CERTIFICATE = "invalid_certificate"
    IMPOSSIBLE_TRAVEL = "impossible_travel"
    DISPERSION = "dispersion"
    VOLUME = "volume"
    REGION = "region"
    ENUMERATION = "enumeration"
    VALUE_MISMATCH = "value_mismatch"
    PUBLIC_REPORT = "public_report"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class AlertState(StrEnum):
    OPEN = "open"
    IN_CASE = "in_case"
    DISMISSED = "dismissed"
    CLOSED = "closed"


RULE_NAMES: dict[AlertRule, tuple[str, str]] = {
    AlertRule.UNKNOWN_CODE: ("未知编码或签名无效（疑似伪造标识）",
                             "unknown code or bad signature (suspected forged label)"),
    AlertRule.INVALID_CERTIFICATE: ("证书失效后仍在使用标识",
                                    "label used after its certificate lost validity"),
    AlertRule.IMPOSSIBLE_TRAVEL: ("不可能的移动速度（疑似克隆）",
                                  "impossible travel (suspected clone)"),
    AlertRule.DISPERSION: ("短时多地扫码（疑似克隆）", "seen in many places at once (suspected "
                                                       "clone)"),
    AlertRule.VOLUME: ("扫码量超过印制数量", "more scans than labels printed"),
    AlertRule.REGION: ("声明销售区域以外扫码", "scanned outside the declared sales regions"),
    AlertRule.ENUMERATION: ("同一终端枚举编码", "one client enumerating codes"),
    AlertRule.VALUE_MISMATCH: ("包装标示值与证书不符", "value on the package differs from the "
                                                      "certificate"),
    AlertRule.PUBLIC_REPORT: ("公众举报疑似虚假标识", "public report of a suspected false label"),
}

SEVERITY: dict[AlertRule, Severity] = {
    AlertRule.UNKNOWN_CODE: Severity.HIGH,
    AlertRule.INVALID_CERTIFICATE: Severity.HIGH,
    AlertRule.IMPOSSIBLE_TRAVEL: Severity.MEDIUM,
    AlertRule.DISPERSION: Severity.MEDIUM,
    AlertRule.VOLUME: Severity.MEDIUM,
    AlertRule.REGION: Severity.LOW,
    AlertRule.ENUMERATION: Severity.MEDIUM,
    AlertRule.VALUE_MISMATCH: Severity.HIGH,
    AlertRule.PUBLIC_REPORT: Severity.MEDIUM,
}

SEVERITY_NAMES: dict[Severity, tuple[str, str]] = {
    Severity.HIGH: ("高", "high"), Severity.MEDIUM: ("中", "medium"), Severity.LOW: ("低", "low"),
}

STATE_NAMES: dict[AlertState, tuple[str, str]] = {
    AlertState.OPEN: ("待处理", "open"), AlertState.IN_CASE: ("已立案", "in a case"),
    AlertState.DISMISSED: ("已排除", "dismissed"), AlertState.CLOSED: ("已办结", "closed"),
}

#: which state each state may go to
NEXT_STATES: dict[AlertState, frozenset[AlertState]] = {
    AlertState.OPEN: frozenset({AlertState.IN_CASE, AlertState.DISMISSED}),
    AlertState.IN_CASE: frozenset({AlertState.CLOSED}),
    AlertState.DISMISSED: frozenset(),
    AlertState.CLOSED: frozenset(),
}


@dataclass(frozen=True)
class Alert:
    id: str
    rule: AlertRule
    severity: Severity
    dedup_key: str  # the same finding is raised once
    claimed_number: str | None  # the certificate number the label or report names
    certificate_id: str | None  # when that number names a certificate
    label_id: str | None
    holder_region: str | None  # the certificate holder's region, when known
    seen_region: str | None  # coarse region of the scans or of the report
    evidence: dict[str, object]  # plain facts: counts, times, places, values; no client ids
    state: AlertState
    raised_at: datetime
    case_id: str | None = None  # the supervision case that took it up
    note: str = ""  # why it was dismissed or closed


def can_move(state: AlertState, to: AlertState) -> bool:
    return to in NEXT_STATES[state]
