"""Pilots (试点) for regulators: a regulator creates a pilot within its jurisdiction, registers
the participating units with their chain segment, declares with evidence the figures the
platform cannot compute, writes the work plan; the responsible units report progress on their
own tasks. Every step is audited and each command commits as its last step.

A pilot's status is read from the platform's records (domain/supervision/pilots.py): the
holders of valid certificates of the pilot's catalogue category within the pilot region, their
suppliers on the platform (partners linked to an organisation, open or fulfilled supplier
requests, received footprints naming the supplier), and the participants' declared segments.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.pilot_repositories import Chain, ChainOrganisation
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.organisation_identity import credit_code_problem, normalise_credit_code
from carbonlabel.domain.supervision import pilots as rules
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction, parse_jurisdiction
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
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.supervision.regulators import (
    jurisdiction_of,
    require_regulator_role,
    within,
)

#: who of a regulator's staff acts on pilots (viewers only read)
ACTING_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.AUDITOR, Role.DECISION_MAKER})
#: who of a responsible unit's staff reports progress
REPORTING_ROLES = frozenset({Role.ADMIN, Role.ANALYST})
MAX_NAME = 200
MAX_TEXT = 4000
MAX_EVIDENCE = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10


def now() -> datetime:
    return datetime.now(UTC)


def _text(value: str, field: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise InputError(field=field, message_en="this field is required",
                         message_zh="此项为必填")
    if len(text) > limit or "\x00" in text:
        raise InputError(field=field, message_en=f"at most {limit} characters, no NUL",
                         message_zh=f"最多 {limit} 个字符，且不能包含 NUL")
    return text


def _region(pilot: Pilot) -> Jurisdiction:
    return parse_jurisdiction(pilot.region)


def _audit(uow: UnitOfWork, actor: User, action: str, entity: str, entity_id: str,
           after: dict[str, object]) -> None:
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action=f"pilot.{action}", entity=entity, entity_id=entity_id, after=after)


# -- pilots ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PilotInput:
    name: str
    region: str
    category: str
    starts_on: date
    ends_on: date
    goals: str = ""


def create_pilot(uow: UnitOfWork, actor: User, data: PilotInput) -> Pilot:
    """A pilot of a region within the actor's jurisdiction and a catalogue category."""
    jurisdiction = jurisdiction_of(uow, actor)
    require_regulator_role(actor, ACTING_ROLES)
    name = _text(data.name, "name", MAX_NAME)
    try:
        region = parse_jurisdiction(data.region)
    except ValueError as bad:
        raise InputError(field="region", message_zh=str(bad.args[0]),
                         message_en=str(bad.args[1])) from None
    if not jurisdiction.covers(region.code):
        raise InputError(field="region",
                         message_en=f"{region.code} is not within your jurisdiction "
                                    f"{jurisdiction.code}",
                         message_zh=f"{region.code} 不在本部门辖区 {jurisdiction.code} 内")
    entry = catalogue.entry(data.category)
    if entry is None:
        raise InputError(field="category", message_en="choose a category of the catalogue "
                                                      "(1-17)",
                         message_zh="请选择试点认证目录中的产品类别（1-17）")
    if data.ends_on < data.starts_on:
        raise InputError(field="ends_on", message_en="the pilot cannot end before it starts",
                         message_zh="试点结束日期不能早于开始日期")
    pilot = Pilot(new_id(), name, region.code, str(entry.code), actor.organisation_id,
                  data.starts_on, data.ends_on, _text(data.goals, "goals", required=False),
                  actor.id, now())
    uow.pilots.add(pilot)
    _audit(uow, actor, "created", "pilot", pilot.id,
           {"name": pilot.name, "region": pilot.region, "category": pilot.category,
            "starts_on": pilot.starts_on.isoformat(), "ends_on": pilot.ends_on.isoformat()})
    uow.commit()
    return pilot


def pilots(uow: UnitOfWork, actor: User) -> list[Pilot]:
    """The pilots of the actor's jurisdiction."""
    return uow.pilots.within(jurisdiction_of(uow, actor))


