"""Read a product model file (YAML or JSON) into the domain ``ProductModel``.

Every problem is collected and reported at once, each with its field path
(``processes[2].inputs[0].unit``) and, where the file gives one, its line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from carbonlabel.adapters import limits
from carbonlabel.adapters.formats import model_file_cff
from carbonlabel.adapters.formats import model_schema as s
from carbonlabel.adapters.formats.model_paths import Path_, format_path, parse_path
from carbonlabel.adapters.formats.model_pruning import Pruned, prune
from carbonlabel.adapters.formats.model_scenarios import to_scenarios
from carbonlabel.adapters.formats.model_uncertainty import VALIDATOR_ZH, to_uncertainty
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.model import (
    Allocation,
    Conversion,
    CoProduct,
    CutOffRule,
    DatabaseRef,
    Emission,
    EmissionFactor,
    Exclusion,
    FactorGas,
    Input,
    InputKind,
    Process,
    ProductModel,
)
from carbonlabel.domain.product import (
    Product,
    Quantity,
    ReferenceFlow,
    ReferencePeriod,
    Text,
)
from carbonlabel.domain.product_rules.records import ProductRuleRef
from carbonlabel.domain.quality import DataQuality, Source
from carbonlabel.errors import FieldError, ModelValidationError


@dataclass
class LineMap:
    """Field path -> 1-based line in the source file."""

    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return None


@dataclass(frozen=True)
class LoadedModel:
    model: ProductModel
    lines: LineMap
    path: Path | None
    document: dict[str, Any]

    def attach_lines(self, errors: list[FieldError]) -> list[FieldError]:
        """The same errors, each with the line of its field where the file tells it."""
        return [
            e if e.line is not None else FieldError(
                e.field, e.code, e.message_en, e.message_zh,
                self.lines.line_of(parse_path(e.field)))
            for e in errors
        ]


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key, self.line = key, line


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise _DuplicateKeyError(format_path((*path, key)), key_node.start_mark.line + 1)
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines)


def _syntax_error(exc: Exception, source: str) -> ModelValidationError:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else getattr(exc, "lineno", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "msg", None) or str(exc)
    return ModelValidationError([FieldError(
        "", "malformed_document", f"malformed file: {problem}", f"文件格式错误：{problem}", line)],
        source)


def _too_deep(source: str) -> ModelValidationError:
    return ModelValidationError([FieldError(
        "", "malformed_document", "the document is nested too deeply or contains itself",
        "文档嵌套过深或引用了自身", 1)], source)


def _long_int(text: str) -> int | float:
    """An integer literal; one too long for Python to parse (over 4,300 digits) is read as a
    float, infinite, which the schema then refuses naming the field (not a traceback)."""
    try:
        return int(text)
    except ValueError:
        return float(text.replace("_", ""))


class _SafeLoader(yaml.SafeLoader):
    """YAML's safe loader, with integers read by :func:`_long_int` when too long."""


def _yaml_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    try:
        value: int = loader.construct_yaml_int(node)
    except ValueError:
        return _long_int(str(node.value))
    return value


_SafeLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_: set[int]) -> int:
    """How many values ``node`` stands for once every alias is expanded (shared subtrees
    counted each time they are used, each computed once)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_:
        raise RecursionError  # an alias inside what it names
    open_.add(key)
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, sizes, open_) + _expanded_size(v, sizes, open_)
            if total > limits.MAX_MODEL_NODES:
                break
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _expanded_size(item, sizes, open_)
            if total > limits.MAX_MODEL_NODES:
                break
    open_.discard(key)
    sizes[key] = total
    return total


def _refuse_alias_bomb(text: str, source: str) -> None:
    """Refuse a YAML document that expands (through anchors and aliases) beyond
    ``MAX_MODEL_NODES`` values; the composed graph is measured, never expanded."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        size = 0 if node is None else _expanded_size(node, {}, set())
    except yaml.YAMLError:
        return  # reported with its line by the parse that follows
    except RecursionError:
        raise _too_deep(source) from None
    if size > limits.MAX_MODEL_NODES:
        n = f"{limits.MAX_MODEL_NODES:,}"
        raise ModelValidationError([FieldError(
            "", "too_large",
            f"the document expands to more than {n} values through YAML aliases "
            f"(limit MAX_MODEL_NODES = {n})",
            f"文档通过 YAML 别名展开后超过 {n} 个值（上限 MAX_MODEL_NODES = {n}）", 1)], source)


