#!/usr/bin/env python3
# Copied unchanged (apart from this line) from the project's shared material, tools/gen_db.py.
"""Generate a synthetic, reproducible LCI database in a neutral CSV folder format.

Usage:
    python gen_db.py --size small|medium|large [--out data/] [--seed 42]
    python gen_db.py --all            # small, medium and large into data/<size>/

Only numpy is needed. Same size + seed => byte-identical files.

On-disk format ("synthlci v1"), one folder per database
=======================================================
All files are UTF-8 RFC 4180 CSV with a header row, comma separated (names containing
commas are double-quoted), '.' decimal point. Floats are
written with Python's shortest round-trip repr, so parsing them gives the exact float64
values the generator used. Ids are positive integers; process ids and flow ids are separate
namespaces (process 7 and flow 7 are unrelated).

processes.csv
    id, name, reference_product, unit, location, production_amount
    Each process produces exactly ``production_amount`` (always 1.0 here) units of its single
    reference product. The product is identified by the process id (one product per process),
    so the technosphere matrix is square. Production has no uncertainty.
technosphere.csv
    consumer, supplier, amount, uncertainty_type, loc, scale
    ``consumer`` (process id) consumes ``amount`` units of the reference product of
    ``supplier`` (process id) per production_amount of its own reference product. Amounts are
    positive inputs. Technosphere matrix: A[p, p] = production_amount, and
    A[supplier, consumer] -= amount (inputs are negative in A). No self-inputs, at most one
    row per (consumer, supplier) pair. The supplier graph has cycles, as in real databases.
biosphere.csv
    process, flow, amount, uncertainty_type, loc, scale
    Elementary flow exchanged per production_amount of the process' reference product.
    Amounts are positive (emissions and resource uses alike). B[flow, process] = amount.
flows.csv
    id, name, compartment, unit
characterization.csv
    flow, factor, uncertainty_type, loc, scale
    GWP100 characterization factors (kg CO2-eq per unit of flow). Flows not listed have 0.
    Some factors are negative (CO2 uptake from air). No uncertainty (type 0).
metadata.json
    generator, format version, seed, size, counts, and a short copy of these conventions.

Uncertainty columns follow the ``stats_arrays`` codes (used by Brightway):
    0 = no uncertainty:  loc = amount, scale empty (NaN)
    2 = lognormal:       loc = ln(amount) (mean of the underlying normal; the median is
                         ``amount``), scale = sigma of the underlying normal (> 0)
    3 = normal:          loc = amount, scale = standard deviation
The deterministic value of an exchange is always ``amount``.

Calculation: solve A s = f for a demand vector f over product ids, inventory g = B s,
score = c . g, with c the characterization vector over flow ids.

Construction
============
Structure like ecoinvent: 18% markets, 82% producers (see ``technosphere_structure``).
Producers buy from markets (global hubs with Zipf popularity, markets of their own sector,
transport hubs, and 2% directly from other producers); each market buys the output of its
producers plus transport. This gives one large strongly connected component with many loops
(a producer may buy from its own market) but little LU fill-in, as in real databases. A
purely random supplier graph (tried first) gives catastrophic fill-in: 29 s for one PARDISO
factorization at 20,000 processes, versus < 1 s for ecoinvent.
Every column of the input matrix T sums to < 1 (producers 0.05-0.6, markets < 1), so the
spectral radius of T is < 1 and A = I - T is a non-singular M-matrix with A^-1 >= 0. Then a
diagonal similarity transform T' = D T D^-1 (D = 10^U(-1.5, 1.5) per product group: a change
of product units) spreads coefficients over several orders of magnitude, like real
databases, without changing the eigenvalues; the diagonal stays 1. Biosphere columns are
divided by D accordingly.
"""
import argparse
import csv
import hashlib
import json
import math
from pathlib import Path

import numpy as np

