"""Verification benchmark: QR-label verifications against the public registry on PostgreSQL.

    python benchmarks/verify.py [--products 100000] [--seconds 15] [--clients 100]
                                [--workers 2] [--balance reuseport|workers] [--rate 1000]
                                [--lines reference,api,open,page,page-open] [--postgres URL]

1. A PostgreSQL schema of its own (127.0.0.1:5432, database ``test``; dropped afterwards) is
   migrated and bulk-loaded with COPY: ``--products`` certified products, each with its
   holder (5,000 enterprises across the provinces), product, model version, footprint,
   certification case, certificate and label (consistent rows, not calculated). 96 % of the
   certificates are valid, 2 % suspended, 1 % withdrawn, 1 % expired, so every verdict path
   is exercised. Every label's token is signed with the registry's Ed25519 key.
2. The platform's app (``carbonlabel.web.app:create_app``, settings from ``CARBONLABEL_*``, as
   ``carbonlabel serve`` builds it) is served by uvicorn in ``--workers`` processes (2: one
   per core), separate from the load, no access log. ``--balance reuseport`` (default): one
   uvicorn process per worker, each on its own socket bound to the port with SO_REUSEPORT, so
   that the kernel spreads connections evenly; ``--balance workers``: ``uvicorn --workers``.
3. Load, on the same two cores:
   * **closed loop at the maximum rate**: ``wrk`` (Debian's, C; one thread, ``--clients``
     keep-alive connections), each connection sending its next request as soon as the last
     answer arrived, every request a random label's token among all of them
     (``GET /api/v1/registry/verify/{token}``; then the HTML page ``GET /v/{token}``);
   * **open loop at a fixed rate**: ``--rate`` requests per second scheduled at fixed
     intervals whatever the answers, spread over ``--clients`` keep-alive connections (a
     small asyncio client in this process); a request waits for a free connection if all
     are busy, and its latency counts from its scheduled time (no coordinated omission).
   Printed per line: verifications per second, p50 and p99 latency, errors, the verdicts
   seen, and where the CPU went per request (server processes, PostgreSQL, load generator,
   whole machine; psutil), with each server process's share.
4. Reference in the same run, the same way: a bare Starlette app answering ``GET /hello``
   with a small JSON body, served by uvicorn the same way; the ratio says what a verification
   costs on top of HTTP itself on this machine.

The scan log is on, as in production: every verification is queued and written in batches.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmark shares tests/support with the tests

from tests.support.pg import postgres_available, postgres_schema  # noqa: E402

POSTGRES = os.environ.get("CARBONLABEL_TEST_POSTGRES",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HOLDERS = 5_000
CATEGORIES = ("lithium battery", "PV module", "steel (BF-BOF)", "steel (EAF)", "ferroalloy",
              "textile", "room air conditioner", "computer", "small motor", "tyre",
              "electrolytic aluminium", "cement", "wood-based panel", "wood flooring",
              "lithium-ion cell", "photovoltaic glass", "polysilicon")


# -- the reference app (imported by uvicorn in its subprocess) -----------------------------

def hello_app() -> object:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def hello(request: Request) -> JSONResponse:
        return JSONResponse({"hello": "world"})

    return Starlette(routes=[Route("/hello", hello)])


# -- bulk loading ----------------------------------------------------------------------------

def _copy(cursor: Any, table: str, columns: tuple[str, ...],
          rows: Iterator[tuple[object, ...]]) -> int:
    n = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def load(database_url: str, data_dir: Path, products: int) -> list[str]:
    """Migrate and bulk-load ``products`` certified products; returns the labels' tokens."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.label_keys import LabelKeys, sign_label
    from carbonlabel.config import Settings
    from carbonlabel.domain.certification.certificate import certificate_number
    from carbonlabel.domain.certification.label import LabelPayload
    from carbonlabel.domain.certification.registry import certified_value, label_unit
    from carbonlabel.domain.geography import PROVINCES

    engine = platform_engine(Settings(data_dir=data_dir, database_url=database_url))
    upgrade(engine)
    kid, key = LabelKeys(Settings(data_dir=data_dir).label_keys_dir).current()
    rng = random.Random(42)
    now = datetime.now(UTC)
    today = now.date()
    regions = list(PROVINCES)
    body_id, user_id = str(uuid.uuid4()), str(uuid.uuid4())
    holders = [str(uuid.uuid4()) for _ in range(HOLDERS)]
    ids = [tuple(str(uuid.uuid4()) for _ in range(6)) for _ in range(products)]
    # (product, model version, footprint, case, certificate, label) ids per product
    tokens: list[str] = []
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        _copy(cur, "organisations", ("id", "name", "kind", "region", "created_at"), iter(
            [(body_id, "基准认证中心 Benchmark Certification", "certification_body", "CN-BJ",
              now)]
            + [(h, f"基准企业 {i:04d} Benchmark Co. {i}", "enterprise",
                regions[i % len(regions)], now) for i, h in enumerate(holders)]))
        _copy(cur, "users", ("id", "organisation_id", "email", "display_name", "password_hash",
                             "role", "active", "created_at"),
              iter([(user_id, body_id, "bench@example.cn", "bench", "-", "admin", True, now)]))
        _copy(cur, "products", ("id", "organisation_id", "name_zh", "name_en", "category",
                                "created_at"),
              ((p[0], holders[i % HOLDERS], f"基准产品 {i}", f"benchmark product {i}",
                CATEGORIES[i % len(CATEGORIES)], now) for i, p in enumerate(ids)))
        _copy(cur, "model_versions", ("id", "product_id", "version", "format", "content",
                                      "content_hash", "created_by", "created_at"),
              ((p[1], p[0], 1, "yaml", "", "0" * 64, user_id, now) for p in ids))
        values = [round(rng.uniform(0.5, 5000.0), 4) for _ in ids]
        _copy(cur, "footprints", ("id", "organisation_id", "product_id", "model_version_id",
                                  "total_co2e_kg", "unit", "gwp_set", "input_hash",
                                  "engine_version", "result_json", "created_by",
                                  "created_at"),
              ((p[2], holders[i % HOLDERS], p[0], p[1], values[i], "1 kWh", "AR6", "0" * 64,
                "bench", "{}", user_id, now) for i, p in enumerate(ids)))
        _copy(cur, "certification_cases", (
            "id", "applicant_id", "body_id", "product_id", "footprint_id", "model_version_id",
            "category", "scheme", "state", "team", "audit_dates", "decider_id",
            "certificate_id", "created_at", "updated_at"),
            ((p[3], holders[i % HOLDERS], body_id, p[0], p[2], p[1],
              CATEGORIES[i % len(CATEGORIES)], "CN-PCF-2025", "granted", "[]", "[]", user_id,
              p[4], now, now) for i, p in enumerate(ids)))
        certificates, labels = [], []
        for i, p in enumerate(ids):
            number = certificate_number(2026, 7, i + 1)
            issued = today - timedelta(days=rng.randrange(0, 700))
            expires = issued + timedelta(days=729)
            status = "valid"
            draw = rng.random()
            if draw < 0.02:
                status = "suspended"
            elif draw < 0.03:
                status = "withdrawn"
            elif draw < 0.04:  # issued long ago: expired by its date
                issued = date(2022, 1, 1) + timedelta(days=i % 300)
                expires = issued + timedelta(days=729)
            value, unit = certified_value(values[i]), label_unit("1 kWh")
            token = sign_label(LabelPayload(kid, number, value, unit, issued, expires), key)
            tokens.append(token)
            certificates.append((p[4], number, p[3], holders[i % HOLDERS], body_id, p[0],
                                 p[1], p[2], "1 kWh", values[i], "cradle-to-gate",
                                 "GB/T 24067-2024 / ISO 14067:2018", "CN-PCF-2025", issued,
                                 expires, status, False, now, value, unit))
            labels.append((p[5], p[4], number, token,
                           hashlib.sha256(token.encode()).hexdigest(), kid, value, unit,
                           issued, expires, now))
        _copy(cur, "certificates", (
            "id", "number", "case_id", "holder_id", "body_id", "product_id", "model_version_id",
            "footprint_id", "declared_unit", "value_co2e_kg", "boundary", "standard", "scheme",
            "issued_on", "expires_on", "status", "reevaluation_required", "created_at",
            "certified_value", "certified_unit"), iter(certificates))
        _copy(cur, "labels", ("id", "certificate_id", "code", "token", "token_sha256", "kid",
                              "value", "unit", "issued_on", "expires_on", "created_at"),
              iter(labels))
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    return tokens


