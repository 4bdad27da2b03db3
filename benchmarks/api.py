"""API benchmark: reading a footprint through the REST API, server in its own process.

    python benchmarks/api.py [--seconds 10] [--clients 50] [--backends sqlite,postgresql]
                             [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each back end: a fresh database (an SQLite file; a PostgreSQL schema of its own, dropped
afterwards) is migrated and seeded through the services with one organisation, its admin, an
API token, a product, the LFP demo model and its footprint (calculated once, inline). Then
``uvicorn`` serves ``carbonlabel.web.app:create_app`` in a subprocess (one worker, settings
from ``CARBONLABEL_*`` variables, as ``carbonlabel serve`` would), and ``--clients`` concurrent
clients (one ``httpx.AsyncClient`` each, keep-alive, in this process) request
``GET /api/v1/footprints/{id}`` with ``Authorization: Bearer <token>`` for ``--seconds``
after a short warm-up. Printed: requests per second, p50 and p99 latency (as seen by the
clients), and errors.

Reference, measured in the same run with the same clients: a bare Starlette app answering
``GET /hello`` with a small JSON body, served by ``uvicorn`` the same way (one worker, a
subprocess). It is the ceiling of this machine, this client and uvicorn; the ratio says what
carbonlabel's stack (FastAPI, token lookup, the database read, the footprint's JSON) costs.
``GET /api/v1/openapi.json`` of the SQLite server (no sign-in, no database) is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmark shares tests/support with the tests

from tests.support.pg import postgres_available, postgres_schema  # noqa: E402

POSTGRES = os.environ.get("CARBONLABEL_TEST_POSTGRES",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# -- the reference app (imported by uvicorn in its subprocess) -----------------------------

def hello_app() -> object:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def hello(request: Request) -> JSONResponse:
        return JSONResponse({"hello": "world"})

    return Starlette(routes=[Route("/hello", hello)])


# -- seeding ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seeded:
    token: str
    footprint_id: str
    total_co2e_kg: float


def seed(database_url: str, data_dir: Path) -> Seeded:
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.config import Settings
    from carbonlabel.domain.tenancy import OrgKind, Role
    from carbonlabel.services.accounts import users
    from carbonlabel.services.quantify import catalog, footprint_jobs

    # the data keys of the served app's data folder: it reads what is sealed here
    engine = platform_engine(Settings(data_dir=data_dir, database_url=database_url))
    upgrade(engine)
    make_uow = uow_factory(engine)
    model = resources.files("carbonlabel").joinpath("demo", "lfp_battery_pack.yaml")
    store = data_dir / "databases"
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, "基准 Benchmark Co.", OrgKind.ENTERPRISE, "CN")
        admin = users.add_user(uow, org.id, f"bench-{uuid.uuid4().hex[:8]}@example.cn",
                               "bench", Role.ADMIN, "benchmark password", None)
        _, token = users.create_token(uow, admin, "benchmark")
        product = catalog.register_product(uow, admin, catalog.ProductData(
            "磷酸铁锂电池包", "LFP battery pack", "lithium battery"))
        version = catalog.save_model_version(uow, admin, product.id,
                                             model.read_text(encoding="utf-8"), "yaml",
                                             data_dir, store)
        job = footprint_jobs.start_footprint_job(uow, admin, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, store)
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None, job.id
        assert done.result_id, done
        record = uow.footprints.in_org(org.id, done.result_id)
        assert record is not None
    engine.dispose()
    return Seeded(token, record.id, record.total_co2e_kg)


# -- the server ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(target: str, env: dict[str, str], probe: str) -> Iterator[str]:
    """``uvicorn --factory target`` in a subprocess; yields its base URL once it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", target, "--host", "127.0.0.1",
           "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=Path(__file__).parents[1])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + probe, timeout=2).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server {target} did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the load --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    label: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bytes_per_response: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def _load(url: str, headers: dict[str, str], clients: int, seconds: float,
                warmup: float) -> tuple[list[float], int, int, float]:
    latencies: list[float] = []
    errors = [0]
    size = [0]
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds

    async def client() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as http:
            while (now := time.perf_counter()) < stop:
                response = await http.get(url)
                done = time.perf_counter()
                if now >= measure_from:
                    if response.status_code == 200:
                        latencies.append(done - now)
                        size[0] = len(response.content)
                    else:
                        errors[0] += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors[0], size[0], seconds


