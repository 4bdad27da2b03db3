"""Which uncertain parameters of a model drive the spread of its Monte Carlo total.

Each parameter's contribution to variance (方差贡献) is its squared Spearman rank correlation
with the total, normalised over all parameters
(:func:`carbonlabel.calc.sensitivity_variance.contribution_to_variance`, whose docstring states
the method and its limits). A result keeps the largest ones: every share of at least
``MIN_SHARE``, at most ``MAX_KEPT``, largest first, each named after the input, emission or
factor its field path points to.
"""

from __future__ import annotations

import re

from carbonlabel.calc.sensitivity_variance import contribution_to_variance
from carbonlabel.calc.uncertainty.model_mc import ModelMonteCarlo
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.model import Input, InputKind, Process, ProductModel
from carbonlabel.domain.product import Text
from carbonlabel.domain.uncertainty import VarianceContribution

MIN_SHARE = 0.01
MAX_KEPT = 10

_PROCESS = re.compile(r"^processes\[(\d+)\]\.(inputs|emissions|removals|co_products)\[(\d+)\]")
_FACTOR = re.compile(r"^factors\[(\d+)\]")


def _input_name(model: ProductModel, inp: Input) -> tuple[str, str]:
    """(zh, en) name of an input: its own name, else the name of the model's process or factor
    it refers to, else the reference (a dataset, library factor or supplier footprint)."""
    if inp.name:
        return inp.name, inp.name
    if inp.kind is InputKind.PROCESS:
        for p in model.processes:
            if p.id == inp.ref:
                return p.name.zh, p.name.en
    if inp.kind is InputKind.FACTOR:
        for f in model.factors:
            if f.id == inp.ref:
                return f.name.zh, f.name.en
    return inp.ref, inp.ref


def parameter_label(model: ProductModel, path: str) -> Text:
    """A readable name for the parameter at ``path``: the input (or emission, removal,
    substitute, factor) and the process it belongs to; the path itself when it names nothing
    of the model."""
    m = _PROCESS.match(path)
    if m is not None and int(m.group(1)) < len(model.processes):
        p = model.processes[int(m.group(1))]
        label = _process_part(model, p, m.group(2), int(m.group(3)))
        if label is not None:
            zh, en = label
            return Text(zh=f"{zh}（{p.name.zh}）", en=f"{en} ({p.name.en})")
    f = _FACTOR.match(path)
    if f is not None and int(f.group(1)) < len(model.factors):
        factor = model.factors[int(f.group(1))]
        return Text(zh=f"排放因子 {factor.name.zh}", en=f"emission factor {factor.name.en}")
    return Text(zh=path, en=path)


def _process_part(model: ProductModel, p: Process, kind: str, k: int
                  ) -> tuple[str, str] | None:
    """(zh, en) name of item ``k`` of ``kind`` in process ``p`` (removals are numbered after
    the direct emissions, as the compiler numbers them)."""
    if kind == "inputs" and k < len(p.inputs):
        return _input_name(model, p.inputs[k])
    if kind == "co_products" and k < len(p.co_products):
        sub = p.co_products[k].substitutes
        if sub is None:
            return None
        zh, en = _input_name(model, sub)
        return f"替代 {zh}", f"substitutes {en}"
    n_em = sum(1 for e in p.emissions if e.category is not GasCategory.REMOVAL)
    if kind == "emissions" and k < n_em:
        return f"{p.emissions[k].gas} 直接排放", f"{p.emissions[k].gas} direct emission"
    if kind == "removals" and n_em + k < len(p.emissions):
        gas = p.emissions[n_em + k].gas
        return f"{gas} 清除", f"{gas} removal"
    return None


def variance_contributions(run: ModelMonteCarlo, model: ProductModel
                           ) -> tuple[VarianceContribution, ...]:
    """The parameters' contributions to the variance of the total, largest first (shares of at
    least ``MIN_SHARE``, at most ``MAX_KEPT``); empty without parameters or without spread."""
    if not run.parameter_paths or run.iterations < 3:
        return ()
    shares = contribution_to_variance(run.parameters, run.totals)
    order = sorted(range(len(shares)), key=lambda c: (-float(shares[c]), c))
    kept = [c for c in order if float(shares[c]) >= MIN_SHARE][:MAX_KEPT]
    return tuple(VarianceContribution(path=run.parameter_paths[c],
                                      label=parameter_label(model, run.parameter_paths[c]),
                                      share=float(shares[c])) for c in kept)
