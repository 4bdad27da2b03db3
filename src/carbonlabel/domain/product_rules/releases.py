"""Releases of product rules: version order, the latest release on a day, and finding the
release a model names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from carbonlabel.domain.product_rules.records import ProductRule, ProductRuleRef, RuleStatus

_PART = re.compile(r"\d+|[^\d.]+")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order of versions: dotted parts, numbers as numbers ("1.10" after "1.9")."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _PART.findall(version))


def releases_of(rules: Iterable[ProductRule], code: str) -> list[ProductRule]:
    """The releases of ``code``, newest version first."""
    return sorted((r for r in rules if r.code == code), key=lambda r: version_key(r.version),
                  reverse=True)


def latest(rules: Iterable[ProductRule], code: str, on: date) -> ProductRule | None:
    """The newest release of ``code`` released on or before ``on`` and not withdrawn."""
    return next((r for r in releases_of(rules, code)
                 if r.released_on <= on and r.status is not RuleStatus.WITHDRAWN), None)


def resolve(rules: Iterable[ProductRule], ref: ProductRuleRef, on: date) -> ProductRule | None:
    """The release ``ref`` names: its version if it gives one, else the latest on ``on``."""
    rules = list(rules)
    if ref.version is None:
        return latest(rules, ref.code, on)
    return next((r for r in rules if r.code == ref.code and r.version == ref.version), None)


def codes(rules: Iterable[ProductRule]) -> list[str]:
    return sorted({r.code for r in rules})
