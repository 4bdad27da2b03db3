"""Repositories of certification records: rows in, domain objects out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, cast

import psycopg
from sqlalchemy import delete, func, insert, or_, select

from carbonlabel.adapters.db.body_tables import BodyApprovalRow
from carbonlabel.adapters.db.certification_tables import (
    AccreditationRow,
    CaseDocumentRow,
    CaseEventRow,
    CaseRow,
    CertificateRow,
    ImpartialityRow,
    LabelRow,
    NonconformityRow,
    QualificationRow,
    ScanRow,
    StatusChangeRow,
    SurveillanceRow,
    VerificationRow,
)
from carbonlabel.adapters.db.repositories import Page, _Repository
from carbonlabel.adapters.db.system_tables import SystemCertificateRow
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.records import (
    CaseDocument,
    CaseEvent,
    Certificate,
    CertificationCase,
    DocumentKind,
    Label,
    Nonconformity,
    StatusChange,
    SurveillanceCheck,
    VerificationRecord,
)
from carbonlabel.domain.certification.rules import Accreditation, Qualification
from carbonlabel.domain.certification.states import CaseState
from carbonlabel.errors import ConflictError


def _case(r: CaseRow) -> CertificationCase:
    return CertificationCase(r.id, r.applicant_id, r.body_id, r.product_id, r.footprint_id,
                             r.model_version_id, r.category, r.scheme, CaseState(r.state),
                             tuple(r.team), tuple(date.fromisoformat(d) for d in r.audit_dates),
                             r.decider_id, r.certificate_id, r.created_at, r.updated_at)


def _certificate(r: CertificateRow) -> Certificate:
    return Certificate(r.id, r.number, r.case_id, r.holder_id, r.body_id, r.product_id,
                       r.model_version_id, r.footprint_id, r.declared_unit, r.value_co2e_kg,
                       r.boundary, r.standard, r.product_rule, r.scheme, r.issued_on,
                       r.expires_on, CertificateStatus(r.status), r.reevaluation_required,
                       r.created_at, r.certified_value, r.certified_unit, r.revision,
                       r.reevaluation_since, r.product_rule_release)


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)


def _label(r: LabelRow) -> Label:
    return Label(r.id, r.certificate_id, r.code, r.token, r.kid, r.value, r.unit, r.issued_on,
                 r.expires_on, r.created_at, r.print_run, r.printed_quantity,
                 tuple(x for x in (r.sales_regions or "").split(",") if x))


def _nc(r: NonconformityRow) -> Nonconformity:
    return Nonconformity(r.id, r.case_id, r.description, r.raised_by, r.raised_at,
                         r.corrective_action, r.closed_by, r.closed_at)


class Bodies(_Repository):
    """Accreditation scopes, auditor qualifications and impartiality declarations."""

    def accredit(self, body_id: str, category: str) -> None:
        """Add a catalogue code to the body's scope (nothing if it is there already)."""
        if self.session.scalar(select(AccreditationRow.id).where(
                AccreditationRow.body_id == body_id,
                AccreditationRow.category == category)) is None:
            self.session.add(AccreditationRow(body_id=body_id, category=category))
            self.session.flush()

    def set_scope(self, body_id: str, categories: frozenset[str]) -> None:
        """The body's scope becomes exactly ``categories`` (catalogue codes)."""
        current = set(self.session.scalars(select(AccreditationRow.category).where(
            AccreditationRow.body_id == body_id)))
        gone = current - categories
        if gone:
            self.session.execute(delete(AccreditationRow).where(
                AccreditationRow.body_id == body_id, AccreditationRow.category.in_(gone)))
        for category in sorted(categories - current):
            self.session.add(AccreditationRow(body_id=body_id, category=category))
        self.session.flush()

    def accreditation(self, body_id: str) -> Accreditation | None:
        cats = self.session.scalars(select(AccreditationRow.category)
                                    .where(AccreditationRow.body_id == body_id)).all()
        return Accreditation(body_id, frozenset(cats)) if cats else None

    def body_code(self, body_id: str) -> int | None:
        return self.session.scalar(select(BodyApprovalRow.body_code)
                                   .where(BodyApprovalRow.body_id == body_id))

    def qualify(self, user_id: str, category: str) -> None:
        self._insert(QualificationRow(user_id=user_id, category=category),
                     ConflictError(field="category", message_en="already qualified",
                                   message_zh="已具备该资格"))

    def qualifications(self, user_ids: list[str]) -> dict[str, Qualification]:
        rows = self.session.execute(select(QualificationRow.user_id, QualificationRow.category)
                                    .where(QualificationRow.user_id.in_(user_ids))).all()
        cats: dict[str, set[str]] = {}
        for user_id, category in rows:
            cats.setdefault(user_id, set()).add(category)
        return {u: Qualification(u, frozenset(c)) for u, c in cats.items()}

    def declare(self, user_id: str, applicant_id: str, statement: str, at: datetime) -> None:
        self._insert(ImpartialityRow(user_id=user_id, applicant_id=applicant_id,
                                     statement=statement, declared_at=at),
                     ConflictError(field="applicant_id", message_en="already declared",
                                   message_zh="已作出声明"))

    def declared(self, user_ids: list[str], applicant_id: str) -> set[str]:
        return set(self.session.scalars(select(ImpartialityRow.user_id).where(
            ImpartialityRow.user_id.in_(user_ids),
            ImpartialityRow.applicant_id == applicant_id)))

    # -- listings of the certification pages (body directory, staff set-up) ----------------

    def scopes(self) -> dict[str, tuple[int | None, frozenset[str]]]:
        """Every accredited body: its code and the categories of its scope."""
        rows = self.session.execute(
            select(AccreditationRow.body_id, BodyApprovalRow.body_code,
                   AccreditationRow.category)
            .outerjoin(BodyApprovalRow, BodyApprovalRow.body_id == AccreditationRow.body_id)
        ).all()
        found: dict[str, tuple[int | None, set[str]]] = {}
        for body_id, code, category in rows:
            found.setdefault(body_id, (code, set()))[1].add(category)
        return {b: (code, frozenset(cats)) for b, (code, cats) in found.items()}

    def declarations(self, user_ids: list[str]) -> list[tuple[str, str, str, datetime]]:
        """(user id, applicant id, statement, declared at) of these users' declarations."""
        rows = self.session.execute(select(
            ImpartialityRow.user_id, ImpartialityRow.applicant_id, ImpartialityRow.statement,
            ImpartialityRow.declared_at).where(ImpartialityRow.user_id.in_(user_ids))
            .order_by(ImpartialityRow.declared_at)).all()
        return [(u, a, s, at) for u, a, s, at in rows]


