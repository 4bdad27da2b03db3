"""The ``scenarios`` key of a product model file (情景) and what a sensitivity run reads from
the file besides the model: the allocation bases of every multi-output process.

```yaml
scenarios:
  - name: {zh: 绿电 50%, en: 50 % green electricity}
    changes:
      - {kind: green_share, process: cell_production, input: cn.grid.co2.average,
         share: 0.5, factor: cn.electricity.footprint.pv}
      - {kind: transport_mode, process: truck_to_plant, mode: rail, factor: rail-freight}
      - {kind: amount, process: cell_production, input: 0, amount: 38000, unit: kWh}
      - {kind: reference, process: casting, input: diesel, factor: natural-gas}
      - {kind: factor_value, factor: cathode-powder, co2e: 9.8}
```

Self-contained (the file schema imports these shapes, not the other way round). Which fields
each kind needs is checked when the scenario is applied, each problem naming its field path.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from carbonlabel.adapters.formats.model_schema_base import split_quantity
from carbonlabel.domain.product import Quantity, Text, TransportMode
from carbonlabel.domain.scenario import ChangeKind, Scenario, ScenarioChange
from carbonlabel.domain.sensitivity import AllocationData

_BOUND = 1e15  # as model_schema.MAX_MAGNITUDE
_Ref = Annotated[str, Field(min_length=1, max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class ScenarioNameIn(_In):
    zh: str = Field(min_length=1, description="Chinese (shown first)")
    en: str = Field(min_length=1, description="English")


class ScenarioChangeIn(_In):
    """One change; which fields a kind needs: amount (process, input, amount, unit),
    reference (process, input, factor), factor_value (factor, co2e), green_share (process,
    input, share, factor), transport_mode (process, mode, optional factor, input)."""

    kind: ChangeKind
    process: _Ref | None = Field(None, description="id of the process changed")
    input: Annotated[int, Field(ge=0)] | _Ref | None = Field(
        None, description="the input: its position in the process' inputs, or its reference "
                          "(factor id or key, process id, dataset id, PfId) or name")
    amount: float | None = Field(None, ge=0, le=_BOUND, description="new amount (kind amount)")
    unit: str | None = Field(None, min_length=1, description="unit of 'amount'")
    factor: _Ref | None = Field(None, description="factor id or library key (reference, "
                                                  "green_share, transport_mode) or the "
                                                  "model's factor changed (factor_value)")
    share: float | None = Field(None, ge=0, le=1, description="green_share: share moved to "
                                                              "'factor'")
    co2e: float | None = Field(None, ge=-_BOUND, le=_BOUND,
                               description="factor_value: kg CO2e per unit of the factor")
    mode: TransportMode | None = Field(None, description="transport_mode: the new mode")


class ScenarioIn(_In):
    name: ScenarioNameIn
    description: str = ""
    changes: list[ScenarioChangeIn] = Field(min_length=1)


def to_scenarios(items: list[ScenarioIn]) -> tuple[Scenario, ...]:
    return tuple(Scenario(Text(zh=s.name.zh, en=s.name.en),
                          tuple(_change(c) for c in s.changes), s.description) for s in items)


def _change(c: ScenarioChangeIn) -> ScenarioChange:
    amount = None if c.amount is None else Quantity(c.amount, c.unit or "")
    return ScenarioChange(kind=c.kind, process=c.process, input=c.input, amount=amount,
                          factor=c.factor, share=c.share, co2e=c.co2e, mode=c.mode)


def allocation_data(document: dict[str, Any]) -> dict[str, AllocationData]:
    """Prices and energy contents of every multi-output process of a (schema-checked) model
    document, by process id: the model keeps only its own method's basis."""
    def q(text: object) -> Quantity | None:
        if not isinstance(text, str):
            return None
        amount, unit = split_quantity(text)
        return Quantity(amount, unit)

    out = {}
    for p in document.get("processes") or ():
        cos = [c for c in (p.get("co_products") or ()) if isinstance(c, dict)]
        if not cos:
            continue
        a = p.get("allocation") or {}
        out[str(p.get("id"))] = AllocationData(
            reference_price=q(a.get("reference_price")),
            reference_energy_content=q(a.get("reference_energy_content")),
            prices=tuple(q(c.get("price")) for c in cos),
            energy_contents=tuple(q(c.get("energy_content")) for c in cos))
    return out