def parse_document(text: str, source: str = "<model>") -> tuple[dict[str, Any], LineMap]:
    """Parse YAML or JSON text; return the data and the line of every field.

    JSON ``NaN`` and ``Infinity`` and YAML ``.nan`` and ``.inf`` are read as floats here and
    refused by the schema, each naming its field."""
    lines: dict[Path_, int] = {}
    if not source.endswith(".json"):
        _refuse_alias_bomb(text, source)  # before anything walks the expanded tree
    try:
        data = (json.loads(text, parse_int=_long_int) if source.endswith(".json")
                else yaml.load(text, Loader=_SafeLoader))
    except json.JSONDecodeError as exc:
        raise _syntax_error(exc, source) from exc
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, source) from exc
    except RecursionError:
        raise _too_deep(source) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _walk(node, (), lines)
    except RecursionError:  # an alias that contains itself (`a: &a [*a]`)
        raise _too_deep(source) from None
    except _DuplicateKeyError as exc:
        raise ModelValidationError([FieldError(
            exc.key, "duplicate_key", f"key '{exc.key}' appears twice",
            f"键「{exc.key}」重复出现", exc.line)], source) from None
    except yaml.YAMLError:
        lines = {}  # valid JSON that YAML cannot compose: no line numbers
    if not isinstance(data, dict):
        raise ModelValidationError([FieldError(
            "", "malformed_document", "the model must be a mapping (an object) at the top",
            "模型文件顶层必须是映射（对象）", 1)], source)
    return data, LineMap(lines)


_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段（可能拼写错误）",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "greater_than": "数值必须大于下限",
    "greater_than_equal": "数值不能为负或低于下限",
    "less_than_equal": "数值超过上限",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "finite_number": "应为有限数值（不能是 NaN 或无穷大）",
    "number_too_large": "数值过大（绝对值不得超过 1e15）",
    "int_parsing": "应为整数",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不正确",
    "list_type": "应为列表",
    "model_type": "应为映射（对象）",
    "dict_type": "应为映射（对象）",
    "too_short": "至少需要一项",
    "bool_parsing": "应为 true 或 false",
    "value_error": "取值无效",
}


#: a bound's words in Chinese and the key of pydantic's context that holds the bound
_BOUNDS = {"greater_than": ("大于", "gt"), "greater_than_equal": ("大于或等于", "ge"),
           "less_than_equal": ("小于或等于", "le")}

_VALIDATOR_ZH = {
    "give exactly one of 'process', 'factor', 'dataset' or 'supplier'":
        "须且只能给出 process、factor、dataset 或 supplier 之一",
    "'dataset' needs 'database'": "dataset 需要同时给出 database",
    "give either 'amount' with 'unit', or 'mass' and 'distance'":
        "须给出 amount 与 unit，或（运输）mass 与 distance，二者取一",
    "'amount' needs 'unit'": "amount 需要 unit",
    "transport needs both 'mass' and 'distance'": "运输需同时给出 mass 与 distance",
    "give either 'gases' (per-gas split) or 'co2e'": "须给出 gases（分气体）或 co2e，二者取一",
    "expected '<number> <unit>', e.g. '0.84 kg/L'": "应为「数值 单位」，例如「0.84 kg/L」",
    "'end' is before 'start'": "结束日期早于开始日期",
    **VALIDATOR_ZH,
}