class Cases(_Repository):
    def add(self, case: CertificationCase) -> None:
        self.session.add(CaseRow(
            id=case.id, applicant_id=case.applicant_id, body_id=case.body_id,
            product_id=case.product_id, footprint_id=case.footprint_id,
            model_version_id=case.model_version_id, category=case.category,
            scheme=case.scheme, state=case.state.value, team=list(case.team),
            audit_dates=[d.isoformat() for d in case.audit_dates], decider_id=case.decider_id,
            certificate_id=case.certificate_id, created_at=case.created_at,
            updated_at=case.updated_at))
        self.session.flush()

    def get(self, case_id: str) -> CertificationCase | None:
        row = self.session.get(CaseRow, case_id)
        return _case(row) if row else None

    def visible_to(self, org_id: str, case_id: str) -> CertificationCase | None:
        """A case is seen by its applicant and by its certification body only."""
        case = self.get(case_id)
        return case if case and org_id in (case.applicant_id, case.body_id) else None

    def update(self, case_id: str, **changes: Any) -> None:
        row = self.session.get(CaseRow, case_id)
        if row is None:
            return
        for key, value in changes.items():
            if key == "state":
                value = value.value
            elif key == "audit_dates":
                value = [d.isoformat() for d in value]
            elif key == "team":
                value = list(value)
            setattr(row, key, value)

    def page(self, org_id: str, offset: int, limit: int,
             state: CaseState | None = None) -> Page[CertificationCase]:
        q = select(CaseRow).where(or_(CaseRow.applicant_id == org_id, CaseRow.body_id == org_id))
        if state is not None:
            q = q.where(CaseRow.state == state.value)
        return self._page(q.order_by(CaseRow.updated_at.desc(), CaseRow.id), _case, offset,
                          limit)

    def add_event(self, event: CaseEvent) -> None:
        self.session.add(CaseEventRow(case_id=event.case_id, seq=event.seq, action=event.action,
                                      from_state=event.from_state, to_state=event.to_state,
                                      actor_id=event.actor_id, at=event.at, reason=event.reason,
                                      attachments=list(event.attachments)))
        self.session.flush()

    def events(self, case_id: str) -> list[CaseEvent]:
        rows = self.session.scalars(select(CaseEventRow).where(CaseEventRow.case_id == case_id)
                                    .order_by(CaseEventRow.seq)).all()
        return [CaseEvent(r.case_id, r.seq, r.action, r.from_state, r.to_state, r.actor_id, r.at,
                          r.reason, tuple(r.attachments)) for r in rows]

    def add_document(self, doc: CaseDocument, content: bytes) -> None:
        self.session.add(CaseDocumentRow(id=doc.id, case_id=doc.case_id, kind=doc.kind.value,
                                         filename=doc.filename, media_type=doc.media_type,
                                         sha256=doc.sha256, size=doc.size, content=content,
                                         uploaded_by=doc.uploaded_by,
                                         uploaded_at=doc.uploaded_at))
        self.session.flush()

    def documents(self, case_id: str) -> list[CaseDocument]:
        rows = self.session.scalars(select(CaseDocumentRow)
                                    .where(CaseDocumentRow.case_id == case_id)
                                    .order_by(CaseDocumentRow.uploaded_at)).all()
        return [CaseDocument(r.id, r.case_id, DocumentKind(r.kind), r.filename, r.media_type,
                             r.sha256, r.size, r.uploaded_by, r.uploaded_at) for r in rows]

    def document_content(self, case_id: str, doc_id: str) -> tuple[CaseDocument, bytes] | None:
        r = self.session.get(CaseDocumentRow, doc_id)
        if r is None or r.case_id != case_id:
            return None
        return (CaseDocument(r.id, r.case_id, DocumentKind(r.kind), r.filename, r.media_type,
                             r.sha256, r.size, r.uploaded_by, r.uploaded_at), r.content)

    def add_verification(self, v: VerificationRecord) -> None:
        self.session.add(VerificationRow(
            case_id=v.case_id, submitted_total=v.submitted_total,
            recomputed_total=v.recomputed_total, relative_difference=v.relative_difference,
            materiality=v.materiality, material=v.material,
            input_hash_matches=v.input_hash_matches, notes=v.notes, verifier_id=v.verifier_id,
            at=v.at))
        self.session.flush()

    def verifications(self, case_id: str) -> list[VerificationRecord]:
        rows = self.session.scalars(select(VerificationRow).where(
            VerificationRow.case_id == case_id).order_by(VerificationRow.id)).all()
        return [VerificationRecord(r.case_id, r.submitted_total, r.recomputed_total,
                                   r.relative_difference, r.materiality, r.material,
                                   r.input_hash_matches, r.notes, r.verifier_id, r.at)
                for r in rows]

    def add_nonconformity(self, nc: Nonconformity) -> None:
        self.session.add(NonconformityRow(id=nc.id, case_id=nc.case_id,
                                          description=nc.description, raised_by=nc.raised_by,
                                          raised_at=nc.raised_at))
        self.session.flush()

    def nonconformities(self, case_id: str) -> list[Nonconformity]:
        rows = self.session.scalars(select(NonconformityRow).where(
            NonconformityRow.case_id == case_id).order_by(NonconformityRow.raised_at)).all()
        return [_nc(r) for r in rows]

    def update_nonconformity(self, nc_id: str, **changes: Any) -> Nonconformity | None:
        row = self.session.get(NonconformityRow, nc_id)
        if row is None:
            return None
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()
        return _nc(row)


