"""A product rule as plain content (the bundled files and the ``product_rules`` table hold it)
and its identity: ``sha256`` over the canonical JSON of the content (keys sorted, UTF-8, no
spaces), so the same release has the same hash wherever it is stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from carbonlabel.domain.model import AllocationMethod
from carbonlabel.domain.product import LifeCycleStage, SystemBoundary, Text, UnitKind
from carbonlabel.domain.product_rules.records import (
    SUBSTITUTION,
    AllocationRule,
    BoundaryRule,
    Citation,
    CutOffLimit,
    DataKind,
    DefaultFactor,
    PrimaryDataPoint,
    ProductCode,
    ProductRule,
    QualityLimit,
    ReportSection,
    RuleStatus,
    UnitRule,
)

_E = TypeVar("_E", bound=StrEnum)
_METHODS = {m.value for m in AllocationMethod} | {SUBSTITUTION}


class RuleContentError(ValueError):
    """A rule's content is not a product rule; ``path`` names the part."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _text(t: Text | None) -> dict[str, str] | None:
    return None if t is None else {"zh": t.zh, "en": t.en}


def to_content(rule: ProductRule) -> dict[str, Any]:
    """The rule as JSON-ready content (what is hashed and stored)."""
    return {
        "code": rule.code, "version": rule.version,
        "released_on": rule.released_on.isoformat(), "status": rule.status.value,
        "title": _text(rule.title), "text": _text(rule.text),
        "official_text_available": rule.official_text_available,
        "based_on": _text(rule.based_on),
        "citations": [{"document": c.document, "title": c.title, "supports": c.supports,
                       "url": c.url} for c in rule.citations],
        "product_codes": [{"scheme": c.scheme, "code": c.code, "basis": c.basis}
                          for c in rule.product_codes],
        "categories": list(rule.categories),
        "unit": {"dimensions": list(rule.unit.dimensions), "unit": rule.unit.unit,
                 "description": _text(rule.unit.description),
                 "kind": rule.unit.kind.value if rule.unit.kind else None},
        "boundary": {"allowed": [b.value for b in rule.boundary.allowed],
                     "mandatory_stages": [s.value for s in rule.boundary.mandatory_stages],
                     "note": _text(rule.boundary.note)},
        "cut_off": {"per_input": rule.cut_off.per_input, "total": rule.cut_off.total},
        "allocation": {"methods": list(rule.allocation.methods),
                       "note": _text(rule.allocation.note)},
        "primary_data": [{"id": p.id, "name": _text(p.name), "stage": p.stage.value,
                          "pattern": p.pattern, "gas": p.gas} for p in rule.primary_data],
        "default_factors": [{"key": f.key, "use": _text(f.use)} for f in rule.default_factors],
        "quality": [{"kind": q.kind.value, "max_dqr": q.max_dqr} for q in rule.quality],
        "report_sections": [{"id": r.id, "title": _text(r.title)}
                            for r in rule.report_sections],
    }


