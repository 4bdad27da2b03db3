"""Pilots on SQLite and PostgreSQL: the conditions computed from the platform's certificates
and supply links (against a hand count), declared figures with evidence, the work plan with
progress reported only by the responsible unit, jurisdiction isolation, every step audited."""

from __future__ import annotations

from datetime import date

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.pilots import Figure, Segment, Source
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from carbonlabel.services.supervision import pilots
from tests.support.platform import credit_code
from tests.support.supervision import colleague, regulator
from tests.support.supervision_pilots import (
    PILOT_END,
    PILOT_START,
    certified,
    enterprise,
    member,
    partner_link,
    received_link,
    request_link,
    seed_pilot,
)

CEMENT = "16"
SHENZHEN = "CN-GD-440300"


def test_supporting_enterprises_and_coverage_are_computed_from_certificates_and_links(
        make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    with make_uow(write=True) as uow, uow.atomic():
        h1 = enterprise(uow, "水泥厂 H1", SHENZHEN)
        certified(uow, h1, CEMENT)
        h2 = enterprise(uow, "水泥厂 H2 (省内其他城市)", "CN-GD")
        certified(uow, h2, CEMENT)  # outside the city pilot's region
        h3 = enterprise(uow, "电池厂 H3", SHENZHEN)
        certified(uow, h3, "4")  # another category
        h4 = enterprise(uow, "水泥厂 H4 (暂停)", SHENZHEN)
        certified(uow, h4, CEMENT, status="suspended")
        s1 = enterprise(uow, "石灰石 S1", SHENZHEN)
        s2 = enterprise(uow, "物流 S2", SHENZHEN)
        s3 = enterprise(uow, "运输 S3 (江苏)", "CN-JS")
        s4 = enterprise(uow, "S4 已取消的请求", SHENZHEN)
        s5 = enterprise(uow, "回收 S5 (H2 的供应商)", SHENZHEN)
        s6 = enterprise(uow, "S6 H4 的供应商", SHENZHEN)
        partner_link(uow, h1, s1)
        request_link(uow, h1, s1)  # the same link twice: counted once
        request_link(uow, h1, s2, state="fulfilled")
        received_link(uow, h1, s3)
        request_link(uow, h1, s4, state="cancelled")
        partner_link(uow, h2, s5)
        partner_link(uow, h4, s6)
    with make_uow(write=True) as uow:
        pilot = pilots.create_pilot(uow, inspector, pilots.PilotInput(
            "深圳水泥试点", SHENZHEN, CEMENT, PILOT_START, PILOT_END))
        for org, segment in ((h1, Segment.PROCESSING), (s1, Segment.RAW_MATERIALS),
                             (s3, Segment.TRANSPORT), (s5, Segment.RECYCLING)):
            pilots.register_participant(uow, inspector, pilot.id, segment, org.id)
        pilots.register_participant(uow, inspector, pilot.id, Segment.DISTRIBUTION,
                                    name="不在平台的经销商", credit_code=credit_code())
    with make_uow() as uow:
        status = pilots.pilot_status(uow, inspector, pilot.id, date(2026, 6, 1))
    # by hand: holders {H1}; links of H1: S1, S2 (in region), S3 (Jiangsu); S4's request was
    # cancelled. In-region links 2, of which S1's takes part: coverage 1/2.
    assert (status.links, status.participating_links) == (2, 1)
    assert status.conditions.coverage.value == pytest.approx(0.5)
    assert status.conditions.coverage.source is Source.COMPUTED
    # counted: H1 (processing), S1 (raw materials), S3 (transport); S5 takes part but is not
    # linked to the pilot's certificates; S2 is linked but takes no part; the distributor is
    # not on the platform
    values = {s: m.value for s, m in status.conditions.segments.items()}
    assert values == {Segment.RAW_MATERIALS: 1, Segment.TRANSPORT: 1, Segment.PROCESSING: 1,
                      Segment.DISTRIBUTION: 0, Segment.RECYCLING: 0}
    assert status.conditions.total_enterprises == 3
    assert not status.conditions.met
    chain = {u.organisation.id: (u.holder, u.segment, u.counted) for u in status.chain}
    assert chain == {h1.id: (True, Segment.PROCESSING, True),
                     s1.id: (False, Segment.RAW_MATERIALS, True),
                     s2.id: (False, None, False),
                     s3.id: (False, Segment.TRANSPORT, True)}


def test_a_declared_figure_with_evidence_replaces_the_computed_one(
        make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    ids = seed_pilot(make_uow, inspector)
    with make_uow(write=True) as uow:
        with pytest.raises(InputError) as no_evidence:
            pilots.declare_figure(uow, inspector, ids["pilot_id"], Figure.TRANSPORT, 12, "",
                                  [])
        assert no_evidence.value.field == "evidence"
        pilots.declare_figure(uow, inspector, ids["pilot_id"], Figure.TRANSPORT, 12, "协会名录",
                              [pilots.EvidenceFile("list.xlsx", "application/vnd.ms-excel",
                                                   b"names")])
    with make_uow() as uow:
        status = pilots.pilot_status(uow, inspector, ids["pilot_id"], date(2026, 6, 1))
        document, content = pilots.evidence(uow, inspector, ids["pilot_id"], ids["evidence_id"])
        audit = [r.action for r in uow.audit.chain()[0] if r.action.startswith("pilot.")]
    transport = status.conditions.segments[Segment.TRANSPORT]
    assert (transport.source, transport.value, transport.computed) == (Source.DECLARED, 12, 0)
    assert transport.declaration is not None
    assert transport.declaration.declared_by == inspector.id
    assert status.conditions.coverage.source is Source.DECLARED
    assert status.conditions.coverage.value == 0.9
    assert (document.file_name, content) == ("coverage.pdf", b"%PDF-1.4 evidence")
    assert audit == ["pilot.created", "pilot.participant_registered", "pilot.figure_declared",
                     "pilot.task_added", "pilot.figure_declared"]


def test_a_unit_takes_part_once_and_a_named_unit_needs_a_valid_credit_code(
        make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    ids = seed_pilot(make_uow, inspector)
    with make_uow(write=True) as uow:
        company = enterprise(uow, "企业", SHENZHEN)
        pilots.register_participant(uow, inspector, ids["pilot_id"], Segment.TRANSPORT,
                                    company.id)
        with pytest.raises(ConflictError):
            pilots.register_participant(uow, inspector, ids["pilot_id"],
                                        Segment.DISTRIBUTION, company.id)
    code = credit_code()
    with make_uow(write=True) as uow:
        with pytest.raises(InputError) as bad:
            pilots.register_participant(uow, inspector, ids["pilot_id"], Segment.TRANSPORT,
                                        name="物流", credit_code=code[:17] + "?")
        assert bad.value.field == "credit_code"
        pilots.register_participant(uow, inspector, ids["pilot_id"], Segment.TRANSPORT,
                                    name="物流", credit_code=code)
        with pytest.raises(ConflictError):
            pilots.register_participant(uow, inspector, ids["pilot_id"], Segment.RECYCLING,
                                        name="物流公司", credit_code=code)
    with make_uow() as uow:
        assert len(pilots.pilot_status(uow, inspector, ids["pilot_id"],
                                       date(2026, 6, 1)).participants) == 3


def test_a_pilot_region_lies_within_the_regulator_jurisdiction(make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    viewer = colleague(make_uow, inspector, "viewer@reg.example", Role.VIEWER)
    with make_uow(write=True) as uow:
        with pytest.raises(InputError) as outside:
            pilots.create_pilot(uow, inspector, pilots.PilotInput(
                "江苏试点", "CN-JS", CEMENT, PILOT_START, PILOT_END))
        assert outside.value.field == "region"
        with pytest.raises(InputError) as category:
            pilots.create_pilot(uow, inspector, pilots.PilotInput(
                "试点", "CN-GD", "18", PILOT_START, PILOT_END))
        assert category.value.field == "category"
        with pytest.raises(PermissionDeniedError):
            pilots.create_pilot(uow, viewer, pilots.PilotInput(
                "试点", "CN-GD", CEMENT, PILOT_START, PILOT_END))


def test_regulators_see_only_pilots_of_their_jurisdiction(make_uow: UowFactory) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    national = regulator(make_uow, "CN", "cn@reg.example", Role.VIEWER)
    with make_uow(write=True) as uow:
        company = enterprise(uow, "企业", SHENZHEN)
        analyst = member(uow, company)
        uow.commit()
    ids = seed_pilot(make_uow, guangdong)
    with make_uow() as uow:
        assert [p.id for p in pilots.pilots(uow, guangdong)] == [ids["pilot_id"]]
        assert [p.id for p in pilots.pilots(uow, national)] == [ids["pilot_id"]]
        assert pilots.pilots(uow, jiangsu) == []
        with pytest.raises(NotFoundError):
            pilots.pilot_status(uow, jiangsu, ids["pilot_id"], date(2026, 6, 1))
        with pytest.raises(NotFoundError):
            pilots.evidence(uow, jiangsu, ids["pilot_id"], ids["evidence_id"])
        with pytest.raises(PermissionDeniedError):
            pilots.pilots(uow, analyst)
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        pilots.add_task(uow, jiangsu, ids["pilot_id"], pilots.TaskInput(
            "任务", "", date(2026, 2, 1), date(2026, 3, 1), responsible_name="单位"))


def test_progress_is_reported_only_by_the_responsible_unit(make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    with make_uow(write=True) as uow, uow.atomic():
        unit = enterprise(uow, "行业协会", SHENZHEN)
        other = enterprise(uow, "另一家企业", SHENZHEN)
        analyst, viewer = member(uow, unit), member(uow, unit, Role.VIEWER)
        outsider = member(uow, other, Role.ADMIN)
    ids = seed_pilot(make_uow, inspector, responsible=unit)
    task_id = ids["task_id"]
    with make_uow(write=True) as uow:
        with pytest.raises(NotFoundError):
            pilots.report_progress(uow, outsider, task_id, 50, False, "", date(2026, 3, 1))
        with pytest.raises(PermissionDeniedError):
            pilots.report_progress(uow, viewer, task_id, 50, False, "", date(2026, 3, 1))
        with pytest.raises(PermissionDeniedError):  # the unit is on the platform: it reports
            pilots.report_progress(uow, inspector, task_id, 50, False, "", date(2026, 3, 1))
        half = pilots.report_progress(uow, analyst, task_id, 50, False, "走访一半",
                                      date(2026, 3, 1))
        assert (half.progress, half.done_on) == (50, None)
    with make_uow() as uow:
        (mine,) = pilots.my_tasks(uow, analyst, date(2026, 4, 1))
        assert (mine.task.id, mine.overdue) == (task_id, True)  # due 2026-03-31
        status = pilots.pilot_status(uow, inspector, ids["pilot_id"], date(2026, 4, 1))
        assert status.overdue == {task_id}
        assert (status.progress.due, status.progress.done_on_time) == (1, 0)
    with make_uow(write=True) as uow:
        done = pilots.report_progress(uow, analyst, task_id, 80, True, "完成",
                                      date(2026, 4, 2))
    assert (done.progress, done.done_on) == (100, date(2026, 4, 2))
    with make_uow() as uow:
        status = pilots.pilot_status(uow, inspector, ids["pilot_id"], date(2026, 4, 3))
        assert status.overdue == frozenset()
        assert (status.progress.due, status.progress.done_on_time) == (1, 0)  # late
        assert [r.progress for r in status.reports[task_id]] == [50, 100]
        actions = [(r.action, r.actor_id) for r in uow.audit.chain()[0]
                   if r.action == "pilot.progress_reported"]
    assert actions == [("pilot.progress_reported", analyst.id)] * 2


def test_a_regulator_reports_for_a_unit_not_on_the_platform(make_uow: UowFactory) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    ids = seed_pilot(make_uow, inspector)
    with make_uow(write=True) as uow:
        done = pilots.report_progress(uow, inspector, ids["task_id"], 100, True, "协会报告",
                                      date(2026, 3, 20))
    assert done.done_on == date(2026, 3, 20)
    with make_uow() as uow:
        status = pilots.pilot_status(uow, inspector, ids["pilot_id"], date(2026, 6, 1))
    assert (status.progress.due, status.progress.done_on_time) == (1, 1)


def test_a_regulator_above_reads_a_pilot_but_only_its_responsible_regulator_changes_it(
        make_uow: UowFactory) -> None:
    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    national = regulator(make_uow, "CN", "cn@reg.example", Role.ADMIN)
    ids = seed_pilot(make_uow, guangdong)
    with make_uow() as uow:
        assert pilots.get_pilot(uow, national, ids["pilot_id"]).id == ids["pilot_id"]
    with make_uow(write=True) as uow:
        with pytest.raises(PermissionDeniedError) as refused:
            pilots.add_task(uow, national, ids["pilot_id"], pilots.TaskInput(
                "任务", "", date(2026, 2, 1), date(2026, 3, 1), responsible_name="单位"))
        assert refused.value.field == "pilot_id"
        with pytest.raises(PermissionDeniedError):
            pilots.set_goals(uow, national, ids["pilot_id"], "目标")
    with make_uow(write=True) as uow:
        assert pilots.set_goals(uow, guangdong, ids["pilot_id"], "新目标").goals == "新目标"
