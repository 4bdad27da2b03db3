"""What changed between two versions of a product model: settings, processes, their exchanges
(inputs, emissions, co-products) and the model's own emission factors.

Processes and factors are matched by their ids. Inside a matched process an exchange is
matched by what it references (the process, factor, dataset or supplier footprint it takes, a
gas and its origin), the n-th with the n-th when a process takes the same one twice; what is
left on both sides is then matched by its name (an input that kept its name but takes another
factor is one exchange whose factor changed). Everything else was added or removed.

Values are compared exactly and written as text (numbers in their shortest exact form), so a
change shows as ``12 kWh → 15 MJ`` whatever the field.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from carbonlabel.domain.model import (
    CoProduct,
    Emission,
    EmissionFactor,
    Input,
    Process,
    ProductModel,
)
from carbonlabel.domain.product import Quantity, Text
from carbonlabel.domain.quality import DataQuality, Source

_Identified = TypeVar("_Identified", Process, EmissionFactor)


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field of a matched item, before and after (``None``: not given)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ExchangeChange:
    kind: ChangeKind
    exchange: str  # "input", "emission" or "co_product"
    key: str  # what it references: "factor:grid-cn", "process:cells", "CO2 (fossil)"
    name: str  # its name in the model (the newer one when both have one)
    changes: tuple[FieldChange, ...] = ()  # of a changed exchange


@dataclass(frozen=True)
class ProcessChange:
    kind: ChangeKind
    process: str  # its id
    name: Text
    changes: tuple[FieldChange, ...] = ()  # the process's own fields
    exchanges: tuple[ExchangeChange, ...] = ()


@dataclass(frozen=True)
class FactorChange:
    kind: ChangeKind
    factor: str  # its id
    name: Text
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ModelDiff:
    """From version A (before) to version B (after)."""

    settings: tuple[FieldChange, ...]
    processes: tuple[ProcessChange, ...]
    factors: tuple[FactorChange, ...]

    @property
    def identical(self) -> bool:
        return not (self.settings or self.processes or self.factors)


# -- values as text ------------------------------------------------------------------------

def number(value: float | int | None) -> str | None:
    """A number in its shortest exact form (``12``, ``0.6205``, ``1e-07``)."""
    if value is None:
        return None
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def quantity(q: Quantity | None) -> str | None:
    return None if q is None else f"{number(q.amount)} {q.unit}"


def source(s: Source | None) -> str | None:
    if s is None:
        return None
    parts = [str(s) or s.url]
    if str(s) and s.url:
        parts.append(s.url)
    return " · ".join(p for p in parts if p) or None


def quality(q: DataQuality | None) -> str | None:
    return None if q is None else f"TeR {q.ter}, GeR {q.ger}, TiR {q.tir}, P {q.p}"


def text(t: Text) -> str:
    return f"{t.zh} / {t.en}"


def _changes(pairs: Sequence[tuple[str, str | None, str | None]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(f, a, b) for f, a, b in pairs if a != b)


# -- settings ------------------------------------------------------------------------------

def _settings(m: ProductModel) -> dict[str, str | None]:
    """The model's choices that are not a process or a factor, as text by field name."""
    period = f"{m.period.start} – {m.period.end}" if m.period else None
    return {
        "product.name": text(m.product.name), "product.category": m.product.category,
        "product.product_rule": m.product.product_rule,
        "declared_unit": f"{m.reference.kind.value}: {quantity(m.reference.quantity)} "
                f"({text(m.reference.description)}) ← {m.reference.process}",
        "boundary": m.boundary.value, "geography": m.geography, "period": period,
        "cut_off.per_input": number(m.cut_off.per_input),
        "cut_off.total": number(m.cut_off.total),
        "end_of_life.approach": m.end_of_life.approach.value,
        "databases": ", ".join(f"{d.name} ({d.format}: {d.path})" for d in m.databases) or None,
        "factor_sets": ", ".join(m.factor_sets) or None,
        "exclusions": "; ".join(f"{e.name} ({number(e.estimated_share)})"
                                for e in m.exclusions) or None,
        "biogenic_carbon_content": quantity(m.biogenic_carbon_content),
        "fossil_carbon_content": quantity(m.fossil_carbon_content),
        "product_mass": quantity(m.product_mass),
        "scenarios": ", ".join(text(s.name) for s in m.scenarios) or None,
    }


def diff_settings(a: ProductModel, b: ProductModel) -> tuple[FieldChange, ...]:
    before, after = _settings(a), _settings(b)
    return _changes([(k, before[k], after[k]) for k in before])


