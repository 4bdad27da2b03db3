"""The study report PDF draws the footprint page's charts: bars by life-cycle stage, by gas and
of the top hotspots, and the supply chain's Sankey (processes → stages → total), their labels
extracted from the PDF as text with the hand values of tests/support/chart_model.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from carbonlabel.adapters.documents import report_charts, study_report_pdf
from carbonlabel.adapters.documents.pdf_common import build
from carbonlabel.adapters.documents.report_uncertainty import histogram_drawing, tornado_drawing
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.cli.wiring import quantify_file
from carbonlabel.domain.product import Text
from tests.support.chart_model import TOTAL, chart_model
from tests.support.documents import pdf_text, squeezed


@pytest.fixture(scope="module")
def body(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("report-charts") / "m.yaml"
    path.write_text(yaml.safe_dump(chart_model(), allow_unicode=True), encoding="utf-8")
    result = result_to_dict(quantify_file(path))
    assert result["total_co2e_kg"] == pytest.approx(TOTAL)
    return result


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Supply chain: processes → life-cycle stages → total",
            # the stage bars: value and share after each bar (the table has them apart)
            "15.98 (67.9%)", "-3.5 (-14.9%)",
            "CO2 · biogenic removals", "CH4 · fossil",
            # the hotspot bars
            "sawmill: grid", "10 (42.5%)", "plantation forestry and felling: direct emissions",
            "-9.5 (-40.4%)",
            # the Sankey's columns and the net total
            "Process", "Life-cycle stage", "14.03 kg CO2e")),
    ("zh", ("供应链：过程 → 生命周期阶段 → 总量", "15.98 (67.9%)", "CO2 · 生物源清除",
            "锯木厂加工：电网", "10 (42.5%)", "14.03 kg CO2e")),
])
def test_the_report_draws_the_charts_with_their_labels(body: dict[str, Any], lang: str,
                                                       words: tuple[str, ...]) -> None:
    text = squeezed(pdf_text(study_report_pdf(body, Text("木托盘", "Timber pallet"), "Org", lang)))
    for word in words:
        assert squeezed(word) in text, word


def test_the_sankey_labels_each_process_and_stage_with_its_kg(body: dict[str, Any]) -> None:
    pdf = study_report_pdf(body, Text("木托盘", "Timber pallet"), "Org", "en")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    drawing = text.split("drawn apart, in blue, and the total is the emissions less the")[1]
    lines = [line.strip() for line in drawing.split("Separately reported")[0].splitlines()]
    for label, value in (("plantation forestry and felling", "-7.5"), ("sawmill", "12.98"),
                         ("raw material acquisition", "-3.5"), ("production", "15.98"),
                         ("incineration", "1.5"), ("delivery", "0.05")):
        assert label in lines, label
        assert lines[lines.index(label) + 1] == value, label


def test_a_stored_result_without_processes_has_no_sankey(body: dict[str, Any],
                                                         tmp_path: Path) -> None:
    old = {**body, "by_process": []}
    text = pdf_text(study_report_pdf(old, Text("木托盘", "Timber pallet"), "Org", "en"))
    assert "Supply chain: processes" not in text
    assert "By life-cycle stage" in text


def test_every_chart_of_the_report_draws_in_the_embedded_font(body: dict[str, Any]) -> None:
    """reportlab starts a drawing in Helvetica, which the PDF would then name unembedded."""
    drawings = [report_charts.stage_chart(body, "en"), report_charts.gas_chart(body, "en"),
                report_charts.hotspot_chart(body, ["a", "b"]),
                histogram_drawing({"histogram": {"edges": [0, 1, 2], "counts": [1, 2]},
                                   "p2_5": 0.1, "p97_5": 1.9, "mean": 1.0}),
                tornado_drawing([{"name": "x", "low_total": 1.0, "high_total": 3.0}], 2.0, "en")]
    for drawing in drawings:
        pdf = build([drawing], title="t", author="a", subject="s", lang="en",
                    on_page=lambda canvas, doc: None)
        fonts = {str(font.get_object()["/BaseFont"])
                 for page in PdfReader(io.BytesIO(pdf)).pages
                 for font in page["/Resources"]["/Font"].values()}
        assert not any("Helvetica" in f for f in fonts), fonts