FORMAT_VERSION = "synthlci-1"
SIZES = {
    # processes, elementary flows, flows with a GWP100 factor
    "small": (200, 150, 40),
    "medium": (5_000, 1_000, 300),
    "large": (20_000, 1_000, 300),
}
MEAN_BIO_EXCHANGES = 15.0

UNITS = ["kg", "kWh", "MJ", "m3", "tkm", "unit", "m2", "kg*day"]
LOCATIONS = ["GLO", "RoW", "RER", "CH", "DE", "FR", "CN", "US", "IN", "BR", "JP", "ZA"]
# Named greenhouse gases: (name, compartment, GWP100 factor) (IPCC AR6-like values)
NAMED_GHG = [
    ("Carbon dioxide, fossil", "air", 1.0),
    ("Methane, fossil", "air", 29.8),
    ("Dinitrogen monoxide", "air", 273.0),
    ("Carbon dioxide, non-fossil", "air", 0.0),
    ("Carbon dioxide, in air", "natural resource", -1.0),
    ("Methane, non-fossil", "air", 27.0),
    ("Sulfur hexafluoride", "air", 25200.0),
    ("Ethane, 1,1,1,2-tetrafluoro-, HFC-134a", "air", 1530.0),
    ("Carbon monoxide, fossil", "air", 1.57),
    ("Nitrogen fluoride", "air", 17400.0),
]
COMPARTMENTS = ["air", "water", "soil", "natural resource"]


def fmt(x: float) -> str:
    if isinstance(x, float) and math.isnan(x):
        return ""
    return repr(float(x))


def zipf_weights(n: int, alpha: float, rng: np.random.Generator) -> np.ndarray:
    """Popularity weights over n items, in a random order."""
    w = 1.0 / np.arange(1, n + 1) ** alpha
    w = w[rng.permutation(n)]
    return w / w.sum()


def uncertainty(amounts: np.ndarray, rng: np.random.Generator, p_lognormal: float, p_normal: float):
    n = len(amounts)
    u = rng.random(n)
    utype = np.zeros(n, dtype=np.int64)
    utype[u < p_lognormal] = 2
    utype[(u >= p_lognormal) & (u < p_lognormal + p_normal)] = 3
    loc = amounts.copy()
    scale = np.full(n, np.nan)
    ln = utype == 2
    loc[ln] = np.log(amounts[ln])
    scale[ln] = rng.uniform(0.05, 0.6, ln.sum())  # ln(GSD); GSD^2 ~ 1.1 .. 3.3
    nm = utype == 3
    scale[nm] = amounts[nm] * rng.uniform(0.02, 0.1, nm.sum())
    return utype, loc, scale


