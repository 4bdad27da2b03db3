"""Monte Carlo of a compiled product model (small foreground systems).

Every iteration ``t`` draws all parameters ``r⁽ᵗ⁾`` (ratios to the stated values,
:mod:`carbonlabel.calc.model.parameters`) at once from one seeded generator, rebuilds the
coefficients of the uncertain lines and solves:

    coef⁽ᵗ⁾ = coef₀ · r⁽ᵗ⁾[param]            (input and emission lines; 1 when fixed)
    G⁽ᵗ⁾[:, j] = G₀[:, j] · r⁽ᵗ⁾[param_j]     (factors: one ratio per factor)
    A⁽ᵗ⁾ s⁽ᵗ⁾ = f
    g⁽ᵗ⁾ = E⁽ᵗ⁾ s⁽ᵗ⁾ + G⁽ᵗ⁾ U⁽ᵗ⁾ s⁽ᵗ⁾,        CFP⁽ᵗ⁾ = cᵀ g⁽ᵗ⁾

Per stage: the sum over the stage's processes of ``s_p h_p`` (direct emissions plus background
inputs); per gas flow: ``g_k c_k``. ``A`` is the same in every iteration when no input between
processes is uncertain (one factorization); otherwise the samples of a block are solved
together as a stack of dense systems (``numpy.linalg.solve``, LAPACK ``gesv``) for up to
``DENSE_LIMIT`` processes, one sparse factorization per sample beyond.

All draws come from ``numpy.random.default_rng(seed)`` before any solve, so the same seed and
iteration count give the same draws and results bit for bit, whatever the block size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.factorization import factorize
from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.calc.uncertainty.distributions import FloatArray, IntArray, sample
from carbonlabel.calc.uncertainty.summary import Summary, summarise, summarise_columns
from carbonlabel.domain.product import LifeCycleStage
from carbonlabel.errors import CalculationError

DENSE_LIMIT = 300  # processes: above, one sparse factorization per sample
Progress = Callable[[int, int], None]  # (iterations done, iterations in all)


@dataclass(frozen=True)
class _Layout:
    """Where each uncertain value goes; ``P`` (one past the last parameter) means fixed."""

    n: int
    a_base: FloatArray  # entries of A: the outputs, then −coef of each process input line
    a_param: IntArray
    a_sum: sp.csr_matrix  # (n·n × entries): adds the entries into the flattened A
    b_coef: FloatArray  # background input lines
    b_param: IntArray
    b_item_param: IntArray
    b_proc: IntArray
    b_flows: FloatArray  # (lines × g): G₀ column of each line's item
    b_score: FloatArray  # (lines,): G₀ᵀc of each line's item
    e_coef: FloatArray  # emission lines
    e_param: IntArray
    e_proc: IntArray
    e_flow: IntArray
    c: FloatArray
    demand: FloatArray
    stage_of: IntArray  # column of each process' stage in ``stages``
    stages: tuple[LifeCycleStage, ...]


def _layout(cs: CompiledSystem) -> _Layout:
    m = cs.matrices
    n, p = len(cs.model.processes), len(cs.parameters)
    outer = np.int64(p)
    a_rows, a_cols = list(range(n)), list(range(n))
    a_base = [float(pr.output.amount) for pr in cs.model.processes]
    a_param = [p] * n
    bg = [line for line in cs.inputs if line.to_background]
    for line in cs.inputs:
        if not line.to_background:
            a_rows.append(line.target)
            a_cols.append(line.process)
            a_base.append(-line.coef)
            a_param.append(p if line.param is None else line.param)
    flat = np.asarray(a_rows, dtype=np.int64) * n + np.asarray(a_cols, dtype=np.int64)
    a_sum = sp.csr_matrix((np.ones(flat.size), (flat, np.arange(flat.size))),
                          shape=(n * n, flat.size))
    items = cs.items
    g0 = m.background_inventory
    targets = np.asarray([line.target for line in bg], dtype=np.int64)
    stages = tuple(st for st in LifeCycleStage if any(pr.stage is st
                                                      for pr in cs.model.processes))
    return _Layout(
        n=n, a_base=np.asarray(a_base), a_param=np.asarray(a_param, dtype=np.int64),
        a_sum=a_sum,
        b_coef=np.asarray([line.coef for line in bg], dtype=np.float64),
        b_param=np.asarray([outer if line.param is None else line.param for line in bg],
                           dtype=np.int64),
        b_item_param=np.asarray([outer if items[t].param is None else items[t].param
                                 for t in targets.tolist()], dtype=np.int64),
        b_proc=np.asarray([line.process for line in bg], dtype=np.int64),
        b_flows=(g0[:, targets].T if targets.size else np.zeros((0, g0.shape[0]))),
        b_score=(g0.T @ m.characterization)[targets],
        e_coef=np.asarray([x.coef for x in cs.emissions], dtype=np.float64),
        e_param=np.asarray([outer if x.param is None else x.param for x in cs.emissions],
                           dtype=np.int64),
        e_proc=np.asarray([x.process for x in cs.emissions], dtype=np.int64),
        e_flow=np.asarray([x.flow for x in cs.emissions], dtype=np.int64),
        c=m.characterization, demand=m.demand,
        stage_of=np.asarray([stages.index(pr.stage) for pr in cs.model.processes],
                            dtype=np.int64),
        stages=stages)



@dataclass(frozen=True)
class ModelMonteCarlo:
    """Draws and summaries of a model's Monte Carlo run (kg CO2e per reference flow)."""

    seed: int
    iterations: int
    total: Summary
    stages: tuple[tuple[LifeCycleStage, Summary], ...]
    flows: tuple[tuple[str, Summary], ...]  # "gas/category" of each GHG flow
    deterministic: float  # the footprint at the stated values
    parameters: FloatArray  # (iterations × parameters): the sampled ratios
    parameter_paths: tuple[str, ...]  # field path of each parameter's uncertainty
    totals: FloatArray  # (iterations,)
    stage_totals: FloatArray  # (iterations × stages)
    flow_totals: FloatArray  # (iterations × flows), kg CO2e


