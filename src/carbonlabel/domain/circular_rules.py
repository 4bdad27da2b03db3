"""What a model's Circular Footprint Formula block must satisfy before it is computed: every
inconsistent combination refused with its field and a reason in Chinese and English.

Rules and where they come from (see :mod:`carbonlabel.domain.circular_footprint`):

* A, B, R1, R2, R3, XER,heat, XER,elec are fractions 0..1 and R2 + R3 ≤ 1, since the
  disposal share 1 − R2 − R3 cannot be negative (2021/2279 Annex I §4.4.8, definitions);
* PEF: A lies in 0.2..0.8 (Annex I §4.4.8, Annex C values 0.2 / 0.5 / 0.8); B = 0 unless the
  study justifies another value (Annex C default); battery: A is the value of the material
  class (metal 0.2, plastic and other 0.5) and B = 0, with no exception (JRC CFB-EV 2023 via
  Battery Pass CF Rules v1.1 Table 10); R1 > 0 needs the supply-chain evidence (same table);
* a quality ratio Qs/Qp above 1 (secondary better than primary) needs a note saying why;
* every E term whose coefficient is not zero must name its factor, dataset or process, and a
  parameter that such a term needs (Qsin/Qp, Qsout/Qp, LHV) must be given;
* material terms are counted in a raw-material-acquisition process, end-of-life terms in an
  end-of-life process (Battery Pass CF Rules v1.1 §6.1.3, after the PEF figure of the CFF),
  and each is given where the boundary has that stage; a material counted nowhere is refused;
* a model states one approach: CFF materials under cut-off or avoided burden are refused, and
  under the CFF a burden-free recycled input or a recycling credit (the other approaches'
  marks) would count the same recycling a second time.
"""

from __future__ import annotations

from carbonlabel.domain.circular_footprint import (
    BATTERY_A,
    END_OF_LIFE_TERMS,
    INPUT_TERMS,
    PEF_A_RANGE,
    TERM_KINDS,
    CffMaterial,
    CffMethod,
    CffTerm,
    coefficients,
    effective_a,
    effective_qs_in,
    resolve,
)
from carbonlabel.domain.model import EndOfLifeApproach, ProductModel
from carbonlabel.domain.product import BOUNDARY_STAGES, STAGE_NAMES, LifeCycleStage
from carbonlabel.errors import FieldError

_EPS = 1e-12


def check_circular(model: ProductModel) -> list[FieldError]:
    """Every problem of the model's end-of-life block under the CFF (empty when it is sound)."""
    eol = model.end_of_life
    cff = eol.circular
    out: list[FieldError] = []
    if eol.approach is not EndOfLifeApproach.CIRCULAR_FOOTPRINT:
        if cff is not None and (cff.materials or cff.method is not CffMethod.PEF):
            out.append(FieldError(
                "end_of_life.approach", "cff_approach_mismatch",
                f"CFF materials or method are given but the approach is "
                f"{eol.approach.value}; state approach: circular_footprint or remove them",
                f"给出了循环足迹公式的材料或方法，但报废方法为 {eol.approach.value}；"
                "请声明 approach: circular_footprint 或删除它们"))
        return out
    if cff is None or not cff.materials:
        return [FieldError("end_of_life.materials", "cff_no_materials",
                           "the circular footprint approach needs at least one material",
                           "循环足迹公式至少需要一种材料")]
    seen: set[str] = set()
    for k, m in enumerate(cff.materials):
        path = f"end_of_life.materials[{k}]"
        key = " ".join(m.name.casefold().split())
        if key in seen:
            out.append(FieldError(f"{path}.name", "duplicate_id",
                                  f"material '{m.name}' is listed twice",
                                  f"材料「{m.name}」重复列出"))
        seen.add(key)
        out += _parameters(m, cff.method, path)
        out += _terms(m, cff.method, path)
        out += _attachments(model, m, path)
    out += _other_approaches(model)
    return out


def _range(path: str, name: str, value: float) -> list[FieldError]:
    if 0.0 <= value <= 1.0:
        return []
    return [FieldError(f"{path}.parameters.{name}", "cff_out_of_range",
                       f"{name} = {value:g} is outside 0..1", f"{name} = {value:g} 不在 0..1 之内")]


