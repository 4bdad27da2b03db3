"""Engine benchmark: carbonlabel against Brightway's bw2calc, measured in the same run.

    python benchmarks/engine.py [--size large] [--seed 42] [--db FOLDER] [--demands 100]

Each tool runs in its own fresh subprocess (so imports, caches and memory are not shared) on
the same synthlci database and the same demands, and reports:

(a) load the CSV files + build matrices + factorize + first solve and score,
(b) the scores of N further demands (factorization reused),
(c) the full supply vectors and per-process contribution breakdowns of those N demands,
(d) peak resident memory of the process (VmHWM; ru_maxrss where there is no /proc).

bw2calc runs with pypardiso when it is installed (its best option here) and with SciPy
SuperLU (pypardiso hidden). The database is generated with the synthetic database generator
(tests/support/gen_db.py) when no --db is given. Scores are cross-checked (maximum relative
difference printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmark shares tests/support with the reference tests

from benchmarks.memory import peak_mb  # noqa: E402
from tests.support.brightway import brightway_datapackage, gen_db_module  # noqa: E402

TARGETS = {"a": 2.0, "b": 20.0, "c": 2.0}


def pick_demands(n: int, count: int, seed: int) -> list[int]:
    rng = np.random.default_rng(seed + 1000)
    return [int(i) for i in rng.choice(np.arange(1, n + 1), size=count + 1, replace=False)]


# -- workers (run in a subprocess each) -----------------------------------------------------

def work_carbonlabel(folder: Path, ids: list[int]) -> dict[str, Any]:
    from carbonlabel.adapters.formats.synthlci import read_synthlci
    from carbonlabel.calc.database import solve_database, unit_demands

    t0 = time.perf_counter()
    db = read_synthlci(folder, uncertainty=False)  # a static calculation
    solved = solve_database(db)
    first = db.indices_of([str(ids[0])])
    s0 = solved.supply(unit_demands(db.n_processes, first)[:, 0])
    score0 = float(solved.characterized_biosphere @ s0)
    a = time.perf_counter() - t0

    cols = db.indices_of([str(i) for i in ids[1:]])
    t0 = time.perf_counter()
    y = solved.scores_per_unit()
    scores = [float(y[c]) for c in cols.tolist()]
    b = time.perf_counter() - t0

    t0 = time.perf_counter()
    supply = solved.supply(unit_demands(db.n_processes, cols))
    contributions = solved.process_contributions(supply)
    totals = contributions.sum(axis=0)
    c = time.perf_counter() - t0
    return {"a": a, "b": b, "c": c, "score0": score0, "scores": scores,
            "scores_from_supply": totals.tolist(), "peak_mb": peak_mb()}


def work_bw2calc(folder: Path, ids: list[int], pardiso: bool) -> dict[str, Any]:
    if not pardiso:
        sys.modules["pypardiso"] = None  # type: ignore[assignment]  # hide it from bw2calc
    import bw2calc

    if pardiso and not bw2calc.PYPARDISO:
        return {"skipped": "pypardiso not installed"}
    t0 = time.perf_counter()
    dp = brightway_datapackage(folder)
    lca = bw2calc.LCA({ids[0]: 1.0}, data_objs=[dp])
    # keep the factorization for further demands (pypardiso caches its own)
    lca.lci(factorize=not pardiso)
    lca.lcia()
    score0 = float(lca.score)
    a = time.perf_counter() - t0

    t0 = time.perf_counter()
    scores = []
    for i in ids[1:]:
        lca.lcia(demand={i: 1.0})  # reuses the factorization
        scores.append(float(lca.score))
    b = time.perf_counter() - t0

    t0 = time.perf_counter()
    totals = []
    for i in ids[1:]:
        lca.lci(demand={i: 1.0})
        lca.lcia_calculation()
        supply = np.asarray(lca.supply_array)
        per_process = np.asarray(lca.characterized_inventory.sum(axis=0)).ravel()
        totals.append(float(per_process.sum()))
        del supply
    c = time.perf_counter() - t0
    return {"a": a, "b": b, "c": c, "score0": score0, "scores": scores,
            "scores_from_supply": totals, "peak_mb": peak_mb()}


# -- driver -----------------------------------------------------------------------------------

def ensure_db(size: str, seed: int) -> Path:
    out = ROOT / ".benchmarks" / "data" / f"{size}-{seed}"
    if (out / "metadata.json").is_file():
        return out
    module = gen_db_module()
    print(f"generating the {size} synthetic database (seed {seed}) in {out} ...", flush=True)
    module.generate(size, out, seed)
    return out


def run_worker(tool: str, folder: Path, ids: list[int]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", tool, "--db", str(folder),
           "--ids", ",".join(map(str, ids))]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="large", choices=["small", "medium", "large"])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--demands", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool; medians are reported")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--ids", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        ids = [int(x) for x in args.ids.split(",")]
        if args.worker == "carbonlabel":
            out = work_carbonlabel(args.db, ids)
        else:
            out = work_bw2calc(args.db, ids, pardiso=args.worker == "bw2calc-pardiso")
        print(json.dumps(out))
        return
    folder = args.db or ensure_db(args.size, args.seed)
    n = sum(1 for _ in (folder / "processes.csv").open()) - 1
    ids = pick_demands(n, args.demands, args.seed)
    print(f"database {folder} ({n} processes); {args.demands} demands; "
          f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs", flush=True)
    tools = ("carbonlabel", "bw2calc-pardiso", "bw2calc-superlu")
    runs: dict[str, list[dict[str, Any]]] = {tool: [] for tool in tools}
    for k in range(args.repeat):
        for tool in tools:  # interleaved, so that drifts of the machine hit every tool alike
            runs[tool].append(run_worker(tool, folder, ids))
        print(f"run {k + 1}/{args.repeat} done", flush=True)
    report({tool: median_run(r) for tool, r in runs.items()}, args.demands, args.repeat)


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per item, the median over the runs (each run a fresh process)."""
    ok = [r for r in runs if "a" in r]
    if not ok:
        return runs[0]
    out = dict(ok[0])
    for key in ("a", "b", "c", "peak_mb"):
        values = sorted(r[key] for r in ok)
        out[key] = float(np.median(values))
        out[f"{key}_range"] = (values[0], values[-1])
    return out


