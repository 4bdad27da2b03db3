"""``carbonlabel supervision spot-checks``: certification-validity spot checks (认证有效性抽查).

A regulator's staff create a campaign, draw its sample (a progress bar while the items are
stored), assign items, record results and read the metrics; a certification body's staff see
their required actions and dispose of them. Every command acts as ``--user EMAIL``
(cli/sharing.py ``acting``), within that user's jurisdiction, audited in that user's name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.cli.sharing import UserEmail, acting
from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.errors import InputError, NotFoundError

app = typer.Typer(no_args_is_help=True)
console = Console()

CampaignId = Annotated[str, typer.Argument(help="campaign id / 抽查计划编号")]
ItemId = Annotated[str, typer.Argument(help="item id / 抽查批次编号")]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(field="sampled_on", message_en="give the date as YYYY-MM-DD",
                         message_zh="日期格式应为 YYYY-MM-DD") from exc


def _show_item(i: sc.Item) -> str:
    outcome = sc.OUTCOME_NAMES[i.result.outcome][0] if i.result else "-"
    return (f"{i.id}  {i.certificate_number}  {i.state.value}  {i.drawn_by.value} "
            f"w={i.weight:g} alerts={i.open_alerts}  {outcome}"
            + (f"  → {i.act_by.isoformat()}" if i.act_by else ""))


@app.command("create")
def create(year: Annotated[int, typer.Option("--year", help="year / 年度")],
           round_: Annotated[int, typer.Option("--round", help="round / 批次")],
           title: Annotated[str, typer.Option("--title", help="title / 名称")],
           legal_basis: Annotated[str, typer.Option("--legal-basis", help="legal basis / 依据")],
           size: Annotated[int, typer.Option("--size", help="certificates to draw / 抽样数量")],
           seed: Annotated[int, typer.Option("--seed", help="random seed / 随机种子")],
           user: UserEmail,
           category: Annotated[list[str] | None, typer.Option(
               "--category", help="product category in scope (repeat) / 产品类别")] = None,
           body: Annotated[list[str] | None, typer.Option(
               "--body", help="certification body id in scope (repeat) / 认证机构")] = None,
           random_share: Annotated[float, typer.Option(
               "--random-share", help="share drawn at random / 随机抽取比例")] = 0.2,
           alert_weight: Annotated[float, typer.Option(
               "--alert-weight", help="weight per open alert / 每条预警的权重")] = 2.0,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """新建抽查计划 / Create a spot-check campaign over the user's jurisdiction."""
    from carbonlabel.services.supervision import spot_checks

    draft = sc.CampaignDraft(year, round_, title, legal_basis, tuple(category or ()),
                             tuple(body or ()),
                             sc.Selection(size, seed, random_share, alert_weight))
    with acting(user, data_dir, database_url) as (uow, actor):
        campaign = spot_checks.create_campaign(uow, actor, draft)
    console.print(f"已新建 created: {campaign.id} ({campaign.jurisdiction} {year}-{round_})")