class Certificates(_Repository):
    def add(self, c: Certificate) -> None:
        self._insert(CertificateRow(
            id=c.id, number=c.number, case_id=c.case_id, holder_id=c.holder_id,
            body_id=c.body_id, product_id=c.product_id, model_version_id=c.model_version_id,
            footprint_id=c.footprint_id, declared_unit=c.declared_unit,
            value_co2e_kg=c.value_co2e_kg, boundary=c.boundary, standard=c.standard,
            product_rule=c.product_rule, scheme=c.scheme, issued_on=c.issued_on,
            expires_on=c.expires_on, status=c.status.value,
            reevaluation_required=c.reevaluation_required, created_at=c.created_at,
            certified_value=c.certified_value, certified_unit=c.certified_unit,
            revision=c.revision, reevaluation_since=c.reevaluation_since,
            product_rule_release=c.product_rule_release),
            ConflictError(field="number", message_en="certificate number already used",
                          message_zh="证书编号已被使用"))

    def next_serial(self, body_id: str, year: int) -> int:
        prefix = f"CFP-{year:04d}-"
        count = self.session.scalar(select(func.count()).select_from(CertificateRow).where(
            CertificateRow.body_id == body_id, CertificateRow.number.like(prefix + "%")))
        systems = self.session.scalar(select(func.count()).select_from(SystemCertificateRow)
                                      .where(SystemCertificateRow.body_id == body_id,
                                             SystemCertificateRow.number.like(prefix + "%")))
        return int(count or 0) + int(systems or 0) + 1  # one series with system certificates

    def get(self, certificate_id: str) -> Certificate | None:
        row = self.session.get(CertificateRow, certificate_id)
        return _certificate(row) if row else None

    def by_number(self, number: str) -> Certificate | None:
        row = self.session.scalar(select(CertificateRow).where(CertificateRow.number == number))
        return _certificate(row) if row else None

    def of_holder(self, holder_id: str) -> list[Certificate]:
        """Every certificate an organisation holds, oldest first."""
        rows = self.session.scalars(select(CertificateRow).where(
            CertificateRow.holder_id == holder_id).order_by(CertificateRow.issued_on)).all()
        return [_certificate(r) for r in rows]

    def for_product(self, product_id: str) -> list[Certificate]:
        rows = self.session.scalars(select(CertificateRow).where(
            CertificateRow.product_id == product_id).order_by(CertificateRow.issued_on)).all()
        return [_certificate(r) for r in rows]

    def update(self, certificate_id: str, **changes: Any) -> None:
        row = self.session.get(CertificateRow, certificate_id)
        if row is None:
            return
        for key, value in changes.items():
            setattr(row, key, value.value if isinstance(value, CertificateStatus) else value)
        self.session.flush()

    def page_visible(self, org_id: str, offset: int, limit: int) -> Page[Certificate]:
        q = select(CertificateRow).where(or_(CertificateRow.holder_id == org_id,
                                             CertificateRow.body_id == org_id))
        return self._page(q.order_by(CertificateRow.issued_on.desc(), CertificateRow.id),
                          _certificate, offset, limit)

    def search(self, text: str, category: str | None, region: str | None, offset: int,
               limit: int) -> Page[Any]:
        """The public registry: certificates with holder and product, by text and filters."""
        holder = OrganisationRow.__table__.alias("holder")
        q = (select(CertificateRow, ProductRow, holder.c.name, holder.c.region)
             .join(ProductRow, ProductRow.id == CertificateRow.product_id)
             .join(holder, holder.c.id == CertificateRow.holder_id))
        if text:
            like = f"%{text.strip()}%"
            q = q.where(or_(ProductRow.name_zh.ilike(like), ProductRow.name_en.ilike(like),
                            holder.c.name.ilike(like), CertificateRow.number.ilike(like)))
        if category:
            q = q.where(ProductRow.category == category)
        if region:
            q = q.where(holder.c.region.like(f"{region}%"))
        total = self.session.scalar(select(func.count()).select_from(q.subquery())) or 0
        rows = self.session.execute(q.order_by(CertificateRow.issued_on.desc(),
                                               CertificateRow.id)
                                    .offset(offset).limit(limit)).all()
        items = [(_certificate(c), p, name, region_) for c, p, name, region_ in rows]
        return Page(items, int(total), offset, limit)

    def add_status_change(self, change: StatusChange) -> None:
        self.session.add(StatusChangeRow(
            certificate_id=change.certificate_id, action=change.action,
            from_status=change.from_status, to_status=change.to_status,
            actor_id=change.actor_id, at=change.at, reason=change.reason))
        self.session.flush()

    def status_changes(self, certificate_id: str) -> list[StatusChange]:
        rows = self.session.scalars(select(StatusChangeRow).where(
            StatusChangeRow.certificate_id == certificate_id).order_by(StatusChangeRow.id)).all()
        return [StatusChange(r.certificate_id, r.action, r.from_status, r.to_status, r.actor_id,
                             r.at, r.reason) for r in rows]

    def add_surveillance(self, check: SurveillanceCheck) -> None:
        self.session.add(SurveillanceRow(id=check.id, certificate_id=check.certificate_id,
                                         due_on=check.due_on, done_on=check.done_on,
                                         result=check.result, notes=check.notes,
                                         auditor_id=check.auditor_id))
        self.session.flush()

    def surveillance(self, certificate_id: str) -> list[SurveillanceCheck]:
        rows = self.session.scalars(select(SurveillanceRow).where(
            SurveillanceRow.certificate_id == certificate_id).order_by(SurveillanceRow.due_on))
        return [SurveillanceCheck(r.id, r.certificate_id, r.due_on, r.done_on, r.result,
                                  r.notes, r.auditor_id) for r in rows]

    def open_surveillance(self, until: date) -> list[tuple[SurveillanceCheck, Certificate]]:
        rows = self.session.execute(
            select(SurveillanceRow, CertificateRow)
            .join(CertificateRow, CertificateRow.id == SurveillanceRow.certificate_id)
            .where(SurveillanceRow.done_on.is_(None), SurveillanceRow.due_on <= until)).all()
        return [(SurveillanceCheck(s.id, s.certificate_id, s.due_on, s.done_on, s.result,
                                   s.notes, s.auditor_id), _certificate(c)) for s, c in rows]

    def complete_surveillance(self, check_id: str, done_on: date, result: str, notes: str,
                              auditor_id: str) -> None:
        row = self.session.get(SurveillanceRow, check_id)
        if row is not None:
            row.done_on, row.result, row.notes, row.auditor_id = done_on, result, notes, auditor_id
            self.session.flush()


