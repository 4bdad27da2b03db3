"""``carbonlabel rules``: the bundled product rules (PCR), and the rule conformance that
``carbonlabel validate`` reports."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from carbonlabel.domain.product import STAGE_NAMES
from carbonlabel.domain.product_rules import Conformance, ProductRule
from carbonlabel.domain.product_rules.content import to_content
from carbonlabel.domain.product_rules.records import STATUS_NAMES
from carbonlabel.domain.product_rules.releases import releases_of
from carbonlabel.errors import NotFoundError

app = typer.Typer(no_args_is_help=True)
console = Console()
JsonOption = Annotated[bool, typer.Option("--json", help="JSON 输出 / JSON output")]


def _releases() -> list[tuple[ProductRule, str]]:
    from carbonlabel.services.quantify.product_rules import bundled_releases

    return bundled_releases()


@app.command("list")
def list_rules(json_out: JsonOption = False) -> None:
    """列出产品碳足迹核算规则 / List the product rules (every release)."""
    found = _releases()
    if json_out:
        sys.stdout.write(json.dumps([{"code": r.code, "version": r.version, "hash": h,
                                      "released_on": r.released_on.isoformat(),
                                      "status": r.status.value,
                                      "title": {"zh": r.title.zh, "en": r.title.en}}
                                     for r, h in found], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("代码 code", "版本 version", "发布 released", "状态 status", "名称 title")
    table.columns[0].no_wrap = True
    for rule, _ in found:
        table.add_row(rule.code, rule.version, rule.released_on.isoformat(), rule.status.value,
                      rule.title.zh)
    console.print(table)


@app.command("show")
def show(code: Annotated[str, typer.Argument(help="规则代码 / rule code")],
         version: Annotated[str | None, typer.Option(
             help="版本（默认最新）/ version (default: the latest)")] = None,
         json_out: JsonOption = False) -> None:
    """显示一条规则的全部内容 / Show every part of a product rule."""
    found = {r.version: (r, h) for r, h in _releases() if r.code == code}
    latest = releases_of([r for r, _ in found.values()], code)
    if not latest or (version is not None and version not in found):
        raise NotFoundError(field="version" if latest else "code",
                            message_en=f"no product rule {code}{'@' + version if version else ''}",
                            message_zh=f"没有产品规则 {code}{'@' + version if version else ''}")
    rule, digest = found[version] if version else found[latest[0].version]
    if json_out:
        sys.stdout.write(json.dumps({**to_content(rule), "hash": digest}, ensure_ascii=False,
                                    indent=2) + "\n")
        return
    _print_rule(rule, digest, [r.version for r in latest])


def _print_rule(rule: ProductRule, digest: str, versions: list[str]) -> None:
    p = console.print
    p(f"[bold]{rule.title.zh}[/bold]\n{rule.title.en}")
    p(f"{rule.code}@{rule.version}  sha256 {digest}  ({', '.join(versions)})")
    status = STATUS_NAMES[rule.status]
    p(f"状态 status: {status.zh} / {status.en}; 发布 released {rule.released_on.isoformat()}")
    if not rule.official_text_available and rule.based_on:
        p(f"[yellow]官方文本不可得 official text not available[/yellow]: "
          f"{rule.based_on.zh} / {rule.based_on.en}")
    p(f"\n{rule.text.zh}\n{rule.text.en}\n")
    u = rule.unit
    p(f"单位 unit: {u.unit} ({' / '.join(u.dimensions)}) — {u.description.zh} / "
      f"{u.description.en}")
    stages = ", ".join(f"{STAGE_NAMES[s][0]} {STAGE_NAMES[s][1]}"
                       for s in rule.boundary.mandatory_stages)
    p(f"边界 boundary: {', '.join(b.value for b in rule.boundary.allowed)}; "
      f"必需阶段 mandatory stages: {stages}")
    p(f"取舍 cut-off: ≤ {rule.cut_off.per_input:.0%} 单项 per input, "
      f"≤ {rule.cut_off.total:.0%} 合计 total")
    p(f"分配 allocation (in order): {', '.join(rule.allocation.methods)}")
    for d in rule.primary_data:
        p(f"初级数据 primary data: {d.name.zh} / {d.name.en} "
          f"[{STAGE_NAMES[d.stage][1]}]")
    for q in rule.quality:
        p(f"数据质量 data quality: {q.kind.value} DQR ≤ {q.max_dqr:g}")
    for f in rule.default_factors:
        p(f"默认因子 default factor: {f.key} — {f.use.zh} / {f.use.en}")
    p("报告章节 report sections: " + "; ".join(f"{s.title.zh} {s.title.en}"
                                              for s in rule.report_sections))
    if rule.product_codes:
        p("产品编码 product codes: " + ", ".join(f"{c.scheme} {c.code}"
                                                for c in rule.product_codes))
    p("\n来源 sources:")
    for c in rule.citations:
        p(f"- {c.document}: {c.title}. {c.supports}" + (f" <{c.url}>" if c.url else ""))


def print_conformance(conformance: Conformance) -> None:
    """The gaps of a model against its rule, one line each (field: reason zh / en)."""
    rule = conformance.rule
    if conformance.conforms:
        console.print(f"[green]✓[/green] 符合产品规则 conforms to the product rule {rule}")
        return
    console.print(f"[yellow]![/yellow] 与产品规则 {rule} 有 {len(conformance.gaps)} 处不符 / "
                  f"{len(conformance.gaps)} gap(s) against the product rule:")
    for gap in conformance.gaps:
        console.print(f"  {gap.field}: {gap.reason.zh} / {gap.reason.en}", highlight=False)