def get_pilot(uow: UnitOfWork, actor: User, pilot_id: str) -> Pilot:
    """One pilot of the actor's jurisdiction; NotFoundError for any other."""
    jurisdiction = jurisdiction_of(uow, actor)
    pilot = uow.pilots.get(pilot_id)
    within(jurisdiction, pilot.region if pilot else None, "pilot", "试点")
    assert pilot is not None
    return pilot


def _acting_on(uow: UnitOfWork, actor: User, pilot_id: str) -> Pilot:
    """A pilot the actor may change: only its responsible regulator's staff act on it; a
    regulator above (the national administration over a province's pilot) reads it."""
    pilot = get_pilot(uow, actor, pilot_id)
    require_regulator_role(actor, ACTING_ROLES)
    if pilot.regulator_id != actor.organisation_id:
        raise PermissionDeniedError(field="pilot_id",
                                    message_en="only the pilot's responsible regulator changes "
                                               "it; other regulators read it",
                                    message_zh="仅试点的牵头监管部门可修改，其他监管部门只读")
    return pilot


def set_goals(uow: UnitOfWork, actor: User, pilot_id: str, goals: str) -> Pilot:
    """The work plan's goals, replaced."""
    pilot = _acting_on(uow, actor, pilot_id)
    text = _text(goals, "goals")
    uow.pilots.set_goals(pilot.id, text)
    _audit(uow, actor, "goals_set", "pilot", pilot.id, {"goals": text})
    uow.commit()
    return get_pilot(uow, actor, pilot.id)


# -- participants ----------------------------------------------------------------------------

def register_participant(uow: UnitOfWork, actor: User, pilot_id: str, segment: Segment,
                         organisation_id: str | None = None, name: str = "",
                         credit_code: str = "") -> Participant:
    """An organisation on the platform (by id) or a named unit with its credit code takes
    part in the pilot in ``segment``."""
    pilot = _acting_on(uow, actor, pilot_id)
    if organisation_id:
        org = uow.organisations.get(organisation_id)
        if org is None or org.kind in (OrgKind.REGULATOR, OrgKind.OPERATOR,
                                       OrgKind.CERTIFICATION_BODY):
            raise NotFoundError(field="organisation_id", message_en="no such enterprise",
                                message_zh="没有该企业")
        unit_name, code = org.name, org.credit_code
    else:
        unit_name = _text(name, "name", MAX_NAME)
        code = normalise_credit_code(credit_code)
        problem = credit_code_problem(code)
        if problem is not None:
            raise InputError(field="credit_code", message_zh=problem[0],
                             message_en=problem[1])
    participant = Participant(new_id(), pilot.id, segment, organisation_id or None,
                              unit_name, code, actor.id, now())
    uow.pilots.add_participant(participant)
    _audit(uow, actor, "participant_registered", "pilot_participant", participant.id,
           {"pilot_id": pilot.id, "segment": segment.value,
            "organisation_id": participant.organisation_id, "name": unit_name,
            "credit_code": code})
    uow.commit()
    return participant


# -- declared figures ------------------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceFile:
    file_name: str
    media_type: str
    content: bytes


def declare_figure(uow: UnitOfWork, actor: User, pilot_id: str, figure: Figure, value: float,
                   note: str, documents: list[EvidenceFile]) -> Declaration:
    """A figure the platform cannot compute, entered with at least one evidence document; it
    takes the place of the computed figure."""
    pilot = _acting_on(uow, actor, pilot_id)
    problem = rules.declaration_problem(figure, value)
    if problem is not None:
        raise InputError(field="value", message_zh=problem[0], message_en=problem[1])
    if not documents:
        raise InputError(field="evidence", message_en="attach the evidence (at least one "
                                                      "document)",
                         message_zh="请附上证明材料（至少一份文件）")
    if len(documents) > MAX_EVIDENCE_FILES:
        raise InputError(field="evidence", message_en=f"at most {MAX_EVIDENCE_FILES} files",
                         message_zh=f"最多 {MAX_EVIDENCE_FILES} 份文件")
    declaration_id = new_id()
    evidence = []
    for doc in documents:
        if not doc.content or len(doc.content) > MAX_EVIDENCE:
            raise InputError(field="evidence", message_en="an evidence file is empty or larger "
                                                          "than 10 MB",
                             message_zh="证明材料文件为空或超过 10 MB")
        evidence.append(Evidence(new_id(), declaration_id,
                                 _text(doc.file_name, "evidence", MAX_NAME),
                                 (doc.media_type or "application/octet-stream")[:100],
                                 hashlib.sha256(doc.content).hexdigest(), len(doc.content)))
    declaration = Declaration(declaration_id, pilot.id, figure, float(value),
                              _text(note, "note", required=False), actor.id, now(),
                              tuple(evidence))
    uow.pilots.add_declaration(declaration, [d.content for d in documents])
    _audit(uow, actor, "figure_declared", "pilot_declaration", declaration.id,
           {"pilot_id": pilot.id, "figure": figure.value, "value": declaration.value,
            "evidence": [{"file_name": e.file_name, "sha256": e.sha256} for e in evidence]})
    uow.commit()
    return declaration


