"""Named scenarios of a product model (情景): what-if changes computed beside the base result.

A scenario is a list of changes, each applied to a copy of the model
(:mod:`carbonlabel.calc.model.sensitivity_scenarios`); the base model is never altered. A
change names the process it acts on by id and, where it acts on an input, the input by its
position in the process' ``inputs`` or by its reference (factor id or key, process id, dataset
id or supplier PfId; it must then match exactly one input).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.product import Quantity, Text, TransportMode


class ChangeKind(StrEnum):
    AMOUNT = "amount"  # the input's amount (and unit) is replaced
    REFERENCE = "reference"  # the input takes another factor (id or library key)
    FACTOR_VALUE = "factor_value"  # a factor of the model is replaced by a CO2e value per unit
    GREEN_SHARE = "green_share"  # a share of an (electricity) input moves to another factor
    TRANSPORT_MODE = "transport_mode"  # a transport leg changes mode (and factor)


@dataclass(frozen=True)
class ScenarioChange:
    """One change of a scenario; which fields it needs depends on ``kind``:

    * ``amount``: ``process``, ``input``, ``amount``;
    * ``reference``: ``process``, ``input``, ``factor``;
    * ``factor_value``: ``factor`` (an id of the model's ``factors``), ``co2e``;
    * ``green_share``: ``process``, ``input``, ``share`` (0..1), ``factor`` (the green one);
    * ``transport_mode``: ``process``, ``mode``, optional ``factor`` and ``input``.
    """

    kind: ChangeKind
    process: str | None = None
    input: str | int | None = None
    amount: Quantity | None = None
    factor: str | None = None
    share: float | None = None
    co2e: float | None = None
    mode: TransportMode | None = None


@dataclass(frozen=True)
class Scenario:
    name: Text
    changes: tuple[ScenarioChange, ...]
    description: str = ""
