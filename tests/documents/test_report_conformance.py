"""Section 3.5 of the study report: the model's conformance to the product rule release the
footprint recorded, stated as conformance or as every gap with its field and reason, in
Chinese and English, read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from carbonlabel.adapters.documents import study_report_pdf
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.calc.conformance import validate
from carbonlabel.domain.model import CutOffRule, ProductModel
from carbonlabel.domain.product import Text
from carbonlabel.domain.product_rules import AppliedRule, RecordedConformance
from carbonlabel.domain.product_rules.content import rule_hash
from carbonlabel.services.quantify.model_runs import quantify_text
from tests.support.certification import DEMO_MODEL
from tests.support.documents import pdf_text, squeezed

PRODUCT = Text("磷酸铁锂储能电池包（100 kWh）", "LFP energy-storage battery pack (100 kWh)")
BATTERY = "cn-pilot-04-li-ion-energy-storage"
RULE = next(r for r in bundled_rules() if r.code == BATTERY)
RELEASE = AppliedRule(BATTERY, "1.0", rule_hash(RULE))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], ProductModel]:
    folder = tmp_path_factory.mktemp("demo")
    text = DEMO_MODEL.read_text(encoding="utf-8")
    result = quantify_text(text, "model.yaml", folder, folder / "databases")
    return result_to_dict(result), load_model_text(text, "model.yaml").model


def _report(demo: tuple[dict[str, Any], ProductModel], lang: str,
            found: RecordedConformance | None) -> str:
    result, model = demo
    return squeezed(pdf_text(study_report_pdf(result, PRODUCT, "Org", lang, model=model,
                                              rule_release=str(RELEASE), conformance=found)))


def test_a_conforming_model_is_stated_to_conform_to_the_release(
        demo: tuple[dict[str, Any], ProductModel]) -> None:
    found = RecordedConformance(RELEASE, RULE, validate(demo[1], RULE))
    assert found.conformance is not None
    assert found.conformance.conforms
    en = _report(demo, "en", found)
    assert squeezed("3.5 Conformance to the product rule (PCR)") in en
    assert squeezed(f"Rule release applied {RELEASE}") in en
    assert squeezed(f"SHA-256 {RELEASE.hash}") in en
    assert squeezed(f"Rule {RULE.title.en}") in en
    assert squeezed("The model conforms to this release in every part checked") in en
    assert "Modelfield" not in en  # no table of gaps
    zh = _report(demo, "zh", found)
    assert squeezed("3.5 产品碳足迹核算规则符合性") in zh
    assert squeezed(f"适用规则版本 {RELEASE}") in zh
    assert "模型符合该规则版本的全部要求" in zh


def test_every_gap_is_listed_with_its_part_field_and_reason(
        demo: tuple[dict[str, Any], ProductModel]) -> None:
    # 8 % in total (the rule allows 5 %) and a 2 % per-input limit (the rule allows 1 %)
    loose = replace(demo[1], cut_off=CutOffRule(per_input=0.02, total=0.08))
    found = RecordedConformance(RELEASE, RULE, validate(loose, RULE))
    en = _report((demo[0], loose), "en", found)
    assert squeezed("The model falls short of this release in 2 place(s):") in en
    assert squeezed("Part of the rule Model field Reason") in en
    assert squeezed("cut-off cut_off.per_input the cut-off (per input) 2 % is looser than the "
                    "rule's 1 %") in en
    assert squeezed("cut-off cut_off.total the cut-off (total) 8 % is looser than the "
                    "rule's 5 %") in en
    zh = _report((demo[0], loose), "zh", found)
    assert "模型与该规则版本有2项不符合" in zh
    assert squeezed("取舍准则 cut_off.total 取舍准则（合计）8 % 宽于规则的 5 %") in zh


def test_without_a_recorded_release_or_verdict_the_section_says_so(
        demo: tuple[dict[str, Any], ProductModel]) -> None:
    assert squeezed("conformance to a rule is not assessed") in _report(demo, "en", None)
    assert "不评价规则符合性" in _report(demo, "zh", None)
    unread = _report(demo, "en", RecordedConformance(RELEASE))
    assert squeezed(f"Rule release applied {RELEASE}") in unread
    assert squeezed("cannot be read here: conformance is not assessed") in unread
