"""Penalty records in and out (rows <-> domain/supervision/penalties.Penalty): amounts kept as
exact decimal text, classes as a comma-separated list, the redaction log as JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from carbonlabel.adapters.db.base import _as_utc
from carbonlabel.adapters.db.penalty_tables import PenaltyRow
from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.supervision_repositories import region_within
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction
from carbonlabel.domain.supervision.penalties import (
    PartyKind,
    Penalty,
    PenaltyClass,
    PenaltyFields,
    PenaltyState,
    PublicityClass,
    Redaction,
    ViolationType,
)
from carbonlabel.domain.supervision.penalty_amounts import amount_text
from carbonlabel.errors import ConflictError

_P = PenaltyRow
_FIELD_COLUMNS = ("party_name", "party_region", "credit_code", "registration_number",
                  "organisation_code", "tax_number", "institution_number", "social_org_number",
                  "legal_representative", "id_type", "id_number", "decision_number", "facts",
                  "legal_basis", "content", "licence", "decided_on", "valid_until", "note",
                  "restriction_end", "law_requires_publicity", "case_id", "certificate_number",
                  "alert_id")


def _utc(value: datetime | None) -> datetime | None:
    return _as_utc(value)


def _fields(r: PenaltyRow) -> PenaltyFields:
    return PenaltyFields(
        **{c: getattr(r, c) for c in _FIELD_COLUMNS},
        party_kind=PartyKind(r.party_kind), violation=ViolationType(r.violation),
        classes=frozenset(PenaltyClass(c) for c in r.classes.split(",") if c),
        fine=Decimal(r.fine) if r.fine else None,
        confiscated=Decimal(r.confiscated) if r.confiscated else None,
        publicity_class=PublicityClass(r.publicity_class))


def _redactions(text: str) -> tuple[Redaction, ...]:
    return tuple(Redaction(d["code"], d["reason"], d["by"], datetime.fromisoformat(d["at"]),
                           int(d["removed_chars"])) for d in json.loads(text or "[]"))


def _penalty(r: PenaltyRow) -> Penalty:
    recorded_at = _utc(r.recorded_at)
    assert recorded_at is not None
    return Penalty(r.id, r.regulator_id, PenaltyState(r.state), _fields(r),
                   PublicityClass(r.publicity_class), r.authority, r.authority_code,
                   r.recorded_by, recorded_at, r.edited_by, r.reviewed_by,
                   _utc(r.reviewed_at), _utc(r.published_at), r.publicity_start,
                   r.publicity_end, _utc(r.closed_at), r.closing_note,
                   _redactions(r.redactions))


def _write(row: PenaltyRow, p: Penalty) -> None:
    f = p.fields
    for c in _FIELD_COLUMNS:
        setattr(row, c, getattr(f, c))
    row.regulator_id, row.state = p.regulator_id, p.state.value
    row.party_kind, row.violation = f.party_kind.value, f.violation.value
    row.classes = ",".join(sorted(c.value for c in f.classes))
    row.fine = amount_text(f.fine) or None
    row.confiscated = amount_text(f.confiscated) or None
    row.publicity_class = p.publicity_class.value
    row.authority, row.authority_code = p.authority, p.authority_code
    row.recorded_by, row.recorded_at, row.edited_by = p.recorded_by, p.recorded_at, p.edited_by
    row.reviewed_by, row.reviewed_at, row.published_at = (p.reviewed_by, p.reviewed_at,
                                                          p.published_at)
    row.publicity_start, row.publicity_end = p.publicity_start, p.publicity_end
    row.closed_at, row.closing_note = p.closed_at, p.closing_note
    row.redactions = json.dumps([{"code": d.code, "reason": d.reason, "by": d.by,
                                  "at": d.at.isoformat(), "removed_chars": d.removed_chars}
                                 for d in p.redactions], ensure_ascii=False)


class Penalties(_Repository):
    def add(self, penalty: Penalty) -> None:
        row = _P(id=penalty.id)
        _write(row, penalty)
        self._insert(row, ConflictError(
            field="decision_number",
            message_en="this decision number is already recorded by the regulator",
            message_zh="本机关已登记该行政处罚决定书文号"))

    def save(self, penalty: Penalty) -> None:
        row = self.session.get(_P, penalty.id)
        assert row is not None
        _write(row, penalty)
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError as exc:  # an edit took a decision number already recorded
            raise ConflictError(field="decision_number",
                                message_en="this decision number is already recorded",
                                message_zh="本机关已登记该行政处罚决定书文号") from exc

    def get(self, penalty_id: str) -> Penalty | None:
        row = self.session.get(_P, penalty_id)
        return _penalty(row) if row is not None else None

    def page_within(self, jurisdiction: Jurisdiction, offset: int, limit: int,
                    state: PenaltyState | None = None) -> Page[Penalty]:
        """Records whose party lies within the jurisdiction, newest decision first."""
        q = select(_P).where(region_within(_P.party_region, jurisdiction))
        if state is not None:
            q = q.where(_P.state == state.value)
        return self._page(q.order_by(_P.decided_on.desc(), _P.recorded_at.desc(), _P.id),
                          _penalty, offset, limit)

    def of_regulator(self, regulator_id: str) -> list[Penalty]:
        q = select(_P).where(_P.regulator_id == regulator_id).order_by(
            _P.decided_on, _P.decision_number)
        return [_penalty(r) for r in self.session.scalars(q)]

    def public_page(self, day: date, offset: int, limit: int) -> Page[Penalty]:
        """Published records within their publicity period on ``day``, newest first."""
        q = select(_P).where(and_(_P.state == PenaltyState.PUBLISHED.value,
                                  _P.publicity_start <= day, _P.publicity_end >= day))
        return self._page(q.order_by(_P.decided_on.desc(), _P.decision_number), _penalty,
                          offset, limit)

    def past_publicity(self, day: date) -> list[Penalty]:
        """Published records whose publicity ended before ``day``."""
        q = select(_P).where(_P.state == PenaltyState.PUBLISHED.value,
                             _P.publicity_end < day).order_by(_P.id)
        return [_penalty(r) for r in self.session.scalars(q)]