def technosphere_structure(n: int, rng: np.random.Generator) -> dict:
    """Market/producer structure similar to ecoinvent (0-based process indices).

    * 18% of processes are markets, the rest producers. Every producer supplies exactly one
      market (its product group); every market has at least one producer. A few markets
      (~1/60) are "transport" hubs.
    * Processes belong to sectors (n // 400, at least 4). A producer's inputs are markets:
      45% drawn from a global Zipf(1.2) popularity (electricity, heat, chemicals...), 35%
      from markets of its own sector, 18% from transport markets, 2% directly from another
      producer of its sector. Number of inputs per producer: negative binomial, mean 12.5.
      A producer may use its own market (e.g. electricity used to make electricity): loops.
    * A market consumes its producers (shares summing to 0.90-0.98) and, for non-transport
      markets, 1-2 transport markets (0.02-0.10 in total).
    * Producer input columns are scaled to sums in [0.05, 0.6]; every column sum is < 1, so
      the spectral radius of the input matrix T is < 1 and A = I - T is non-singular.
    * Unit factor d (10^U(-1.5, 1.5)) per product group, shared by a market and its
      producers, used by the caller for the similarity transform D T D^-1.
    """
    n_m = max(3, int(round(0.18 * n)))
    perm = rng.permutation(n)
    markets, producers = perm[:n_m], perm[n_m:]
    n_t = max(2, n_m // 60)
    is_transport_m = np.zeros(n_m, bool)
    is_transport_m[:n_t] = True
    n_p = producers.size
    # producer -> market (index into `markets`); every market gets at least one producer
    feeds = np.empty(n_p, dtype=np.int64)
    feeds[:n_m] = np.arange(n_m)
    feeds[n_m:] = rng.choice(n_m, n_p - n_m, p=zipf_weights(n_m, 0.6, rng))
    n_sec = max(4, n // 400)
    m_sector = rng.integers(0, n_sec, n_m)
    p_sector = m_sector[feeds]

    goods = np.flatnonzero(~is_transport_m)
    transport = np.flatnonzero(is_transport_m)
    g_pop = zipf_weights(goods.size, 1.2, rng)
    t_pop = zipf_weights(transport.size, 1.0, rng)
    sector_markets = [goods[m_sector[goods] == s] for s in range(n_sec)]
    sector_producers = [np.flatnonzero(p_sector == s) for s in range(n_sec)]

    k = rng.negative_binomial(3, 3 / (3 + 12.5), n_p)
    k = np.minimum(k, 150)
    cons = np.repeat(np.arange(n_p), k)  # index into producers
    u = rng.random(cons.size)
    sup = np.empty(cons.size, dtype=np.int64)  # process index
    sel = u < 0.45
    sup[sel] = markets[goods[rng.choice(goods.size, sel.sum(), p=g_pop)]]
    sel = (u >= 0.80) & (u < 0.98)
    sup[sel] = markets[transport[rng.choice(transport.size, sel.sum(), p=t_pop)]]
    for s in range(n_sec):
        own = (u >= 0.45) & (u < 0.80) & (p_sector[cons] == s)
        pool = sector_markets[s] if sector_markets[s].size else goods
        w = zipf_weights(pool.size, 0.7, rng)
        sup[own] = markets[pool[rng.choice(pool.size, own.sum(), p=w)]]
        direct = (u >= 0.98) & (p_sector[cons] == s)
        sup[direct] = producers[sector_producers[s][rng.integers(0, sector_producers[s].size, direct.sum())]]
    cons = producers[cons]
    keep = sup != cons
    pairs = np.unique(np.stack([cons[keep], sup[keep]], axis=1), axis=0)
    p_cons, p_sup = pairs[:, 0], pairs[:, 1]
    raw = rng.lognormal(0.0, 1.5, p_cons.size)
    col_sum = np.bincount(p_cons, weights=raw, minlength=n)
    target = rng.uniform(0.05, 0.6, n)
    p_amt = raw * target[p_cons] / col_sum[p_cons]

    # market inputs: producers (mix) + transport
    m_cons = markets[feeds]
    m_sup = producers.copy()
    raw = rng.gamma(1.0, 1.0, n_p)
    m_sum = np.bincount(feeds, weights=raw, minlength=n_m)
    mix_total = rng.uniform(0.90, 0.98, n_m)
    m_amt = raw / m_sum[feeds] * mix_total[feeds]
    n_tr = np.where(is_transport_m, 0, rng.integers(1, 3, n_m))
    tr_cons_m = np.repeat(np.arange(n_m), n_tr)
    tr_sup = markets[transport[rng.choice(transport.size, tr_cons_m.size, p=t_pop)]]
    tr_raw = rng.uniform(0.5, 1.5, tr_cons_m.size)
    tr_sum = np.bincount(tr_cons_m, weights=tr_raw, minlength=n_m)
    tr_amt = tr_raw / tr_sum[tr_cons_m] * np.minimum(0.10, 0.999 - mix_total[tr_cons_m])
    tr_cons = markets[tr_cons_m]
    consumers = np.concatenate([p_cons, m_cons, tr_cons])
    suppliers = np.concatenate([p_sup, m_sup, tr_sup])
    amounts = np.concatenate([p_amt, m_amt, tr_amt])
    pairs, inv = np.unique(np.stack([consumers, suppliers], axis=1), axis=0, return_inverse=True)
    amounts = np.bincount(inv.ravel(), weights=amounts)  # merge duplicate (consumer, supplier)
    consumers, suppliers = pairs[:, 0], pairs[:, 1]
    assert np.bincount(consumers, weights=amounts, minlength=n).max() < 1.0

    group = np.empty(n, dtype=np.int64)  # product group = market index
    group[markets] = np.arange(n_m)
    group[producers] = feeds
    group_unit = rng.integers(0, len(UNITS), n_m)
    d_group = 10.0 ** rng.uniform(-1.5, 1.5, n_m)
    is_market = np.zeros(n, bool)
    is_market[markets] = True
    return {
        "consumers": consumers,
        "suppliers": suppliers,
        "amounts": amounts,
        "d": d_group[group],
        "product_group": group,
        "product_group_unit": group_unit[group],
        "is_market": is_market,
    }


def write_csv(path: Path, header, columns):
    """RFC 4180 CSV (fields with commas are double-quoted), '\n' line ends."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(
            [c if isinstance(c, str) else fmt(c) if isinstance(c, float) else str(c) for c in row]
            for row in zip(*columns)
        )


def generate(size: str, out: Path, seed: int = 42) -> dict:
    n, n_flows, n_cf = SIZES[size]
    rng = np.random.default_rng([seed, n])
    out.mkdir(parents=True, exist_ok=True)

    # --- technosphere structure (markets + producers, like ecoinvent) ---------------------
    st = technosphere_structure(n, rng)
    consumers, suppliers, amounts, d = st["consumers"], st["suppliers"], st["amounts"], st["d"]
    amounts = amounts * d[suppliers] / d[consumers]  # similarity transform (units of products)
    t_utype, t_loc, t_scale = uncertainty(amounts, rng, p_lognormal=0.85, p_normal=0.0)

    # --- processes -------------------------------------------------------------------------
    pids = np.arange(1, n + 1)
    units = np.array(UNITS)[st["product_group_unit"]]
    locs = rng.choice(LOCATIONS, n)
    grp = st["product_group"] + 1
    names = [
        f"market for product {g}" if mk else f"product {g} production, route {i}"
        for i, (g, mk) in enumerate(zip(grp, st["is_market"]), start=1)
    ]
    write_csv(
        out / "processes.csv",
        ["id", "name", "reference_product", "unit", "location", "production_amount"],
        [
            [str(i) for i in pids],
            names,
            [f"product {g}" for g in grp],
            list(units),
            list(locs),
            [1.0] * n,
        ],
    )
    write_csv(
        out / "technosphere.csv",
        ["consumer", "supplier", "amount", "uncertainty_type", "loc", "scale"],
        [list(consumers + 1), list(suppliers + 1), list(amounts), list(t_utype), list(t_loc), list(t_scale)],
    )

    # --- flows -----------------------------------------------------------------------------
    fids = np.arange(1, n_flows + 1)
    names, comps = [], []
    for i in range(n_flows):
        if i < len(NAMED_GHG):
            names.append(NAMED_GHG[i][0])
            comps.append(NAMED_GHG[i][1])
        else:
            names.append(f"flow {i + 1}")
            comps.append(COMPARTMENTS[rng.choice(4, p=[0.45, 0.25, 0.1, 0.2])])
    flow_units = ["kg" if c != "natural resource" or rng.random() < 0.7 else "m3" for c in comps]
    write_csv(out / "flows.csv", ["id", "name", "compartment", "unit"],
              [[str(i) for i in fids], names, comps, flow_units])

    # --- characterization (GWP100) ---------------------------------------------------------
    cf_flows = [i for i in range(len(NAMED_GHG))]
    air = [i for i in range(len(NAMED_GHG), n_flows) if comps[i] == "air"]
    extra = rng.choice(air, size=min(n_cf - len(cf_flows), len(air)), replace=False)
    cf_flows += sorted(int(x) for x in extra)
    cf_vals = [NAMED_GHG[i][2] for i in range(len(NAMED_GHG))]
    cf_vals += list(np.round(rng.lognormal(np.log(50), 2.5, len(cf_flows) - len(NAMED_GHG)), 6))
    # keep non-zero factors only (non-fossil CO2 has factor 0 -> omitted)
    cf = [(f + 1, float(v)) for f, v in zip(cf_flows, cf_vals) if v != 0.0]
    write_csv(
        out / "characterization.csv",
        ["flow", "factor", "uncertainty_type", "loc", "scale"],
        [[str(f) for f, _ in cf], [v for _, v in cf], ["0"] * len(cf), [v for _, v in cf], [float("nan")] * len(cf)],
    )

    # --- biosphere -------------------------------------------------------------------------
    fpop = zipf_weights(n_flows - 1, 1.0, rng)  # flows 2..n_flows; CO2 fossil handled apart
    is_mk = st["is_market"]
    m = np.where(is_mk, rng.poisson(1.0, n), rng.poisson(MEAN_BIO_EXCHANGES - 1, n))
    b_proc = np.repeat(np.arange(n), m)
    b_flow = rng.choice(n_flows - 1, size=b_proc.size, p=fpop) + 1
    co2 = np.flatnonzero(rng.random(n) < np.where(is_mk, 0.1, 0.7))
    b_proc = np.concatenate([b_proc, co2])
    b_flow = np.concatenate([b_flow, np.zeros(co2.size, dtype=b_flow.dtype)])
    pairs = np.unique(np.stack([b_proc, b_flow], axis=1), axis=0)
    b_proc, b_flow = pairs[:, 0], pairs[:, 1]
    b_amt = np.where(
        b_flow == 0,
        rng.lognormal(np.log(0.5), 1.5, b_proc.size),
        rng.lognormal(np.log(1e-4), 3.0, b_proc.size),
    )
    b_amt = b_amt / d[b_proc]
    b_utype, b_loc, b_scale = uncertainty(b_amt, rng, p_lognormal=0.8, p_normal=0.05)
    write_csv(
        out / "biosphere.csv",
        ["process", "flow", "amount", "uncertainty_type", "loc", "scale"],
        [list(b_proc + 1), list(b_flow + 1), list(b_amt), list(b_utype), list(b_loc), list(b_scale)],
    )

    meta = {
        "format": FORMAT_VERSION,
        "generator": "gen_db.py",
        "seed": seed,
        "size": size,
        "n_processes": int(n),
        "n_flows": int(n_flows),
        "n_characterization_factors": len(cf),
        "n_technosphere_inputs": int(consumers.size),
        "mean_technosphere_inputs_per_process": round(consumers.size / n, 3),
        "n_biosphere_exchanges": int(b_proc.size),
        "technosphere_matrix_nnz": int(consumers.size + n),
        "impact_category": "GWP100 (synthetic factors, kg CO2-eq)",
        "conventions": "A[p,p]=production_amount; A[supplier,consumer]=-amount; B[flow,process]=amount; "
        "score=c.B.s with A s=f. Uncertainty: stats_arrays codes 0 none (loc=amount), "
        "2 lognormal (loc=ln(amount), scale=sigma), 3 normal (loc=amount, scale=sd).",
    }
    meta["sha256"] = {
        f: hashlib.sha256((out / f).read_bytes()).hexdigest()
        for f in ["processes.csv", "technosphere.csv", "biosphere.csv", "flows.csv", "characterization.csv"]
    }
    meta["numpy"] = np.__version__
    (out / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=list(SIZES))
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--out", default=None, help="output folder (default data/<size>)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    sizes = list(SIZES) if args.all else [args.size]
    if sizes == [None]:
        ap.error("give --size or --all")
    here = Path(__file__).resolve().parent
    for s in sizes:
        out = Path(args.out) if (args.out and not args.all) else here / "data" / s
        meta = generate(s, out, args.seed)
        print(json.dumps({k: v for k, v in meta.items() if k not in ("conventions", "sha256")}))


if __name__ == "__main__":
    main()
