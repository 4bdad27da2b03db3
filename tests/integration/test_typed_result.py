"""A stored footprint reads back typed through the repository, and what is published from the
typed result is what the stored text gives: the result JSON, the study report (to the byte)
and the reference period kept beside it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.documents import study_report_pdf
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.domain.product import ReferencePeriod, Text
from carbonlabel.domain.product_rules import AppliedRule
from carbonlabel.services.certification import documents
from carbonlabel.services.quantify.product_rules import recorded_conformance
from tests.support.certification import enterprise_with_footprint


def test_a_stored_result_reads_typed_and_publishes_the_stored_json(make_uow: UowFactory,
                                                                  tmp_path: Path) -> None:
    _, record = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow() as uow:
        result = uow.footprints.result(record)
    assert result_to_dict(result) == json.loads(record.result_json)
    assert result.total_co2e_kg == record.total_co2e_kg
    # the demo model's period, kept on the record when the footprint was calculated
    assert result.period == ReferencePeriod("2024-01-01", "2024-12-31")
    assert record.reference_period == (date(2024, 1, 1), date(2024, 12, 31))


def test_the_study_report_from_the_typed_result_is_the_stored_one_to_the_byte(
        make_uow: UowFactory, tmp_path: Path) -> None:
    tenant, record = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow() as uow:
        doc = documents.study_report(uow, tenant.admin, record.id, "en")
        product = uow.products.in_org(record.organisation_id, record.product_id)
        version = uow.model_versions.in_org(record.organisation_id, record.model_version_id)
        assert version is not None
        fmt = version.format
        model = load_model_text(version.content, f"model.{fmt}", Path(f"model.{fmt}")).model
        conformance = recorded_conformance(uow, record.product_rule_release, model)
    assert product is not None
    from_text = study_report_pdf(json.loads(record.result_json),
                                 Text(product.name_zh, product.name_en),
                                 tenant.organisation.name, "en", model=model,
                                 calculated_on=record.created_at.date(),
                                 rule_release=str(AppliedRule.parse(record.product_rule_release)),
                                 conformance=conformance)
    assert record.product_rule_release  # the demo model names its product rule
    assert doc.content == from_text
