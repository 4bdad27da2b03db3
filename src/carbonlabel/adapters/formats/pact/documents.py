"""Parse and render PACT ProductFootprints in either version; read an uploaded PACT file."""

from __future__ import annotations

import json
from collections.abc import Mapping

from carbonlabel.adapters.formats.pact import v2, v3
from carbonlabel.adapters.formats.pact.common import (
    NotRepresentableError,
    PactFormatError,
    Reader,
)
from carbonlabel.domain.pact.model import ExchangeFootprint, SpecVersion, spec_family
from carbonlabel.errors import DataFormatError, FieldError


def render_footprint(fp: ExchangeFootprint, version: SpecVersion) -> dict[str, object]:
    """JSON-ready ProductFootprint in ``version`` (decimals as strings, times in UTC with Z).

    Raises :class:`NotRepresentableError` when the version needs something the footprint does
    not have (docs/pact-format.md lists the cases)."""
    return v2.render(fp) if version is SpecVersion.V2_3 else v3.render(fp)


def _prefixed(errors: list[FieldError], prefix: str) -> list[FieldError]:
    if not prefix:
        return errors
    return [FieldError(f"{prefix}.{e.field}" if e.field else prefix, e.code, e.message_en,
                       e.message_zh, e.line) for e in errors]


def read_footprint(doc: object, expected: SpecVersion | None, r: Reader,
                   prefix: str = "") -> ExchangeFootprint | None:
    """Parse one ProductFootprint, adding its problems (paths under ``prefix``) to ``r``."""
    own = Reader()
    fp = _read(doc, expected, own)
    r.errors.extend(_prefixed(own.errors, prefix))
    return fp


def _read(doc: object, expected: SpecVersion | None, r: Reader) -> ExchangeFootprint | None:
    if not isinstance(doc, Mapping):
        r.fail("", "a ProductFootprint must be a JSON object", "碳足迹（ProductFootprint）必须是 "
               "JSON 对象")
        return None
    spec = doc.get("specVersion")
    if not isinstance(spec, str):
        r.fail("specVersion", "is required (a string such as \"3.0.0\")",
               "缺少 specVersion（如 \"3.0.0\"）")
        return None
    family = spec_family(spec)
    if family is None:
        r.fail("specVersion", f"unsupported version {spec!r} (supported: 2.0.x–2.3.x, 3.0.x)",
               f"不支持的版本 {spec!r}（支持 2.0.x–2.3.x 与 3.0.x）")
        return None
    if expected is not None and family is not expected:
        want = "2.x" if expected is SpecVersion.V2_3 else "3.0.x"
        r.fail("specVersion", f"version {spec!r} where {want} is expected",
               f"此处应为 {want} 版本，实际为 {spec!r}")
        return None
    return v2.parse(doc, r) if family is SpecVersion.V2_3 else v3.parse(doc, r)


def parse_footprint(doc: object, expected: SpecVersion | None = None) -> ExchangeFootprint:
    """Validate and convert one parsed JSON ProductFootprint.

    :class:`PactFormatError` (a DataFormatError) lists every problem; its ``field`` names the
    first one (``pcf.fossilGhgEmissions``)."""
    r = Reader()
    fp = read_footprint(doc, expected, r)
    r.raise_if_errors()
    assert fp is not None
    return fp


def load_json(text: str | bytes) -> object:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:  # also an integer of over 4,300 digits
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        where_en = f" at line {line}, column {col}" if line else ""
        where_zh = f"（第 {line} 行第 {col} 列）" if line else ""
        raise DataFormatError(field="", line=line,
                              message_en=f"not valid JSON{where_en}: {exc}",
                              message_zh=f"不是有效的 JSON{where_zh}") from exc


def parse_footprints_document(text: str | bytes,
                              expected: SpecVersion | None = None) -> list[ExchangeFootprint]:
    """The footprints of an uploaded file: a bare ProductFootprint, a GetFootprint response
    ``{"data": {...}}``, a ListFootprints response ``{"data": [...]}`` or a JSON array.
    Ids must be unique within the file."""
    doc = load_json(text)
    items: list[tuple[str, object]]
    if isinstance(doc, list):
        items = [(f"[{i}]", d) for i, d in enumerate(doc)]
    elif isinstance(doc, Mapping) and "data" in doc and "specVersion" not in doc:
        data = doc["data"]
        items = ([(f"data[{i}]", d) for i, d in enumerate(data)] if isinstance(data, list)
                 else [("data", data)])
    else:
        items = [("", doc)]
    r = Reader()
    if not items:
        r.fail("", "the file holds no footprint", "文件中没有碳足迹")
    out: list[ExchangeFootprint] = []
    seen: dict[str, str] = {}
    for prefix, item in items:
        fp = read_footprint(item, expected, r, prefix)
        if fp is None:
            continue
        if fp.id in seen:
            where = f"{prefix}.id" if prefix else "id"
            r.fail(where, f"duplicated id {fp.id} (also at {seen[fp.id]})",
                   f"重复的标识 {fp.id}（与 {seen[fp.id]} 相同）")
            continue
        seen[fp.id] = prefix or "<document>"
        out.append(fp)
    r.raise_if_errors()
    return out


def stored_document(fp: ExchangeFootprint) -> str:
    """How a received footprint is kept: PACT v3 JSON, or v2.3 where v3 would need data the
    sender did not give (a v2 footprint without a product mass)."""
    try:
        body = render_footprint(fp, SpecVersion.V3_0)
    except NotRepresentableError:
        body = render_footprint(fp, SpecVersion.V2_3)
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


__all__ = [
    "PactFormatError",
    "load_json",
    "parse_footprint",
    "parse_footprints_document",
    "read_footprint",
    "render_footprint",
]