def _pydantic_errors(exc: ValidationError, lines: LineMap) -> list[FieldError]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        loc = tuple("schema" if p == "schema_" else p for p in loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        zh = _ZH.get(str(err["type"]), "字段无效")
        if err["type"] in ("enum", "literal_error"):
            got = err.get("input")
            allowed = msg.removeprefix("Input should be ")
            msg = f"'{got}' is not allowed; expected {allowed}"
            zh = f"{zh}：「{got}」；允许值 {allowed}"
        elif err["type"] == "value_error":
            base = msg.split(" (got ")[0]
            zh = _VALIDATOR_ZH.get(base, zh) + msg[len(base):]
        elif err["type"] in _BOUNDS:
            word, key = _BOUNDS[str(err["type"])]
            bound = err.get("ctx", {}).get(key, "")
            zh = f"数值必须{word} {bound:g}" if isinstance(bound, (int, float)) else zh
        out.append(FieldError(format_path(loc), str(err["type"]), msg, zh, lines.line_of(loc)))
    return out


def load_model_text(text: str, source: str = "<model>", path: Path | None = None) -> LoadedModel:
    """Parse and convert; on schema errors raise ``ModelValidationError`` listing them all.

    When the failing parts can be left out (list items such as inputs, whole processes or
    factors, optional top-level fields), the rest is checked too
    (:class:`PartialModelError`), so one run reports reference and unit problems alongside
    the schema problems; only what depends on a broken part goes unchecked.
    """
    data, lines = parse_document(text, source)
    try:
        parsed = s.ProductModelIn.model_validate(data)
    except ValidationError as exc:
        errors = _pydantic_errors(exc, lines)
        pruned = prune(data, errors)
        if pruned is not None:
            try:
                partial = s.ProductModelIn.model_validate(pruned.data)
            except ValidationError:
                partial = None
            if partial is not None:
                raise PartialModelError(errors, source, to_domain(partial), lines,
                                        pruned) from exc
        raise ModelValidationError(errors, source) from exc
    return LoadedModel(to_domain(parsed), lines, path, data)


class PartialModelError(ModelValidationError):
    """Schema errors in some parts; ``model`` is the rest, still worth checking, and
    ``pruned`` says how its field paths map back to the file's."""

    def __init__(self, errors: list[FieldError], source: str, model: ProductModel,
                 lines: LineMap, pruned: Pruned | None = None) -> None:
        super().__init__(errors, source)
        self.model = model
        self.lines = lines
        self.pruned = pruned

    def relocate(self, errors: list[FieldError]) -> list[FieldError]:
        """Problems found in ``model``, with the file's paths and lines."""
        moved = self.pruned.relocate(errors) if self.pruned is not None else errors
        return [e if e.line is not None else FieldError(
            e.field, e.code, e.message_en, e.message_zh,
            self.lines.line_of(parse_path(e.field))) for e in moved]


def read_model_text(path: Path) -> str:
    """The text of a model file; one that cannot be read is a :class:`ModelValidationError`."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelValidationError([FieldError(
            "", "unreadable_file", f"cannot read {path}: {exc}", f"无法读取 {path}：{exc}")],
            str(path)) from exc


# -- boundary shapes -> domain -------------------------------------------------------------

def _q(text: str | None) -> Quantity | None:
    if text is None:
        return None
    amount, unit = s.split_quantity(text)
    return Quantity(amount, unit)


def _text(t: s.TextIn) -> Text:
    return Text(zh=t.zh, en=t.en)


def _source(src: s.SourceIn | None) -> Source | None:
    return None if src is None else Source(**src.model_dump())


def _dq(dq: s.DataQualityIn | None) -> DataQuality | None:
    return None if dq is None else DataQuality(ter=dq.TeR, ger=dq.GeR, tir=dq.TiR, p=dq.P)


def _conversion(c: s._Convertible) -> Conversion:
    return Conversion(density=_q(c.density), heating_value=_q(c.heating_value))


def _category(origin: str) -> GasCategory:
    return GasCategory(origin)


def _input(i: s.InputIn) -> Input:
    if i.process:
        kind, ref = InputKind.PROCESS, i.process
    elif i.factor:
        kind, ref = InputKind.FACTOR, i.factor
    elif i.supplier:
        kind, ref = InputKind.SUPPLIER, i.supplier
    else:
        kind, ref = InputKind.DATASET, str(i.dataset)
    if i.amount is not None:
        quantity = Quantity(i.amount, str(i.unit))
    else:
        mass, distance = _q(i.mass), _q(i.distance)
        assert mass is not None
        assert distance is not None
        quantity = Quantity(mass.amount * distance.amount, f"({mass.unit})*({distance.unit})")
    return Input(kind=kind, ref=ref, quantity=quantity, database=i.database, name=i.name,
                 conversion=_conversion(i), source=_source(i.source), quality=_dq(i.dq),
                 primary=i.primary, geography=i.geography, year=i.year,
                 transport_mode=i.transport_mode, recycled_material=i.recycled_material,
                 uncertainty=to_uncertainty(i.uncertainty))


def _process(p: s.ProcessIn) -> Process:
    emissions = [Emission(e.gas, _category(e.origin), Quantity(e.amount, e.unit),
                          _source(e.source), _dq(e.dq), e.primary, to_uncertainty(e.uncertainty))
                 for e in p.emissions]
    emissions += [Emission(r.gas, GasCategory.REMOVAL, Quantity(r.amount, r.unit),
                           _source(r.source), _dq(r.dq), r.primary,
                           to_uncertainty(r.uncertainty)) for r in p.removals]
    allocation = None
    if p.allocation is not None:
        a = p.allocation
        ref_value = _q(a.reference_price if a.method == "economic" else a.reference_energy_content)
        allocation = Allocation(a.method, ref_value, a.reference_factor)
    co_products = tuple(
        CoProduct(
            name=c.name, quantity=Quantity(c.amount, c.unit),
            allocation_value=_q(c.price if (p.allocation and p.allocation.method == "economic")
                                else c.energy_content),
            factor=c.factor,
            substitutes=_input(c.substitutes) if c.substitutes else None,
            recycled_material=c.recycled_material,
        )
        for c in p.co_products
    )
    return Process(
        id=p.id, name=_text(p.name), stage=p.stage,
        output=Quantity(p.output.amount, p.output.unit), product=p.output.product,
        transport_mode=p.transport_mode, inputs=tuple(_input(i) for i in p.inputs),
        emissions=tuple(emissions), co_products=co_products, allocation=allocation,
        output_conversion=_conversion(p.output),
    )


def _factor(f: s.FactorIn) -> EmissionFactor:
    if f.gases is not None:
        gases = tuple(FactorGas(g.gas, _category(g.origin), g.amount) for g in f.gases)
    else:
        gases = (FactorGas("CO2e", _category(f.origin), float(f.co2e or 0.0)),)
    return EmissionFactor(id=f.id, name=_text(f.name), unit=f.unit, gases=gases,
                          gwp_set=f.gwp_set, conversion=_conversion(f), source=_source(f.source),
                          quality=_dq(f.dq), transport_mode=f.transport_mode,
                          uncertainty=to_uncertainty(f.uncertainty))


def _rule(r: str | s.ProductRuleIn | None) -> tuple[str | None, ProductRuleRef | None]:
    """The product's rule as text (what products and certificates show) and, when the model
    names a released rule ``{code, version}``, the reference to it."""
    if r is None or isinstance(r, str):
        return r, None
    return (f"{r.code}@{r.version}" if r.version else r.code), ProductRuleRef(r.code, r.version)


def to_domain(m: s.ProductModelIn) -> ProductModel:
    period = (ReferencePeriod(m.period.start.isoformat(), m.period.end.isoformat())
              if m.period else None)
    rule_text, rule = _rule(m.product.product_rule)
    return ProductModel(
        product=Product(_text(m.product.name), m.product.category, rule_text,
                        m.product.code),
        reference=ReferenceFlow(m.unit.kind, _text(m.unit.description),
                                Quantity(m.unit.amount, m.unit.unit), m.unit.process),
        boundary=m.boundary, period=period, geography=m.geography,
        processes=tuple(_process(p) for p in m.processes),
        factors=tuple(_factor(f) for f in m.factors),
        databases=tuple(DatabaseRef(d.name, d.format, d.path) for d in m.databases),
        factor_sets=tuple(m.factor_sets),
        biogenic_carbon_content=_q(m.biogenic_carbon_content),
        fossil_carbon_content=_q(m.fossil_carbon_content), product_mass=_q(m.product_mass),
        cut_off=CutOffRule(m.cut_off.per_input, m.cut_off.total),
        exclusions=tuple(Exclusion(e.name, e.estimated_share, e.reason) for e in m.exclusions),
        notes=m.notes,
        end_of_life=model_file_cff.end_of_life(m.end_of_life),
        scenarios=to_scenarios(m.scenarios),
        product_rule=rule,
    )
