"""Scan analytics: the scan rules over the scans logged since the last run, and the
regulators' read of the scan log.

A run reads the scans after the watermark (the highest scan id the previous run read) and,
as context, the scans of the rules' longest window before the earliest of them, and every
earlier scan of the print runs with a printed quantity among them (the volume rule counts a
print run's clients over its whole life). The rules (domain/supervision/scan_rules.py)
report only what fires at a new scan; each finding is raised once through
``alerts.raise_alert`` (its de-duplication key is unique), so running again, or over
overlapping scans, raises nothing new. The run is recorded (the next watermark) and audited in
the same transaction as its alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.scan_repositories import ScanTuple
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.supervision.scan_log import AnalysisRun, LoggedScan
from carbonlabel.domain.supervision.scan_rules import (
    LabelFacts,
    RuleSettings,
    Scan,
    analyse,
    to_alert,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.supervision.alerts import raise_alert
from carbonlabel.services.supervision.regulators import jurisdiction_of

#: (step done, steps) of a run, for a progress bar
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AnalysisCounts:
    scans: int  # new scans read
    context: int  # earlier scans read as context
    findings: int
    raised: int  # new alerts (findings raised before are not raised again)
    last_scan_id: int


def lookback(settings: RuleSettings) -> timedelta:
    """The longest window of the rules: the context a run reads before its new scans."""
    return timedelta(hours=max(settings.forged_window_hours, settings.invalid_window_hours,
                               settings.dispersion_hours, settings.region_window_hours,
                               settings.enumeration_minutes / 60,
                               settings.session_minutes / 60))


def _scan(row: ScanTuple, facts: dict[str, LabelFacts]) -> Scan:
    _id, at, code, claimed, verdict, failure, region, client = row
    label = facts.get(code)
    return Scan(at.timestamp(), label.label_id if label else None, claimed, code, verdict,
                failure, region, client or "")


def analyse_scans(uow: UnitOfWork, settings: RuleSettings | None = None,
                  now: datetime | None = None, progress: Progress | None = None
                  ) -> AnalysisCounts:
    """Run the scan rules over the scans logged since the last run; raise each finding once;
    commit. Run by the platform (the CLI, a scheduled job), not on behalf of a person."""
    settings = settings or RuleSettings()
    now = now or datetime.now(UTC)
    repo = uow.scan_analysis
    after = repo.watermark()
    first, last_id, new = repo.new_since(after)
    step = progress or (lambda done, total: None)
    if first is None:
        step(4, 4)
        return AnalysisCounts(0, 0, 0, 0, after)
    context_from = first - lookback(settings)
    rows = repo.scans_from(after, context_from)
    step(1, 4)
    facts = repo.label_facts({r[2] for r in rows})
    counted = {d for d, f in facts.items() if f.printed_quantity is not None}
    history = repo.history(counted, context_from) if counted else []
    step(2, 4)
    by_id = {f.label_id: f for f in facts.values()}
    findings = analyse((_scan(r, facts) for r in [*history, *rows]), by_id, settings,
                       since=first.timestamp())
    step(3, 4)
    holders = repo.holders({f.claimed_number for f in findings
                            if f.label_id is None and f.claimed_number})
    raised = 0
    for finding in findings:
        label = by_id.get(finding.label_id or "")
        if label is None and finding.claimed_number in holders:
            cert_id, region = holders[finding.claimed_number]
            label = LabelFacts("", finding.claimed_number, cert_id, region)
        raised += raise_alert(uow, to_alert(finding, label, new_id(), now))
    repo.add_run(AnalysisRun(now, last_id, new, len(findings), raised))
    uow.audit.append(actor_id=None, organisation_id=None, action="scans.analysed",
                     entity="scan_analysis", entity_id=str(last_id),
                     after={"scans": new, "context": len(rows) + len(history) - new,
                            "findings": len(findings), "raised": raised,
                            "from_scan_id": after + 1, "to_scan_id": last_id})
    uow.commit()
    step(4, 4)
    return AnalysisCounts(new, len(rows) + len(history) - new, len(findings), raised, last_id)


def scans_page(uow: UnitOfWork, actor: User, offset: int, limit: int,
               verdict: str | None = None) -> Page[LoggedScan]:
    """The scans of the actor's jurisdiction (by their coarse region or the claimed
    certificate's holder), newest first; regulators only."""
    return uow.scan_analysis.page_within(jurisdiction_of(uow, actor), offset, limit, verdict)
