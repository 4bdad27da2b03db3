"""Rules of a model that need no matrices, checked before anything is solved: the cut-off
rule against the exclusions, and the end-of-life (recycling) approach.

One end-of-life approach per model (``EndOfLife``; default cut-off):

* cut-off: recycled content enters burden-free (only its recycling processes count) and
  material sent to recycling earns no credit, so a co-product marked ``recycled_material``
  with ``substitutes`` (a recycling credit) is refused;
* avoided burden: material sent to recycling is credited by its ``substitutes``.

Under either approach, taking a material both as burden-free recycled content and as a
recycling credit counts the same recycling twice (the footprint can turn negative with no
warning), so a model that does both for one material is refused naming both places.
"""

from __future__ import annotations

import re

from carbonlabel.calc.model.problems import Collector
from carbonlabel.domain.model import EndOfLifeApproach, ProductModel, excluded_share


def check_exclusions(model: ProductModel, err: Collector) -> None:
    """An error for each exclusion above the per-input cut-off, and for their sum above the
    total cut-off."""
    rule = model.cut_off
    for k, e in enumerate(model.exclusions):
        if e.estimated_share > rule.per_input:
            err.add(f"exclusions[{k}].estimated_share", "cut_off_exceeded",
                    f"{e.estimated_share:.2%} is above the per-input cut-off "
                    f"{rule.per_input:.2%}", f"{e.estimated_share:.2%} 超过单项取舍"
                    f"准则 {rule.per_input:.2%}")
    total = excluded_share(model)
    if total > rule.total:
        err.add("exclusions", "cut_off_exceeded",
                f"excluded inputs add up to {total:.2%}, above the total cut-off "
                f"{rule.total:.2%}", f"排除项合计 {total:.2%}，超过总取舍准则 "
                f"{rule.total:.2%}")


#: Co-product names that read as material sent to recycling (for the unmarked-credit warning).
_RECYCLING_NAME = re.compile(r"scrap|recycl|remelt|回收|废料|废钢|废铝|再生", re.I)


def end_of_life_warnings(model: ProductModel) -> list[str]:
    """Under cut-off, a substitution credit whose co-product reads as material sent to
    recycling but is not marked ``recycled_material``: it is taken, but the approach stated
    gives no such credit."""
    if model.end_of_life.approach is not EndOfLifeApproach.CUT_OFF:
        return []
    return [f"processes[{i}].co_products[{k}] “{c.name}” looks like material sent to recycling "
            "with a substitution credit, which the cut-off approach does not give: mark it "
            "recycled_material and state end_of_life.approach, or remove the credit / "
            f"processes[{i}].co_products[{k}]「{c.name}」似为送去回收的材料并计了替代抵扣，"
            "截断法不计此抵扣：请标注 recycled_material 并声明 end_of_life.approach，或删除抵扣"
            for i, p in enumerate(model.processes) for k, c in enumerate(p.co_products)
            if c.substitutes is not None and not c.recycled_material
            and _RECYCLING_NAME.search(c.name)]


def _material(name: str) -> str:
    return " ".join(name.casefold().split())


def check_end_of_life(model: ProductModel, err: Collector) -> None:
    """Add an error for every recycling credit the model's approach or its inputs forbid
    (under the CFF, :mod:`carbonlabel.domain.circular_rules` checks them instead)."""
    if model.end_of_life.approach is EndOfLifeApproach.CIRCULAR_FOOTPRINT:
        return
    recycled: dict[str, str] = {}  # material -> field path of its burden-free recycled input
    for i, p in enumerate(model.processes):
        for j, inp in enumerate(p.inputs):
            if inp.recycled_material:
                recycled.setdefault(_material(inp.recycled_material),
                                    f"processes[{i}].inputs[{j}]")
    cut_off = model.end_of_life.approach is EndOfLifeApproach.CUT_OFF
    for i, p in enumerate(model.processes):
        for k, c in enumerate(p.co_products):
            if not c.recycled_material or c.substitutes is None:
                continue
            path = f"processes[{i}].co_products[{k}].substitutes"
            material = c.recycled_material
            if (taken := recycled.get(_material(material))) is not None:
                err.add(path, "recycling_counted_twice",
                        f"{material} enters as burden-free recycled content ({taken}) and "
                        "earns a recycling credit here: the same recycling is counted twice; "
                        "keep one of the two (cut-off: drop the credit; avoided burden: give "
                        "the recycled input its primary burden)",
                        f"{material} 已作为无负荷再生料输入（{taken}），此处又计回收抵扣："
                        "同一回收被计算两次；请二者取一（截断法：删除抵扣；避免负荷法："
                        "再生料输入按原生材料计负荷）")
            elif cut_off:
                err.add(path, "credit_under_cut_off",
                        f"the cut-off approach gives no credit for {material} sent to "
                        "recycling; remove 'substitutes' or state end_of_life.approach: "
                        "avoided_burden",
                        f"截断法不为送去回收的 {material} 计抵扣；请删除 substitutes，"
                        "或声明 end_of_life.approach: avoided_burden")
