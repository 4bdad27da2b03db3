"""``carbonlabel supervision pilots``: pilots (试点) from the command line, as the platform user
named by ``--user EMAIL`` (staff of a regulator within its jurisdiction; a responsible unit's
staff for ``report``). Every change is audited in that user's name.

    pilots list | create | show PILOT_ID [--on DAY] | participant | declare --evidence FILE |
    task | report TASK_ID | evaluate | input | withdraw-input | weights (supervision_evaluation)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.cli import supervision_evaluation
from carbonlabel.cli.platform import DatabaseUrl, DataDir
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.supervision.pilots import (
    FIGURE_NAMES,
    SEGMENT_NAMES,
    SOURCE_NAMES,
    Figure,
    Segment,
)
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
console = Console()
app.command("evaluate")(supervision_evaluation.evaluate)
app.command("input")(supervision_evaluation.declare_input)
app.command("withdraw-input")(supervision_evaluation.withdraw_input)
app.command("weights")(supervision_evaluation.weights)


def _day(text: str | None, field: str = "date") -> date:
    if not text:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field=field, message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


@app.command("list")
def list_pilots(user: UserEmail, data_dir: DataDir = None,
                database_url: DatabaseUrl = None) -> None:
    """列出辖区内的试点 / List the pilots of your jurisdiction."""
    from carbonlabel.services.supervision import pilots

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = pilots.pilots(uow, actor)
    for p in found:
        console.print(f"{p.id}  {p.region}  {p.category}  {p.starts_on}–{p.ends_on}  {p.name}",
                      soft_wrap=True)
    console.print(f"{len(found)} 个试点 pilots")


@app.command("create")
def create(name: Annotated[str, typer.Option("--name", help="name / 名称")],
           region: Annotated[str, typer.Option("--region", help="CN-GD, CN-GD-440300")],
           category: Annotated[str, typer.Option("--category", help="catalogue code 1-17")],
           starts: Annotated[str, typer.Option("--starts", help="YYYY-MM-DD")],
           ends: Annotated[str, typer.Option("--ends", help="YYYY-MM-DD")],
           user: UserEmail, goals: Annotated[str, typer.Option("--goals")] = "",
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """创建试点 / Create a pilot within your jurisdiction."""
    from carbonlabel.services.supervision import pilots

    with acting(user, data_dir, database_url) as (uow, actor):
        pilot = pilots.create_pilot(uow, actor, pilots.PilotInput(
            name, region, category, _day(starts, "starts_on"), _day(ends, "ends_on"), goals))
    console.print(f"已创建 created: {pilot.id}")


@app.command("show")
def show(pilot_id: Annotated[str, typer.Argument(help="pilot id / 试点编号")],
         user: UserEmail,
         on: Annotated[str | None, typer.Option("--on", help="as of YYYY-MM-DD")] = None,
         data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """试点状态：条件（计算或申报）与工作方案 / A pilot's conditions and work plan."""
    from carbonlabel.services.supervision import pilots

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        st = pilots.pilot_status(uow, actor, pilot_id, _day(on, "on"))
    c = st.conditions
    met = "达到 met" if c.met else "未达到 not met"
    console.print(f"{st.pilot.name} ({st.pilot.region}, {st.pilot.category}) "
                  f"截至 as of {st.on}: {met}", soft_wrap=True)
    cov = c.coverage
    shown = "-" if cov.value is None else f"{cov.value * 100:.1f}%"
    console.print(f"  产业链覆盖率 chain coverage: {shown} [{' / '.join(SOURCE_NAMES[cov.source])}]"
                  f" links {st.participating_links}/{st.links}", soft_wrap=True)
    for segment, m in c.segments.items():
        zh, en = SEGMENT_NAMES[segment]
        console.print(f"  配套企业 {zh} / {en}: {int(m.value or 0)} "
                      f"[{' / '.join(SOURCE_NAMES[m.source])}]", soft_wrap=True)
    console.print(f"  配套企业总数 total: {int(c.total_enterprises)}")
    for t in st.tasks:
        flag = "  逾期 OVERDUE" if t.id in st.overdue else ""
        console.print(f"  {t.id}  {t.due_on}  {t.progress}%  {t.responsible_name}: "
                      f"{t.title}{flag}", soft_wrap=True)
    p = st.progress
    console.print(f"  按期完成/到期 done on time/due: {p.done_on_time}/{p.due}, "
                  f"逾期 overdue: {p.overdue}")


