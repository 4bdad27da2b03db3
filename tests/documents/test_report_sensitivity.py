"""Section 9 of the study report with numbers: the Monte Carlo summary and its per-stage
intervals (when the footprint carries a run) and the sensitivity analysis (when given), read
back with pypdf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonlabel.adapters.documents import study_report_pdf
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.adapters.formats.sensitivity_json import report_to_dict
from carbonlabel.domain.product import Text
from carbonlabel.services.quantify.model_runs import quantify_text
from carbonlabel.services.quantify.montecarlo import monte_carlo_text
from carbonlabel.services.quantify.sensitivity import SensitivityOptions, sensitivity_text
from tests.support.certification import DEMO_MODEL
from tests.support.documents import pdf_text, squeezed
from tests.support.sensitivity_model import allocation_model

Pair = tuple[dict[str, Any], dict[str, Any]]  # a result and a sensitivity report as JSON data


@pytest.fixture(scope="module")
def allocation(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    base = tmp_path_factory.mktemp("alloc")
    text = yaml.safe_dump(allocation_model(), allow_unicode=True)
    result = quantify_text(text, "model.yaml", base, base / "databases")
    report = sensitivity_text(text, "model.yaml", base, base / "databases", "AR6",
                              SensitivityOptions(top=2))
    return result_to_dict(result), report_to_dict(report)


def test_the_report_sets_mass_and_economic_allocation_side_by_side(
        allocation: Pair) -> None:
    result, sensitivity = allocation
    text = squeezed(pdf_text(study_report_pdf(result, Text("包装合金", "packed alloy"), "Org",
                                              "en", sensitivity=sensitivity)))
    assert squeezed("9.2 Sensitivity analysis") in text
    assert squeezed("base total 1250 kg CO2e (AR6)") in text
    # economic: 1,461.6 − 1,250 = +211.6, +16.9 %; none: 2,308 − 1,250 = +1058, +84.6 %
    assert squeezed("mass allocation (as the model is written) 1250 +0 +0.0%") in text
    assert squeezed("economic allocation 1461.6 +211.6 +16.9%") in text
    assert squeezed("no allocation (all burdens to the reference product) 2308 +1058 +84.6%") \
        in text
    assert squeezed("Main inputs one at a time (tornado)") in text
    # the coke alone at 0.9 and 1.1 of its amount: 1,250 ∓ 0.1 · 1,058 = 1,144.2 … 1,355.8
    assert squeezed("coke ×0.9 / ×1.1 relative ±10% 1144.2 1355.8 211.6") in text
    assert "The result was checked as follows (qualitative checks, and the quantitative" \
           in pdf_text(study_report_pdf(result, Text("x", "x"), "Org", "en",
                                        sensitivity=sensitivity)).replace("\n", " ")


def test_the_chinese_report_names_the_sensitivity_analysis(
        allocation: Pair) -> None:
    result, sensitivity = allocation
    text = squeezed(pdf_text(study_report_pdf(result, Text("包装合金", "packed alloy"), "Org",
                                              "zh", sensitivity=sensitivity)))
    assert "9.2敏感性分析" in text
    assert squeezed("基准总量 1250 kg CO2e（AR6）") in text
    assert "分配方法" in text


def test_without_a_sensitivity_report_the_section_says_it_is_qualitative(
        allocation: Pair) -> None:
    result, _ = allocation
    text = squeezed(pdf_text(study_report_pdf(result, Text("x", "x"), "Org", "en")))
    assert "9.2" not in text
    assert squeezed("(qualitative checks only; no calculation was re-run") in text


def test_the_report_prints_the_monte_carlo_summary_and_stage_intervals(tmp_path: Path) -> None:
    result = monte_carlo_text(DEMO_MODEL.read_text(encoding="utf-8"), "model.yaml", tmp_path,
                              tmp_path / "databases", 100, 5)
    body = result_to_dict(result)
    mc = body["uncertainty"]
    text = squeezed(pdf_text(study_report_pdf(body, Text("电池包", "pack"), "Org", "en")))
    assert squeezed("9.1 Monte Carlo simulation") in text
    assert squeezed("100 iterations, seed 5 (the same seed repeats the run)") in text

    def four(x: float) -> str:  # four significant digits, as the report prints them
        return f"{float(f'{x:.4g}'):f}".rstrip("0").rstrip(".")

    t = mc["total"]
    assert squeezed(f"Median{four(t['median'])} kg CO2e") in text
    assert squeezed(f"{four(t['p2_5'])} – {four(t['p97_5'])} kg CO2e") in text
    for s in mc["by_stage"]:
        assert squeezed(f"{four(s['summary']['p2_5'])}{four(s['summary']['p97_5'])}") in text