def evidence(uow: UnitOfWork, actor: User, pilot_id: str,
             evidence_id: str) -> tuple[Evidence, bytes]:
    """An evidence document of a pilot, for the regulators who see the pilot."""
    pilot = get_pilot(uow, actor, pilot_id)
    found = uow.pilots.evidence(evidence_id)
    if found is None or found[0] != pilot.id:
        raise NotFoundError(field="evidence_id", message_en="no such document",
                            message_zh="没有该文件")
    return found[1], found[2]


# -- work plan -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaskInput:
    title: str
    measure: str
    starts_on: date
    due_on: date
    responsible_name: str = ""
    responsible_organisation_id: str | None = None  # an organisation on the platform


def add_task(uow: UnitOfWork, actor: User, pilot_id: str, data: TaskInput) -> Task:
    """A task of the work plan, its responsible unit on the platform (by id) or named."""
    pilot = _acting_on(uow, actor, pilot_id)
    title = _text(data.title, "title", 300)
    measure = _text(data.measure, "measure", required=False)
    problem = rules.task_problem(data.starts_on, data.due_on, pilot)
    if problem is not None:
        raise InputError(field="due_on", message_zh=problem[0], message_en=problem[1])
    org_id = data.responsible_organisation_id or None
    if org_id is not None:
        org = uow.organisations.get(org_id)
        if org is None:
            raise NotFoundError(field="responsible_organisation_id",
                                message_en="no such organisation", message_zh="没有该单位")
        responsible = org.name
    else:
        responsible = _text(data.responsible_name, "responsible_name", MAX_NAME)
    task = Task(new_id(), pilot.id, title, measure, responsible, org_id, data.starts_on,
                data.due_on, 0, None)
    uow.pilots.add_task(task)
    _audit(uow, actor, "task_added", "pilot_task", task.id,
           {"pilot_id": pilot.id, "title": title, "responsible": responsible,
            "responsible_organisation_id": org_id, "starts_on": task.starts_on.isoformat(),
            "due_on": task.due_on.isoformat()})
    uow.commit()
    return task


def _task_for_reporting(uow: UnitOfWork, actor: User, task_id: str) -> Task:
    """The task, if the actor reports on it: staff (admin, analyst) of its responsible
    organisation, or a regulator acting on the pilot for a unit not on the platform."""
    task = uow.pilots.task(task_id)
    missing = NotFoundError(field="task_id", message_en="no such task", message_zh="没有该任务")
    if task is None:
        raise missing
    if task.responsible_organisation_id == actor.organisation_id:
        if actor.role not in REPORTING_ROLES:
            raise PermissionDeniedError(
                field="role", message_en=f"role '{actor.role.value}' may not report progress",
                message_zh=f"角色「{actor.role.value}」无权报告进展")
        return task
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.REGULATOR:
        raise missing  # another unit's task: not even its existence is told
    try:
        _acting_on(uow, actor, task.pilot_id)
    except NotFoundError:  # a pilot of another jurisdiction: its task is not told either
        raise missing from None
    if task.responsible_organisation_id is not None:
        raise PermissionDeniedError(
            field="task_id", message_en="the responsible unit reports progress on this task "
                                        "itself",
            message_zh="该任务的进展由责任单位自行报告")
    return task


