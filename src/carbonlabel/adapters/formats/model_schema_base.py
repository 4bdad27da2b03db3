"""The building blocks of the product model file's shapes (:mod:`model_schema`): the strict
base every shape derives from (finite, bounded numbers) and ``'<number> <unit>'`` quantities."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*)$")
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:\-]+$")]
PfId = Annotated[str, Field(
    pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    description="PACT product footprint id (PfId), a UUID")]


#: The largest magnitude a number of a model may have. No quantity, factor or amount of a
#: product model comes near it, and products of a few such numbers stay far below the largest
#: double (1.8e308): a model cannot overflow to an infinite footprint.
MAX_MAGNITUDE = 1e15


def _too_large() -> PydanticCustomError:
    return PydanticCustomError("number_too_large",
                               "Input should be at most {limit} in magnitude", {"limit": "1e15"})


def check_number(value: float) -> None:
    """Raise a pydantic error unless ``value`` is finite and at most ``MAX_MAGNITUDE``."""
    if not math.isfinite(value):
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    if abs(value) > MAX_MAGNITUDE:
        raise _too_large()


class _Strict(BaseModel):
    # NaN and ±Infinity (YAML .nan/.inf, JSON NaN/Infinity, 1e999) are refused as
    # `finite_number`; every other number is bounded by MAX_MAGNITUDE
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
                raise _too_large()  # compared as int: a 5,000-digit integer has no float
            if isinstance(value, float):
                check_number(value)
        return value


def _check_quantity_text(value: str) -> str:
    m = _QUANTITY.match(value)
    if not m:
        raise ValueError("expected '<number> <unit>', e.g. '0.84 kg/L'")
    check_number(float(m.group(1)))
    return value


QuantityText = Annotated[str, Field(description="'<number> <unit>', e.g. '0.84 kg/L'")]


def split_quantity(text: str) -> tuple[float, str]:
    m = _QUANTITY.match(text)
    if m is None:
        raise ValueError(text)
    return float(m.group(1)), m.group(2).strip()
