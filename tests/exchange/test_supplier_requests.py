"""Supplier requests inside the platform, on SQLite and PostgreSQL: ask, answer, reject,
withdraw; the buyer's model takes the received footprint and reports its primary-data share.

Numbers are worked out by hand in tests/exchange/world.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import RequestState
from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.errors import (
    ConflictError,
    DataFormatError,
    InputError,
    ModelValidationError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.exchange import supplier_catalogue, supplier_requests
from carbonlabel.services.quantify import catalog
from carbonlabel.services.sharing import policy
from tests.exchange.world import (
    AT,
    BUYER_PDS,
    BUYER_TOTAL,
    SUPPLIER_CONTRIBUTION,
    World,
    calculate,
    pact_file,
    pact_footprint,
    part_model,
    save_product,
    seed_world,
    supplier_footprint,
)


@pytest.fixture
def world(make_uow: UowFactory, tmp_path: Path) -> World:
    return seed_world(make_uow, tmp_path)


def ask(make_uow: UowFactory, world: World, name: str = "冷轧钢卷 cold-rolled coil") -> str:
    with make_uow(write=True) as uow:
        req = supplier_requests.ask_supplier(
            uow, world.buyer.analyst, supplier_organisation_id=world.supplier.organisation.id,
            product_name=name, product_ids=["urn:gtin:06901234567892"], comment="2026 年度",
            at=AT)
        uow.commit()
    return req.id


def actions(make_uow: UowFactory, org_id: str) -> list[str]:
    with make_uow() as uow:
        return [r.action for r in uow.audit.chain()[0] if r.organisation_id == org_id]


def test_the_whole_cycle_puts_the_supplier_pcf_and_its_pds_into_the_buyers_footprint(
        make_uow: UowFactory, world: World) -> None:
    coil = supplier_footprint(make_uow, world)
    assert coil.total_co2e_kg == pytest.approx(3.0)  # 1.2 + 1.8
    request_id = ask(make_uow, world)
    with make_uow() as uow:
        inbox = supplier_requests.inbox(uow, world.supplier.analyst)
        assert [r.id for r in inbox] == [request_id]
        assert inbox[0].criteria == {"productId": ["urn:gtin:06901234567892"]}
    with make_uow(write=True) as uow:
        done = supplier_requests.answer_with_footprint(uow, world.supplier.analyst, request_id,
                                                       coil.id, AT)
        uow.commit()
    assert done.state is RequestState.FULFILLED
    assert done.response_pf_ids == (coil.id,)
    with make_uow() as uow:
        received = uow.received_footprints.get(world.buyer.organisation.id, coil.id)
        assert received is not None
        assert received.company_name == world.supplier.organisation.name
        assert received.request_id == request_id
        entry = supplier_catalogue.supplier_footprint(supplier_catalogue.exchange_of(received))
    assert entry.co2e_per_unit == pytest.approx(3.0)
    assert entry.primary_data_share == pytest.approx(0.4)  # 1.2 / 3.0
    assert "data.released" in actions(make_uow, world.supplier.organisation.id)

    product, version_id = save_product(make_uow, world.buyer.analyst, part_model(coil.id),
                                       world.data_dir)
    part = calculate(make_uow, world.buyer.analyst, version_id, world.data_dir)
    result = json.loads(part.result_json)
    assert part.total_co2e_kg == pytest.approx(BUYER_TOTAL)  # 2 × 3.0 + 2 × 0.5
    assert result["primary_data_share"] == pytest.approx(BUYER_PDS)  # (6 × 0.4) / 7
    [inp] = result["supplier_inputs"]
    assert inp["pf_id"] == coil.id
    assert inp["co2e_kg"] == pytest.approx(SUPPLIER_CONTRIBUTION)
    assert inp["primary_data_share"] == pytest.approx(0.4)
    with make_uow() as uow:
        uses = supplier_catalogue.inputs_using(uow, world.buyer.viewer, coil.id)
    assert [(u.product_id, u.process, u.amount, u.unit) for u in uses] == [
        (product.id, "main", 2.0, "kg")]


def test_an_uploaded_pact_file_counts_per_declared_unit(make_uow: UowFactory,
                                                        world: World) -> None:
    request_id = ask(make_uow, world)
    doc = pact_footprint()  # 3000 kg CO2e per 1000 kg: 3 per kg, PDS 40 %
    with make_uow(write=True) as uow:
        supplier_requests.answer_with_upload(uow, world.supplier.admin, request_id,
                                             pact_file(doc), AT)
        uow.commit()
    _, version_id = save_product(make_uow, world.buyer.analyst, part_model(doc["id"]),
                                 world.data_dir)
    part = calculate(make_uow, world.buyer.analyst, version_id, world.data_dir)
    result = json.loads(part.result_json)
    assert part.total_co2e_kg == pytest.approx(BUYER_TOTAL)
    assert result["supplier_inputs"][0]["co2e_kg"] == pytest.approx(SUPPLIER_CONTRIBUTION)
    assert result["primary_data_share"] == pytest.approx(BUYER_PDS)


def test_a_model_naming_a_footprint_the_buyer_never_received_is_refused(
        make_uow: UowFactory, world: World) -> None:
    model = part_model(pact_footprint()["id"])
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, world.buyer.analyst, catalog.ProductData(
            "冲压件", "part", "parts", None, None, None))
        uow.commit()
    with make_uow(write=True) as uow, pytest.raises(ModelValidationError) as exc:
        catalog.save_model_version(uow, world.buyer.analyst, product.id,
                                   yaml.safe_dump(model), "yaml", world.data_dir,
                                   world.data_dir / "databases")
    assert [e.field for e in exc.value.errors] == ["processes[0].inputs[0].supplier"]


BAD_FILES = {
    "malformed JSON": ('{"data": [', ""),
    "wrong spec version": (pact_file({**pact_footprint(), "specVersion": "1.0.0"}),
                           "specVersion"),
    "negative fossil emissions": (pact_file(pact_footprint(fossilGhgEmissions="-1")),
                                  "fossilGhgEmissions"),
    "unknown declared unit": (pact_file(pact_footprint(declaredUnitOfMeasurement="tonne")),
                              "declaredUnitOfMeasurement"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_upload_is_refused_with_its_field_and_nothing_is_stored(
        make_uow: UowFactory, world: World, case: str) -> None:
    text, field = BAD_FILES[case]
    request_id = ask(make_uow, world)
    with make_uow(write=True) as uow, pytest.raises(DataFormatError) as exc:
        supplier_requests.answer_with_upload(uow, world.supplier.admin, request_id, text, AT)
    assert field in exc.value.field
    with make_uow() as uow:
        assert uow.received_footprints.of_org(world.buyer.organisation.id) == []
        assert supplier_requests.get_request(uow, world.buyer.viewer,
                                             request_id).state is RequestState.OPEN


def test_duplicated_ids_in_a_file_or_with_earlier_receipts_are_refused(
        make_uow: UowFactory, world: World) -> None:
    doc = pact_footprint()
    with make_uow(write=True) as uow, pytest.raises(DataFormatError) as exc:
        supplier_requests.import_footprints(uow, world.buyer.analyst, pact_file(doc, doc), AT)
    assert exc.value.field == "data[1].id"
    with make_uow(write=True) as uow:
        supplier_requests.import_footprints(uow, world.buyer.analyst, pact_file(doc), AT)
        uow.commit()
    other = pact_footprint()
    with make_uow(write=True) as uow, pytest.raises(ConflictError) as conflict:
        supplier_requests.import_footprints(uow, world.buyer.analyst, pact_file(other, doc), AT)
    assert conflict.value.field == "[1].id"
    with make_uow() as uow:
        assert [r.pf_id for r in uow.received_footprints.of_org(
            world.buyer.organisation.id)] == [doc["id"]]


def test_only_the_two_organisations_see_a_request_and_each_does_its_own_part(
        make_uow: UowFactory, world: World) -> None:
    request_id = ask(make_uow, world)
    with make_uow() as uow, pytest.raises(NotFoundError):
        supplier_requests.get_request(uow, world.stranger.admin, request_id)
    with make_uow() as uow:
        assert supplier_requests.inbox(uow, world.stranger.admin) == []
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        supplier_requests.reject(uow, world.stranger.admin, request_id, "no", AT)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as exc:
        supplier_requests.reject(uow, world.buyer.admin, request_id, "no", AT)
    assert exc.value.rule == "supplier_answers"
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as exc:
        supplier_requests.cancel(uow, world.supplier.admin, request_id, AT)
    assert exc.value.rule == "requester_cancels"
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        supplier_requests.reject(uow, world.supplier.viewer, request_id, "no", AT)


def test_a_settled_request_takes_no_further_step(make_uow: UowFactory, world: World) -> None:
    request_id = ask(make_uow, world)
    with make_uow(write=True) as uow:
        done = supplier_requests.reject(uow, world.supplier.admin, request_id,
                                        "该产品不再供货", AT)
        uow.commit()
    assert (done.state, done.reject_message) == (RequestState.REJECTED, "该产品不再供货")
    for step in (lambda uow: supplier_requests.cancel(uow, world.buyer.admin, request_id, AT),
                 lambda uow: supplier_requests.answer_with_upload(
                     uow, world.supplier.admin, request_id, pact_file(pact_footprint()), AT)):
        with make_uow(write=True) as uow, pytest.raises(WorkflowError) as exc:
            step(uow)
        assert exc.value.rule == "request_state"
    assert "request.rejected" in actions(make_uow, world.buyer.organisation.id)


def test_the_buyer_withdraws_an_open_request(make_uow: UowFactory, world: World) -> None:
    request_id = ask(make_uow, world)
    with make_uow(write=True) as uow:
        assert supplier_requests.cancel(uow, world.buyer.analyst, request_id,
                                        AT).state is RequestState.CANCELLED
        uow.commit()
    with make_uow() as uow:
        assert supplier_requests.outbox(uow, world.buyer.viewer)[0].state is \
            RequestState.CANCELLED


def test_a_confidential_footprint_is_not_given_in_answer_and_the_refusal_is_logged(
        make_uow: UowFactory, world: World) -> None:
    coil = supplier_footprint(make_uow, world)
    request_id = ask(make_uow, world)
    with make_uow(write=True) as uow:
        policy.classify(uow, world.supplier.admin, DataKind.FOOTPRINT, coil.id,
                        Classification.CONFIDENTIAL, AT)
        uow.commit()
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as exc:
        supplier_requests.answer_with_footprint(uow, world.supplier.analyst, request_id,
                                                coil.id, AT)  # keeps the refusal's record
    assert exc.value.rule == "release_refused"
    with make_uow() as uow:
        assert uow.received_footprints.of_org(world.buyer.organisation.id) == []
    assert "data.release_refused" in actions(make_uow, world.supplier.organisation.id)
    assert "data.released" not in actions(make_uow, world.supplier.organisation.id)


def test_asking_needs_the_exchange_right_and_a_real_other_organisation(
        make_uow: UowFactory, world: World) -> None:
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        supplier_requests.ask_supplier(uow, world.buyer.viewer,
                                       supplier_organisation_id=world.supplier.organisation.id,
                                       product_name="coil", at=AT)
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        supplier_requests.ask_supplier(uow, world.buyer.analyst,
                                       supplier_organisation_id=world.buyer.organisation.id,
                                       product_name="coil", at=AT)
    with make_uow(write=True) as uow, pytest.raises(InputError) as exc:
        supplier_requests.ask_supplier(uow, world.buyer.analyst,
                                       supplier_organisation_id=world.supplier.organisation.id,
                                       product_name="coil", product_ids=["gtin 123"], at=AT)
    assert exc.value.field == "product_ids[0]"