def measure(label: str, url: str, headers: dict[str, str], clients: int, seconds: float,
            warmup: float) -> Figures:
    latencies, errors, size, elapsed = asyncio.run(_load(url, headers, clients, seconds,
                                                         warmup))
    latencies.sort()
    figures = Figures(label, len(latencies), errors, elapsed,
                      1000 * _percentile(latencies, 0.50), 1000 * _percentile(latencies, 0.99),
                      size)
    print(f"{label:<44} {figures.rps:8.0f} req/s   p50 {figures.p50_ms:7.1f} ms   "
          f"p99 {figures.p99_ms:7.1f} ms   errors {errors}   {size:,} B", flush=True)
    return figures


def app_env(database_url: str, data_dir: Path) -> dict[str, str]:
    return {"CARBONLABEL_DATABASE_URL": database_url, "CARBONLABEL_DATA_DIR": str(data_dir),
            "CARBONLABEL_SECRET_KEY": "benchmark-" + "k" * 40,
            "CARBONLABEL_JOB_PROCESSES": "false"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="measured time per line")
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--postgres", default=POSTGRES)
    args = ap.parse_args()
    load = (args.clients, args.seconds, args.warmup)
    print(f"{args.clients} concurrent clients, {args.seconds:g} s each after "
          f"{args.warmup:g} s warm-up; server: uvicorn, 1 worker, separate process; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}", flush=True)

    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="carbonlabel-bench-api-") as tmp:
        with server("benchmarks.api:hello_app", {}, "/hello") as base:
            reference = measure("reference: bare Starlette GET /hello", f"{base}/hello", {},
                                *load)
        for backend in args.backends.split(","):
            data_dir = Path(tmp) / backend
            if backend == "sqlite":
                database_url = f"sqlite:///{data_dir / 'carbonlabel.db'}"
                data_dir.mkdir(parents=True)
                results += run_backend(backend, database_url, data_dir, load, openapi=True)
                continue
            if not postgres_available(args.postgres):
                print(f"postgresql: not reachable at {args.postgres}; skipped", flush=True)
                continue
            with postgres_schema(args.postgres) as database_url:
                data_dir.mkdir(parents=True)
                results += run_backend(backend, database_url, data_dir, load, openapi=False)
    print()
    for figures in results:
        print(f"{figures.label}: {figures.rps / reference.rps:.2f}× the reference's "
              f"requests/s, p99 {figures.p99_ms / reference.p99_ms:.1f}× its p99")


def run_backend(backend: str, database_url: str, data_dir: Path,
                load: tuple[int, float, float], openapi: bool) -> list[Figures]:
    seeded = seed(database_url, data_dir)
    out = []
    with server("carbonlabel.web.app:create_app", app_env(database_url, data_dir),
                "/api/v1/openapi.json") as base:
        check = httpx.get(f"{base}/api/v1/footprints/{seeded.footprint_id}",
                          headers={"Authorization": f"Bearer {seeded.token}"})
        assert check.status_code == 200, check.text
        assert check.json()["total_co2e_kg"] == seeded.total_co2e_kg
        out.append(measure(f"{backend}: GET /api/v1/footprints/{{id}} (token)",
                           f"{base}/api/v1/footprints/{seeded.footprint_id}",
                           {"Authorization": f"Bearer {seeded.token}"}, *load))
        if openapi:
            out.append(measure(f"{backend}: GET /api/v1/openapi.json (no sign-in)",
                               f"{base}/api/v1/openapi.json", {}, *load))
    return out


if __name__ == "__main__":
    main()