@app.command("participant")
def participant(pilot_id: Annotated[str, typer.Argument(help="pilot id / 试点编号")],
                segment: Annotated[Segment, typer.Option("--segment")], user: UserEmail,
                organisation: Annotated[str | None, typer.Option(
                    "--organisation", help="an organisation id on the platform")] = None,
                name: Annotated[str, typer.Option("--name", help="a unit not on it")] = "",
                credit_code: Annotated[str, typer.Option("--credit-code")] = "",
                data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """登记参与单位及其产业链环节 / Register a participant and its chain segment."""
    from carbonlabel.services.supervision import pilots

    with acting(user, data_dir, database_url) as (uow, actor):
        made = pilots.register_participant(uow, actor, pilot_id, segment, organisation, name,
                                           credit_code)
    console.print(f"已登记 registered: {made.id} {made.name}")


@app.command("declare")
def declare(pilot_id: Annotated[str, typer.Argument(help="pilot id / 试点编号")],
            figure: Annotated[Figure, typer.Option("--figure")],
            value: Annotated[float, typer.Option("--value", help="share 0-1, or a count")],
            evidence: Annotated[list[Path], typer.Option(
                "--evidence", exists=True, dir_okay=False, help="evidence file (repeat)")],
            user: UserEmail, note: Annotated[str, typer.Option("--note")] = "",
            data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """附证明材料申报指标 / Declare a figure with its evidence."""
    from carbonlabel.services.supervision import pilots

    files = []
    for path in evidence:
        with path.open("rb") as f:
            files.append(pilots.EvidenceFile(path.name, "application/octet-stream",
                                             f.read(pilots.MAX_EVIDENCE + 1)))
    with acting(user, data_dir, database_url) as (uow, actor):
        made = pilots.declare_figure(uow, actor, pilot_id, figure, value, note, files)
    console.print(f"已申报 declared: {made.id} {' / '.join(FIGURE_NAMES[figure])} = {value}",
                  soft_wrap=True)


@app.command("task")
def task(pilot_id: Annotated[str, typer.Argument(help="pilot id / 试点编号")],
         title: Annotated[str, typer.Option("--title")],
         starts: Annotated[str, typer.Option("--starts", help="YYYY-MM-DD")],
         due: Annotated[str, typer.Option("--due", help="YYYY-MM-DD")], user: UserEmail,
         measure: Annotated[str, typer.Option("--measure")] = "",
         responsible: Annotated[str, typer.Option("--responsible",
                                                  help="a unit not on the platform")] = "",
         organisation: Annotated[str | None, typer.Option(
             "--organisation", help="a responsible organisation on the platform")] = None,
         data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """添加工作方案任务 / Add a task to the work plan."""
    from carbonlabel.services.supervision import pilots

    with acting(user, data_dir, database_url) as (uow, actor):
        made = pilots.add_task(uow, actor, pilot_id, pilots.TaskInput(
            title, measure, _day(starts, "starts_on"), _day(due, "due_on"), responsible,
            organisation))
    console.print(f"已添加 added: {made.id}")


@app.command("report")
def report(task_id: Annotated[str, typer.Argument(help="task id / 任务编号")],
           progress: Annotated[int, typer.Option("--progress", min=0, max=100)],
           user: UserEmail, done: Annotated[bool, typer.Option("--done")] = False,
           note: Annotated[str, typer.Option("--note")] = "",
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """责任单位报告任务进展 / The responsible unit reports progress on its task."""
    from carbonlabel.services.supervision import pilots

    with acting(user, data_dir, database_url) as (uow, actor):
        made = pilots.report_progress(uow, actor, task_id, progress, done, note,
                                      datetime.now(UTC).date())
    console.print(f"已报告 reported: {made.id} {made.progress}%"
                  f"{' 已完成 done' if made.done_on else ''}")
