"""Apply a named scenario (情景) to a product model: a changed copy, the base left as it is.

Changes (``ScenarioChange``), applied in order:

* ``amount``: the input's amount and unit are replaced;
* ``reference``: the input takes another factor (an id, or a library key resolved as usual);
* ``factor_value``: a factor of the model becomes ``co2e`` kg CO2e per unit (no gas split);
* ``green_share``: an input of amount ``q`` becomes ``(1 − s) q`` on its own factor and
  ``s q`` on the green factor, so its emissions are ``q ((1 − s) F_grid + s F_green)``;
* ``transport_mode``: a transport leg (the process, or one of its inputs) takes another mode
  and, when given, another factor.

Every problem is collected with its field path (``scenarios[0].changes[1].input``) and raised
at once as ``ModelValidationError``.
"""

from __future__ import annotations

from dataclasses import replace

from carbonlabel.calc.model.problems import Collector
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.model import FactorGas, Input, InputKind, Process, ProductModel
from carbonlabel.domain.scenario import ChangeKind, Scenario, ScenarioChange
from carbonlabel.errors import ModelValidationError


def apply_scenario(model: ProductModel, index: int, scenario: Scenario) -> ProductModel:
    """``model`` with every change of scenario ``index`` applied; raises
    ``ModelValidationError`` naming each change that cannot be applied."""
    err = Collector()
    out = model
    for k, change in enumerate(scenario.changes):
        out = _apply(out, change, f"scenarios[{index}].changes[{k}]", err)
    if err.errors:
        raise ModelValidationError(err.errors)
    return out


def check_scenarios(model: ProductModel, err: Collector) -> None:
    """Add the problems of every scenario of the model to ``err`` (``validate`` reports them
    with the model's own problems)."""
    for n, sc in enumerate(model.scenarios):
        try:
            apply_scenario(model, n, sc)
        except ModelValidationError as exc:
            err.errors += exc.errors


def _apply(model: ProductModel, c: ScenarioChange, path: str, err: Collector) -> ProductModel:
    if c.kind is ChangeKind.FACTOR_VALUE:
        return _factor_value(model, c, path, err)
    i = _process(model, c, path, err)
    if i is None:
        return model
    p = model.processes[i]
    if c.kind is ChangeKind.TRANSPORT_MODE and c.input is None:
        return _process_mode(model, i, c, path, err)
    j = _input(p, c, path, err)
    if j is None:
        return model
    inp = p.inputs[j]
    inputs = list(p.inputs)
    if c.kind is ChangeKind.AMOUNT:
        if _need(c.amount, "amount", path, err) and c.amount is not None:
            inputs[j] = replace(inp, quantity=c.amount)
    elif c.kind is ChangeKind.REFERENCE:
        if _need(c.factor, "factor", path, err) and c.factor:
            inputs[j] = _refer(inp, c.factor)
    elif c.kind is ChangeKind.GREEN_SHARE:
        if not (_need(c.factor, "factor", path, err) and _need(c.share, "share", path, err)):
            return model
        share = float(c.share or 0.0)
        if not 0.0 <= share <= 1.0:
            err.add(f"{path}.share", "less_than_equal", "the share must lie within 0..1",
                    "比例须在 0..1 之间")
            return model
        green = replace(_refer(inp, str(c.factor)), name=f"{inp.name or inp.ref} (green)",
                        quantity=replace(inp.quantity, amount=inp.quantity.amount * share))
        inputs[j] = replace(inp, quantity=replace(inp.quantity,
                                                  amount=inp.quantity.amount * (1 - share)))
        inputs.insert(j + 1, green)
    else:  # transport mode of an input used directly as a transport leg
        inputs[j] = replace(_refer(inp, c.factor) if c.factor else inp, transport_mode=c.mode)
    return _with_process(model, i, replace(p, inputs=tuple(inputs)))


def _refer(inp: Input, factor: str) -> Input:
    return replace(inp, kind=InputKind.FACTOR, ref=factor, database=None)


def _process_mode(model: ProductModel, i: int, c: ScenarioChange, path: str,
                  err: Collector) -> ProductModel:
    p = replace(model.processes[i], transport_mode=c.mode)
    if c.factor:
        legs = [j for j, x in enumerate(p.inputs) if x.kind in (InputKind.FACTOR,
                                                                  InputKind.DATASET)]
        if len(legs) != 1:
            err.add(f"{path}.input", "ambiguous_input",
                    f"process '{p.id}' has {len(legs)} factor or dataset inputs: name the "
                    "one that takes the new factor with 'input'",
                    f"过程「{p.id}」有 {len(legs)} 个因子或数据集输入：请用 input 指明替换哪一个")
            return model
        inputs = list(p.inputs)
        inputs[legs[0]] = _refer(inputs[legs[0]], c.factor)
        p = replace(p, inputs=tuple(inputs))
    return _with_process(model, i, p)


def _factor_value(model: ProductModel, c: ScenarioChange, path: str,
                  err: Collector) -> ProductModel:
    if not (_need(c.factor, "factor", path, err) and _need(c.co2e, "co2e", path, err)):
        return model
    ids = [f.id for f in model.factors]
    if c.factor not in ids:
        err.add(f"{path}.factor", "unknown_reference",
                f"factor '{c.factor}' is not defined in the model's factors",
                f"模型的 factors 中未定义因子「{c.factor}」")
        return model
    factors = tuple(replace(f, gases=(FactorGas("CO2e", GasCategory.FOSSIL, float(c.co2e or 0)),),
                            gwp_set=None) if f.id == c.factor else f for f in model.factors)
    return replace(model, factors=factors)


def _need(value: object, name: str, path: str, err: Collector) -> bool:
    if value is None or value == "":
        err.add(f"{path}.{name}", "missing", f"this change needs '{name}'",
                f"此项变更需要「{name}」")
        return False
    return True


def _process(model: ProductModel, c: ScenarioChange, path: str, err: Collector) -> int | None:
    if not _need(c.process, "process", path, err):
        return None
    for i, p in enumerate(model.processes):
        if p.id == c.process:
            return i
    err.add(f"{path}.process", "unknown_reference",
            f"process '{c.process}' is not defined in processes", f"未定义的过程「{c.process}」")
    return None


def _input(p: Process, c: ScenarioChange, path: str, err: Collector) -> int | None:
    """The input a change names: by position, or by reference when exactly one matches."""
    if not _need(c.input, "input", path, err):
        return None
    if isinstance(c.input, int):
        if 0 <= c.input < len(p.inputs):
            return c.input
        err.add(f"{path}.input", "unknown_reference",
                f"process '{p.id}' has no input {c.input} (it has {len(p.inputs)})",
                f"过程「{p.id}」没有第 {c.input} 个输入（共 {len(p.inputs)} 个）")
        return None
    found = [j for j, x in enumerate(p.inputs) if c.input in (x.ref, x.name)]
    if len(found) == 1:
        return found[0]
    what_en = "no input" if not found else f"{len(found)} inputs"
    err.add(f"{path}.input", "unknown_reference" if not found else "ambiguous_input",
            f"process '{p.id}' has {what_en} named or referring to '{c.input}'"
            + ("; give its position instead" if found else ""),
            f"过程「{p.id}」中{'没有' if not found else f'有 {len(found)} 个'}名为或引用"
            f"「{c.input}」的输入" + ("；请改用序号" if found else ""))
    return None


def _with_process(model: ProductModel, i: int, p: Process) -> ProductModel:
    processes = list(model.processes)
    processes[i] = p
    return replace(model, processes=tuple(processes))
