"""``carbonlabel improvement``: restated reductions, improvement plans, published low-carbon
thresholds and claims, as the platform user named by ``--user EMAIL``. Every change is
audited in that user's name.

    restate BASELINE CURRENT | plans PRODUCT | plan-create PRODUCT | plan PLAN_ID [--on DAY] |
    thresholds | threshold-publish | claims CASE | claim-request CASE | claim-decide CLAIM
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.cli.progress import status
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.improvement.claims import ClaimKind
from carbonlabel.domain.improvement.plans import PROGRESS_NAMES, Measure
from carbonlabel.domain.improvement.restatement import CHANGE_NAMES, Restatement
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
console = Console()


def _day(text: str | None, field: str) -> date:
    if not text:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field=field, message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


def _folders(data_dir: Path | None, database_url: str | None) -> dict[str, Path]:
    settings = _settings(data_dir, database_url)
    return {"base": settings.data_dir, "store_dir": settings.databases_dir}


def _print_restatement(r: Restatement) -> None:
    console.print(f"基准原值 baseline as stored     {r.baseline_original_kg:,.4g} kg CO2e")
    console.print(f"基准重算 baseline restated      {r.baseline_restated_kg:,.4g} kg CO2e")
    console.print(f"当前值   current                {r.current_kg:,.4g} kg CO2e")
    console.print(f"减排（同一因子）reduction, restated {r.reduction_share:.1%}  "
                  f"(未重算 not restated {r.unrestated_share:.1%})")
    for c in r.factor_changes:
        zh, en = CHANGE_NAMES[c.kind]
        console.print(f"  {zh} / {en}  {c.name}: {c.before} → {c.after}", soft_wrap=True)
    if not r.same_library:
        console.print("  按当前因子库重算 / restated on today's factor library")


@app.command("restate")
def restate(baseline: Annotated[str, typer.Argument(help="baseline footprint id / 基准碳足迹")],
            current: Annotated[str, typer.Argument(help="later footprint id / 后续碳足迹")],
            user: UserEmail, data_dir: DataDir = None,
            database_url: DatabaseUrl = None) -> None:
    """按同一因子重算减排 / The reduction with the baseline restated on the later factors."""
    from carbonlabel.services.quantify.restatement import restate_for

    with acting(user, data_dir, database_url, write=False) as (uow, actor), \
            status(console, "重算基准 restating the baseline"):
        result = restate_for(uow, actor, baseline, current,
                             **_folders(data_dir, database_url))
    _print_restatement(result)


@app.command("plans")
def list_plans(product: Annotated[str, typer.Argument(help="product id / 产品编号")],
               user: UserEmail, data_dir: DataDir = None,
               database_url: DatabaseUrl = None) -> None:
    """产品的改进计划 / A product's improvement plans."""
    from carbonlabel.services.improvement import plans

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = plans.plans_of_product(uow, actor, product)
    for p in found:
        console.print(f"{p.id}  {p.target_share:.1%}  {p.starts_on}–{p.target_on}  {p.title}",
                      soft_wrap=True)
    console.print(f"{len(found)} 个计划 plans")


def _measure(text: str, k: int) -> Measure:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 3:
        raise InputError(field=f"measures[{k}]",
                         message_en="a measure is 'stage|expected %|what is done'",
                         message_zh="措施格式为「阶段|预期减排%|措施内容」")
    try:
        share = float(parts[1].rstrip("%")) / 100
    except ValueError as exc:
        raise InputError(field=f"measures[{k}].expected_share",
                         message_en="give the expected reduction in per cent",
                         message_zh="预期减排请以百分数填写") from exc
    return Measure("|".join(parts[2:]), parts[0], share)


