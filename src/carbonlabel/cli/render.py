"""Rich tables for footprint results (Chinese first, English second)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from carbonlabel.domain.footprint import FootprintResult, TreeNode
from carbonlabel.domain.ghg import CATEGORY_NAMES, GasCategory, gas_name_zh
from carbonlabel.domain.product import STAGE_NAMES
from carbonlabel.domain.quality import dqr_level


def _kg(x: float) -> str:
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.1f}"


def _pct(x: float) -> str:
    return f"{x:.1%}"


def summary(result: FootprintResult) -> Table:
    r = result
    t = Table(title=f"{r.product.name.zh} / {r.product.name.en}", show_header=False,
              title_justify="left")
    t.add_column("item")
    t.add_column("value", justify="right")
    ref = r.reference
    t.add_row("产品碳足迹 footprint",
              f"[bold]{_kg(r.total_co2e_kg)}[/bold] kg CO2e / {ref.quantity}")
    t.add_row(f"{'声明单位 declared' if ref.kind.value == 'declared' else '功能单位 functional'}"
              " unit", f"{ref.description.zh} / {ref.description.en}")
    t.add_row("系统边界 boundary", f"{r.boundary.value}, {r.geography}")
    s = r.separate
    t.add_row("化石源 fossil", _kg(s.fossil_co2e_kg))
    if s.not_split_co2e_kg is not None:
        t.add_row("未分气体的 CO2e not split by gas", _kg(s.not_split_co2e_kg))
    t.add_row("生物源排放 biogenic emissions", _kg(s.biogenic_emissions_co2e_kg))
    t.add_row("生物源清除 biogenic removals", _kg(s.biogenic_removals_co2e_kg))
    t.add_row("直接土地利用变化 dLUC", _kg(s.dluc_co2e_kg))
    t.add_row("航空运输 aircraft transport", _kg(s.aircraft_co2e_kg))
    t.add_row("运输合计 all transport", _kg(s.transport_co2e_kg))
    if s.biogenic_carbon_content_kg_c is not None:
        t.add_row("产品生物碳含量 biogenic carbon content",
                  f"{_kg(s.biogenic_carbon_content_kg_c)} kg C "
                  f"(= {_kg(s.biogenic_carbon_content_kg_co2 or 0.0)} kg CO2)")
    if r.fossil_carbon_content_kg_c is not None:
        t.add_row("产品化石碳含量 fossil carbon content",
                  f"{_kg(r.fossil_carbon_content_kg_c)} kg C")
    if r.product_mass_kg is not None:
        t.add_row("产品质量 product mass", f"{_kg(r.product_mass_kg)} kg")
    t.add_row("初级数据占比 primary-data share",
              "—" if r.primary_data_share is None else _pct(r.primary_data_share))
    if r.supplier_inputs:
        t.add_row("供应商特定输入 supplier-specific inputs",
                  f"{len(r.supplier_inputs)} ({_kg(sum(x.co2e_kg for x in r.supplier_inputs))}"
                  " kg CO2e)")
    if r.quality is not None:
        zh, en = dqr_level(r.quality.dqr)
        t.add_row("数据质量 DQR", f"{r.quality.dqr:.2f} {zh} / {en} "
                  f"(coverage {_pct(r.quality.coverage)})")
    if r.end_of_life is not None:
        said = r.end_of_life.statement
        t.add_row("报废与回收 end of life", f"{said.zh} / {said.en}")
    if r.share_basis == "gross_emissions":
        t.add_row("占比基数 shares of", f"{_kg(r.share_base_co2e_kg)} kg CO2e 总排放（未扣除清除）"
                  " / gross emissions before removals")
    t.add_row("GWP", f"IPCC {r.provenance.gwp_set} GWP100")
    sets = [f"{n} {v}" for n, v in r.provenance.factor_sets if n != "model-factors"]
    if sets:
        t.add_row("因子集 factor sets", ", ".join(sets))
    t.add_row("输入哈希 input hash", r.provenance.input_hash[:16])
    return t


def supplier_inputs(result: FootprintResult) -> Table:
    t = Table(title="供应商特定输入 Supplier-specific inputs (PACT)", title_justify="left")
    for col in ("过程 process", "供应商 supplier", "产品 product", "PfId", "数量 amount",
                "kg CO2e", "初级数据占比 PDS"):
        t.add_column(col, justify="right" if col in ("数量 amount", "kg CO2e",
                                                     "初级数据占比 PDS") else "left")
    for x in result.supplier_inputs:
        pds = "—" if x.primary_data_share is None else _pct(x.primary_data_share)
        t.add_row(x.process, x.company_name, x.name, x.pf_id, f"{x.amount:.4g} {x.unit}",
                  _kg(x.co2e_kg), pds)
    return t


def by_stage(result: FootprintResult) -> Table:
    t = Table(title="按生命周期阶段 By life-cycle stage", title_justify="left")
    for col in ("阶段 stage", "kg CO2e", "占比 share", "其中运输 transport"):
        t.add_column(col, justify="left" if col.startswith("阶段") else "right")
    for st in result.by_stage:
        zh, en = STAGE_NAMES[st.stage]
        t.add_row(f"{zh} {en}", _kg(st.co2e_kg), _pct(st.share), _kg(st.transport_co2e_kg))
    return t


def by_process(result: FootprintResult, top: int) -> Table:
    t = Table(title=f"热点 Hotspots (top {top})", title_justify="left")
    for col in ("过程 process", "输入 input", "kg CO2e", "占比 share"):
        t.add_column(col, justify="right" if col in ("kg CO2e", "占比 share") else "left")
    for h in result.hotspots[:top]:
        t.add_row(f"{h.process_name.zh} {h.process_name.en}", h.item_name, _kg(h.co2e_kg),
                  _pct(h.share))
    p = Table(title="按过程 By process", title_justify="left")
    for col in ("过程 process", "阶段 stage", "kg CO2e", "占比 share"):
        p.add_column(col, justify="right" if col in ("kg CO2e", "占比 share") else "left")
    for r in result.by_process:
        p.add_row(f"{r.name.zh} {r.name.en}", STAGE_NAMES[r.stage][1], _kg(r.co2e_kg),
                  _pct(r.share))
    outer = Table.grid()
    outer.add_row(p)
    outer.add_row(t)
    return outer


def by_gas(result: FootprintResult) -> Table:
    t = Table(title="按温室气体 By greenhouse gas", title_justify="left")
    for col in ("气体 gas", "类别 category", "kg", "GWP100", "kg CO2e"):
        t.add_column(col, justify="left" if col in ("气体 gas", "类别 category") else "right")
    for g in result.by_gas:
        zh, en = CATEGORY_NAMES[GasCategory(g.category)]
        t.add_row(f"{gas_name_zh(g.gas)} {g.gas}", f"{zh} {en}", f"{g.mass_kg:.4g}",
                  f"{g.gwp:g}", _kg(g.co2e_kg))
    return t


def tree(node: TreeNode, depth: int = 4) -> Tree:
    def label(n: TreeNode) -> str:
        loop = " ↺" if n.loop else ""
        amount = f"{n.amount:.4g} {n.unit} " if n.unit else ""
        return f"{n.name}: {amount}→ {_kg(n.co2e_kg)} kg CO2e ({_pct(n.share)}){loop}"

    root = Tree(label(node))

    def add(branch: Tree, n: TreeNode, d: int) -> None:
        for child in n.children:
            sub = branch.add(label(child))
            if d + 1 < depth:
                add(sub, child, d + 1)

    add(root, node, 0)
    return root


def print_result(console: Console, result: FootprintResult, by: str, top: int) -> None:
    console.print(summary(result))
    if result.supplier_inputs:
        console.print(supplier_inputs(result))
    if by == "stage":
        console.print(by_stage(result))
    elif by == "process":
        console.print(by_process(result, top))
    elif by == "gas":
        console.print(by_gas(result))
    elif by == "tree":
        console.print(tree(result.tree))
    for w in result.warnings:
        console.print(f"[yellow]注意 warning:[/yellow] {w}")
    for res in result.factor_resolutions:
        console.print(f"[cyan]因子 factor:[/cyan] {res.note.zh} / {res.note.en}")
