"""PACT benchmark: a partner lists an owner's footprints through the PACT host (/3 and /2).

    python benchmarks/pact.py [--footprints 50,200] [--repeat 5] [--backend sqlite|postgresql]

A fresh database is seeded through the services with one organisation, its admin and API
token, the LFP demo model calculated once, and then ``N`` products each with a footprint
(copies of that result, stored as the platform stores them: encrypted at rest). A partner
abroad with inbound credentials and an export approval takes a token at ``/auth/token``.
Timed, in process (Starlette's TestClient, so no network in either figure), medians of
``--repeat`` runs:

* ``GET /3/footprints?limit=N`` and ``GET /2/footprints?limit=N`` as the partner (all
  pages, following the ``Link`` header; the host pages at 100): every
  footprint read, decrypted, mapped to PACT with its lifecycle and certification, checked
  against the sharing policy, rendered, and each release written to the audit log;
* the reference, in the same run: ``GET /api/v1/footprints?limit=N`` as the owner, the
  platform's own listing of the same rows (read and decrypted the same way).

The ratio says what PACT's mapping, the policy and the release log cost on top of reading.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmark shares tests/support with the tests

from carbonlabel.config import Settings  # noqa: E402
from carbonlabel.domain.tenancy import OrgKind, Role  # noqa: E402
from carbonlabel.services.accounts import users  # noqa: E402
from carbonlabel.services.exchange import partners  # noqa: E402
from carbonlabel.services.quantify import catalog, footprint_jobs  # noqa: E402
from carbonlabel.services.sharing import policy  # noqa: E402
from carbonlabel.web.app import create_app  # noqa: E402
from tests.support.pg import postgres_schema  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    with postgres_schema(POSTGRES, prefix="bench_pact") as url:
        yield url


def seed(app: object, data_dir: Path, count: int) -> tuple[str, str, str]:
    """The owner's API token, and the partner's client id and secret."""
    make_uow = app.state.uow  # type: ignore[attr-defined]
    model = Path(str(resources.files("carbonlabel").joinpath("demo"))) / "lfp_battery_pack.yaml"
    now = datetime.now(UTC)
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, "基准电池 Bench Battery", OrgKind.ENTERPRISE,
                                        "CN-FJ")
        admin = users.add_user(uow, org.id, "admin@bench.example", "admin", Role.ADMIN,
                               "bench password 123", None)
        product = catalog.register_product(uow, admin, catalog.ProductData(
            "电池包 0", "battery pack 0", "lithium battery", None, None, "B-0"))
        version = catalog.save_model_version(uow, admin, product.id, model.read_text("utf-8"),
                                             "yaml", data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, admin, version.id)
        _, token = users.create_token(uow, admin, "bench")
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow(write=True) as uow:
        first = uow.footprints.page(org.id, 0, 1).items[0]
        for n in range(1, count):
            other = catalog.register_product(uow, admin, catalog.ProductData(
                f"电池包 {n}", f"battery pack {n}", "lithium battery", None, None, f"B-{n}"))
            copy = replace(version, id=users.new_id(), product_id=other.id)
            uow.model_versions.add(copy)
            uow.footprints.add(replace(first, id=users.new_id(), product_id=other.id,
                                       model_version_id=copy.id))
        partner = partners.register_partner(uow, admin, name="Importer GmbH", country="DE",
                                            spec_version="3.0.0",
                                            host_url="https://pact.importer.example")
        client_id, secret = partners.issue_inbound_credentials(uow, admin, partner.id)
        policy.approve_release(uow, admin, partner_id=partner.id, footprint_id=None,
                               purpose="benchmark", recipient="Importer GmbH", expires_at=None,
                               at=now)
        uow.commit()
    return token, client_id, secret


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(count: int, repeat: int, backend: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, database(backend, Path(tmp)) as url:
        data_dir = Path(tmp) / "data"
        settings = Settings(data_dir=data_dir, database_url=url, job_processes=False,
                            public_url="https://testserver")  # the host the client calls
        app = create_app(settings)
        with TestClient(app, base_url="https://testserver") as client:
            token, client_id, secret = seed(app, data_dir, count)
            access = client.post("/auth/token", auth=(client_id, secret),
                                 data={"grant_type": "client_credentials"}).json()
            partner = {"Authorization": f"Bearer {access['access_token']}"}
            owner = {"Authorization": f"Bearer {token}"}

            def listed(path: str, headers: dict[str, str]) -> Callable[[], object]:
                def call() -> object:  # every page, following PACT's Link header
                    url: str | None = f"{path}?limit={count}"
                    items: list[object] = []
                    while url:
                        response = client.get(url, headers=headers)
                        assert response.status_code == 200, response.text
                        body = response.json()
                        items += body.get("data", body.get("items"))
                        link = response.headers.get("link", "")
                        url = link[link.index("<") + 1:link.index(">")] if link else None
                    assert len(items) == count, (path, len(items))
                    return items
                return call

            v3 = median_seconds(listed("/3/footprints", partner), repeat)
            v2 = median_seconds(listed("/2/footprints", partner), repeat)
            ref = median_seconds(listed("/api/v1/footprints", owner), repeat)
    print(f"{backend:10} {count:6d}  /3 {v3 * 1000:8.1f} ms ({v3 / count * 1000:5.2f} ms each)"
          f"  /2 {v2 * 1000:8.1f} ms  /api/v1 {ref * 1000:8.1f} ms"
          f"  ratio /3 : /api/v1 = {v3 / ref:5.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--footprints", default="50,200")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print("backend     count  PACT list (partner)                 reference (owner's list)")
    for count in (int(c) for c in args.footprints.split(",")):
        run(count, args.repeat, args.backend)


if __name__ == "__main__":
    main()