# -- the server ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(target: str, env: dict[str, str], probe: str, workers: int,
           balance: str) -> Iterator[tuple[str, list[int]]]:
    """The app served by uvicorn in ``workers`` processes; yields the base URL and the pids
    once it answers.

    ``balance="reuseport"``: one ``uvicorn --fd`` process per worker, each on a socket of its
    own bound to the same port with SO_REUSEPORT, so the kernel spreads new connections evenly
    over them. ``balance="workers"``: ``uvicorn --workers N`` (one shared listening socket);
    the first worker to wake accepts a whole burst of connections, so with 100 connections
    opened at once one worker may get nearly all of them (the CPU split printed per line
    shows it).
    """
    port = free_port()
    common = [sys.executable, "-m", "uvicorn", "--factory", target, "--log-level", "warning",
              "--no-access-log"]
    sockets: list[socket.socket] = []
    if balance == "reuseport" and workers > 1:
        for _ in range(workers):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            # uvicorn --fd takes the socket for a Unix one and leaves Nagle's algorithm on;
            # accepted connections inherit TCP_NODELAY from the listening socket
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen(2048)
            sockets.append(sock)
        procs = [subprocess.Popen([*common, "--fd", str(sock.fileno())], pass_fds=[
            sock.fileno()], env={**os.environ, **env}, cwd=ROOT) for sock in sockets]
    else:
        procs = [subprocess.Popen([*common, "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(workers)], env={**os.environ, **env},
                                  cwd=ROOT)]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urlopen(base + probe, timeout=2) as response:
                    if response.status < 500:
                        break
            except OSError:
                pass
            if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                raise RuntimeError(f"server {target} did not start")
            time.sleep(0.2)
        time.sleep(2.0 if workers > 1 else 0)  # every worker up, not only the first
        yield base, [p.pid for p in procs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for sock in sockets:
            sock.close()


# -- where the CPU goes -----------------------------------------------------------------------

class CpuMeter:
    """CPU seconds spent while a line is measured: by the server's processes, by PostgreSQL's
    (every ``postgres`` process of the machine), by the load generator, by the whole machine
    (all cores, everything that ran)."""

    def __init__(self, server_pids: list[int], load: str) -> None:
        import psutil

        self.psutil = psutil
        self.servers = [psutil.Process(pid) for pid in server_pids]
        self.load = load  # "children": wrk, a finished child; "self": this process

    def _processes(self) -> tuple[float, float]:
        server = postgres = 0.0
        for proc in [p for top in self.servers for p in [top, *top.children(recursive=True)]]:
            try:
                t = proc.cpu_times()
                server += t.user + t.system
                self.workers[proc.pid] = t.user + t.system - self.workers_before.get(proc.pid,
                                                                                     0.0)
            except self.psutil.Error:
                pass
        for proc in self.psutil.process_iter(["name", "cpu_times"]):
            if proc.info["name"] == "postgres" and proc.info["cpu_times"] is not None:
                t = proc.info["cpu_times"]
                postgres += t.user + t.system
        return server, postgres

    def _load(self) -> float:
        import resource

        if self.load == "children":
            r = resource.getrusage(resource.RUSAGE_CHILDREN)
        else:
            r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    def _machine(self) -> float:
        t = self.psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    def __enter__(self) -> CpuMeter:
        self.workers: dict[int, float] = {}
        self.workers_before: dict[int, float] = {}
        self.before = (*self._processes(), self._load(), self._machine())
        self.workers_before, self.workers = self.workers, {}
        return self

    def __exit__(self, *exc: object) -> None:
        after = (*self._processes(), self._load(), self._machine())
        self.used = dict(zip(("server", "postgres", "load", "machine"),
                             (a - b for a, b in zip(after, self.before, strict=True)),
                             strict=True))
        # the uvicorn workers' own shares (the supervisor does next to nothing): an uneven
        # split means one worker accepted most of the connections
        self.split = sorted((v for v in self.workers.values() if v > 0.01), reverse=True)


# -- closed loop: wrk --------------------------------------------------------------------------

WRK_SCRIPT = r"""
-- random paths from a file, one per line; verdicts counted from the answers
local paths = {}
local threads = {}
counts = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  local v = body:match('"verdict":"(%w+)"') or body:match('data%-verdict="(%w+)"')
  if status ~= 200 then v = "http_" .. status end
  v = v or "other"
  counts[v] = (counts[v] or 0) + 1
end

function done(summary, latency, requests)
  local seen = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, n in pairs(c) do seen[k] = (seen[k] or 0) + n end
  end
  io.write("VERDICTS")
  for k, n in pairs(seen) do io.write(" ", k, "=", n) end
  io.write("\n")
  for _, p in ipairs({50, 99}) do
    io.write(string.format("PCTL %d %.3f\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("TOTAL %d %d %d\n", summary.requests, summary.duration,
                         summary.errors.status + summary.errors.connect + summary.errors.read
                         + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass(frozen=True)
class Figures:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    verdicts: dict[str, int]
    cpu: dict[str, float]  # CPU seconds during the measured time (CpuMeter)
    split: list[float]  # CPU seconds of each server process

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        seen = ", ".join(f"{k} {v:,}" for k, v in sorted(self.verdicts.items()))
        per = {k: 1e6 * v / max(self.requests, 1) for k, v in self.cpu.items()}
        busy = self.cpu["machine"] / self.seconds
        split = " + ".join(f"{v / self.seconds:.2f}" for v in self.split)
        # everything else that ran meanwhile (on a shared machine: other people's work)
        other = max(0.0, per["machine"] - per["server"] - per["postgres"] - per["load"])
        return (f"{self.label:<58} {self.rps:8,.0f} /s   p50 {self.p50_ms:6.1f} ms   "
                f"p99 {self.p99_ms:6.1f} ms   errors {self.errors}   [{seen}]\n"
                f"{'':<4}CPU per request: server {per['server']:.0f} µs, PostgreSQL "
                f"{per['postgres']:.0f} µs, load generator {per['load']:.0f} µs, other "
                f"processes {other:.0f} µs; {busy:.2f} of {os.cpu_count()} cores busy "
                f"(server processes {split})")


def closed_loop(label: str, base: str, pids: list[int], paths_file: Path, clients: int,
                seconds: float, warmup: float, folder: Path) -> Figures:
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    common = ["-t1", f"-c{clients}", "-s", str(script), base, "--", str(paths_file)]
    subprocess.run(["wrk", f"-d{warmup:g}s", *common], check=True, capture_output=True)
    with CpuMeter(pids, "children") as meter:
        out = subprocess.run(["wrk", f"-d{seconds:g}s", "--timeout", "10s", *common],
                             check=True, capture_output=True, text=True).stdout
    pctl = {int(p): float(v) for p, v in re.findall(r"^PCTL (\d+) ([\d.]+)$", out, re.M)}
    total = re.search(r"^TOTAL (\d+) (\d+) (\d+)$", out, re.M)
    seen = re.search(r"^VERDICTS(.*)$", out, re.M)
    if total is None or seen is None:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    requests, duration_us, errors = (int(x) for x in total.groups())
    verdicts = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", seen.group(1))}
    bad = sum(n for k, n in verdicts.items() if k.startswith("http_"))
    figures = Figures(label, requests, duration_us / 1e6, pctl[50], pctl[99], errors + bad,
                      verdicts, meter.used, meter.split)
    print(figures.line(), flush=True)
    return figures


# -- open loop: a fixed rate from a small asyncio client ------------------------------------

async def _open_loop(host: str, port: int, paths: list[bytes], clients: int, rate: float,
                     seconds: float, warmup: float) -> tuple[list[float], int, Counter[str]]:
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
    latencies: list[float] = []
    errors = [0]
    verdicts: Counter[str] = Counter()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    measure_from, stop = start + warmup, start + warmup + seconds
    verdict = re.compile(rb'"verdict":"(\w+)"|data-verdict="(\w+)"')
    content_length = re.compile(rb"(?i)content-length: *(\d+)")
    host_header = f"{host}:{port}".encode()  # the app answers only hosts it serves

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while True:
                intended, path = await queue.get()
                writer.write(b"GET " + path + b" HTTP/1.1\r\nHost: " + host_header + b"\r\n\r\n")
                head = await reader.readuntil(b"\r\n\r\n")
                length = content_length.search(head)
                body = await reader.readexactly(int(length.group(1)) if length else 0)
                done = loop.time()
                if intended >= measure_from:
                    if head.startswith(b"HTTP/1.1 200"):
                        latencies.append(done - intended)
                        m = verdict.search(body)
                        verdicts[(m.group(1) or m.group(2)).decode() if m else "other"] += 1
                    else:
                        errors[0] += 1
        finally:
            writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(clients)]
    rng = random.Random(7)
    sent = 0
    while (now := loop.time()) < stop:
        due = int((now - start) * rate) + 1 if now >= start else 0
        while sent < due:  # every request due by now, each stamped with its scheduled time
            queue.put_nowait((start + sent / rate, paths[rng.randrange(len(paths))]))
            sent += 1
        await asyncio.sleep(0.002)
    while not queue.empty():
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)  # the last answers
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return latencies, errors[0], verdicts


def open_loop(label: str, base: str, pids: list[int], paths: list[str], clients: int, rate: float,
              seconds: float, warmup: float) -> Figures:
    host, port = base.removeprefix("http://").split(":")
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvicorn[standard] brings uvloop
        runner = asyncio.run
    with CpuMeter(pids, "self") as meter:  # (includes the warm-up: per request, about equal)
        latencies, errors, verdicts = runner(_open_loop(
            host, int(port), [p.encode() for p in paths], clients, rate, seconds, warmup))
    latencies.sort()

    def pct(q: float) -> float:  # nan when nothing was answered (every request failed)
        if not latencies:
            return float("nan")
        return 1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))]

    total = seconds + warmup
    share = seconds / total  # the measured part
    cpu = {k: v * share for k, v in meter.used.items()}
    figures = Figures(label, len(latencies), seconds, pct(0.50), pct(0.99), errors,
                      dict(verdicts), cpu, [v * share for v in meter.split])
    print(figures.line(), flush=True)
    return figures


# -- the run ---------------------------------------------------------------------------------

def app_env(database_url: str, data_dir: Path) -> dict[str, str]:
    return {"CARBONLABEL_DATABASE_URL": database_url, "CARBONLABEL_DATA_DIR": str(data_dir),
            "CARBONLABEL_SECRET_KEY": "benchmark-" + "k" * 40,
            "CARBONLABEL_JOB_PROCESSES": "false"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=15.0, help="measured time per line")
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--balance", choices=("reuseport", "workers"), default="reuseport",
                    help="reuseport: one uvicorn per worker on SO_REUSEPORT sockets; "
                         "workers: uvicorn --workers (one shared socket)")
    ap.add_argument("--rate", type=float, default=1000.0, help="open-loop requests/s")
    ap.add_argument("--postgres", default=POSTGRES)
    ap.add_argument("--lines", default="reference,api,open,page,page-open",
                    help="which lines to measure (comma-separated)")
    args = ap.parse_args()
    lines = set(args.lines.split(","))
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (Debian's package)")
    if not postgres_available(args.postgres):
        sys.exit(f"PostgreSQL not reachable at {args.postgres}")
    print(f"{args.products:,} certified products on PostgreSQL; server: uvicorn, "
          f"{args.workers} worker process(es) ({args.balance}), separate from the load; "
          f"load: {args.clients} "
          f"keep-alive connections; {os.cpu_count()} CPUs shared by server, database and "
          f"load; Python {platform.python_version()}; load average before: "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    load_args = (args.clients, args.seconds, args.warmup)
    references: dict[str, Figures] = {}
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="carbonlabel-bench-verify-") as tmp, \
            postgres_schema(args.postgres, prefix="bench_verify") as database_url:
        folder = Path(tmp)
        started = time.perf_counter()
        tokens = load(database_url, folder / "data", args.products)
        print(f"loaded and signed {len(tokens):,} labels in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        api_paths = [f"/api/v1/registry/verify/{t}" for t in tokens]
        for name, paths in (("api", api_paths), ("page", [f"/v/{t}" for t in tokens]),
                            ("hello", ["/hello"])):
            (folder / f"{name}.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")

        if "reference" in lines:
            with server("benchmarks.verify:hello_app", {}, "/hello",
                        args.workers, args.balance) as (base, pid):
                references["closed"] = closed_loop(
                    "reference: bare Starlette GET /hello (closed loop)", base, pid,
                    folder / "hello.txt", *load_args, folder)
                references["open"] = open_loop(
                    f"reference: GET /hello, open loop {args.rate:g}/s", base, pid,
                    ["/hello"], *load_args[:1], args.rate, *load_args[1:])
        env = app_env(database_url, folder / "data")
        with server("carbonlabel.web.app:create_app", env, "/api/v1/registry/keys",
                    args.workers, args.balance) as (base, pid):
            check = json.loads(urlopen(f"{base}{api_paths[0]}").read())
            assert check["signed"] is not None, check
            if "api" in lines:
                results.append(closed_loop(
                    "API GET /api/v1/registry/verify/{token} (closed loop)", base, pid,
                    folder / "api.txt", *load_args, folder))
            if "open" in lines:
                results.append(open_loop(
                    f"API GET /api/v1/registry/verify/{{token}}, open loop {args.rate:g}/s",
                    base, pid, api_paths, *load_args[:1], args.rate, *load_args[1:]))
            if "page" in lines:
                results.append(closed_loop("page GET /v/{token} (closed loop)", base, pid,
                                           folder / "page.txt", *load_args, folder))
            if "page-open" in lines:
                results.append(open_loop(
                    f"page GET /v/{{token}}, open loop {args.rate:g}/s", base, pid,
                    [f"/v/{t}" for t in tokens], *load_args[:1], args.rate, *load_args[1:]))
        print(f"scan log: {count_scans(database_url):,} records written (one per "
              "verification answered, warm-ups included)")
    print()
    for figures in results:
        ref = references.get("open" if "open loop" in figures.label else "closed")
        if ref is not None:
            print(f"{figures.label}: {figures.rps / ref.rps:.2f}× the reference's rate, "
                  f"p99 {figures.p99_ms / ref.p99_ms:.1f}× its p99")
    closed = next((f for f in results if f.label.startswith("API") and "closed" in f.label),
                  None)
    fixed = next((f for f in results if f.label.startswith("API") and "open loop" in f.label),
                 None)
    if closed is not None and fixed is not None:  # 1,000/s sustained, p99 under 50 ms
        met = closed.rps >= 1000 and fixed.p99_ms < 50
        print(f"target (≥ 1,000 verifications/s with p99 < 50 ms): {'met' if met else 'NOT met'}"
              f" — capacity (closed loop) {closed.rps:,.0f}/s; at {args.rate:g}/s (open loop) "
              f"p99 {fixed.p99_ms:.1f} ms")


def count_scans(database_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        n = int(conn.execute(text("SELECT count(*) FROM label_scans")).scalar_one())
    engine.dispose()
    return n


if __name__ == "__main__":
    main()