def _parameters(m: CffMaterial, method: CffMethod, path: str) -> list[FieldError]:
    p = m.parameters
    out: list[FieldError] = []
    for name, value in (("A", p.a), ("B", p.b), ("R1", p.r1), ("R2", p.r2), ("R3", p.r3),
                        ("X_ER_heat", p.x_er_heat), ("X_ER_elec", p.x_er_elec)):
        if value is not None:
            out += _range(path, name, value)
    if p.r2 + p.r3 > 1.0 + _EPS:
        out.append(FieldError(
            f"{path}.parameters", "cff_r2_r3_above_one",
            f"R2 + R3 = {p.r2 + p.r3:g} is above 1: the disposal share 1 − R2 − R3 would be "
            "negative", f"R2 + R3 = {p.r2 + p.r3:g} 大于 1：处置份额 1 − R2 − R3 将为负"))
    for name, q in (("Qsin_Qp", p.qs_in_qp), ("Qsout_Qp", p.qs_out_qp)):
        if q is not None and q < 0:
            out.append(FieldError(f"{path}.parameters.{name}", "cff_out_of_range",
                                  f"{name} = {q:g} is negative", f"{name} = {q:g} 为负"))
        elif q is not None and q > 1.0 and not m.quality_note:
            out.append(FieldError(
                f"{path}.parameters.{name}", "cff_quality_above_one",
                f"{name} = {q:g}: secondary material of higher quality than primary needs a "
                "'quality_note' saying why", f"{name} = {q:g}：再生料质量高于原生料，"
                "须在 quality_note 中说明理由"))
    out += _method_rules(m, method, path)
    return out


def _method_rules(m: CffMaterial, method: CffMethod, path: str) -> list[FieldError]:
    p = m.parameters
    out: list[FieldError] = []
    if method is CffMethod.PEF:
        lo, hi = PEF_A_RANGE
        if p.a is None:
            out.append(FieldError(f"{path}.parameters.A", "cff_parameter_missing",
                                  "PEF needs A for each material (Annex C: 0.2, 0.5 or 0.8)",
                                  "PEF 要求每种材料给出 A（附录 C：0.2、0.5 或 0.8）"))
        elif not lo <= p.a <= hi:
            out.append(FieldError(f"{path}.parameters.A", "cff_a_not_allowed",
                                  f"A = {p.a:g} is outside {lo}..{hi}, the range PEF allows",
                                  f"A = {p.a:g} 不在 PEF 允许的 {lo}..{hi} 范围内"))
        if p.b != 0.0 and not m.b_justification:
            out.append(FieldError(f"{path}.parameters.B", "cff_b_unjustified",
                                  f"B = {p.b:g}: PEF sets B = 0 unless justified; give "
                                  "'b_justification'", f"B = {p.b:g}：PEF 默认 B = 0，"
                                  "其他取值须在 b_justification 中说明"))
        return out
    if m.material_class is None:
        out.append(FieldError(f"{path}.material_class", "cff_parameter_missing",
                              "the battery rules fix A by material class: give metal, plastic "
                              "or other",
                              "电池规则按材料类别确定 A：请给出 metal、plastic 或 other"))
    elif p.a is not None and abs(p.a - BATTERY_A[m.material_class]) > _EPS:
        fixed = BATTERY_A[m.material_class]
        out.append(FieldError(f"{path}.parameters.A", "cff_a_not_allowed",
                              f"A = {p.a:g}: the battery rules fix A = {fixed:g} for "
                              f"{m.material_class.value}", f"A = {p.a:g}：电池规则规定"
                              f"{m.material_class.value} 类材料 A = {fixed:g}"))
    if p.b != 0.0:
        out.append(FieldError(f"{path}.parameters.B", "cff_b_fixed",
                              f"B = {p.b:g}: the battery rules fix B = 0",
                              f"B = {p.b:g}：电池规则规定 B = 0"))
    if p.r1 > 0.0 and not m.r1_evidence:
        out.append(FieldError(f"{path}.r1_evidence", "cff_r1_evidence_missing",
                              f"R1 = {p.r1:g}: the battery rules take R1 = 0 unless recycled "
                              "content is traced through the supply chain; name the evidence in "
                              "'r1_evidence'", f"R1 = {p.r1:g}：电池规则默认 R1 = 0，"
                              "再生料含量须有供应链追溯证据，请在 r1_evidence 中注明"))
    return out


