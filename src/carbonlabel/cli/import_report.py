"""The import report as the terminal shows it (Chinese first, then English)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from carbonlabel.domain.import_report import ImportReport

#: How many entries of each list the terminal shows (the JSON report has them all).
SHOWN = 10


def print_import_report(report: ImportReport, console: Console, stored: bool) -> None:
    link = report.link
    t = Table(title=f"导入报告 import report: {report.name} ({report.format})",
              title_justify="left", show_header=False)
    t.add_column("", style="bold")
    t.add_column("", justify="right")
    flows = ", ".join(f"{k} {v}" for k, v in sorted(report.flows.items()))
    rows = [
        ("来源 source", report.source),
        ("数据集 datasets", str(link.datasets)),
        ("流 flows", flows),
        ("交换 exchanges", str(report.exchanges)),
        ("矩阵列 columns (分配 allocation: as in data)", str(link.columns)),
        ("产品输入 product inputs", str(link.product_inputs)),
        ("已链接 linked", str(link.linked)),
        ("未链接（截断）unlinked (cut off)",
         ", ".join(f"{k} {v}" for k, v in sorted(link.unlinked_by_reason().items())) or "0"),
        ("避免产品 avoided products", str(link.avoided_products)),
        ("多个提供者的选择 provider choices", str(len(link.provider_choices))),
        ("分配回退 allocation fallbacks", str(len(link.allocation_notes))),
        ("温室气体交换 GHG exchanges", str(sum(link.ghg_exchanges.values()))),
        ("无隔室按排入大气计 no compartment, taken as air", str(link.ghg_compartment_assumed)),
        ("疑似温室气体未表征 possible GHGs not characterised",
         str(len(link.uncharacterised_suspects))),
        ("跳过的数据集 skipped datasets", str(len(link.skipped_datasets))),
        ("净产出过小、已排除 excluded, no net production (self-loop)",
         str(len(link.excluded_datasets))),
        ("读取问题 reader issues",
         ", ".join(f"{k} {v}" for k, v in sorted(report.issue_counts().items())) or "0"),
        ("已保存 stored", "是 yes" if stored else "否（试运行）no (dry run)"),
    ]
    for label, value in rows:
        t.add_row(label, value)
    console.print(t)
    if link.unit_conversions:
        u = Table(title="链接单位换算 link unit conversions", title_justify="left")
        u.add_column("换算 conversion")
        u.add_column("链接数 links", justify="right")
        for k, v in link.unit_conversions.most_common():
            u.add_row(k, str(v))
        console.print(u)
    if link.unlinked:
        n = Table(title=f"未链接的交换（前 {SHOWN} 个）unlinked exchanges (first {SHOWN})",
                  title_justify="left")
        for col in ("数据集 dataset", "流 flow", "数量 amount", "原因 reason"):
            n.add_column(col)
        for x in link.unlinked[:SHOWN]:
            n.add_row(x.dataset, x.flow, f"{x.amount:.6g} {x.unit}", x.reason)
        console.print(n)
    if link.excluded_datasets:
        console.print("已排除的数据集（扣除自身产品的输入后净产出不超过产出的百万分之一；不作提供者、"
                      "不计算）excluded datasets (net production after the input of their own "
                      "product ≤ 1e-6 of output; no provider, not scored)")
        excluded = Table()
        for col in ("数据集 dataset", "id", "总产出 gross", "净产出 net"):
            excluded.add_column(col)
        for e in link.excluded_datasets:
            excluded.add_row(e.name, e.dataset_id, f"{e.gross:.10g}", f"{e.net:.3g}")
        console.print(excluded)
        cut = [c for c in link.unlinked if c.reason == "provider_excluded"]
        for c in cut[:SHOWN]:
            console.print(f"因此截断的链接 link cut because of it: {c.dataset} ({c.dataset_id}) ← "
                          f"{c.flow} {c.amount:.6g} {c.unit}")
        if len(cut) > SHOWN:
            console.print(f"…… 共 {len(cut)} 条 {len(cut)} in all (JSON report)")
    if link.co2_split_unreliable:
        console.print(f"注意：数据库以不带来源的「Carbon dioxide」记录 {link.plain_co2_emissions} "
                      f"次排放（按化石源计），同时有 {link.co2_uptakes} 次 CO2 吸收；生物质 CO2 "
                      "可能记作化石源，化石源/生物源的划分不可靠（总量不受影响）。 "
                      "Note: plain \"Carbon dioxide\" "
                      f"emissions ({link.plain_co2_emissions}, counted fossil) beside CO2 uptakes "
                      f"({link.co2_uptakes}): biomass CO2 may be written as plain CO2, so the "
                      "fossil/biogenic split is unreliable (the total is not).")
    if link.gases_not_in_gwp_set:
        names = ", ".join(k for k, _ in link.gases_not_in_gwp_set.most_common(SHOWN))
        console.print(f"所选 GWP 集无数值的气体（未计）gases with no GWP100 in the set used "
                      f"(left out): {names}")
    if link.uncharacterised_suspects:
        names = ", ".join(k for k, _ in link.uncharacterised_suspects.most_common(SHOWN))
        console.print(f"疑似温室气体、未表征 possible GHGs not characterised: {names}")
