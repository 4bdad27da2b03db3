"""Import benchmark: time and peak memory of ``carbonlabel db import`` for real and synthetic data.

    python benchmarks/import.py [--size large] [--seed 42] [--repeat 3]

Sources: the three USLCI files in ../shared/reference/lci (openLCA JSON-LD 1.x, EcoSpold 2,
EcoSpold 1; skipped when ../shared is absent) and a synthetic database of the generator
(tests/support/gen_db.py, 20,000 processes for ``--size large``) written by this benchmark as an
openLCA JSON-LD 2.x zip. Each import (read + link + report + store) runs in a fresh subprocess;
peak memory is that process's own high-water mark (VmHWM).

Reference, measured in the same run for the synthetic JSON-LD zip: reading every unit group,
flow property, flow and process of it with the official ``olca-schema`` package
(``ZipReader.read_each``), i.e. the parsing alone that any importer of the format must do.
Target (issue 3): the 20,000-process JSON-LD database imports in under 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmark shares tests/support with the tests

from benchmarks.memory import peak_mb  # noqa: E402
from tests.support.brightway import gen_db_module  # noqa: E402
from tests.support.olca_fixtures import write_synthlci_as_jsonld  # noqa: E402

LCI = ROOT.parent / "shared" / "reference" / "lci"
USLCI = {"USLCI JSON-LD 1.x": "uslci_fy18_olca1_5_json_ld.zip",
         "USLCI EcoSpold 2": "uslci_fy18_q1_ecospold2.zip",
         "USLCI EcoSpold 1": "uslci_fy21_q3_ecospold1.zip"}
TARGET_SECONDS = 60.0


def work_import(path: Path) -> dict[str, Any]:
    from carbonlabel.adapters.inventory_store import InventoryStore
    from carbonlabel.services.quantify.inventory_import import import_inventory

    with tempfile.TemporaryDirectory() as store:
        t0 = time.perf_counter()
        report = import_inventory(path, InventoryStore(Path(store)))
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "peak_mb": peak_mb(), "datasets": report.link.datasets,
            "linked": report.link.linked, "unlinked": len(report.link.unlinked)}


def work_olca_schema(path: Path) -> dict[str, Any]:
    import olca_schema as o
    import olca_schema.zipio as zipio

    t0 = time.perf_counter()
    count = 0
    with zipio.ZipReader(str(path)) as reader:
        for kind in (o.UnitGroup, o.FlowProperty, o.Flow, o.Process):
            count += sum(1 for _ in reader.read_each(kind))
    return {"seconds": time.perf_counter() - t0, "peak_mb": peak_mb(), "entities": count}


def run_worker(kind: str, path: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", kind, "--path", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def synthetic_zip(size: str, seed: int) -> Path:
    data = ROOT / ".benchmarks" / "data" / f"{size}-{seed}"
    if not (data / "metadata.json").is_file():
        print(f"generating the {size} synthetic database (seed {seed}) ...", flush=True)
        gen_db_module().generate(size, data, seed)
    target = ROOT / ".benchmarks" / "data" / f"{size}-{seed}-olca2.zip"
    if not target.is_file():
        print(f"writing it as openLCA JSON-LD 2.x: {target} ...", flush=True)
        write_synthlci_as_jsonld(data, target)
    return target


def median(runs: list[dict[str, Any]], key: str) -> float:
    return float(np.median([r[key] for r in runs]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="large", choices=["small", "medium", "large"])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=1, help="runs per item; medians reported")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        out = work_import(args.path) if args.worker == "import" else work_olca_schema(args.path)
        print(json.dumps(out))
        return
    items = {label: LCI / name for label, name in USLCI.items() if (LCI / name).is_file()}
    if not items:
        print(f"USLCI files not found under {LCI}: only the synthetic database is measured")
    synthetic = synthetic_zip(args.size, args.seed)
    label = f"synthetic {args.size} JSON-LD 2.x"
    items[label] = synthetic
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {args.repeat} run(s) each",
          flush=True)
    print(f"\n{'source':34}{'datasets':>10}{'import s':>10}{'peak MB':>10}{'linked':>9}"
          f"{'unlinked':>10}")
    results: dict[str, list[dict[str, Any]]] = {}
    for name, path in items.items():
        runs = [run_worker("import", path) for _ in range(args.repeat)]
        ok = [r for r in runs if "seconds" in r]
        if not ok:
            print(f"{name:34} failed: {runs[0].get('error')}")
            continue
        results[name] = ok
        print(f"{name:34}{ok[0]['datasets']:>10}{median(ok, 'seconds'):>10.2f}"
              f"{median(ok, 'peak_mb'):>10.0f}{ok[0]['linked']:>9}{ok[0]['unlinked']:>10}",
              flush=True)
    reference = [run_worker("olca-schema", synthetic) for _ in range(args.repeat)]
    ref_ok = [r for r in reference if "seconds" in r]
    if label in results and ref_ok:
        ours, theirs = median(results[label], "seconds"), median(ref_ok, "seconds")
        print(f"\nreference: olca-schema ZipReader parsing the synthetic zip "
              f"({ref_ok[0]['entities']} entities): {theirs:.2f} s, "
              f"{median(ref_ok, 'peak_mb'):.0f} MB")
        print(f"ratio: olca-schema parsing alone / carbonlabel's whole import (read, link, "
              f"report, store) = {theirs / ours:.2f}x")
        verdict = "met" if ours < TARGET_SECONDS else "NOT met"
        print(f"target: {label} imports in under {TARGET_SECONDS:.0f} s: {ours:.1f} s, {verdict}")


if __name__ == "__main__":
    main()
