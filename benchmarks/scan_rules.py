"""Scan rules benchmark: the rule engine over synthetic scans with planted clones and forgeries.

    python benchmarks/scan_rules.py [--scans 10000000] [--labels 100000] [--seed 15]

Generates (seeded) the scans of ``--labels`` labels over 60 days: print runs (printed 1–3× their
scan budget, sold in 1–3 provinces) scanned by the shops that stock them (one session each:
a burst of scans within minutes) and by consumers (1–4 scans each: re-scans minutes or days
later, some sharing no place), per-unit labels (printed quantity 1) scanned by one shop and
their buyer in one city, and typing mistakes (wrong check digits). Then plants, on labels of
their own:

* clones: a per-unit label seen in a far province an hour after its buyer (impossible
  travel), per-unit labels seen in three cities of a province within a day (dispersion),
  print runs seen by more clients than printed × 1.5 (volume);
* forgeries: tokens whose signature fails, each claiming a number of its own;
* scans of withdrawn certificates; scans by three clients in a province outside a print
  run's sales regions; clients enumerating 30 codes in five minutes.

Timed (wall clock, and the process's CPU time: on a busy machine the CPU figure is the one
that compares): ``analyse`` over every scan (``domain/supervision/scan_rules.py``, pure
Python), and as the reference in the same run a plain pass that only groups the same scans
by label and sorts each group by time. Printed: throughput (scans/s) of both and their
ratio, the recall (every planted case must be found by its rule) and the false alerts on the
clean part (must be 0). Exit status 1 when a planted case is missed or a clean label alerts.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from carbonlabel.domain.supervision.alerts import AlertRule  # noqa: E402
from carbonlabel.domain.supervision.places import CITIES  # noqa: E402
from carbonlabel.domain.supervision.scan_rules import (  # noqa: E402
    CLIENT_REF,
    LabelFacts,
    RuleSettings,
    Scan,
    analyse,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC).timestamp()
DAY, HOUR, MINUTE = 86400.0, 3600.0, 60.0
SPAN_DAYS = 60
PROVINCE_CITIES: dict[str, list[str]] = {}
for _code in CITIES:
    _prov = {"44": "CN-GD", "32": "CN-JS", "33": "CN-ZJ", "37": "CN-SD", "21": "CN-LN",
             "35": "CN-FJ", "42": "CN-HB", "43": "CN-HN", "51": "CN-SC", "61": "CN-SN",
             "41": "CN-HA", "53": "CN-YN", "65": "CN-XJ"}[_code[:2]]
    PROVINCE_CITIES.setdefault(_prov, []).append(f"{_prov}-{_code}")
PROVINCES = sorted(PROVINCE_CITIES)
# provinces the clean print runs are sold in and the outside ones of the region cases
FAR = {"CN-GD": "CN-XJ", "CN-JS": "CN-YN", "CN-ZJ": "CN-XJ", "CN-SD": "CN-YN",
       "CN-LN": "CN-YN", "CN-FJ": "CN-XJ", "CN-HB": "CN-XJ", "CN-HN": "CN-XJ",
       "CN-SC": "CN-LN", "CN-SN": "CN-FJ", "CN-HA": "CN-XJ", "CN-YN": "CN-LN",
       "CN-XJ": "CN-FJ"}


@dataclass
class World:
    scans: list[Scan] = field(default_factory=list)
    labels: dict[str, LabelFacts] = field(default_factory=dict)
    #: planted case → the rule that must find it; keyed by label id, claimed number or client
    planted: dict[tuple[AlertRule, str], str] = field(default_factory=dict)
    planted_keys: set[str] = field(default_factory=set)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.clients = 0

    def client(self) -> str:
        self.clients += 1
        return f"{self.rnd.getrandbits(64):016x}{self.clients:016x}"

    def place(self, home: str) -> str | None:
        """A consumer's place in the home province: a city, the province, or none shared."""
        r = self.rnd.random()
        if r < 0.45:
            return self.rnd.choice(PROVINCE_CITIES[home])
        return home if r < 0.8 else None

    def consumer(self, out: list[Scan], label: str, number: str, home: str, start: float,
                 budget: int) -> int:
        """One consumer's scans: a first look, re-scans minutes or days later; how many."""
        rnd, client = self.rnd, self.client()
        region = self.place(home)
        at = start + rnd.random() * SPAN_DAYS * DAY
        n = min(budget, 1 + int(rnd.random() * 4))
        for i in range(n):
            out.append(Scan(at, label, number, label, "valid", None, region, client))
            at += rnd.random() * 10 * MINUTE if i % 2 == 0 else rnd.random() * 3 * DAY
        if rnd.random() < 0.002:  # a typing mistake of this consumer
            out.append(Scan(at, None, None, f"typo{rnd.getrandbits(48):x}", "not_genuine",
                            "check_digits", region, client))
        return n

    def print_run(self, w: World, i: int, budget: int) -> tuple[str, str, str]:
        rnd = self.rnd
        label, number = f"L{i:07d}", f"CFP-2026-{i:07d}"
        home = rnd.choice(PROVINCES)
        others = rnd.sample(PROVINCES, rnd.randint(0, 2))
        regions = tuple(dict.fromkeys([home, *[o for o in others if o != FAR[home]]]))
        w.labels[label] = LabelFacts(label, number, None, home,
                                     budget * rnd.randint(1, 3), regions)
        out = w.scans
        shop = self.client()
        at = T0 + rnd.random() * 3 * DAY
        city = rnd.choice(PROVINCE_CITIES[home])
        stock = min(budget // 3, 40)
        for _ in range(stock):  # a shop scanning its stock: one session
            out.append(Scan(at, label, number, label, "valid", None, city, shop))
            at += rnd.random() * 20
        left = budget - stock
        while left > 0:
            left -= self.consumer(out, label, number, home, T0, left)
        return label, number, home

    def unit(self, w: World, i: int, budget: int) -> tuple[str, str, str, str]:
        rnd = self.rnd
        label, number = f"U{i:07d}", f"CFP-2026-U{i:06d}"
        home = rnd.choice(PROVINCES)
        city = rnd.choice(PROVINCE_CITIES[home])
        w.labels[label] = LabelFacts(label, number, None, home, 1, ())
        out = w.scans
        at = T0 + rnd.random() * SPAN_DAYS * DAY
        out.append(Scan(at, label, number, label, "valid", None, city, self.client()))
        buyer = self.client()
        at += rnd.random() * 5 * DAY
        for _ in range(budget - 1):  # the buyer, at home, in the city or the province
            out.append(Scan(at, label, number, label, "valid", None,
                            city if rnd.random() < 0.6 else (home if rnd.random() < 0.5
                                                             else None), buyer))
            at += rnd.random() * 2 * DAY
        return label, number, home, city


def build(n_scans: int, n_labels: int, seed: int) -> World:
    g, w = Generator(seed), World()
    rnd = g.rnd
    n_units = n_labels // 10
    per_run = max(6, (n_scans - n_units * 4) // max(1, n_labels - n_units))
    planted_each = max(5, n_labels // 500)

    def plant(rule: AlertRule, key: str) -> None:
        w.planted[(rule, key)] = key
        w.planted_keys.add(key)

    for i in range(n_labels - n_units):
        budget = max(6, int(per_run * (0.5 + rnd.random())))
        label, number, home = g.print_run(w, i, budget)
        if i < planted_each:  # volume: clones sold beside the genuine run
            facts = w.labels[label]
            assert facts.printed_quantity is not None
            extra = int(facts.printed_quantity * 1.5) + 1
            for _ in range(extra):
                w.scans.append(Scan(T0 + rnd.random() * SPAN_DAYS * DAY, label, number, label,
                                    "valid", None, home, g.client()))
            plant(AlertRule.VOLUME, label)
        elif i < 2 * planted_each:  # the certificate withdrawn on day 30, the label in use
            w.scans.append(Scan(T0 + 40 * DAY, label, number, label, "withdrawn", None, home,
                                g.client()))
            plant(AlertRule.INVALID_CERTIFICATE, label)
        elif i < 3 * planted_each:  # gray market: three clients in a province not declared
            far = FAR[home]
            at = T0 + rnd.random() * 50 * DAY
            for k in range(3):
                w.scans.append(Scan(at + k * DAY, label, number, label, "valid", None,
                                    rnd.choice(PROVINCE_CITIES[far]), g.client()))
            plant(AlertRule.REGION, label)
    for i in range(n_units):
        label, number, home, city = g.unit(w, i, 4)
        if i < planted_each:  # a clone scanned an hour later in a far province
            first = next(s for s in w.scans[-4:] if s.label == label and s.region == city)
            far = FAR[home]
            w.scans.append(Scan(first.at + HOUR, label, number, label, "valid", None,
                                rnd.choice(PROVINCE_CITIES[far]), g.client()))
            plant(AlertRule.IMPOSSIBLE_TRAVEL, label)
        elif i < 2 * planted_each:  # clones in three cities of one province within a day
            province = rnd.choice(("CN-GD", "CN-JS"))
            at = T0 + 10 * DAY + rnd.random() * 40 * DAY
            for k, place in enumerate(rnd.sample(PROVINCE_CITIES[province], 3)):
                w.scans.append(Scan(at + k * 8 * HOUR, label, number, label, "valid", None,
                                    place, g.client()))
            plant(AlertRule.DISPERSION, label)
    for k in range(planted_each):  # forged labels: bad signatures, a number each
        number, client_n = f"FAKE-{k:06d}", rnd.randint(1, 20)
        code = f"forged{k:06d}"
        at = T0 + rnd.random() * SPAN_DAYS * DAY
        for _ in range(client_n):
            w.scans.append(Scan(at, None, number, code, "not_genuine", "signature",
                                rnd.choice(PROVINCES), g.client()))
            at += rnd.random() * HOUR
        plant(AlertRule.UNKNOWN_CODE, number)
    for _ in range(max(1, planted_each // 4)):  # enumerating clients
        client = g.client()
        at = T0 + rnd.random() * SPAN_DAYS * DAY
        for j in range(30):
            w.scans.append(Scan(at + j * 10, None, f"CFP-2026-{rnd.randint(0, 9999999):07d}",
                                f"guess{rnd.getrandbits(48):x}", "not_genuine",
                                rnd.choice(("unknown", "check_digits")), None, client))
        plant(AlertRule.ENUMERATION, client[:CLIENT_REF])
    rnd.shuffle(w.scans)  # the log's order is arrival, not label
    return w


def reference(scans: list[Scan]) -> int:
    """The plain pass: group by label, sort each group by time."""
    groups: dict[str | None, list[Scan]] = {}
    for s in scans:
        groups.setdefault(s.label, []).append(s)
    for group in groups.values():
        group.sort(key=itemgetter(0))
    return len(groups)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=10_000_000)
    parser.add_argument("--labels", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    started = time.perf_counter()
    w = build(args.scans, args.labels, args.seed)
    built = time.perf_counter() - started
    n = len(w.scans)
    print(f"generated {n:,} scans of {len(w.labels):,} labels in {built:.1f} s "
          f"(seed {args.seed}); planted cases: "
          + ", ".join(f"{r.value} {c}" for r, c in
                      sorted(Counter(r for r, _ in w.planted).items())))

    gc.collect()
    gc.disable()  # neither timing pays for the cyclic collector's passes over 10 M tuples
    t, c = time.perf_counter(), time.process_time()
    groups = reference(w.scans)
    ref_s, ref_cpu = time.perf_counter() - t, time.process_time() - c
    # the reference sorted copies' lists only; the engine starts from the same shuffled log
    t, c = time.perf_counter(), time.process_time()
    findings = analyse(w.scans, w.labels, RuleSettings())
    eng_s, eng_cpu = time.perf_counter() - t, time.process_time() - c
    gc.enable()

    found: set[tuple[AlertRule, str]] = set()
    false: list[str] = []
    for f in findings:
        keys = {f.label_id, f.claimed_number, str(f.evidence.get("client", ""))} - {None, ""}
        for key in keys:
            assert key is not None
            found.add((f.rule, key))
        if not keys & w.planted_keys:
            false.append(f"{f.rule.value} {f.dedup_key}")
    missed = sorted(f"{r.value} {k}" for r, k in w.planted if (r, k) not in found)
    recall = 1 - len(missed) / len(w.planted)
    print(f"reference (group by label + sort, {groups:,} groups): {ref_s:.2f} s "
          f"(CPU {ref_cpu:.2f} s), {n / ref_s:,.0f} scans/s")
    print(f"rule engine (R1–R7, sessions): {eng_s:.2f} s (CPU {eng_cpu:.2f} s), "
          f"{n / eng_s:,.0f} scans/s ({n / eng_cpu:,.0f} per CPU second), "
          f"{eng_s / ref_s:.2f}× the reference's time")
    print(f"findings: {len(findings):,} ("
          + ", ".join(f"{r.value} {c}" for r, c in
                      sorted(Counter(f.rule for f in findings).items())) + ")")
    print(f"recall: {recall:.2%} of {len(w.planted):,} planted cases"
          + (f"; missed: {missed[:10]}" if missed else ""))
    print(f"false alerts on the clean part: {len(false)}"
          + (f" e.g. {false[:10]}" if false else ""))
    return 0 if not missed and not false else 1


if __name__ == "__main__":
    raise SystemExit(main())
