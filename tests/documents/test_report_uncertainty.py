"""The study report states a Monte Carlo run when the footprint carries one (else that none was
run, as tests/documents/test_document_pdfs.py checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.documents import study_report_pdf
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.domain.product import Text
from carbonlabel.services.quantify.montecarlo import monte_carlo_text
from tests.support.certification import DEMO_MODEL
from tests.support.documents import pdf_text, squeezed


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Monte Carlo simulation (200 iterations, seed 17): mean {m}, 95 % interval {lo} to "
           "{hi} kg CO2e."),
    ("zh", "蒙特卡洛模拟（200 次，随机种子 17）：均值 {m}，95 % 区间 {lo} 至 {hi} kg CO2e。"),
])
def test_the_report_states_the_monte_carlo_run(tmp_path: Path, lang: str, said: str) -> None:
    result = monte_carlo_text(DEMO_MODEL.read_text(encoding="utf-8"), "model.yaml", tmp_path,
                              tmp_path / "databases", 200, 17)
    body = result_to_dict(result)
    mc = body["uncertainty"]["total"]
    text = squeezed(pdf_text(study_report_pdf(body, Text("电池包", "pack"), "Org", lang)))
    assert squeezed(said.format(m=f"{mc['mean']:.4g}", lo=f"{mc['p2_5']:.4g}",
                                hi=f"{mc['p97_5']:.4g}")) in text
    assert "No Monte Carlo simulation has been run yet" not in text


def test_section_9_1_lists_the_contributions_to_variance(tmp_path: Path) -> None:
    result = monte_carlo_text(DEMO_MODEL.read_text(encoding="utf-8"), "model.yaml", tmp_path,
                              tmp_path / "databases", 200, 17)
    assert result.uncertainty is not None
    kept = result.uncertainty.contributions
    assert kept
    assert all(c.share >= 0.01 for c in kept)
    assert [c.share for c in kept] == sorted((c.share for c in kept), reverse=True)
    body = result_to_dict(result)
    for lang, intro, header in (
            ("en", "Contribution to variance: the squared rank correlation", "Share of variance"),
            ("zh", "方差贡献：各不确定参数与总量的秩相关系数平方", "不确定参数")):
        text = squeezed(pdf_text(study_report_pdf(body, Text("电池包", "pack"), "Org", lang)))
        assert squeezed(intro) in text
        assert squeezed(header) in text
        first = kept[0].label.en if lang == "en" else kept[0].label.zh
        assert squeezed(first) in text  # the largest: the battery factor, 43 % at this seed
        assert squeezed(f"{kept[0].share:.1%}") in text
