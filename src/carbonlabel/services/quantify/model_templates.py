"""Starting points of a product's model: a template built from a released product rule (the
stages it makes mandatory, its unit, boundary, cut-off and default factors) or one of the
bundled demo models, each filled with the product's registered name, category and rule.

A rule template validates as it is: its amounts are placeholders (1) that the user is told
to replace; a demo template is a complete example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import yaml

from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.domain.product import STAGE_NAMES, LifeCycleStage
from carbonlabel.domain.product_rules import ProductRule
from carbonlabel.domain.product_rules.releases import version_key
from carbonlabel.domain.records import RegisteredProduct
from carbonlabel.errors import CarbonlabelError, NotFoundError

PLACEHOLDER_NOTE = ("# 模板：数量 1 均为占位值，请换成本产品的实际数据。\n"
                    "# Template: every amount of 1 is a placeholder; replace it with this "
                    "product's data.\n")
_REFERENCE = "production"


@dataclass(frozen=True)
class TemplateChoice:
    """One starting point the editor offers: ``rule:<code>@<version>`` or ``demo:<file>``."""

    key: str
    title_zh: str
    title_en: str
    suggested: bool  # the product's own rule or category


def demo_names() -> list[str]:
    folder = resources.files("carbonlabel").joinpath("demo")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))


def _demo_text(name: str) -> str:
    if name not in demo_names():
        raise NotFoundError(field="template", message_en=f"no demo model '{name}'",
                            message_zh=f"没有示例模型「{name}」")
    return resources.files("carbonlabel").joinpath("demo", name).read_text(encoding="utf-8")


def _family(category: str) -> str:
    """The first part of a category, spelt loosely: "lithium battery" and
    "lithium-battery/energy-storage" are one family."""
    return "".join(ch for ch in category.split("/")[0].casefold() if ch.isalnum())


def _demo_category(name: str) -> str:
    document = yaml.safe_load(_demo_text(name))
    return str(document.get("product", {}).get("category", ""))


def choices(product: RegisteredProduct, rules: Sequence[ProductRule]) -> list[TemplateChoice]:
    """Every template, those suggested for the product first (its own rule, the rules and
    demos of its category's family), then the other rules, then the other demos."""
    own = (product.product_rule or "").split("@")[0]
    family = _family(product.category)
    out = [TemplateChoice(f"rule:{r.code}@{r.version}", r.title.zh, r.title.en,
                          r.code == own or any(_family(c) == family for c in r.categories))
           for r in rules]
    out += [TemplateChoice(f"demo:{name}", f"示例：{name}", f"demo: {name}",
                           _family(_demo_category(name)) == family)
            for name in demo_names()]
    return sorted(out, key=lambda c: (not c.suggested, c.key.startswith("demo:") and
                                      not c.suggested))


def default_key(product: RegisteredProduct, rules: Sequence[ProductRule]) -> str:
    """The template a model without versions starts from: the product's own rule, else a
    rule or demo of its category's family, else the first demo (a complete example)."""
    offered = choices(product, rules)
    own = (product.product_rule or "").split("@")[0]
    mine = next((c.key for c in offered if own and c.key.startswith(f"rule:{own}@")), None)
    return mine or next((c.key for c in offered if c.suggested),
                        f"demo:{demo_names()[0]}")


def _rule_field(product: RegisteredProduct, rules: Sequence[ProductRule]) -> Any:
    """The product's registered rule as the model writes it: ``{code, version}`` when it is
    released, else the free text registered."""
    if not product.product_rule:
        return None
    code, _, version = product.product_rule.partition("@")
    released = [r for r in rules if r.code == code and (not version or r.version == version)]
    if not released:
        return product.product_rule
    return {"code": code, "version": version} if version else {"code": code}


def _product(product: RegisteredProduct, rule: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": {"zh": product.name_zh, "en": product.name_en},
                           "category": product.category}
    if rule is not None:
        out["product_rule"] = rule
    return out


def _default_input(key: str, use_en: str, catalog: FactorCatalog,
                   geography: str) -> dict[str, Any] | None:
    """An input taking a rule's default factor (key), with its unit; the key's own
    geography when it has no data at the model's."""
    try:
        record, _ = catalog.resolve(key, geography, None)
        where = None
    except CarbonlabelError:
        variants = catalog.variants(key)
        if not variants:
            return None
        record, where = variants[0], variants[0].geography
    out: dict[str, Any] = {"factor": key, "name": use_en, "amount": 1,
                           "unit": record.factor.unit}
    if where:
        out["geography"] = where
    return out


def _stage_process(stage: LifeCycleStage, unit: str, product: RegisteredProduct
                   ) -> dict[str, Any]:
    zh, en = STAGE_NAMES[stage]
    return {"id": stage.value, "name": {"zh": f"{product.name_zh}：{zh}",
                                    "en": f"{product.name_en}: {en}"},
            "stage": stage.value, "output": {"amount": 1, "unit": unit}, "inputs": []}


def from_rule(product: RegisteredProduct, rule: ProductRule, rules: Sequence[ProductRule],
              catalog: FactorCatalog, geography: str = "CN") -> str:
    """A model that follows ``rule``: one process per mandatory stage (production makes the
    reference product and takes the others), the rule's default factors as inputs."""
    unit = rule.unit.unit
    reference: dict[str, Any] = {
        "id": _REFERENCE, "name": {"zh": f"{product.name_zh} 生产", "en":
                                   f"{product.name_en} production"},
        "stage": LifeCycleStage.PRODUCTION.value,
        "output": {"amount": 1, "unit": unit, "product": product.name_en}, "inputs": []}
    others = [_stage_process(s, unit, product) for s in rule.boundary.mandatory_stages
              if s is not LifeCycleStage.PRODUCTION]
    first = others[0] if others else reference
    for default in rule.default_factors:
        item = _default_input(default.key, default.use.en if default.use else default.key,
                              catalog, geography)
        if item is None:
            continue
        moving = "freight" in default.key or "transport" in default.key
        (first if moving else reference)["inputs"].append(item)
    for other in others:
        reference["inputs"].append({"process": other["id"], "amount": 1, "unit": unit})
    year = datetime.now(UTC).year - 1
    rule_field = _rule_field(product, rules) or {"code": rule.code, "version": rule.version}
    document = {
        "schema": "carbonlabel/product-model/1",
        "product": _product(product, rule_field),
        "unit": {"kind": rule.unit.kind.value if rule.unit.kind else "declared",
                 "description": {"zh": rule.unit.description.zh,
                                 "en": rule.unit.description.en},
                 "amount": 1, "unit": unit, "process": _REFERENCE},
        "boundary": rule.boundary.allowed[0].value,
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "geography": geography,
        "cut_off": {"per_input": rule.cut_off.per_input, "total": rule.cut_off.total},
        "processes": [reference, *others],
    }
    return PLACEHOLDER_NOTE + dump(document)


def from_demo(product: RegisteredProduct, name: str, rules: Sequence[ProductRule]) -> str:
    """A demo model with the product's name, category and (when it has one) rule."""
    document = yaml.safe_load(_demo_text(name))
    rule = _rule_field(product, rules)
    document["product"] = _product(product, rule if rule is not None
                                   else document["product"].get("product_rule"))
    return dump(document)


def dump(document: dict[str, Any]) -> str:
    """A model document as YAML (keys in the order given, Chinese kept readable)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def template(product: RegisteredProduct, key: str, rules: Sequence[ProductRule],
             catalog: FactorCatalog) -> str:
    """The text of the template ``key`` (see :class:`TemplateChoice`)."""
    kind, _, name = key.partition(":")
    if kind == "demo":
        return from_demo(product, name, rules)
    code, _, version = name.partition("@")
    found = sorted((r for r in rules if r.code == code
                    and (not version or r.version == version)),
                   key=lambda r: version_key(r.version))
    rule = found[-1] if found else None
    if kind != "rule" or rule is None:
        raise NotFoundError(field="template", message_en=f"no template '{key}'",
                            message_zh=f"没有模板「{key}」")
    return from_rule(product, rule, rules, catalog)
