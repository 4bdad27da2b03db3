"""The bundled product rules: one YAML file per release in
``carbonlabel/domain/product_rules/data/`` (provenance and licence: ``data/SOURCES.md``).

A file is named ``<code>@<version>.yaml`` and must say the same code and version inside. The
files are read once; a damaged file is a packaging fault (``DataFormatError`` naming it).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from carbonlabel.domain.product_rules.content import RuleContentError, from_content
from carbonlabel.domain.product_rules.records import ProductRule
from carbonlabel.errors import DataFormatError


def _data() -> Any:
    return resources.files("carbonlabel.domain.product_rules").joinpath("data")


def parse_rule(content: Any, where: str) -> ProductRule:
    """A rule from its content (a file's or a stored row's); ``DataFormatError`` names the
    part that is wrong."""
    try:
        return from_content(content)
    except RuleContentError as exc:
        raise DataFormatError(field=f"{where}:{exc.path}",
                              message_en=f"not a product rule: {exc.message}",
                              message_zh=f"不是有效的产品规则：{exc.message}") from None


@lru_cache(maxsize=1)
def bundled_rules() -> tuple[ProductRule, ...]:
    """Every bundled release, ordered by code and version."""
    rules = []
    for entry in sorted(_data().iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        content = yaml.safe_load(entry.read_text(encoding="utf-8"))
        rule = parse_rule(content, entry.name)
        if entry.name != f"{rule.code}@{rule.version}.yaml":
            raise DataFormatError(field=entry.name,
                                  message_en=f"the file holds {rule.label}",
                                  message_zh=f"文件内容为 {rule.label}，与文件名不符")
        rules.append(rule)
    return tuple(rules)
