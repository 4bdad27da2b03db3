"""Repositories of pilots: pilots, participants, declared figures and their evidence, tasks and
progress reports in and out, and the supply chain a pilot's conditions are computed from (the
holders of certified footprints of a category and their suppliers on the platform)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from carbonlabel.adapters.db.certification_tables import CaseRow, CertificateRow
from carbonlabel.adapters.db.exchange_tables import (
    PartnerRow,
    ReceivedFootprintRow,
    SupplierRequestRow,
)
from carbonlabel.adapters.db.pilot_tables import (
    PilotDeclarationRow,
    PilotEvidenceRow,
    PilotParticipantRow,
    PilotProgressRow,
    PilotRow,
    PilotTaskRow,
)
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.supervision_repositories import region_within
from carbonlabel.adapters.db.tables import OrganisationRow
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction
from carbonlabel.domain.supervision.pilots import (
    Declaration,
    Evidence,
    Figure,
    Participant,
    Pilot,
    ProgressReport,
    Segment,
    Task,
)
from carbonlabel.errors import ConflictError

#: supplier requests that name a supplier relationship (not withdrawn by either side)
_LINK_REQUEST_STATES = ("open", "fulfilled")


@dataclass(frozen=True)
class ChainOrganisation:
    id: str
    name: str
    region: str
    credit_code: str | None


@dataclass(frozen=True)
class Chain:
    """The holders of certified footprints of a category and their supply links (holder,
    supplier) on the platform, with every organisation named."""

    holders: frozenset[str]
    links: frozenset[tuple[str, str]]
    organisations: dict[str, ChainOrganisation]


def _pilot(r: PilotRow) -> Pilot:
    return Pilot(r.id, r.name, r.region, r.category, r.regulator_id, r.starts_on, r.ends_on,
                 r.goals, r.created_by, r.created_at)


def _participant(r: PilotParticipantRow) -> Participant:
    return Participant(r.id, r.pilot_id, Segment(r.segment), r.organisation_id, r.name,
                       r.credit_code, r.registered_by, r.registered_at)


def _evidence(r: PilotEvidenceRow) -> Evidence:
    return Evidence(r.id, r.declaration_id, r.file_name, r.media_type, r.sha256, r.size)


def _task(r: PilotTaskRow) -> Task:
    return Task(r.id, r.pilot_id, r.title, r.measure, r.responsible_name,
                r.responsible_organisation_id, r.starts_on, r.due_on, r.progress, r.done_on)


def _report(r: PilotProgressRow) -> ProgressReport:
    return ProgressReport(r.id, r.task_id, r.progress, r.done, r.note, r.reported_by,
                          r.organisation_id, r.reported_at)


class Pilots(_Repository):
    # -- pilots ----------------------------------------------------------------------------
    def add(self, p: Pilot) -> None:
        self.session.add(PilotRow(id=p.id, name=p.name, region=p.region, category=p.category,
                                  regulator_id=p.regulator_id, starts_on=p.starts_on,
                                  ends_on=p.ends_on, goals=p.goals, created_by=p.created_by,
                                  created_at=p.created_at))
        self.session.flush()

    def get(self, pilot_id: str) -> Pilot | None:
        row = self.session.get(PilotRow, pilot_id)
        return _pilot(row) if row is not None else None

    def within(self, jurisdiction: Jurisdiction) -> list[Pilot]:
        """The pilots whose region lies within the jurisdiction, by region and name."""
        q = select(PilotRow).where(region_within(PilotRow.region, jurisdiction))
        return [_pilot(r) for r in self.session.scalars(
            q.order_by(PilotRow.region, PilotRow.name, PilotRow.id))]

    def set_goals(self, pilot_id: str, goals: str) -> None:
        self.session.execute(update(PilotRow).where(PilotRow.id == pilot_id)
                             .values(goals=goals))

    # -- participants ----------------------------------------------------------------------
    def add_participant(self, p: Participant) -> None:
        self._insert(PilotParticipantRow(
            id=p.id, pilot_id=p.pilot_id, segment=p.segment.value,
            organisation_id=p.organisation_id, name=p.name, credit_code=p.credit_code,
            registered_by=p.registered_by, registered_at=p.registered_at),
            ConflictError(field="participant", message_en="this unit already takes part in "
                                                          "the pilot",
                          message_zh="该单位已是本试点的参与单位"))

    def participants(self, pilot_id: str) -> list[Participant]:
        q = select(PilotParticipantRow).where(PilotParticipantRow.pilot_id == pilot_id)
        return [_participant(r) for r in self.session.scalars(
            q.order_by(PilotParticipantRow.segment, PilotParticipantRow.name,
                       PilotParticipantRow.id))]

    # -- declared figures ------------------------------------------------------------------
    def add_declaration(self, d: Declaration, contents: Iterable[bytes]) -> None:
        self.session.add(PilotDeclarationRow(
            id=d.id, pilot_id=d.pilot_id, figure=d.figure.value, value=d.value, note=d.note,
            declared_by=d.declared_by, declared_at=d.declared_at))
        self.session.flush()
        for e, content in zip(d.evidence, contents, strict=True):
            self.session.add(PilotEvidenceRow(id=e.id, declaration_id=d.id,
                                              file_name=e.file_name, media_type=e.media_type,
                                              sha256=e.sha256, size=e.size, content=content))
        self.session.flush()

    def declarations(self, pilot_id: str) -> list[Declaration]:
        rows = self.session.scalars(select(PilotDeclarationRow).where(
            PilotDeclarationRow.pilot_id == pilot_id).order_by(
            PilotDeclarationRow.declared_at, PilotDeclarationRow.id)).all()
        evidence: dict[str, list[Evidence]] = {}
        if rows:
            for e in self.session.scalars(select(PilotEvidenceRow).where(
                    PilotEvidenceRow.declaration_id.in_([r.id for r in rows])).order_by(
                    PilotEvidenceRow.file_name, PilotEvidenceRow.id)):
                evidence.setdefault(e.declaration_id, []).append(_evidence(e))
        return [Declaration(r.id, r.pilot_id, Figure(r.figure), r.value, r.note,
                            r.declared_by, r.declared_at, tuple(evidence.get(r.id, ())))
                for r in rows]

    def evidence(self, evidence_id: str) -> tuple[str, Evidence, bytes] | None:
        """(pilot id, evidence, content) of one evidence document."""
        row = self.session.get(PilotEvidenceRow, evidence_id)
        if row is None:
            return None
        pilot_id = self.session.scalar(select(PilotDeclarationRow.pilot_id).where(
            PilotDeclarationRow.id == row.declaration_id))
        assert pilot_id is not None
        return pilot_id, _evidence(row), row.content

    # -- work plan -------------------------------------------------------------------------
    def add_task(self, t: Task) -> None:
        self.session.add(PilotTaskRow(
            id=t.id, pilot_id=t.pilot_id, title=t.title, measure=t.measure,
            responsible_name=t.responsible_name,
            responsible_organisation_id=t.responsible_organisation_id, starts_on=t.starts_on,
            due_on=t.due_on, progress=t.progress, done_on=t.done_on))
        self.session.flush()

    def task(self, task_id: str) -> Task | None:
        row = self.session.get(PilotTaskRow, task_id)
        return _task(row) if row is not None else None

    def tasks(self, pilot_id: str) -> list[Task]:
        q = select(PilotTaskRow).where(PilotTaskRow.pilot_id == pilot_id)
        return [_task(r) for r in self.session.scalars(
            q.order_by(PilotTaskRow.due_on, PilotTaskRow.title, PilotTaskRow.id))]

    def tasks_of(self, organisation_id: str) -> list[Task]:
        """The tasks an organisation on the platform is responsible for."""
        q = select(PilotTaskRow).where(
            PilotTaskRow.responsible_organisation_id == organisation_id)
        return [_task(r) for r in self.session.scalars(
            q.order_by(PilotTaskRow.due_on, PilotTaskRow.title, PilotTaskRow.id))]

    def add_report(self, r: ProgressReport, done_on: date | None) -> None:
        """The report, and the task's progress and done day as it says."""
        self.session.add(PilotProgressRow(
            id=r.id, task_id=r.task_id, progress=r.progress, done=r.done, note=r.note,
            reported_by=r.reported_by, organisation_id=r.organisation_id,
            reported_at=r.reported_at))
        self.session.execute(update(PilotTaskRow).where(PilotTaskRow.id == r.task_id)
                             .values(progress=r.progress, done_on=done_on))
        self.session.flush()

    def reports(self, task_id: str) -> list[ProgressReport]:
        q = select(PilotProgressRow).where(PilotProgressRow.task_id == task_id)
        return [_report(r) for r in self.session.scalars(
            q.order_by(PilotProgressRow.reported_at, PilotProgressRow.id))]

    # -- the supply chain ------------------------------------------------------------------
    def chain(self, category: str, region: Jurisdiction) -> Chain:
        """Holders (within ``region``) of valid certificates whose case is of ``category``,
        and their suppliers on the platform: partners linked to an organisation, supplier
        requests that are open or fulfilled, received footprints naming the supplier."""
        holder_rows = self.session.execute(
            select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.region,
                   OrganisationRow.credit_code)
            .join(CertificateRow, CertificateRow.holder_id == OrganisationRow.id)
            .join(CaseRow, CaseRow.id == CertificateRow.case_id)
            .where(CaseRow.category == category, CertificateRow.status == "valid")
            .distinct()).all()
        orgs = {r.id: ChainOrganisation(r.id, r.name, r.region, r.credit_code)
                for r in holder_rows if region.covers(r.region)}
        holders = frozenset(orgs)
        if not holders:
            return Chain(holders, frozenset(), {})
        queries = (
            select(PartnerRow.organisation_id, PartnerRow.partner_organisation_id).where(
                PartnerRow.organisation_id.in_(holders),
                PartnerRow.partner_organisation_id.is_not(None)),
            select(SupplierRequestRow.requester_organisation_id,
                   SupplierRequestRow.supplier_organisation_id).where(
                SupplierRequestRow.requester_organisation_id.in_(holders),
                SupplierRequestRow.supplier_organisation_id.is_not(None),
                SupplierRequestRow.state.in_(_LINK_REQUEST_STATES)),
            select(ReceivedFootprintRow.organisation_id,
                   ReceivedFootprintRow.supplier_organisation_id).where(
                ReceivedFootprintRow.organisation_id.in_(holders),
                ReceivedFootprintRow.supplier_organisation_id.is_not(None)),
        )
        pairs: set[tuple[str, str]] = set()
        for query in queries:
            for buyer, supplier in self.session.execute(query):
                if buyer and supplier and buyer != supplier:
                    pairs.add((str(buyer), str(supplier)))
        suppliers = {s for _, s in pairs} - set(orgs)
        if suppliers:
            for r in self.session.execute(
                    select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.region,
                           OrganisationRow.credit_code).where(
                        OrganisationRow.id.in_(suppliers))):
                orgs[r.id] = ChainOrganisation(r.id, r.name, r.region, r.credit_code)
        return Chain(holders, frozenset(pairs), orgs)