# -- exchanges -----------------------------------------------------------------------------

def input_key(i: Input) -> str:
    ref = f"{i.database}/{i.ref}" if i.database else i.ref
    return f"{i.kind.value}:{ref}"


def _input_fields(i: Input) -> dict[str, str | None]:
    return {"reference": input_key(i), "amount": quantity(i.quantity),
            "source": source(i.source), "quality": quality(i.quality),
            "primary": "true" if i.primary else None, "geography": i.geography,
            "year": None if i.year is None else str(i.year),
            "conversion": _conversion(i.conversion.density, i.conversion.heating_value),
            "transport_mode": i.transport_mode.value if i.transport_mode else None,
            "recycled_material": i.recycled_material}


def _conversion(density: Quantity | None, heating_value: Quantity | None) -> str | None:
    parts = [f"density {quantity(density)}" if density else "",
             f"heating value {quantity(heating_value)}" if heating_value else ""]
    return ", ".join(p for p in parts if p) or None


def emission_key(e: Emission) -> str:
    return f"{e.gas} ({e.category.value})"


def _emission_fields(e: Emission) -> dict[str, str | None]:
    return {"reference": emission_key(e), "amount": quantity(e.quantity),
            "source": source(e.source), "quality": quality(e.quality),
            "primary": "true" if e.primary else None}


def _co_product_fields(c: CoProduct) -> dict[str, str | None]:
    return {"reference": c.name, "amount": quantity(c.quantity),
            "allocation_value": quantity(c.allocation_value),
            "allocation_factor": number(c.factor),
            "substitutes": input_key(c.substitutes) if c.substitutes else None,
            "recycled_material": c.recycled_material}


@dataclass(frozen=True)
class _Item:
    key: str
    name: str
    fields: dict[str, str | None]


def _pair(before: Sequence[_Item], after: Sequence[_Item]) -> list[
        tuple[_Item | None, _Item | None]]:
    """Match by key (n-th with n-th), then what is left by a shared non-empty name."""
    left, right = list(before), list(after)
    pairs: list[tuple[_Item | None, _Item | None]] = []
    for by_name in (False, True):
        for a in list(left):
            b = next((y for y in right if (y.key == a.key if not by_name
                                           else bool(a.name) and y.name == a.name)), None)
            if b is not None:
                pairs.append((a, b))
                left.remove(a)
                right.remove(b)
    return pairs + [(a, None) for a in left] + [(None, b) for b in right]


def _exchange_changes(kind: str, before: Sequence[_Item],
                      after: Sequence[_Item]) -> list[ExchangeChange]:
    out = []
    for a, b in _pair(before, after):
        if a is None and b is not None:
            out.append(ExchangeChange(ChangeKind.ADDED, kind, b.key, b.name))
        elif b is None and a is not None:
            out.append(ExchangeChange(ChangeKind.REMOVED, kind, a.key, a.name))
        elif a is not None and b is not None:
            changes = _changes([(f, a.fields[f], b.fields[f]) for f in a.fields])
            if changes:
                out.append(ExchangeChange(ChangeKind.CHANGED, kind, b.key, b.name or a.name,
                                          changes))
    return out


def _inputs(p: Process) -> list[_Item]:
    return [_Item(input_key(i), i.name, _input_fields(i)) for i in p.inputs]


def _emissions(p: Process) -> list[_Item]:
    return [_Item(emission_key(e), "", _emission_fields(e)) for e in p.emissions]


def _co_products(p: Process) -> list[_Item]:
    return [_Item(c.name, c.name, _co_product_fields(c)) for c in p.co_products]


# -- processes and factors -----------------------------------------------------------------

def _process_fields(p: Process) -> dict[str, str | None]:
    allocation = None
    if p.allocation is not None:
        a = p.allocation
        allocation = " ".join(x for x in (a.method.value, quantity(a.reference_value) or "",
                                          number(a.reference_factor) or "") if x)
    return {"name": text(p.name), "stage": p.stage.value, "output": quantity(p.output),
            "product": p.product or None, "allocation": allocation,
            "transport_mode": p.transport_mode.value if p.transport_mode else None,
            "conversion": _conversion(p.output_conversion.density,
                                      p.output_conversion.heating_value)}


