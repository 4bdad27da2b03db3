"""A penalty record as a row of the "双公示" template: one typed value per field, in template
order (text, a Decimal amount in 万元, a date), the Chinese names of its party kind, classes
and violation. The exports and the pages read rows from here, never the record directly, so
personal data is left out in one place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from carbonlabel.domain.supervision.penalties import (
    CLASS_NAMES,
    PARTY_KIND_NAMES,
    STATE_NAMES,
    VIOLATION_NAMES,
    Penalty,
)
from carbonlabel.domain.supervision.penalty_template import (
    FIELDS,
    SUMMARY,
    FieldKind,
    TemplateField,
)

Cell = str | Decimal | date | None

#: the column after the template's fields in a regulator's own export
STATUS_HEADER = "当前状态"
STATUS_CODE = "STATUS"
#: multi-value separator of 处罚类别 (the class names contain "、")
CLASS_SEPARATOR = "；"


def class_order(penalty: Penalty) -> list[str]:
    """The classes in the order of the list of classes (CLASS_NAMES)."""
    return [zh for c, (zh, _en) in CLASS_NAMES.items() if c in penalty.fields.classes]


def cell(penalty: Penalty, f: TemplateField, personal: bool = False) -> Cell:
    """One field's value; personal data (identity documents) only when ``personal``."""
    if f.personal and not personal:
        return ""
    value = penalty.value(f.attr)
    if f.kind is FieldKind.PARTY_KIND:
        return PARTY_KIND_NAMES[penalty.fields.party_kind][0]
    if f.kind is FieldKind.VIOLATION:
        return VIOLATION_NAMES[penalty.fields.violation][0]
    if f.kind is FieldKind.CLASSES:
        return CLASS_SEPARATOR.join(class_order(penalty))
    if f.kind is FieldKind.AMOUNT:
        assert value is None or isinstance(value, Decimal)
        return value
    if f.kind is FieldKind.DATE:
        assert value is None or isinstance(value, date)
        return value
    return str(value or "")


def row(penalty: Penalty, personal: bool = False) -> tuple[Cell, ...]:
    """The 28 values in template order."""
    return tuple(cell(penalty, f, personal) for f in FIELDS)


def status_name(penalty: Penalty) -> str:
    return STATE_NAMES[penalty.state][0]


def summary(penalty: Penalty) -> dict[str, Cell]:
    """The public summary (行政处罚信息摘要): summary fields by code, and 公示截止期."""
    out: dict[str, Cell] = {f.code: cell(penalty, f) for f in SUMMARY}
    out["CF_GSJZQ"] = penalty.publicity_end
    return out
