"""Conformance of a product model to a product rule (产品碳足迹核算规则符合性).

:func:`validate` lists EVERY gap, each with the model field path and the reason in Chinese and
English; it never stops at the first. The parts checked, and what a gap is:

- unit: the dimension of the declared/functional unit differs from the rule's (``kWh`` is
  energy; ``MWh`` is too and conforms); the kind (declared or functional) differs when the
  rule fixes it;
- boundary: the model's boundary is not one the rule allows; a mandatory stage has no process;
- cut-off: the model's per-input or total cut-off is looser than the rule's, an exclusion's
  estimated share is over the rule's per-input limit, or all exclusions together over its
  total limit;
- allocation: a process allocates by a method the rule does not allow, or credits a
  co-product by substitution (system expansion) when the rule does not allow it;
- primary data: a mandatory primary data point has no matching input or emission in its
  stage, or a matching one is secondary (not ``primary: true``);
- data quality: an input or emission (or the model factor it uses) has a data-quality rating
  DQR = (TeR + GeR + TiR + P) / 4 worse (greater) than the rule's limit for its data kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from carbonlabel.domain.model import InputKind, ProductModel, excluded_share
from carbonlabel.domain.product import BOUNDARY_STAGES, STAGE_NAMES, LifeCycleStage, Text
from carbonlabel.domain.product_rules.conformance import Conformance, Gap, RulePart
from carbonlabel.domain.product_rules.content import rule_hash
from carbonlabel.domain.product_rules.records import (
    SUBSTITUTION,
    AppliedRule,
    DataKind,
    PrimaryDataPoint,
    ProductRule,
)
from carbonlabel.domain.quality import DataQuality
from carbonlabel.errors import InputError
from carbonlabel.units import dimension_name

#: Slack for comparing shares and DQR values written with a few decimals.
TOLERANCE = 1e-9


def validate(model: ProductModel, rule: ProductRule) -> Conformance:
    """Every gap of ``model`` against ``rule`` (none: the model conforms)."""
    gaps = [*_unit(model, rule), *_boundary(model, rule), *_cut_off(model, rule),
            *_allocation(model, rule), *_primary_data(model, rule), *_quality(model, rule)]
    return Conformance(AppliedRule(rule.code, rule.version, rule_hash(rule)), tuple(gaps))


def _stage(stage: LifeCycleStage) -> tuple[str, str]:
    return STAGE_NAMES[stage]


def _unit(model: ProductModel, rule: ProductRule) -> Iterator[Gap]:
    unit = model.reference.quantity.unit
    try:
        dimension = dimension_name(unit)
    except InputError:
        dimension = "?"
    if dimension not in rule.unit.dimensions:
        wanted = " / ".join(rule.unit.dimensions)
        yield Gap(RulePart.UNIT, "unit.unit", "unit_dimension", Text(
            zh=f"单位「{unit}」的量纲为 {dimension}，规则要求 {wanted}"
               f"（如 {rule.unit.unit}：{rule.unit.description.zh}）",
            en=f"the unit '{unit}' is {dimension}; the rule asks for {wanted} "
               f"(as {rule.unit.unit}: {rule.unit.description.en})"))
    if rule.unit.kind is not None and model.reference.kind is not rule.unit.kind:
        yield Gap(RulePart.UNIT, "unit.kind", "unit_kind", Text(
            zh=f"单位类型为 {model.reference.kind.value}，规则要求 {rule.unit.kind.value}",
            en=f"the unit is {model.reference.kind.value}; the rule asks for "
               f"{rule.unit.kind.value}"))


def _boundary(model: ProductModel, rule: ProductRule) -> Iterator[Gap]:
    allowed = ", ".join(b.value for b in rule.boundary.allowed)
    if model.boundary not in rule.boundary.allowed:
        yield Gap(RulePart.BOUNDARY, "boundary", "boundary_not_allowed", Text(
            zh=f"系统边界 {model.boundary.value} 不在规则允许的范围内（{allowed}）",
            en=f"the boundary {model.boundary.value} is not one the rule allows ({allowed})"))
    present = {p.stage for p in model.processes}
    within = BOUNDARY_STAGES[model.boundary]
    for stage in rule.boundary.mandatory_stages:
        if stage in present:
            continue
        zh, en = _stage(stage)
        extra = (Text(zh="", en="") if stage in within else Text(
            zh=f"；系统边界 {model.boundary.value} 不含该阶段",
            en=f"; the boundary {model.boundary.value} leaves it out"))
        yield Gap(RulePart.BOUNDARY, "processes", "stage_missing", Text(
            zh=f"规则要求的生命周期阶段「{zh}」没有任何过程{extra.zh}",
            en=f"the mandatory life-cycle stage '{en}' has no process{extra.en}"))


def _pct(share: float) -> str:
    return f"{share * 100:g} %"


def _cut_off(model: ProductModel, rule: ProductRule) -> Iterator[Gap]:
    limit = rule.cut_off
    for name, mine, theirs, zh in (("per_input", model.cut_off.per_input, limit.per_input,
                                    "单项输入"),
                                   ("total", model.cut_off.total, limit.total, "合计")):
        if mine > theirs + TOLERANCE:
            yield Gap(RulePart.CUT_OFF, f"cut_off.{name}", f"cut_off_{name}", Text(
                zh=f"取舍准则（{zh}）{_pct(mine)} 宽于规则的 {_pct(theirs)}",
                en=f"the cut-off ({name.replace('_', ' ')}) {_pct(mine)} is looser than the "
                   f"rule's {_pct(theirs)}"))
    for k, e in enumerate(model.exclusions):
        if e.estimated_share > limit.per_input + TOLERANCE:
            yield Gap(RulePart.CUT_OFF, f"exclusions[{k}].estimated_share", "exclusion_too_large",
                      Text(zh=f"排除项「{e.name}」估计占比 {_pct(e.estimated_share)}，超过规则单项"
                              f"上限 {_pct(limit.per_input)}",
                           en=f"the exclusion '{e.name}' is estimated at "
                              f"{_pct(e.estimated_share)}, over the rule's per-input limit "
                              f"{_pct(limit.per_input)}"))
    total = excluded_share(model)
    if total > limit.total + TOLERANCE:
        yield Gap(RulePart.CUT_OFF, "exclusions", "exclusions_too_large", Text(
            zh=f"排除项合计估计占比 {_pct(total)}，超过规则合计上限 {_pct(limit.total)}",
            en=f"the exclusions add up to an estimated {_pct(total)}, over the rule's total "
               f"limit {_pct(limit.total)}"))


def _allocation(model: ProductModel, rule: ProductRule) -> Iterator[Gap]:
    allowed = ", ".join(rule.allocation.methods) or "—"
    for i, p in enumerate(model.processes):
        if p.allocation is not None and not rule.allocation.allows(p.allocation.method.value):
            yield Gap(RulePart.ALLOCATION, f"processes[{i}].allocation.method",
                      "allocation_method", Text(
                          zh=f"过程「{p.id}」按 {p.allocation.method.value} 分配，规则允许的方法为"
                             f"：{allowed}",
                          en=f"process '{p.id}' allocates by {p.allocation.method.value}; the "
                             f"rule allows: {allowed}"))
        for j, c in enumerate(p.co_products):
            if c.substitutes is not None and not rule.allocation.allows(SUBSTITUTION):
                yield Gap(RulePart.ALLOCATION, f"processes[{i}].co_products[{j}].substitutes",
                          "substitution_not_allowed", Text(
                              zh=f"过程「{p.id}」的副产品「{c.name}」以替代法（系统扩展）计抵扣，"
                                 f"规则不允许；允许的方法为：{allowed}",
                              en=f"co-product '{c.name}' of process '{p.id}' is credited by "
                                 f"substitution (system expansion), which the rule does not "
                                 f"allow; it allows: {allowed}"))


def _factor_names(model: ProductModel) -> dict[str, str]:
    return {f.id: f"{f.name.zh} {f.name.en}" for f in model.factors}


def _matches(point: PrimaryDataPoint, model: ProductModel) -> Iterator[tuple[str, bool]]:
    """``(field path of the ``primary`` flag, primary?)`` of what the point matches."""
    names = _factor_names(model)
    pattern = re.compile(point.pattern, re.IGNORECASE) if point.pattern else None
    for i, p in enumerate(model.processes):
        if p.stage is not point.stage or p.is_transport:
            continue
        if pattern is not None:
            for j, inp in enumerate(p.inputs):
                if inp.kind is InputKind.PROCESS:  # an intermediate product, not the data
                    continue
                text = " ".join((inp.ref, inp.name, names.get(inp.ref, "")
                                 if inp.kind is InputKind.FACTOR else ""))
                if pattern.search(text):
                    yield f"processes[{i}].inputs[{j}].primary", inp.primary
        if point.gas is not None:
            for j, e in enumerate(p.emissions):
                if e.gas == point.gas:
                    yield f"processes[{i}].emissions[{j}].primary", e.primary


def _primary_data(model: ProductModel, rule: ProductRule) -> Iterator[Gap]:
    for point in rule.primary_data:
        zh_stage, en_stage = _stage(point.stage)
        found = list(_matches(point, model))
        if not found:
            yield Gap(RulePart.PRIMARY_DATA, "processes", "primary_data_missing", Text(
                zh=f"「{zh_stage}」阶段缺少规则要求的初级数据：{point.name.zh}",
                en=f"the {en_stage} stage lacks the mandatory primary data: {point.name.en}"))
        for path, primary in found:
            if not primary:
                yield Gap(RulePart.PRIMARY_DATA, path, "primary_data_secondary", Text(
                    zh=f"规则要求「{point.name.zh}」为初级数据（primary: true），此处为次级数据",
                    en=f"the rule asks for '{point.name.en}' as primary data (primary: true); "
                       f"this is secondary data"))


def _scored(model: ProductModel) -> Iterator[tuple[str, bool, DataQuality]]:
    """``(field path, primary?, scores)`` of every input and emission with scores; an input
    without its own scores takes those of the model factor it uses."""
    factors = {f.id: (k, f.quality) for k, f in enumerate(model.factors)}
    for i, p in enumerate(model.processes):
        for j, inp in enumerate(p.inputs):
            if inp.quality is not None:
                yield f"processes[{i}].inputs[{j}].dq", inp.primary, inp.quality
            elif inp.kind is InputKind.FACTOR and inp.ref in factors:
                k, quality = factors[inp.ref]
                if quality is not None:
                    yield f"factors[{k}].dq", inp.primary, quality
        for j, e in enumerate(p.emissions):
            if e.quality is not None:
                yield f"processes[{i}].emissions[{j}].dq", e.primary, e.quality


def _quality(model: ProductModel, rule: ProductRule) -> Iterator[Gap]:
    seen: set[str] = set()
    for path, primary, quality in _scored(model):
        kind = DataKind.PRIMARY if primary else DataKind.SECONDARY
        limit = rule.max_dqr(kind)
        if limit is None or quality.dqr <= limit + TOLERANCE or path in seen:
            continue
        seen.add(path)
        zh = "初级" if primary else "次级"
        yield Gap(RulePart.QUALITY, path, "data_quality", Text(
            zh=f"{zh}数据质量评分 DQR {quality.dqr:.2f} 差于规则上限 {limit:g}",
            en=f"{kind.value} data of DQR {quality.dqr:.2f}, worse than the rule's limit "
               f"{limit:g}"))
