"""``carbonlabel supervision cases``: a regulator's supervision cases (list, show, open from an
alert or a public report, assign, investigate, record findings with evidence files, close with
a conclusion, escalate with a reference). Acts as ``--user EMAIL`` (cli/sharing.py
``acting``): staff of a regulator, within its own cases, audited in that user's name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.supervision.cases import (
    ACTION_NAMES,
    STATE_NAMES,
    CaseState,
    Conclusion,
    EscalatedTo,
)
from carbonlabel.errors import InputError

if TYPE_CHECKING:
    from carbonlabel.domain.supervision.cases import SupervisionCase

app = typer.Typer(no_args_is_help=True)
console = Console()
CaseId = Annotated[str, typer.Argument(help="case id / 案件编号")]


def _line(case: SupervisionCase) -> str:
    zh, en = STATE_NAMES[case.state]
    late = "  逾期 overdue" if case.overdue(datetime.now(UTC).date()) else ""
    return (f"{case.reference}  {case.id}  {zh} {en}  {case.claimed_number or '—'}  "
            f"conclude by {case.conclude_by}{late}")


@app.command("list")
def list_cases(user: UserEmail, mine: Annotated[bool, typer.Option(
                   "--mine", help="assigned to me / 分派给我的")] = False,
               state: Annotated[CaseState | None, typer.Option("--state")] = None,
               data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """列出本部门的监管案件 / List the regulator's supervision cases."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = cases.cases_page(uow, actor, 0, 200, state, mine)
        for case in found.items:
            console.print(_line(case), highlight=False)
        console.print(f"{found.total} 件 cases", highlight=False)


@app.command("show")
def show(case_id: CaseId, user: UserEmail, data_dir: DataDir = None,
         database_url: DatabaseUrl = None) -> None:
    """查看案件及其办理步骤 / Show a case with its steps and evidence."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        seen = cases.view(uow, actor, case_id, datetime.now(UTC).date())
        console.print(_line(seen.case), highlight=False)
        for s in seen.steps:
            zh, en = ACTION_NAMES.get(s.action, (s.action, s.action))
            console.print(f"  {s.seq}. {s.at:%Y-%m-%d %H:%M} {zh} {en}  "
                          f"{seen.names.get(s.actor_id, s.actor_id)}  {s.note}", highlight=False)
        for f in seen.evidence:
            console.print(f"  证据 evidence {f.filename} {f.size} B sha256 {f.sha256}",
                          highlight=False)


@app.command("open")
def open_case(user: UserEmail,
              alert: Annotated[str | None, typer.Option("--alert", help="alert id")] = None,
              report: Annotated[str | None, typer.Option("--report", help="report id")] = None,
              summary: Annotated[str, typer.Option("--summary")] = "",
              data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """由预警或举报立案 / Open a case from an alert or a public report."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url) as (uow, actor):
        case = cases.open_case(uow, actor, alert_id=alert, report_id=report, summary=summary)
        console.print(_line(case), highlight=False)


@app.command("assign")
def assign(case_id: CaseId, user: UserEmail,
           to: Annotated[str, typer.Option("--to", help="staff e-mail / 承办人邮箱")],
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """分派案件 / Assign the case to a member of the regulator's staff."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url) as (uow, actor):
        person = uow.users.by_email(to.strip().lower())
        case = cases.assign(uow, actor, case_id, person[0].id if person else "-")
        console.print(_line(case), highlight=False)


@app.command("investigate")
def investigate(case_id: CaseId, user: UserEmail,
                note: Annotated[str, typer.Option("--note")] = "",
                data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """开始调查 / Start the investigation."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url) as (uow, actor):
        console.print(_line(cases.investigate(uow, actor, case_id, note)), highlight=False)


@app.command("findings")
def findings(case_id: CaseId, user: UserEmail,
             text: Annotated[str, typer.Option("--text", help="findings / 调查结果")],
             evidence: Annotated[list[Path] | None, typer.Option(
                 "--evidence", help="an evidence file (repeat) / 证据文件")] = None,
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """记录调查结果及证据 / Record findings and evidence files."""
    from carbonlabel.services.supervision import cases

    files = []
    for path in evidence or []:
        if not path.is_file():
            raise InputError(field="evidence", message_en=f"no file {path.name}",
                             message_zh=f"没有文件 {path.name}")
        files.append(cases.Evidence(path.name, "application/octet-stream", path.read_bytes()))
    with acting(user, data_dir, database_url) as (uow, actor):
        console.print(_line(cases.record_findings(uow, actor, case_id, text, files)),
                      highlight=False)


@app.command("close")
def close(case_id: CaseId, user: UserEmail,
          conclusion: Annotated[Conclusion, typer.Option("--conclusion")],
          note: Annotated[str, typer.Option("--note", help="reasons / 理由")],
          data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """结案（违法事实成立或不成立）/ Close the case: confirmed or not confirmed."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url) as (uow, actor):
        console.print(_line(cases.close(uow, actor, case_id, conclusion, note)),
                      highlight=False)


@app.command("escalate")
def escalate(case_id: CaseId, user: UserEmail,
             to: Annotated[EscalatedTo, typer.Option("--to")],
             reference: Annotated[str, typer.Option("--reference", help="文号 / reference")],
             note: Annotated[str, typer.Option("--note")] = "",
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """移送抽查、处罚程序或上级机关 / Escalate to a spot check, a penalty or an authority."""
    from carbonlabel.services.supervision import cases

    with acting(user, data_dir, database_url) as (uow, actor):
        console.print(_line(cases.escalate(uow, actor, case_id, to, reference, note)),
                      highlight=False)
