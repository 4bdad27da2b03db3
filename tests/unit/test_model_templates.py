"""A new product's model starts from a template: one per released product rule and one per
demo model, each filled with the product's registered name, category and rule; every
template validates (placeholder amounts, or a complete example) and a rule's template
conforms to the rule's unit and stages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.product_rules import ProductRule
from carbonlabel.domain.records import RegisteredProduct
from carbonlabel.services.quantify import model_templates
from carbonlabel.services.quantify.model_runs import factor_catalog, validate_text
from carbonlabel.services.quantify.product_rules import bundled_releases, loaded_conformance

RULES = list(bundled_rules())
CATALOG = factor_catalog()


def _product(category: str, rule: str | None) -> RegisteredProduct:
    return RegisteredProduct("p", "o", "某产品", "a product", category, rule, None, None,
                             datetime.now(UTC))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}@{r.version}")
def test_each_rule_s_template_validates_and_carries_the_registration(
        rule: ProductRule, tmp_path: Path) -> None:
    product = _product(rule.categories[0], f"{rule.code}@{rule.version}")
    text = model_templates.template(product, f"rule:{rule.code}@{rule.version}",
                                    RULES, CATALOG)
    loaded = validate_text(text, "model.yaml", tmp_path, tmp_path / "databases")
    conformance = loaded_conformance(loaded, bundled_releases(), "model.yaml")
    assert conformance is not None
    document = yaml.safe_load(text)
    assert document["product"] == {"name": {"zh": "某产品", "en": "a product"},
                                   "category": product.category,
                                   "product_rule": {"code": rule.code,
                                                    "version": rule.version}}
    stages = {p["stage"] for p in document["processes"]}
    assert {s.value for s in rule.boundary.mandatory_stages} <= stages
    assert text.startswith(model_templates.PLACEHOLDER_NOTE)


@pytest.mark.parametrize("demo", model_templates.demo_names())
def test_each_demo_template_validates_with_the_product_s_name(demo: str,
                                                              tmp_path: Path) -> None:
    product = _product("my category", None)
    text = model_templates.template(product, f"demo:{demo}", RULES, CATALOG)
    validate_text(text, "model.yaml", tmp_path, tmp_path / "databases")
    document = yaml.safe_load(text)
    assert document["product"]["name"] == {"zh": "某产品", "en": "a product"}
    assert document["product"]["category"] == "my category"


def test_a_product_starts_from_its_own_rule_else_its_family_s() -> None:
    assert model_templates.default_key(_product("x", "cn-pilot-16-cement@1.0"), RULES) == \
        "rule:cn-pilot-16-cement@1.0"
    assert model_templates.default_key(_product("Lithium battery", None), RULES).startswith(
        "rule:cn-pilot-0")
    assert model_templates.default_key(_product("zzz", None), RULES).startswith("demo:")


def test_a_rule_registered_as_free_text_is_kept_as_text() -> None:
    product = _product("cement", "our own PCR v2")
    text = model_templates.template(product, "demo:portland_cement.yaml", RULES, CATALOG)
    assert yaml.safe_load(text)["product"]["product_rule"] == "our own PCR v2"
