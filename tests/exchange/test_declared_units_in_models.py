"""A supplier footprint enters a model per ONE of its declared units, whatever channel brought
it (file import, the JSON API, a PACT fetch) and whatever its declared amount.

v3.0: the values are per declaredUnitAmount × declaredUnitOfMeasurement; v2.3: per one
declaredUnit, unitaryProductAmount being how many the product holds. Each case states the
contribution by hand; the buyer's model is only that input (1 kg of product), so the total is
the contribution and the primary-data share is the supplier's."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.adapters.pact_client import PactClient
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.services.accounts import users
from carbonlabel.services.exchange import pact_exchange, supplier_requests
from tests.browser.support import make_app
from tests.conftest import base_model
from tests.exchange.world import AT, calculate, save_product
from tests.pact_exchange.fake_host import CLIENT_ID, CLIENT_SECRET, HostState, fake_host
from tests.support.pact_schemas import example
from tests.support.platform import Tenant, seed_tenant

pytestmark = pytest.mark.slow


def _v3(pcf: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(example("v3/example-4.json"))  # an official document as the frame
    doc["pcf"].update(pcf)
    return doc


def _v2(pcf: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(example("v2/get-footprint-response.json")["data"])
    doc["pcf"].update(pcf)
    doc["pcf"].pop("dLucGhgEmissions", None)  # its parts exceed its PCF (tests elsewhere)
    doc["pcf"]["biogenicCarbonWithdrawal"] = "0"
    return doc


def _kg_1000() -> dict[str, Any]:  # our demo cement as v3 now sends it: 714.3 per t
    return _v3({"declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1000",
                "productMassPerDeclaredUnit": "1000", "pcfExcludingBiogenicUptake": "714.3",
                "pcfIncludingBiogenicUptake": "714.3", "fossilGhgEmissions": "714.3",
                "landUseChangeGhgEmissions": "0", "biogenicCO2Uptake": "0",
                "biogenicNonCO2Emissions": "0", "landManagementBiogenicCO2Emissions": "0",
                "landManagementBiogenicCO2Removals": "0", "aircraftGhgEmissions": "0",
                "primaryDataShare": "25"})


def _kg_1000_v2() -> dict[str, Any]:  # the same cement in v2.3: 0.7143 per kg, 1000 of them
    return _v2({"declaredUnit": "kilogram", "unitaryProductAmount": "1000",
                "pCfExcludingBiogenic": "0.7143", "pCfIncludingBiogenic": "0.7143",
                "fossilGhgEmissions": "0.7143", "primaryDataShare": 25})


def _ethanol() -> dict[str, Any]:  # the spec's sentence: 2.0 kg CO2e per 12.5 liter
    return _v3({"declaredUnitOfMeasurement": "liter", "declaredUnitAmount": "12.5",
                "productMassPerDeclaredUnit": "9.8625", "pcfExcludingBiogenicUptake": "2.0",
                "pcfIncludingBiogenicUptake": "2.0", "fossilGhgEmissions": "2.0",
                "landUseChangeGhgEmissions": "0", "biogenicCO2Uptake": "0",
                "biogenicNonCO2Emissions": "0", "landManagementBiogenicCO2Emissions": "0",
                "landManagementBiogenicCO2Removals": "0", "aircraftGhgEmissions": "0",
                "primaryDataShare": "50"})


def _kwh() -> dict[str, Any]:  # electricity: 0.5777 kg CO2e per 1 kWh
    return _v3({"declaredUnitOfMeasurement": "kilowatt hour", "declaredUnitAmount": "1",
                "productMassPerDeclaredUnit": "0", "pcfExcludingBiogenicUptake": "0.5777",
                "pcfIncludingBiogenicUptake": "0.5777", "fossilGhgEmissions": "0.5777",
                "landUseChangeGhgEmissions": "0", "biogenicCO2Uptake": "0",
                "biogenicNonCO2Emissions": "0", "landManagementBiogenicCO2Emissions": "0",
                "landManagementBiogenicCO2Removals": "0", "aircraftGhgEmissions": "0",
                "primaryDataShare": "100"})


def _kwh_v2() -> dict[str, Any]:  # v2.3, 0.5777 per kWh, the product is 50 kWh
    return _v2({"declaredUnit": "kilowatt hour", "unitaryProductAmount": "50",
                "pCfExcludingBiogenic": "0.5777", "pCfIncludingBiogenic": "0.5777",
                "fossilGhgEmissions": "0.5777", "primaryDataShare": 100})


@dataclass(frozen=True)
class Case:
    name: str
    document: Callable[[], dict[str, Any]]
    amount: float
    unit: str
    hand: float  # kg CO2e the input contributes: the PCF including biogenic uptake
    pds: float  # the buyer's primary-data share (only this input)


CASES = [
    Case("per 1000 kilogram (v3, 1 t)", _kg_1000, 2, "t", 2000 * (714.3 / 1000), 0.25),
    Case("per kilogram, amount 1000 (v2)", _kg_1000_v2, 2, "t", 2000 * 0.7143, 0.25),
    # official example 4: 0.42 excluding, uptake -0.37 per 1 kilogram
    Case("per kilogram (official v3 example 4)", lambda: example("v3/example-4.json"), 10,
         "kg", 10 * (0.42 - 0.37), 0.802),
    # official example 2: 5.14 excluding, uptake -19.36 per 12 liter
    Case("per 12 liter (official v3 example 2)", lambda: example("v3/example-2.json"), 3, "L",
         3 * ((5.14 - 19.36) / 12), 0.168),
    Case("per 12.5 liter", _ethanol, 25, "L", 25 * (2.0 / 12.5), 0.5),
    Case("per kWh (v3)", _kwh, 100, "kWh", 100 * 0.5777, 1.0),
    Case("per kWh, amount 50 (v2)", _kwh_v2, 100, "kWh", 100 * 0.5777, 1.0),
    Case("per piece (official v3 example 3)", lambda: example("v3/example-3.json"), 4,
         "piece", 4 * 77.0, 0.131),
]


@dataclass(frozen=True)
class Site:
    app: FastAPI
    buyer: Tenant
    data_dir: Path
    headers: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("declared-units")
    app = make_app(data_dir)
    buyer = seed_tenant(app.state.uow, "买方 buyer")
    with app.state.uow(write=True) as uow:
        _, secret = users.create_token(uow, buyer.analyst, "declared units")
        uow.commit()
    with TestClient(app):
        yield Site(app, buyer, data_dir, {"Authorization": f"Bearer {secret}"})


def _by_file(site: Site, doc: dict[str, Any]) -> None:
    with site.app.state.uow(write=True) as uow:
        supplier_requests.import_footprints(uow, site.buyer.analyst, json.dumps(doc), AT)
        uow.commit()


def _by_api(site: Site, doc: dict[str, Any]) -> None:
    with TestClient(site.app) as client:
        answer = client.post("/api/v1/exchange/import", json=doc, headers=site.headers)
    assert answer.status_code == 201, answer.text


def _by_fetch(site: Site, doc: dict[str, Any]) -> None:
    version = SpecVersion.V2_3 if doc["specVersion"].startswith("2.") else SpecVersion.V3_0
    partner = Partner(str(uuid.uuid4()), site.buyer.organisation.id,
                      f"Acme {uuid.uuid4().hex[:6]}", "DE", doc["specVersion"], None,
                      "https://testserver", None, CLIENT_ID, CLIENT_SECRET, None, True, AT)
    with site.app.state.uow(write=True) as uow:
        uow.partners.add(partner, None)
        uow.commit()
    with closing(TestClient(fake_host(HostState(footprints=[doc])),
                            base_url="https://testserver")) as http:

        def factory(_: Partner) -> PactClient:
            return PactClient("https://testserver", None, CLIENT_ID, CLIENT_SECRET, version,
                              partner_name="Acme", http=http)

        stored = pact_exchange.fetch_from_partner(site.app.state.uow, actor=site.buyer.analyst,
                                                  partner_id=partner.id,
                                                  client_factory=factory, at=AT)
    assert [s.pf_id for s in stored] == [doc["id"]]


CHANNELS = {"file": _by_file, "api": _by_api, "pact-fetch": _by_fetch}


@pytest.mark.parametrize("channel", list(CHANNELS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_supplier_footprint_contributes_its_hand_value_per_declared_unit_in_a_model(
        site: Site, case: Case, channel: str) -> None:
    doc = case.document()
    doc["id"] = str(uuid.uuid4())
    CHANNELS[channel](site, doc)
    model = base_model(processes=[{
        "id": "main", "name": {"zh": "组装", "en": "assembly"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"supplier": doc["id"], "amount": case.amount, "unit": case.unit,
                    "name": "supplied input"}]}])
    model["product"] = {"name": {"zh": f"产品 {case.name}", "en": f"part {case.name}"},
                        "category": "parts"}
    _, version_id = save_product(site.app.state.uow, site.buyer.analyst, model, site.data_dir)
    record = calculate(site.app.state.uow, site.buyer.analyst, version_id, site.data_dir)
    assert record.total_co2e_kg == pytest.approx(case.hand, rel=1e-12)
    assert json.loads(record.result_json)["primary_data_share"] == pytest.approx(case.pds,
                                                                               rel=1e-12)
