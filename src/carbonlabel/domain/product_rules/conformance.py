"""The result of checking a model against a product rule: every gap, each with the model
field it concerns and the reason in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.product import Text
from carbonlabel.domain.product_rules.records import AppliedRule, ProductRule


class RulePart(StrEnum):
    UNIT = "unit"
    BOUNDARY = "boundary"
    CUT_OFF = "cut_off"
    ALLOCATION = "allocation"
    PRIMARY_DATA = "primary_data"
    QUALITY = "quality"


@dataclass(frozen=True)
class Gap:
    """One way a model falls short of its rule."""

    part: RulePart
    field: str  # the model field path, e.g. processes[2].inputs[0].primary
    code: str  # stable, e.g. "unit_dimension", "stage_missing"
    reason: Text

    def as_dict(self) -> dict[str, object]:
        return {"part": self.part.value, "field": self.field, "code": self.code,
                "reason": {"zh": self.reason.zh, "en": self.reason.en}}


@dataclass(frozen=True)
class Conformance:
    rule: AppliedRule
    gaps: tuple[Gap, ...]

    @property
    def conforms(self) -> bool:
        return not self.gaps

    def as_dict(self) -> dict[str, object]:
        return {"rule": {"code": self.rule.code, "version": self.rule.version,
                         "hash": self.rule.hash},
                "conforms": self.conforms, "gaps": [g.as_dict() for g in self.gaps]}


@dataclass(frozen=True)
class RecordedConformance:
    """A footprint's conformance to the rule release it recorded (never a later one).

    ``rule`` is ``None`` when the recorded release is not stored here or its stored hash differs
    from the recorded one; ``conformance`` is ``None`` then and when the model version cannot
    be read."""

    release: AppliedRule
    rule: ProductRule | None = None
    conformance: Conformance | None = None