def diff_process(a: Process, b: Process) -> ProcessChange | None:
    """The changes of one process kept under its id (``None``: unchanged)."""
    before, after = _process_fields(a), _process_fields(b)
    own = _changes([(f, before[f], after[f]) for f in before])
    exchanges = (_exchange_changes("input", _inputs(a), _inputs(b))
                 + _exchange_changes("emission", _emissions(a), _emissions(b))
                 + _exchange_changes("co_product", _co_products(a), _co_products(b)))
    if not own and not exchanges:
        return None
    return ProcessChange(ChangeKind.CHANGED, b.id, b.name, own, tuple(exchanges))


def _factor_fields(f: EmissionFactor) -> dict[str, str | None]:
    gases = ", ".join(f"{g.gas} ({g.category.value}) {number(g.amount)}" for g in f.gases)
    return {"name": text(f.name), "unit": f.unit, "gases": gases, "gwp_set": f.gwp_set,
            "conversion": _conversion(f.conversion.density, f.conversion.heating_value),
            "source": source(f.source), "quality": quality(f.quality),
            "transport_mode": f.transport_mode.value if f.transport_mode else None}


def _by_id(items: Sequence[_Identified]) -> dict[str, _Identified]:
    return {x.id: x for x in items}


def diff_models(a: ProductModel, b: ProductModel) -> ModelDiff:
    """What changed from model ``a`` to model ``b`` (processes in ``b``'s order, then those
    removed in ``a``'s order; factors likewise)."""
    pa, pb = _by_id(a.processes), _by_id(b.processes)
    processes: list[ProcessChange] = []
    for p in b.processes:
        if p.id not in pa:
            processes.append(ProcessChange(
                ChangeKind.ADDED, p.id, p.name, (),
                tuple(ExchangeChange(ChangeKind.ADDED, "input", i.key, i.name)
                      for i in _inputs(p))
                + tuple(ExchangeChange(ChangeKind.ADDED, "emission", e.key, e.name)
                        for e in _emissions(p))))
        elif (changed := diff_process(pa[p.id], p)) is not None:
            processes.append(changed)
    processes += [ProcessChange(ChangeKind.REMOVED, p.id, p.name) for p in a.processes
                  if p.id not in pb]
    fa, fb = _by_id(a.factors), _by_id(b.factors)
    factors: list[FactorChange] = []
    for f in b.factors:
        if f.id not in fa:
            factors.append(FactorChange(ChangeKind.ADDED, f.id, f.name))
            continue
        before, after = _factor_fields(fa[f.id]), _factor_fields(f)
        if changes := _changes([(k, before[k], after[k]) for k in before]):
            factors.append(FactorChange(ChangeKind.CHANGED, f.id, f.name, changes))
    factors += [FactorChange(ChangeKind.REMOVED, f.id, f.name) for f in a.factors
                if f.id not in fb]
    return ModelDiff(diff_settings(a, b), _named(processes, a, b), tuple(factors))


def _named(processes: list[ProcessChange], a: ProductModel,
           b: ProductModel) -> tuple[ProcessChange, ...]:
    """An exchange without a name of its own is called by the process or factor of the
    models it takes (B's name before A's)."""
    names = {f"process:{p.id}": text(p.name) for p in (*a.processes, *b.processes)}
    names |= {f"factor:{f.id}": text(f.name) for f in (*a.factors, *b.factors)}
    return tuple(replace(p, exchanges=tuple(x if x.name else replace(x, name=names.get(x.key, ""))
                                            for x in p.exchanges)) for p in processes)


# -- the files as text ---------------------------------------------------------------------

@dataclass(frozen=True)
class TextLine:
    """A line of the unified diff of the two files: ``kind`` is " ", "-", "+" or "@"."""

    kind: str
    text: str
    line_a: int | None  # its number in file A (context and removed lines)
    line_b: int | None  # its number in file B (context and added lines)


def text_diff(a: str, b: str, context: int = 3) -> tuple[TextLine, ...]:
    """The two files line by line (difflib's unified diff, ``context`` lines around each
    change), each line with its numbers in A and B; empty when the texts are equal."""
    la, lb = a.splitlines(), b.splitlines()
    out: list[TextLine] = []
    matcher = difflib.SequenceMatcher(None, la, lb, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first = group[0]
        out.append(TextLine("@", f"@@ -{first[1] + 1} +{first[3] + 1} @@", None, None))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [TextLine(" ", la[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
                continue
            out += [TextLine("-", la[i], i + 1, None) for i in range(i1, i2)]
            out += [TextLine("+", lb[j], None, j + 1) for j in range(j1, j2)]
    return tuple(out)
