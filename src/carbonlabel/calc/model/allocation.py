"""Allocation of a multi-output process' burdens to its reference product (ISO 14044 4.3.4).

    f = v_ref / (v_ref + Σ v_co)

over the co-products that are not substituted, where ``v`` is the mass, the energy content
(amount × energy content, or the amount itself in energy units) or the value (amount × price);
or the explicit factors given, which must sum to 1.
"""

from __future__ import annotations

from carbonlabel.calc.model.problems import Collector
from carbonlabel.domain.model import ALLOCATION_TOLERANCE, AllocationMethod, Conversion, Process


def allocation_factor(i: int, p: Process, err: Collector) -> float:
    """Share ``f`` of process ``i``'s burdens that its reference product carries."""
    shared = [c for c in p.co_products if c.substitutes is None]
    path = f"processes[{i}].allocation"
    if not shared:
        return 1.0
    if p.allocation is None:
        err.add(path, "allocation_missing",
                     "co-products need an allocation method or a substitution",
                     "存在共生产品时须指定分配方法或替代")
        return 1.0
    method = p.allocation.method
    if method is AllocationMethod.EXPLICIT:
        factors = [p.allocation.reference_factor, *(c.factor for c in shared)]
        if any(f is None for f in factors):
            err.add(path, "allocation_factor_missing",
                         "explicit allocation needs reference_factor and a factor on every "
                         "co-product", "显式分配须为参考产品和每个共生产品给出分配系数")
            return 1.0
        total = sum(f for f in factors if f is not None)
        if abs(total - 1.0) > ALLOCATION_TOLERANCE:
            err.add(path, "allocation_sum",
                         f"allocation factors sum to {total:g}, not 1",
                         f"分配系数之和为 {total:g}，应为 1")
        return float(p.allocation.reference_factor or 0.0)
    values = []
    for k, (q, value, conv, sub) in enumerate(
        [(p.output, p.allocation.reference_value, p.output_conversion, path)]
        + [(c.quantity, c.allocation_value, Conversion(), f"processes[{i}].co_products[{n}]")
           for n, c in enumerate(p.co_products) if c.substitutes is None]
    ):
        if method is AllocationMethod.MASS:
            f = err.convert(f"{sub}.unit" if k else f"processes[{i}].output.unit",
                                 q.unit, "kg", conv)
            values.append(None if f is None else q.amount * f)
            continue
        what = "energy_content" if method is AllocationMethod.ENERGY else "price"
        if value is None and method is AllocationMethod.ENERGY:
            f = err.convert(f"{sub}.unit", q.unit, "MJ", conv)
            values.append(None if f is None else q.amount * f)
            continue
        if value is None:
            name = f"reference_{what}" if k == 0 else what
            err.add(f"{sub}.{name}" if k else f"{path}.reference_{what}",
                         "allocation_value_missing", f"{method.value} allocation needs {name}",
                         f"{method.value} 分配需要 {name}")
            values.append(None)
            continue
        target = "MJ" if method is AllocationMethod.ENERGY else _value_unit(p)
        f = err.convert(f"{sub}.{what}" if k else f"{path}.reference_{what}",
                             f"({q.unit})*({value.unit})", target, conv)
        values.append(None if f is None else q.amount * value.amount * f)
    if any(v is None for v in values):
        return 1.0
    total = sum(v for v in values if v is not None)
    if total <= 0:
        err.add(path, "allocation_sum", "allocation basis of all products is zero",
                     "所有产品的分配基础均为零")
        return 1.0
    return float(values[0] or 0.0) / total

def _value_unit(p: Process) -> str:
    ref = p.allocation.reference_value if p.allocation else None
    return f"({p.output.unit})*({ref.unit})" if ref else "dimensionless"

