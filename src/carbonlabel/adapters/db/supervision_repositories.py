"""Repositories of market supervision: alerts in and out, and the jurisdiction filter every
regulator read uses (a region equal to the jurisdiction or below it)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.exc import IntegrityError

from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.supervision_tables import SupervisionAlertRow
from carbonlabel.domain.supervision.alerts import Alert, AlertRule, AlertState, Severity
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction

_A = SupervisionAlertRow


def region_within(column: Any, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
    """SQL: the region in ``column`` is the jurisdiction or lies below it (``CN-GD`` covers
    ``CN-GD`` and ``CN-GD-440300``, not ``CN-GDX``); regions are stored upper-case."""
    return or_(column == jurisdiction.code,
               column.startswith(jurisdiction.code + "-", autoescape=True))


def _alert(r: SupervisionAlertRow) -> Alert:
    return Alert(r.id, AlertRule(r.rule), Severity(r.severity), r.dedup_key, r.claimed_number,
                 r.certificate_id, r.label_id, r.holder_region, r.seen_region,
                 json.loads(r.evidence or "{}"), AlertState(r.state), r.raised_at, r.case_id,
                 r.note)


class Alerts(_Repository):
    def raise_once(self, alert: Alert) -> bool:
        """Store the alert unless one with its de-duplication key exists (also one stored by
        a concurrent writer); True when stored."""
        if self.session.scalar(select(_A.id).where(_A.dedup_key == alert.dedup_key)):
            return False
        row = _A(id=alert.id, rule=alert.rule.value, severity=alert.severity.value,
                 dedup_key=alert.dedup_key, claimed_number=alert.claimed_number,
                 certificate_id=alert.certificate_id, label_id=alert.label_id,
                 holder_region=(alert.holder_region or None) and alert.holder_region.upper(),
                 seen_region=(alert.seen_region or None) and alert.seen_region.upper(),
                 evidence=json.dumps(alert.evidence, ensure_ascii=False, sort_keys=True),
                 state=alert.state.value, raised_at=alert.raised_at, case_id=alert.case_id,
                 note=alert.note)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return False
        return True

    def get(self, alert_id: str) -> Alert | None:
        row = self.session.get(_A, alert_id)
        return _alert(row) if row is not None else None

    def page_within(self, jurisdiction: Jurisdiction, offset: int, limit: int,
                    state: AlertState | None = None,
                    rule: AlertRule | None = None) -> Page[Alert]:
        """Alerts whose holder or whose scans lie within the jurisdiction, newest first."""
        q = select(_A).where(or_(region_within(_A.holder_region, jurisdiction),
                                 region_within(_A.seen_region, jurisdiction)))
        if state is not None:
            q = q.where(_A.state == state.value)
        if rule is not None:
            q = q.where(_A.rule == rule.value)
        return self._page(q.order_by(_A.raised_at.desc(), _A.id), _alert, offset, limit)

    def set_state(self, alert_id: str, state: AlertState, case_id: str | None = None,
                  note: str | None = None) -> None:
        values: dict[str, object] = {"state": state.value}
        if case_id is not None:
            values["case_id"] = case_id
        if note is not None:
            values["note"] = note
        self.session.execute(update(_A).where(_A.id == alert_id).values(**values))