def report_progress(uow: UnitOfWork, actor: User, task_id: str, progress: int, done: bool,
                    note: str, on: date) -> Task:
    """The responsible unit's report on its task (``on``: the day it is done, if it is)."""
    task = _task_for_reporting(uow, actor, task_id)
    if not 0 <= progress <= 100:
        raise InputError(field="progress", message_en="progress is a percentage from 0 to 100",
                         message_zh="进展须为 0 到 100 之间的百分比")
    if done:
        progress = 100
    report = ProgressReport(new_id(), task.id, progress, done,
                            _text(note, "note", required=False), actor.id,
                            actor.organisation_id, now())
    done_on = (task.done_on or on) if done else None
    uow.pilots.add_report(report, done_on)
    _audit(uow, actor, "progress_reported", "pilot_task", task.id,
           {"pilot_id": task.pilot_id, "progress": progress, "done": done,
            "done_on": done_on.isoformat() if done_on else None})
    uow.commit()
    updated = uow.pilots.task(task.id)
    assert updated is not None
    return updated


@dataclass(frozen=True)
class MyTask:
    task: Task
    pilot: Pilot
    overdue: bool


def my_tasks(uow: UnitOfWork, actor: User, on: date) -> list[MyTask]:
    """The tasks the actor's organisation is responsible for, with their pilots."""
    out = []
    for task in uow.pilots.tasks_of(actor.organisation_id):
        pilot = uow.pilots.get(task.pilot_id)
        assert pilot is not None
        out.append(MyTask(task, pilot, rules.overdue(task, on)))
    return out


# -- status ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainUnit:
    """An organisation of the pilot's supply chain on the platform and how it is counted."""

    organisation: ChainOrganisation
    holder: bool
    segment: Segment | None  # its participation's segment; None: not a participant
    counted: bool  # counted among the supporting enterprises (a participant with credit code)


@dataclass(frozen=True)
class PilotStatus:
    pilot: Pilot
    on: date
    conditions: rules.Conditions
    links: int  # in-region supply links
    participating_links: int
    chain: list[ChainUnit]
    participants: list[Participant]
    declarations: list[Declaration]
    tasks: list[Task]
    overdue: frozenset[str]  # ids of overdue tasks
    progress: rules.PlanProgress
    reports: dict[str, list[ProgressReport]]


def _chain_units(chain: Chain, participants: list[Participant]) -> list[ChainUnit]:
    by_org = {p.organisation_id: p for p in participants if p.organisation_id}
    linked = set(chain.holders) | {s for _, s in chain.links}
    units = []
    for org_id in sorted(linked, key=lambda i: (chain.organisations[i].name, i)):
        p = by_org.get(org_id)
        units.append(ChainUnit(chain.organisations[org_id], org_id in chain.holders,
                               p.segment if p else None,
                               p is not None and bool(p.credit_code)))
    return units


def pilot_status(uow: UnitOfWork, actor: User, pilot_id: str, on: date) -> PilotStatus:
    """The pilot's conditions (computed or declared), chain, participants and work plan as of
    ``on``."""
    pilot = get_pilot(uow, actor, pilot_id)
    region = _region(pilot)
    chain = uow.pilots.chain(pilot.category, region)
    participants = uow.pilots.participants(pilot.id)
    participating = {p.organisation_id for p in participants if p.organisation_id}
    links = {(b, s) for b, s in chain.links if region.covers(chain.organisations[s].region)}
    coverage = rules.chain_coverage(links, participating)
    units = _chain_units(chain, participants)
    counted: dict[str, Segment] = {}
    by_org = {p.organisation_id: p for p in participants if p.organisation_id}
    for unit in units:
        p = by_org.get(unit.organisation.id)
        if unit.counted and p is not None and p.credit_code:
            counted.setdefault(p.credit_code, p.segment)
    declarations = uow.pilots.declarations(pilot.id)
    conditions = rules.conditions(coverage, rules.enterprises_per_segment(counted),
                                  declarations)
    tasks = uow.pilots.tasks(pilot.id)
    return PilotStatus(
        pilot, on, conditions, len(links),
        sum(1 for _, s in links if s in participating), units, participants, declarations,
        tasks, frozenset(t.id for t in tasks if rules.overdue(t, on)),
        rules.plan_progress(tasks, on), {t.id: uow.pilots.reports(t.id) for t in tasks})
