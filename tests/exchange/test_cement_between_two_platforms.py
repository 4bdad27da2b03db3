"""Our own footprint exported in PACT v3.0 and v2.3 and read back by a second platform
instance (its own database), used in a model there and shown on its received page.

The cement (1 t):  1000 kWh × 0.5 (primary)   = 500.0 kg CO2e
                    428.6 kWh × 0.5 (secondary) = 214.3 kg CO2e
                    total 714.3 kg CO2e per t, primary-data share 500 / 714.3
The buyer's part (1 kg): 2 t of cement = 2000 kg × 714.3 / 1000 = 1428.6 kg CO2e.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.exchange import supplier_requests
from tests.browser.support import make_app
from tests.conftest import base_model
from tests.exchange.world import AT, add_partner, calculate, save_product
from tests.support.platform import PASSWORD, Tenant, seed_tenant

pytestmark = pytest.mark.slow
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CEMENT_PDS = 500 / 714.3


def cement_model() -> dict[str, Any]:
    model = base_model(
        unit={"kind": "declared", "description": {"zh": "1 吨", "en": "1 t"}, "amount": 1,
              "unit": "t", "process": "main"},
        period={"start": "2025-01-01", "end": "2025-12-31"},
        processes=[{"id": "main", "name": {"zh": "粉磨", "en": "grinding"},
                    "stage": "production", "output": {"amount": 1, "unit": "t"},
                    "inputs": [{"factor": "grid", "amount": 1000, "unit": "kWh",
                                "primary": True},
                               {"factor": "grid", "amount": 428.6, "unit": "kWh"}]}])
    model["product"] = {"name": {"zh": "水泥", "en": "cement"}, "category": "cement"}
    return model


@dataclass(frozen=True)
class Two:
    one: FastAPI
    two: FastAPI
    seller: Tenant
    buyer: Tenant
    cement: FootprintRecord
    dir_two: Path
    partner_id: str  # the buyer, as the seller's partner


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Two]:
    dir_one, dir_two = (tmp_path_factory.mktemp(n) for n in ("one", "two"))
    one, other = make_app(dir_one), make_app(dir_two)
    seller = seed_tenant(one.state.uow, "水泥厂 seller")
    buyer = seed_tenant(other.state.uow, "整车厂 buyer")
    _, version_id = save_product(one.state.uow, seller.analyst, cement_model(), dir_one)
    cement = calculate(one.state.uow, seller.analyst, version_id, dir_one)
    partner = add_partner(one.state.uow, seller, "CN", "整车厂 buyer")
    with TestClient(one), TestClient(other):
        yield Two(one, other, seller, buyer, cement, dir_two, partner.id)


def _export(x: Two, version: str) -> dict[str, object]:
    with x.one.state.uow(write=True) as uow:
        body = supplier_requests.export_footprint(uow, x.seller.analyst, x.cement.id, version,
                                                  x.partner_id, AT, platform_url="https://one.example")
        uow.commit()
    return body


def test_the_cement_is_714_3_kg_co2e_per_t_on_the_first_platform(two: Two) -> None:
    assert two.cement.total_co2e_kg == pytest.approx(1000 * 0.5 + 428.6 * 0.5, rel=1e-12)


@pytest.mark.parametrize("version", ["3.0.0", "2.3.0"])
def test_our_footprint_read_back_by_a_second_platform_contributes_its_hand_value(
        two: Two, version: str) -> None:
    body = _export(two, version)
    body["id"] = f"{body['id'][:-2]}{'30' if version == '3.0.0' else '23'}"  # one per version
    with two.two.state.uow(write=True) as uow:
        supplier_requests.import_footprints(uow, two.buyer.analyst, json.dumps(body), AT)
        uow.commit()
    model = base_model(processes=[{
        "id": "main", "name": {"zh": "组装", "en": "assembly"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"supplier": body["id"], "amount": 2, "unit": "t", "name": "cement"}]}])
    model["product"] = {"name": {"zh": f"部件 {version}", "en": f"part {version}"},
                        "category": "parts"}
    _, version_id = save_product(two.two.state.uow, two.buyer.analyst, model, two.dir_two)
    record = calculate(two.two.state.uow, two.buyer.analyst, version_id, two.dir_two)
    assert record.total_co2e_kg == pytest.approx(2000 * (714.3 / 1000), rel=1e-12)
    # primaryDataShare is sent as a percentage to 0.01: 100 × 500 / 714.3 = 69.9986 → 70.00 %
    assert json.loads(record.result_json)["primary_data_share"] == pytest.approx(
        round(100 * CEMENT_PDS, 2) / 100, rel=1e-12)


def test_the_received_page_shows_the_value_as_sent_and_per_kilogram(two: Two) -> None:
    body = _export(two, "3.0.0")
    with two.two.state.uow(write=True) as uow:
        supplier_requests.import_footprints(uow, two.buyer.analyst, json.dumps(body), AT)
        uow.commit()
    client = TestClient(two.two, headers={"Accept-Language": "en"}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text)
    assert token is not None
    signed = client.post("/signin", data={"email": two.buyer.analyst.email,
                                          "password": PASSWORD, "csrf_token": token.group(1),
                                          "next": "/exchange/received"})
    assert signed.status_code == 303
    page = client.get(f"/exchange/received/{body['id']}").text
    as_sent = re.search(r'id="as-sent">([^<]*)<', page)
    assert as_sent is not None
    assert "714.3 kg CO2e per 1000 kilogram" in as_sent.group(1)
    total = re.search(r'class="total-value">([^<]*)<', page)
    assert total is not None
    assert float(total.group(1)) == pytest.approx(0.7143)  # 714.3 / 1000
    period = re.search(r'id="reference-period">([^<]*)<', page)
    assert period is not None
    assert period.group(1) == "2025-01-01 – 2025-12-31"  # the model's period, both included