def report(results: dict[str, dict[str, Any]], count: int, repeat: int) -> None:
    ours = results["carbonlabel"]
    if "error" in ours:
        sys.exit(f"carbonlabel failed: {ours['error']}")
    labels = {"a": "(a) load + build + factorize + first solve",
              "b": f"(b) scores of {count} further demands",
              "c": f"(c) supply vectors + process breakdowns of {count} demands",
              "peak_mb": "(d) peak memory, MB"}
    print(f"\nmedians of {repeat} run(s) per tool")
    header = f"{'':58}{'carbonlabel':>13}"
    others = [t for t in results if t != "carbonlabel" and "a" in results[t]]
    for t in results:
        if t != "carbonlabel" and "a" not in results[t]:
            print(f"{t}: {results[t].get('skipped') or results[t].get('error')}")
    for t in others:
        header += f"{t:>18}{'ratio':>8}"
    print(header)
    for key, label in labels.items():
        unit = "" if key == "peak_mb" else " s"
        line = f"{label:58}{ours[key]:>11.4f}{unit:2}"
        for t in others:
            theirs = results[t][key]
            ratio = theirs / ours[key] if ours[key] else float("inf")
            line += f"{theirs:>16.4f}{unit:2}{ratio:>7.1f}x"
        print(line)
    for t in others:
        ref = np.array([results[t]["score0"], *results[t]["scores"]])
        got = np.array([ours["score0"], *ours["scores"]])
        fwd = np.array(ours["scores_from_supply"])
        rel = np.max(np.abs(got - ref) / np.abs(ref))
        rel_fwd = np.max(np.abs(fwd - ref[1:]) / np.abs(ref[1:]))
        print(f"max relative difference vs {t}: scores {rel:.1e}, from supply {rel_fwd:.1e}")
    if others:
        print("\ntargets, against the faster bw2calc option for each item (medians):")
        for key, target in TARGETS.items():
            best = min(others, key=lambda t: results[t][key])
            ratio = results[best][key] / ours[key]
            lo = results[best][f"{key}_range"][0] / ours[f"{key}_range"][1] if (
                f"{key}_range" in ours) else ratio
            hi = results[best][f"{key}_range"][1] / ours[f"{key}_range"][0] if (
                f"{key}_range" in ours) else ratio
            print(f"  {labels[key]}: {ratio:.1f}x vs {best} (worst/best pairing {lo:.1f}x-"
                  f"{hi:.1f}x; target {target:g}x) {'met' if ratio >= target else 'NOT met'}")
        mem_ok = ours["peak_mb"] <= min(results[t]["peak_mb"] for t in others)
        print(f"  {labels['peak_mb']}: {ours['peak_mb']:.0f} MB "
              f"(target: no more than bw2calc) {'met' if mem_ok else 'NOT met'}")


if __name__ == "__main__":
    main()
