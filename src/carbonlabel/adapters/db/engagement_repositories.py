"""The verification engagement of a case: rows in, domain objects out."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from carbonlabel.adapters.db.engagement_tables import EngagementRow, SampledLineRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.domain.certification.engagement import (
    Assurance,
    Engagement,
    LaterFact,
    Opinion,
    OpinionKind,
    Review,
    Risk,
    RiskItem,
    SampledLine,
)
from carbonlabel.errors import ConflictError


def _engagement(r: EngagementRow) -> Engagement:
    risks = tuple(RiskItem(str(x["area"]), Risk(x["inherent"]), Risk(x["control"]),
                           str(x.get("note", ""))) for x in r.risks)
    review = (Review(r.reviewer_id, bool(r.review_agreed), r.review_comment or "",
                     r.reviewed_at) if r.reviewer_id and r.reviewed_at else None)
    opinion = (Opinion(OpinionKind(r.opinion), r.opinion_statement or "", r.opinion_by,
                       r.opinion_at) if r.opinion and r.opinion_by and r.opinion_at else None)
    facts = tuple(LaterFact(str(x["description"]), bool(x["affects_opinion"]),
                            str(x["recorded_by"]), datetime.fromisoformat(x["at"]))
                  for x in r.later_facts or [])
    return Engagement(r.case_id, Assurance(r.level), r.materiality, r.objectives, r.criteria,
                      r.scope, r.intended_users, risks, r.activities, r.sample_size,
                      r.approved_by, r.approved_at, r.sample_seed, review, opinion,
                      r.created_by, r.created_at, facts)


def _line(r: SampledLineRow) -> SampledLine:
    return SampledLine(r.case_id, r.seq, r.path, r.name, r.stage, r.co2e_kg, r.source,
                       r.model_value, r.found_value, r.unit, r.note, r.recorded_by,
                       r.recorded_at)


class Engagements(_Repository):
    def add(self, e: Engagement) -> None:
        self._insert(EngagementRow(
            case_id=e.case_id, level=e.level.value, materiality=e.materiality,
            objectives=e.objectives, criteria=e.criteria, scope=e.scope,
            intended_users=e.intended_users, risks=[], activities="", later_facts=[],
            created_by=e.created_by, created_at=e.created_at),
            ConflictError(field="case_id", message_en="the case has an engagement already",
                          message_zh="该项目已建立核查约定"))

    def get(self, case_id: str) -> Engagement | None:
        row = self.session.get(EngagementRow, case_id)
        return _engagement(row) if row else None

    def update(self, case_id: str, **changes: Any) -> Engagement:
        """Change columns; ``risks`` given as RiskItem objects; a review or opinion as one."""
        row = self.session.get(EngagementRow, case_id)
        assert row is not None
        if "risks" in changes:
            changes["risks"] = [asdict(r) for r in changes["risks"]]
        review = changes.pop("review", None)
        if isinstance(review, Review):
            changes.update(reviewer_id=review.reviewer_id, review_agreed=review.agreed,
                           review_comment=review.comment, reviewed_at=review.at)
        opinion = changes.pop("opinion", None)
        if isinstance(opinion, Opinion):
            changes.update(opinion=opinion.kind.value, opinion_statement=opinion.statement,
                           opinion_by=opinion.issued_by, opinion_at=opinion.at)
        for key, value in changes.items():
            setattr(row, key, value.value if isinstance(value, Assurance) else value)
        self.session.flush()
        return _engagement(row)

    def add_later_fact(self, case_id: str, fact: LaterFact) -> Engagement:
        row = self.session.get(EngagementRow, case_id)
        assert row is not None
        row.later_facts = [*(row.later_facts or []), {
            "description": fact.description, "affects_opinion": fact.affects_opinion,
            "recorded_by": fact.recorded_by, "at": fact.at.isoformat()}]
        self.session.flush()
        return _engagement(row)

    def add_lines(self, lines: list[SampledLine]) -> None:
        for x in lines:
            self.session.add(SampledLineRow(case_id=x.case_id, seq=x.seq, path=x.path,
                                            name=x.name, stage=x.stage, co2e_kg=x.co2e_kg,
                                            source="", unit="", note=""))
        self.session.flush()

    def lines(self, case_id: str) -> list[SampledLine]:
        rows = self.session.scalars(select(SampledLineRow).where(
            SampledLineRow.case_id == case_id).order_by(SampledLineRow.seq)).all()
        return [_line(r) for r in rows]

    def record_evidence(self, line: SampledLine) -> None:
        row = self.session.scalars(select(SampledLineRow).where(
            SampledLineRow.case_id == line.case_id, SampledLineRow.seq == line.seq)).one()
        row.source, row.model_value, row.found_value = line.source, line.model_value, \
            line.found_value
        row.unit, row.note = line.unit, line.note
        row.recorded_by, row.recorded_at = line.recorded_by, line.recorded_at
        self.session.flush()