@app.command("plan-create")
def plan_create(product: Annotated[str, typer.Argument(help="product id / 产品编号")],
                title: Annotated[str, typer.Option("--title", help="title / 标题")],
                baseline: Annotated[str, typer.Option("--baseline", help="footprint id")],
                target: Annotated[float, typer.Option("--target", help="per cent, e.g. 10")],
                starts: Annotated[str, typer.Option("--starts", help="YYYY-MM-DD")],
                target_on: Annotated[str, typer.Option("--target-on", help="YYYY-MM-DD")],
                user: UserEmail,
                measure: Annotated[list[str] | None, typer.Option(
                    "--measure", help="'stage|expected %|what is done', repeatable")] = None,
                data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """记录改进计划 / Record an improvement plan of a product."""
    from carbonlabel.services.improvement import plans

    measures = tuple(_measure(m, k) for k, m in enumerate(measure or []))
    with acting(user, data_dir, database_url) as (uow, actor):
        plan = plans.create_plan(uow, actor, product, plans.PlanData(
            title, baseline, target / 100, _day(starts, "starts_on"),
            _day(target_on, "target_on"), measures))
    console.print(f"已创建 created: {plan.id}")


@app.command("plan")
def plan(plan_id: Annotated[str, typer.Argument(help="plan id / 计划编号")], user: UserEmail,
         on: Annotated[str | None, typer.Option("--on", help="as of YYYY-MM-DD")] = None,
         data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """计划进展：各后续版本按同一因子重算的减排 / A plan tracked, each later version restated."""
    from carbonlabel.services.improvement import plans

    with acting(user, data_dir, database_url, write=False) as (uow, actor), \
            status(console, "重算各版本 restating each later version"):
        view = plans.plan_view(uow, actor, plan_id, _day(on, "on"),
                               **_folders(data_dir, database_url))
    p = view.plan
    console.print(f"{p.title}  目标 target {p.target_share:.1%} {p.starts_on}–{p.target_on}  "
                  f"基准 baseline {view.baseline.total_co2e_kg:,.4g} kg CO2e (v"
                  f"{view.baseline_version})  今日应达 expected today "
                  f"{view.expected_today:.1%}", soft_wrap=True)
    for t in view.tracked:
        if t.restatement is None or t.progress is None:
            console.print(f"  v{t.version}  {t.footprint.total_co2e_kg:,.4g}  {t.problem}",
                          soft_wrap=True)
            continue
        zh, en = PROGRESS_NAMES[t.progress]
        console.print(f"  v{t.version}  {t.footprint.total_co2e_kg:,.4g} kg CO2e  "
                      f"重算基准 restated {t.restatement.baseline_restated_kg:,.4g}  "
                      f"减排 reduction {t.restatement.reduction_share:.1%}  {zh} / {en}")
    if view.progress is None:
        console.print("尚无后续碳足迹 / no later footprint yet")


@app.command("thresholds")
def thresholds(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """公布的低碳阈值 / Published low-carbon thresholds (public)."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.services.improvement import claims

    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with uow_factory(engine)() as uow:
            found = claims.thresholds(uow)
    finally:
        engine.dispose()
    for t in found:
        console.print(f"{t.key.text}  ≤ {t.value_co2e_kg:,.4g} kg CO2e  {t.published_on}  "
                      f"{t.source}", soft_wrap=True)
    console.print(f"{len(found)} 个阈值 thresholds")


@app.command("threshold-publish")
def threshold_publish(
        rule: Annotated[str, typer.Option("--rule", help="code@version")],
        unit: Annotated[str, typer.Option("--unit", help="declared unit, e.g. 'per 1 kWh'")],
        boundary: Annotated[str, typer.Option("--boundary", help="e.g. cradle-to-gate")],
        source: Annotated[str, typer.Option("--source", help="publisher and document")],
        user: UserEmail,
        value: Annotated[float | None, typer.Option(
            "--value", help="kg CO2e; omitted: the category benchmark's best quartile")] = None,
        published: Annotated[str | None, typer.Option("--published", help="YYYY-MM-DD")] = None,
        data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """发布低碳阈值 / Publish a low-carbon threshold (operator or regulator admin)."""
    from carbonlabel.services.improvement import claims

    today = datetime.now(UTC).date()
    with acting(user, data_dir, database_url) as (uow, actor):
        t = claims.publish_threshold(uow, actor, claims.ThresholdData(
            rule, unit, boundary, source, _day(published, "published_on"), value), today)
    console.print(f"已发布 published: {t.id}  ≤ {t.value_co2e_kg:,.4g} kg CO2e")


@app.command("claims")
def case_claims(case: Annotated[str, typer.Argument(help="case id / 认证项目编号")],
                user: UserEmail, data_dir: DataDir = None,
                database_url: DatabaseUrl = None) -> None:
    """认证项目的声明 / The claims of a certification case."""
    from carbonlabel.services.improvement import claims

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = claims.of_case(uow, actor, case)
    for c in found:
        share = f"{c.reduction_share:.1%}" if c.reduction_share is not None else "–"
        console.print(f"{c.id}  {c.kind.value}  {c.state.value}  {share}  {c.lapse_reason}")
    console.print(f"{len(found)} 项声明 claims")


@app.command("claim-request")
def claim_request(case: Annotated[str, typer.Argument(help="case id / 认证项目编号")],
                  kind: Annotated[ClaimKind, typer.Option("--kind")], user: UserEmail,
                  baseline: Annotated[str | None, typer.Option(
                      "--baseline", help="reducing: verified baseline footprint")] = None,
                  target: Annotated[float | None, typer.Option(
                      "--target", help="reducing: per cent, e.g. 10")] = None,
                  target_on: Annotated[str | None, typer.Option(
                      "--target-on", help="reducing: YYYY-MM-DD")] = None,
                  data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """申请“低碳”或“减碳中”声明 / Ask for a "low-carbon" or "reducing" claim."""
    from carbonlabel.services.improvement import claims

    today = datetime.now(UTC).date()
    with acting(user, data_dir, database_url) as (uow, actor):
        c = claims.request_claim(uow, actor, case, claims.ClaimRequest(
            kind, baseline, target / 100 if target is not None else None,
            _day(target_on, "target_on") if target_on else None), today)
    console.print(f"已申请 requested: {c.id}")


@app.command("claim-decide")
def claim_decide(claim: Annotated[str, typer.Argument(help="claim id / 声明编号")],
                 reason: Annotated[str, typer.Option("--reason")], user: UserEmail,
                 grant: Annotated[bool, typer.Option("--grant/--refuse")] = True,
                 data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """认证机构决定声明 / The body's decision maker grants or refuses a claim."""
    from carbonlabel.services.improvement import claims

    today = datetime.now(UTC).date()
    with acting(user, data_dir, database_url) as (uow, actor), \
            status(console, "核对声明条件 checking the claim's condition"):
        c = claims.decide_claim(uow, actor, claim, grant, reason, today,
                                **_folders(data_dir, database_url))
    console.print(f"{c.state.value}: {c.id}")
