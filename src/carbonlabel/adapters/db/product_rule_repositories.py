"""Released product rules in the database: inserted once, read back, never updated."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select

from carbonlabel.adapters.db.product_rule_tables import ProductRuleRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.product_rules import parse_rule
from carbonlabel.domain.product_rules.content import content_hash, to_content
from carbonlabel.domain.product_rules.records import ProductRule
from carbonlabel.errors import ConflictError


def _canonical(rule: ProductRule) -> str:
    return json.dumps(to_content(rule), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _rule(row: ProductRuleRow) -> ProductRule:
    return parse_rule(json.loads(row.content), f"product_rules:{row.code}@{row.version}")


class ProductRules(_Repository):
    def add(self, rule: ProductRule) -> str:
        """Store a release; its hash. ``ConflictError`` when the code and version are taken."""
        digest = content_hash(to_content(rule))
        self._insert(ProductRuleRow(code=rule.code, version=rule.version,
                                    content=_canonical(rule), hash=digest,
                                    released_at=rule.released_on,
                                    stored_at=datetime.now(UTC)),
                     ConflictError(field="version",
                                   message_en=f"{rule.label} is released already: a changed "
                                              f"rule is a new version",
                                   message_zh=f"{rule.label} 已发布；规则变更须发布新版本"))
        return digest

    def sync(self, rules: Iterable[ProductRule]) -> list[str]:
        """Insert the releases not stored yet (labels of those added). A stored release whose
        content differs is refused (``ConflictError``): releases never change."""
        stored = {(r.code, r.version): r.hash for r in self.session.scalars(select(ProductRuleRow))}
        added = []
        for rule in rules:
            digest = stored.get((rule.code, rule.version))
            if digest is None:
                try:
                    self.add(rule)
                    added.append(rule.label)
                    continue
                except ConflictError:  # stored meanwhile by another process: compare it
                    digest = self.session.scalar(
                        select(ProductRuleRow.hash).where(ProductRuleRow.code == rule.code,
                                                          ProductRuleRow.version == rule.version))
            if digest != content_hash(to_content(rule)):
                raise ConflictError(field=rule.label,
                                    message_en=f"the stored release {rule.label} differs from "
                                               f"the bundled one: a changed rule is a new version",
                                    message_zh=f"已存的 {rule.label} 与内置文件不同；"
                                               f"规则变更须发布新版本")
        return added

    def all(self) -> list[tuple[ProductRule, str]]:
        """Every stored release with its stored hash, by code and version."""
        rows = self.session.scalars(select(ProductRuleRow)
                                    .order_by(ProductRuleRow.code, ProductRuleRow.id))
        return [(_rule(r), r.hash) for r in rows]

    def of_code(self, code: str) -> list[tuple[ProductRule, str]]:
        rows = self.session.scalars(select(ProductRuleRow).where(ProductRuleRow.code == code)
                                    .order_by(ProductRuleRow.id))
        return [(_rule(r), r.hash) for r in rows]