class Labels(_Repository):
    def add(self, label: Label, token_sha256: str) -> None:
        self.session.add(LabelRow(id=label.id, certificate_id=label.certificate_id,
                                  code=label.code, token=label.token, token_sha256=token_sha256,
                                  kid=label.kid, value=label.value, unit=label.unit,
                                  issued_on=label.issued_on, expires_on=label.expires_on,
                                  created_at=label.created_at, print_run=label.print_run,
                                  printed_quantity=label.printed_quantity,
                                  sales_regions=",".join(label.sales_regions) or None))
        self.session.flush()

    def for_certificate(self, certificate_id: str) -> list[Label]:
        rows = self.session.scalars(select(LabelRow).where(
            LabelRow.certificate_id == certificate_id).order_by(LabelRow.created_at)).all()
        return [_label(r) for r in rows]

    def get(self, label_id: str) -> Label | None:
        row = self.session.get(LabelRow, label_id)
        return _label(row) if row else None

    def by_token_digest(self, digest: str) -> Label | None:
        row = self.session.scalar(select(LabelRow).where(LabelRow.token_sha256 == digest))
        return _label(row) if row else None


class Scans(_Repository):
    """The scan log: append-only (rows are added, never updated or deleted)."""

    _COLUMNS = ("at", "code", "outcome", "channel", "claimed_number", "failure", "region",
                "region_source", "client")

    def add_many(self, entries: Sequence[Sequence[Any]]) -> None:
        """Write scan records (``services/registry/verification.ScanRecord``) in bulk (the
        registry's scan log writes thousands a second: COPY on PostgreSQL, 3 µs a record; one
        executemany INSERT elsewhere). A record of the four first fields only is accepted."""
        if not entries:
            return
        rows = [(_utc(e[0]), *e[1:4], *(tuple(e[4:9]) + (None,) * (9 - max(4, len(e)))))
                for e in entries]
        conn = self.session.connection()
        if conn.dialect.name == "postgresql":
            dbapi = cast(psycopg.Connection[Any], conn.connection.dbapi_connection)
            with dbapi.cursor() as cursor, cursor.copy(
                    f"COPY label_scans ({', '.join(self._COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        conn.execute(insert(ScanRow), [dict(zip(self._COLUMNS, row, strict=True))
                                       for row in rows])

    def counts(self, since: datetime) -> dict[str, int]:
        rows = self.session.execute(select(ScanRow.outcome, func.count()).where(
            ScanRow.at >= since).group_by(ScanRow.outcome)).all()
        return {outcome: int(n) for outcome, n in rows}
