"""The official PACT example documents go through the platform unchanged: a buyer imports
each as a received footprint, the stored document reads back to the same footprint, and it
is written out again in its own version exactly as published and valid against the official
OpenAPI schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.formats.pact import parse_footprint, render_footprint
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.errors import CarbonlabelError
from carbonlabel.services.exchange import supplier_files
from tests.exchange.world import AT, part_model, save_product
from tests.support.pact_schemas import canonical, example, validate
from tests.support.platform import seed_tenant

V3_FILES = ["v3/example-1.json", "v3/example-2.json", "v3/example-3.json",
            "v3/example-4.json", "v3/get-footprint-response.json",
            "v3/list-footprints-response.json"]
V2_FILES = ["v2/get-footprint-response.json", "v2/list-footprints-response.json"]


def _footprints(doc: Any) -> list[dict[str, Any]]:
    data = doc.get("data", doc) if isinstance(doc, dict) else doc
    return data if isinstance(data, list) else [data]


@pytest.mark.parametrize(("name", "version"), [(f, SpecVersion.V3_0) for f in V3_FILES]
                         + [(f, SpecVersion.V2_3) for f in V2_FILES])
def test_an_official_example_is_imported_kept_and_written_out_as_published(
        make_uow: UowFactory, tmp_path: Path, name: str, version: SpecVersion) -> None:
    buyer = seed_tenant(make_uow, "买方 buyer")
    original = example(name)
    with make_uow(write=True) as uow:
        taken = supplier_files.import_footprints(uow, buyer.analyst,
                                                 json.dumps(original, ensure_ascii=False), AT)
        uow.commit()
    published = _footprints(original)
    assert [r.pf_id for r in taken] == [fp["id"] for fp in published]
    with make_uow() as uow:
        kept = [uow.received_footprints.get(buyer.organisation.id, fp["id"])
                for fp in published]
    for stored, fp in zip(kept, published, strict=True):
        assert stored is not None
        again = render_footprint(parse_footprint(json.loads(stored.document)), version)
        # the v3 example of the get response carries two legacy fields the v3 schema does not
        # define (SOURCES.md); they are kept as extra fields and written back as they came
        assert canonical(again) == canonical(fp)
        validate(again, "ProductFootprint", "3.0" if version is SpecVersion.V3_0 else "2.3")


def test_a_held_footprint_whose_parts_exceed_its_pcf_is_refused_in_a_model_with_the_reason(
        make_uow: UowFactory, tmp_path: Path) -> None:
    # the official v2 example: fossil 1.5 + dLUC 0.8 kg CO2e above its PCF of 1.63
    buyer = seed_tenant(make_uow, "买方 buyer")
    doc = example("v2/get-footprint-response.json")
    with make_uow(write=True) as uow:
        supplier_files.import_footprints(uow, buyer.analyst, json.dumps(doc), AT)
        uow.commit()
    with pytest.raises(CarbonlabelError) as refused:  # the model is checked when saved
        save_product(make_uow, buyer.analyst, part_model(doc["data"]["id"]), tmp_path)
    fields = {e.field: e.message_en for e in refused.value.errors}
    assert "processes[0].inputs[0].supplier" in fields, fields
    assert "cannot be used in a model" in fields["processes[0].inputs[0].supplier"]
    assert "exceed" in fields["processes[0].inputs[0].supplier"]
