"""``carbonlabel supervision pilots evaluate | input | withdraw-input | weights``: the pilot's
effect evaluation from the command line, as the platform user named by ``--user EMAIL``
(staff of a regulator that sees the pilot; its responsible regulator for changes).

    pilots evaluate PILOT_ID --period YEAR [--pdf FILE --lang zh|en]
    pilots input PILOT_ID --period YEAR --kind KIND --value V --evidence REF
                 [--subject CERTIFICATE] [--document FILE] [--corrects INPUT_ID]
    pilots withdraw-input PILOT_ID INPUT_ID --reason TEXT
    pilots weights PILOT_ID --method equal|ahp|expert [--indicator KEY=W ...]
                   [--dimension quality=W ...]
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from carbonlabel.cli.platform import DatabaseUrl, DataDir
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.supervision.evaluation import (
    BENEFITS,
    DIMENSION_NAMES,
    Dimension,
    InputKind,
    WeightMethod,
    shown,
)
from carbonlabel.errors import InputError

console = Console()
PilotId = Annotated[str, typer.Argument(help="pilot id / 试点编号")]
Year = Annotated[int, typer.Option("--period", help="the pilot year / 评估年度")]


def evaluate(pilot_id: PilotId, period: Year, user: UserEmail,
             pdf: Annotated[Path | None, typer.Option(
                 "--pdf", dir_okay=False, help="write the report PDF here")] = None,
             lang: Annotated[str, typer.Option("--lang", help="zh or en")] = "zh",
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """试点效果评估 / The pilot's effect evaluation of a year (and its report PDF)."""
    from carbonlabel.services.supervision import evaluation

    if lang not in ("zh", "en"):
        raise InputError(field="lang", message_en="zh or en", message_zh="须为 zh 或 en")
    today = datetime.now(UTC).date()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console,
                  transient=True) as progress:
        progress.add_task("计算指标 computing the indicators", total=None)
        with acting(user, data_dir, database_url, write=False) as (uow, actor):
            found, document = evaluation.report(uow, actor, pilot_id, period, today, lang)
    for dim in (Dimension.CONDITIONS, *BENEFITS):
        console.print(f"[bold]{' / '.join(DIMENSION_NAMES[dim])}[/bold]")
        for i in (i for i in found.indicators if i.dimension is dim):
            flags = f"  [缺失 missing: {', '.join(i.missing)}]" if i.missing else ""
            console.print(f"  {i.key}: {shown(i.value, i.unit)}  ({i.formula}){flags}",
                          soft_wrap=True, markup=False)
    for s in found.sub_scores:
        console.print(f"得分 sub-score {s.dimension.value}: {shown(s.score, '')}")
    console.print("综合 aggregate: " + (shown(found.aggregate, "") if found.aggregate is not None
                                        else "— (无维度权重 no dimension weights)"))
    if pdf is not None:
        pdf.write_bytes(document)
        console.print(f"已写入 written: {pdf}")


def declare_input(pilot_id: PilotId, period: Year,
                  kind: Annotated[InputKind, typer.Option("--kind")],
                  value: Annotated[float, typer.Option("--value")],
                  evidence: Annotated[str, typer.Option(
                      "--evidence", help="the document or reference / 证明材料出处")],
                  user: UserEmail,
                  subject: Annotated[str, typer.Option(
                      "--subject", help="certificate number (production volume)")] = "",
                  note: Annotated[str, typer.Option("--note")] = "",
                  document: Annotated[Path | None, typer.Option(
                      "--document", exists=True, dir_okay=False)] = None,
                  corrects: Annotated[str | None, typer.Option(
                      "--corrects", help="the input id this corrects")] = None,
                  data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """附证明材料申报（或更正）评估数据 / Declare (or correct) an input with evidence."""
    from carbonlabel.services.supervision import evaluation, pilots

    doc = None
    if document is not None:
        with document.open("rb") as f:
            doc = pilots.EvidenceFile(document.name, "application/octet-stream",
                                      f.read(evaluation.MAX_DOCUMENT + 1))
    data = evaluation.InputData(period, kind, value, evidence, subject or None, note, doc)
    with acting(user, data_dir, database_url) as (uow, actor):
        made = (evaluation.correct_input(uow, actor, pilot_id, corrects, data) if corrects
                else evaluation.declare_input(uow, actor, pilot_id, data))
    console.print(f"已申报 declared: {made.id} {kind.value} = {value}")


def withdraw_input(pilot_id: PilotId,
                   input_id: Annotated[str, typer.Argument(help="input id / 申报编号")],
                   reason: Annotated[str, typer.Option("--reason")], user: UserEmail,
                   data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """撤回申报数据 / Withdraw an input (its versions stay)."""
    from carbonlabel.services.supervision import evaluation

    with acting(user, data_dir, database_url) as (uow, actor):
        made = evaluation.withdraw_input(uow, actor, pilot_id, input_id, reason)
    console.print(f"已撤回 withdrawn: {made.supersedes}")


def _pairs(items: list[str], field: str) -> dict[str, float]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise InputError(field=field, message_en="write KEY=WEIGHT",
                             message_zh="格式应为 代码=权重")
    return out


def weights(pilot_id: PilotId, method: Annotated[WeightMethod, typer.Option("--method")],
            user: UserEmail,
            indicator: Annotated[list[str] | None, typer.Option(
                "--indicator", help="KEY=WEIGHT (repeat)")] = None,
            dimension: Annotated[list[str] | None, typer.Option(
                "--dimension", help="quality|economic|social|ecological=WEIGHT")] = None,
            note: Annotated[str, typer.Option("--note")] = "",
            data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """设定指标与维度权重 / Set the weights of indicators and dimensions."""
    from carbonlabel.services.supervision import evaluation

    dims_given = _pairs(dimension or [], "dimension")
    try:
        dims = {Dimension(k): v for k, v in dims_given.items()}
    except ValueError as exc:
        raise InputError(field="dimension", message_en="a dimension is quality, economic, "
                                                       "social or ecological",
                         message_zh="维度须为 quality、economic、social 或 ecological") from exc
    with acting(user, data_dir, database_url) as (uow, actor):
        evaluation.set_weights(uow, actor, pilot_id, method,
                               _pairs(indicator or [], "indicator"), dims, note)
    console.print(f"已保存权重 weights saved: {method.value}")