def _solve_block(lay: _Layout, rx: FloatArray, fixed_s: FloatArray | None) -> FloatArray:
    """Supply ``s`` of each sample of the block (``rows × n``)."""
    rows = rx.shape[0]
    if fixed_s is not None:
        return np.broadcast_to(fixed_s, (rows, lay.n))
    vals = lay.a_base * rx[:, lay.a_param]
    a_flat = (lay.a_sum @ vals.T).T
    try:
        if lay.n <= DENSE_LIMIT:
            a = a_flat.reshape(rows, lay.n, lay.n)
            rhs = np.broadcast_to(lay.demand, (rows, lay.n))[..., None]
            return np.asarray(np.linalg.solve(a, rhs)[..., 0])
        out = np.empty((rows, lay.n))
        for t in range(rows):
            a_t = sp.csc_matrix(a_flat[t].reshape(lay.n, lay.n))
            out[t] = factorize(a_t).solve(lay.demand)
        return out
    except (np.linalg.LinAlgError, RuntimeError) as exc:
        raise _failed("a sampled technosphere matrix is singular",
                      "某次抽样的技术矩阵奇异") from exc


def _failed(en: str, zh: str) -> CalculationError:
    return CalculationError(message_en=f"Monte Carlo: {en}", message_zh=f"蒙特卡洛：{zh}")


def _results(lay: _Layout, rx: FloatArray, s: FloatArray
             ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Totals, stage totals and per-flow kg CO2e of one block."""
    rows, g = rx.shape[0], lay.c.shape[0]
    b_use = lay.b_coef * rx[:, lay.b_param] * rx[:, lay.b_item_param] * s[:, lay.b_proc]
    e_kg = lay.e_coef * rx[:, lay.e_param] * s[:, lay.e_proc]
    inventory = b_use @ lay.b_flows
    if lay.e_flow.size:
        np.add.at(inventory.T, lay.e_flow, e_kg.T)
    flows = inventory * lay.c
    per_process = np.zeros((rows, lay.n))
    if lay.b_proc.size:
        np.add.at(per_process.T, lay.b_proc, (b_use * lay.b_score).T)
    if lay.e_proc.size:
        np.add.at(per_process.T, lay.e_proc, (e_kg * lay.c[lay.e_flow]).T)
    stages = np.zeros((rows, len(lay.stages)))
    np.add.at(stages.T, lay.stage_of, per_process.T)
    total = flows.sum(axis=1) if g else np.zeros(rows)
    return total, stages, flows


def monte_carlo(cs: CompiledSystem, iterations: int, seed: int, *, block: int = 100,
                bins: int = 30, progress: Progress | None = None) -> ModelMonteCarlo:
    """``iterations`` draws of the model's footprint with the recorded ``seed`` (module
    docstring); ``progress(done, iterations)`` is called after each block."""
    if iterations < 2:
        raise ValueError("a Monte Carlo run needs at least 2 iterations")
    lay = _layout(cs)
    rng = np.random.default_rng(seed)
    params = sample(cs.parameters, rng, iterations)
    fixed_s = None
    if np.all(lay.a_param == len(cs.parameters)):
        fixed_s = factorize(cs.matrices.technosphere).solve(lay.demand)
    totals = np.empty(iterations)
    stage_totals = np.empty((iterations, len(lay.stages)))
    flow_totals = np.empty((iterations, lay.c.shape[0]))
    for start in range(0, iterations, block):
        stop = min(start + block, iterations)
        rx = np.hstack([params[start:stop], np.ones((stop - start, 1))])  # + "fixed" column
        s = _solve_block(lay, rx, fixed_s)
        totals[start:stop], stage_totals[start:stop], flow_totals[start:stop] = _results(
            lay, rx, s)
        if progress is not None:
            progress(stop, iterations)
    if not np.all(np.isfinite(totals)):
        raise _failed("a sampled footprint is not a finite number",
                      "某次抽样的碳足迹不是有限数值")
    names = tuple(f"{f.gas}/{f.category.value}" for f in cs.flows)
    deterministic = _deterministic(lay)
    return ModelMonteCarlo(
        seed=seed, iterations=iterations, total=summarise(totals, bins),
        stages=tuple(zip(lay.stages, summarise_columns(stage_totals, bins), strict=True)),
        flows=tuple(zip(names, summarise_columns(flow_totals, bins), strict=True)),
        deterministic=deterministic, parameters=params,
        parameter_paths=cs.parameter_paths, totals=totals, stage_totals=stage_totals,
        flow_totals=flow_totals)


def _deterministic(lay: _Layout) -> float:
    """The footprint at the stated values (every ratio 1)."""
    p = int(max(lay.a_param.max(initial=0), lay.b_param.max(initial=0),
                lay.b_item_param.max(initial=0), lay.e_param.max(initial=0)))
    ones = np.ones((1, p + 1))
    s = _solve_block(lay, ones, None)
    return float(_results(lay, ones, s)[0][0])
