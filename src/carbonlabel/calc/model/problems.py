"""The problems a model has, collected with their field paths so that all are reported at once
(``ModelValidationError``) instead of one per attempt."""

from __future__ import annotations

from carbonlabel.domain.model import Conversion
from carbonlabel.errors import FieldError, InputError
from carbonlabel.units import conversion_factor


class Collector:
    """Collects every problem found, each with its field path."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, code: str, en: str, zh: str) -> None:
        self.errors.append(FieldError(path, code, en, zh))

    def convert(self, path: str, from_unit: str, to_unit: str,
                conv: Conversion | None = None) -> float | None:
        try:
            return conversion_factor(from_unit, to_unit, conv, field=path)
        except InputError as exc:
            self.errors.append(FieldError(path, exc.code, exc.message_en, exc.message_zh))
            return None