@app.command("list")
def list_(user: UserEmail, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """列出辖区内的抽查计划 / List the campaigns within the user's jurisdiction."""
    from carbonlabel.services.supervision import spot_checks

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        page = spot_checks.campaigns_page(uow, actor, 0, 200)
    for c in page.items:
        console.print(f"{c.id}  {c.jurisdiction}  {c.draft.year}-{c.draft.round}  "
                      f"{c.state.value}  {c.draft.title}", soft_wrap=True)
    console.print(f"{page.total} 个抽查计划 campaigns")


@app.command("draw")
def draw(campaign_id: CampaignId, user: UserEmail, data_dir: DataDir = None,
         database_url: DatabaseUrl = None) -> None:
    """按风险与随机抽取样本 / Draw the campaign's sample (reproducible by its seed)."""
    from carbonlabel.cli.progress import bar
    from carbonlabel.services.supervision import spot_checks

    with acting(user, data_dir, database_url) as (uow, actor), bar(console) as progress:
        task = progress.add_task("抽样 drawing", total=None)

        def told(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        drawn = spot_checks.draw(uow, actor, campaign_id, datetime.now(UTC).date(), told)
    console.print(f"已抽取 drawn: {len(drawn)} 个证书 certificates")
    for i in drawn:
        console.print(_show_item(i), soft_wrap=True)


@app.command("add")
def add(campaign_id: CampaignId,
        number: Annotated[str, typer.Argument(help="certificate number / 证书编号")],
        user: UserEmail, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """定向抽查：按编号加入证书 / Add a certificate by its number (a targeted check)."""
    from carbonlabel.services.supervision import spot_checks

    with acting(user, data_dir, database_url) as (uow, actor):
        item = spot_checks.add_certificate(uow, actor, campaign_id, number,
                                           datetime.now(UTC).date())
    console.print(f"已加入 added: {_show_item(item)}", soft_wrap=True)


@app.command("show")
def show(campaign_id: CampaignId, user: UserEmail, data_dir: DataDir = None,
         database_url: DatabaseUrl = None) -> None:
    """抽查计划及其样本 / A campaign and its sample with the reasons each was drawn."""
    from carbonlabel.services.supervision import spot_checks

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        c = spot_checks.get_campaign(uow, actor, campaign_id)
        found = spot_checks.items(uow, actor, campaign_id)
    s = c.draft.selection
    console.print(f"{c.draft.title} ({c.jurisdiction} {c.draft.year}-{c.draft.round}, "
                  f"{c.state.value}); seed {s.seed}, size {s.size}, random share "
                  f"{s.random_share:g}; candidates {c.candidates}", soft_wrap=True)
    table = Table("item", "certificate", "state", "drawn by", "weight", "alerts", "result")
    for i in found:
        table.add_row(i.id, i.certificate_number, i.state.value, i.drawn_by.value,
                      f"{i.weight:g}", str(i.open_alerts),
                      sc.OUTCOME_NAMES[i.result.outcome][1] if i.result else "-")
    console.print(table)


@app.command("assign")
def assign(campaign_id: CampaignId, item_id: ItemId,
           inspector: Annotated[str, typer.Option("--inspector", help="inspector's e-mail")],
           user: UserEmail, data_dir: DataDir = None,
           database_url: DatabaseUrl = None) -> None:
    """指派检查人员 / Assign an item to an inspector of the regulator."""
    from carbonlabel.services.supervision import spot_checks

    with acting(user, data_dir, database_url) as (uow, actor):
        found = uow.users.by_email(inspector.strip().lower())
        if found is None:
            raise NotFoundError(field="inspector", message_en=f"no user {inspector}",
                                message_zh=f"没有用户 {inspector}")
        item = spot_checks.assign(uow, actor, campaign_id, item_id, found[0].id)
    console.print(f"已指派 assigned: {_show_item(item)}", soft_wrap=True)


@app.command("result")
def result(campaign_id: CampaignId, item_id: ItemId,
           outcome: Annotated[sc.Outcome, typer.Option("--outcome",
                                                       help="conforming, minor or serious")],
           place: Annotated[sc.Place, typer.Option("--place",
                                                   help="production, circulation or online")],
           sampled_on: Annotated[str, typer.Option("--sampled-on", help="YYYY-MM-DD")],
           user: UserEmail,
           findings: Annotated[str, typer.Option("--findings", help="findings / 不符合事实")] = "",
           verified_value: Annotated[float | None, typer.Option(
               "--verified-value", help="re-verified kg CO2e / 复核值")] = None,
           label_conforms: Annotated[bool | None, typer.Option(
               "--label-conforms/--label-nonconforming", help="label conformity")] = None,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """记录抽查结果 / Record an item's result (nonconforming: the body's required action)."""
    from carbonlabel.services.supervision import spot_checks

    found = sc.Result(outcome, place, _day(sampled_on), findings,
                      verified_value=verified_value, label_conforms=label_conforms)
    with acting(user, data_dir, database_url) as (uow, actor):
        item = spot_checks.record_result(uow, actor, campaign_id, item_id, found)
    console.print(f"已记录 recorded: {_show_item(item)}", soft_wrap=True)


@app.command("reverify")
def reverify(campaign_id: CampaignId, item_id: ItemId, user: UserEmail,
             data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """复核计算证书的碳足迹 / Run the certificate's model again against its declared value."""
    from carbonlabel.services.supervision import spot_checks

    settings = _settings(data_dir, database_url)
    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        again = spot_checks.reverify(uow, actor, campaign_id, item_id, settings.data_dir,
                                     settings.databases_dir)
    console.print(f"声明 declared {again.declared_value:g} {again.declared_unit}; 复核 "
                  f"recomputed {again.recomputed_value:g}; 偏差 deviation "
                  f"{again.deviation:.2%}", soft_wrap=True)


@app.command("metrics")
def metrics(campaign_id: CampaignId, user: UserEmail, data_dir: DataDir = None,
            database_url: DatabaseUrl = None) -> None:
    """抽查统计 / Campaign metrics."""
    from carbonlabel.services.supervision import spot_checks

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        m = spot_checks.campaign_metrics(uow, actor, campaign_id).metrics
    rate = f"{m.nonconformity_rate:.1%}" if m.nonconformity_rate is not None else "-"
    console.print(f"机构覆盖 bodies covered {m.bodies_covered}/{m.bodies_in_scope}; 批次 items "
                  f"{m.items}; 已检 recorded {m.recorded}; 不符合 nonconforming "
                  f"{m.nonconforming} ({rate}); 暂停 suspended {m.suspended}; 撤销 withdrawn "
                  f"{m.withdrawn}; 待处置 awaiting {m.awaiting_disposal}", soft_wrap=True)


@app.command("required")
def required(user: UserEmail, data_dir: DataDir = None,
             database_url: DatabaseUrl = None) -> None:
    """认证机构待处置的抽查结果 / The body's spot-check results waiting for its disposal."""
    from carbonlabel.services.supervision import spot_check_disposal

    with acting(user, data_dir, database_url, write=False) as (uow, actor):
        found = spot_check_disposal.required_actions(uow, actor)
    for i in found:
        console.print(_show_item(i), soft_wrap=True)
    console.print(f"{len(found)} 项待处置 required actions")


@app.command("dispose")
def dispose(item_id: ItemId,
            disposal: Annotated[sc.Disposal, typer.Option("--disposal",
                                                          help="suspend, withdraw or correct")],
            note: Annotated[str, typer.Option("--note", help="the body's decision / 处置说明")],
            user: UserEmail, data_dir: DataDir = None,
            database_url: DatabaseUrl = None) -> None:
    """认证机构处置抽查不符合 / The body suspends, withdraws or sets a correction."""
    from carbonlabel.services.supervision import spot_check_disposal

    with acting(user, data_dir, database_url) as (uow, actor):
        item = spot_check_disposal.dispose(uow, actor, item_id, disposal, note)
    console.print(f"已处置 disposed: {_show_item(item)}", soft_wrap=True)