def _terms(m: CffMaterial, method: CffMethod, path: str) -> list[FieldError]:
    """Missing parameters and E terms that a non-zero coefficient needs."""
    p = m.parameters
    a = effective_a(m, method)
    out: list[FieldError] = []
    needs = [("Qsin_Qp", effective_qs_in(m, method), p.r1 > 0 and a is not None and a < 1),
             ("Qsout_Qp", p.qs_out_qp, p.r2 > 0 and a is not None and a < 1),
             ("LHV", p.lhv, (1 - p.b) * p.r3 > 0 and (p.x_er_heat > 0 or p.x_er_elec > 0))]
    for name, value, needed in needs:
        if needed and value is None:
            out.append(FieldError(f"{path}.parameters.{name}", "cff_parameter_missing",
                                  f"{name} is needed by a term that is not zero",
                                  f"缺少 {name}：有非零项需要它"))
    for term, ref in m.terms.items():
        if ref.kind not in TERM_KINDS:
            out.append(FieldError(f"{path}.terms.{term.value}", "cff_term_kind",
                                  f"'{ref.kind}' is not one of {', '.join(TERM_KINDS)}",
                                  f"「{ref.kind}」不是 {'、'.join(TERM_KINDS)} 之一"))
    lhv_given = 1.0 if p.lhv is not None and p.lhv.amount != 0 else 0.0
    coef = coefficients(resolve(m, method), lhv_given)
    for term in CffTerm:
        if abs(coef[term]) > _EPS and term not in m.terms:
            out.append(FieldError(
                f"{path}.terms.{term.value}", "cff_term_missing",
                f"{term.value} is needed (its coefficient is {coef[term]:.6g} per kg of "
                f"{m.name}): name its factor, dataset or process",
                f"缺少 {term.value}（其系数为每千克{m.name} {coef[term]:.6g}）："
                "请给出因子、数据集或过程"))
    return out


def _attachments(model: ProductModel, m: CffMaterial, path: str) -> list[FieldError]:
    """Where the material's terms are counted: which process, and its stage."""
    stages = BOUNDARY_STAGES[model.boundary]
    out: list[FieldError] = []
    if m.input is None and m.end_of_life is None:
        return [FieldError(path, "cff_not_attached",
                           f"{m.name} is counted nowhere: give its 'input' and/or "
                           "'end_of_life' process", f"{m.name} 未计入任何过程：请给出其 "
                           "input 和/或 end_of_life 过程")]
    for side, att, stage, terms in (("input", m.input, LifeCycleStage.RAW_MATERIAL, INPUT_TERMS),
                                    ("end_of_life", m.end_of_life, LifeCycleStage.END_OF_LIFE,
                                     END_OF_LIFE_TERMS)):
        zh_stage, en_stage = STAGE_NAMES[stage]
        if att is None:
            if stage in stages:
                out.append(FieldError(
                    f"{path}.{side}", f"cff_{side}_missing",
                    f"the {model.boundary.value} boundary includes {en_stage}: give the process "
                    f"and amount of {m.name} its terms ({', '.join(terms)}) are counted in",
                    f"系统边界「{model.boundary.value}」包含{zh_stage}：请给出{m.name}的"
                    f"{'、'.join(terms)} 项计入的过程及数量"))
            continue
        proc = next((p for p in model.processes if p.id == att.process), None)
        if proc is None:
            out.append(FieldError(f"{path}.{side}.process", "unknown_reference",
                                  f"process '{att.process}' is not defined in processes",
                                  f"未定义的过程「{att.process}」"))
        elif proc.stage is not stage:
            out.append(FieldError(
                f"{path}.{side}.process", "cff_stage",
                f"process '{proc.id}' is in stage {proc.stage.value}; the CFF counts "
                f"{', '.join(terms)} in {en_stage}", f"过程「{proc.id}」属于"
                f"{STAGE_NAMES[proc.stage][0]}阶段；循环足迹公式的 {'、'.join(terms)} "
                f"项计入{zh_stage}阶段"))
    return out


def _other_approaches(model: ProductModel) -> list[FieldError]:
    """Burden-free recycled inputs and recycling credits, which the CFF replaces."""
    out: list[FieldError] = []
    for i, p in enumerate(model.processes):
        for j, inp in enumerate(p.inputs):
            if inp.recycled_material:
                out.append(FieldError(
                    f"processes[{i}].inputs[{j}].recycled_material", "burden_free_under_cff",
                    f"{inp.recycled_material} enters burden-free (cut-off) but the model uses "
                    "the CFF, which counts recycled content through R1: list it under "
                    "end_of_life.materials instead", f"{inp.recycled_material} 按截断法无负荷"
                    "输入，但模型采用循环足迹公式（再生料含量由 R1 计算）：请改列入 "
                    "end_of_life.materials"))
        for k, c in enumerate(p.co_products):
            if c.recycled_material and c.substitutes is not None:
                out.append(FieldError(
                    f"processes[{i}].co_products[{k}].substitutes", "credit_under_cff",
                    f"a recycling credit for {c.recycled_material} (avoided burden) in a model "
                    "that uses the CFF, which credits recycling through R2: list it under "
                    "end_of_life.materials instead", f"{c.recycled_material} 计了回收抵扣"
                    "（避免负荷法），但模型采用循环足迹公式（回收由 R2 计算）：请改列入 "
                    "end_of_life.materials"))
    return out