def content_hash(content: Mapping[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of ``content``."""
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rule_hash(rule: ProductRule) -> str:
    return content_hash(to_content(rule))


# -- reading content back -------------------------------------------------------------------

def _get(d: Mapping[str, Any], key: str, path: str, default: Any = ...) -> Any:
    if key not in d or d[key] is None:
        if default is ...:
            raise RuleContentError(f"{path}.{key}".lstrip("."), "missing")
        return default
    return d[key]


def _map(v: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise RuleContentError(path, "expected a mapping")
    return v


def _list(v: Any, path: str) -> Sequence[Any]:
    if not isinstance(v, list | tuple):
        raise RuleContentError(path, "expected a list")
    return v


def _read_text(v: Any, path: str) -> Text:
    m = _map(v, path)
    zh, en = m.get("zh"), m.get("en")
    if not isinstance(zh, str) or not isinstance(en, str) or not zh or not en:
        raise RuleContentError(path, "expected {zh: ..., en: ...}, both given")
    return Text(zh=zh, en=en)


def _opt_text(v: Any, path: str) -> Text | None:
    return None if v is None else _read_text(v, path)


def _enum(kind: type[_E], v: Any, path: str) -> _E:
    try:
        return kind(v)
    except ValueError:
        raise RuleContentError(path, f"unknown value {v!r}") from None


def _share(v: Any, path: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
        raise RuleContentError(path, "expected a share between 0 and 1")
    return float(v)


def _parts(d: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
    return [(f"{key}[{k}]", _map(item, f"{key}[{k}]"))
            for k, item in enumerate(_list(d.get(key) or [], key))]


def from_content(d: Mapping[str, Any]) -> ProductRule:
    """The rule of ``d`` (:func:`to_content`'s shape); ``RuleContentError`` names a bad part."""
    d = _map(d, "")
    unit = _map(_get(d, "unit", ""), "unit")
    boundary = _map(_get(d, "boundary", ""), "boundary")
    cut_off = _map(_get(d, "cut_off", ""), "cut_off")
    allocation = _map(_get(d, "allocation", ""), "allocation")
    methods = tuple(str(m) for m in _list(_get(allocation, "methods", "allocation"),
                                          "allocation.methods"))
    if unknown := [m for m in methods if m not in _METHODS]:
        raise RuleContentError("allocation.methods", f"unknown method(s) {unknown}")
    try:
        released = date.fromisoformat(str(_get(d, "released_on", "")))
    except ValueError:
        raise RuleContentError("released_on", "expected an ISO date") from None
    quality = []
    for path, q in _parts(d, "quality"):
        dqr = _get(q, "max_dqr", path)
        if isinstance(dqr, bool) or not isinstance(dqr, int | float) or not 1 <= dqr <= 5:
            raise RuleContentError(f"{path}.max_dqr", "expected a DQR between 1 and 5")
        quality.append(QualityLimit(_enum(DataKind, _get(q, "kind", path), f"{path}.kind"),
                                    float(dqr)))
    kind = unit.get("kind")
    return ProductRule(
        code=str(_get(d, "code", "")), version=str(_get(d, "version", "")),
        released_on=released,
        status=_enum(RuleStatus, _get(d, "status", ""), "status"),
        title=_read_text(_get(d, "title", ""), "title"),
        text=_read_text(_get(d, "text", ""), "text"),
        official_text_available=bool(d.get("official_text_available", False)),
        based_on=_opt_text(d.get("based_on"), "based_on"),
        citations=tuple(Citation(str(_get(c, "document", p)), str(_get(c, "title", p)),
                                 str(_get(c, "supports", p)), str(c.get("url") or ""))
                        for p, c in _parts(d, "citations")),
        product_codes=tuple(ProductCode(str(_get(c, "scheme", p)), str(_get(c, "code", p)),
                                        str(c.get("basis") or ""))
                            for p, c in _parts(d, "product_codes")),
        categories=tuple(str(c) for c in _list(d.get("categories") or [], "categories")),
        unit=UnitRule(tuple(str(x) for x in _list(_get(unit, "dimensions", "unit"),
                                                   "unit.dimensions")),
                      str(_get(unit, "unit", "unit")),
                      _read_text(_get(unit, "description", "unit"), "unit.description"),
                      None if kind is None else _enum(UnitKind, kind, "unit.kind")),
        boundary=BoundaryRule(
            tuple(_enum(SystemBoundary, b, f"boundary.allowed[{k}]") for k, b in
                  enumerate(_list(_get(boundary, "allowed", "boundary"), "boundary.allowed"))),
            tuple(_enum(LifeCycleStage, s, f"boundary.mandatory_stages[{k}]") for k, s in
                  enumerate(_list(_get(boundary, "mandatory_stages", "boundary"),
                                  "boundary.mandatory_stages"))),
            _opt_text(boundary.get("note"), "boundary.note")),
        cut_off=CutOffLimit(_share(_get(cut_off, "per_input", "cut_off"), "cut_off.per_input"),
                            _share(_get(cut_off, "total", "cut_off"), "cut_off.total")),
        allocation=AllocationRule(methods, _opt_text(allocation.get("note"), "allocation.note")),
        primary_data=tuple(
            PrimaryDataPoint(str(_get(p, "id", path)), _read_text(_get(p, "name", path),
                                                                  f"{path}.name"),
                             _enum(LifeCycleStage, _get(p, "stage", path), f"{path}.stage"),
                             str(p.get("pattern") or ""),
                             None if p.get("gas") is None else str(p["gas"]))
            for path, p in _parts(d, "primary_data")),
        default_factors=tuple(DefaultFactor(str(_get(f, "key", p)),
                                            _read_text(_get(f, "use", p), f"{p}.use"))
                              for p, f in _parts(d, "default_factors")),
        quality=tuple(quality),
        report_sections=tuple(ReportSection(str(_get(r, "id", p)),
                                            _read_text(_get(r, "title", p), f"{p}.title"))
                              for p, r in _parts(d, "report_sections")),
    )
