"""The certificate and the CFP study report as PDFs: opened with pypdf, their extracted text
holds every required field with the right values, in Chinese and in English, and the Chinese
text comes back as the characters printed (the font is embedded with its Unicode map)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from carbonlabel.adapters.documents import certificate_pdf, study_report_pdf
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.result_json import result_to_dict
from carbonlabel.domain.certification.certificate import CertificateStatus, certificate_number
from carbonlabel.domain.certification.certificate_content import (
    CertificateContent,
    CertificationMode,
)
from carbonlabel.domain.model import ProductModel
from carbonlabel.domain.product import Text
from carbonlabel.errors import InputError
from carbonlabel.services.quantify.model_runs import quantify_text
from tests.support.certification import DEMO_MODEL
from tests.support.documents import pdf_text, squeezed

NUMBER = certificate_number(2026, 7, 123)
PRODUCT = Text("磷酸铁锂储能电池包（100 kWh）", "LFP energy-storage battery pack (100 kWh)")
URL = "https://registry.example.cn/v/eyJjbiI6IkNGUC0yMDI2In0.c2lnbmF0dXJl"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], ProductModel]:
    """The demo LFP pack's result as stored (result JSON as a dict) and its model."""
    folder = tmp_path_factory.mktemp("demo")
    text = DEMO_MODEL.read_text(encoding="utf-8")
    result = quantify_text(text, "model.yaml", folder, folder / "databases")
    return result_to_dict(result), load_model_text(text, "model.yaml").model


def content() -> CertificateContent:
    return CertificateContent(
        number=NUMBER, revision=0, body_name="北方认证中心",
        body_address=Text("北京市朝阳区", "Chaoyang District, Beijing"),
        body_approval_number=None, body_accreditation_number=None,
        holder_name="华南电池有限公司", holder_address=Text("广东省深圳市", "Shenzhen, Guangdong"),
        holder_credit_code=None, producer_name=None, producer_address=None,
        manufacturing_sites=(), product=PRODUCT, product_type=None, product_specification=None,
        model_version="3 (SHA-256 9f2c)", declared_unit="1 kWh", certified_value="43.11",
        certified_unit="kg CO2e / 1 kWh", boundary="cradle-to-gate",
        scheme_code="CN-PCF-2025",
        scheme_name="产品碳足迹标识认证（试行） / PCF label certification (trial)",
        standards=("GB/T 24067-2024", "ISO 14067:2018"), product_rule="PCR-LIB-2025",
        mode=CertificationMode.PRODUCT, granted_on=date(2026, 3, 2),
        valid_from=date(2026, 3, 2), valid_to=date(2028, 3, 1), signatory_name="王决定",
        signatory_title=Text("认证决定人员", "certification decision maker"))


def make_certificate(lang: str, status: CertificateStatus = CertificateStatus.VALID) -> str:
    return pdf_text(certificate_pdf(content(), status, URL, lang, today=date(2026, 5, 1)))


def test_the_pdfs_open_and_embed_every_font_they_use(
        demo: tuple[dict[str, Any], ProductModel]) -> None:
    cert = certificate_pdf(content(), CertificateStatus.VALID, URL)
    report = study_report_pdf(demo[0], PRODUCT, "华南电池有限公司", "zh", model=demo[1])
    for data in (cert, report):
        reader = PdfReader(io.BytesIO(data))
        assert reader.metadata is not None
        assert reader.metadata.title
        for page in reader.pages:
            for ref in page["/Resources"]["/Font"].values():
                font = ref.get_object()
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor  # the TrueType program is in the file
                assert "/ToUnicode" in font  # so text extracts as the characters shown
    assert len(PdfReader(io.BytesIO(cert)).pages) == 1


def test_the_chinese_certificate_states_17065_contents_with_the_right_values() -> None:
    text = squeezed(make_certificate("zh"))
    for field in ("产品碳足迹标识认证证书", f"证书编号：{NUMBER}",
                  "认证机构", "北方认证中心", "北京市朝阳区",  # body and address
                  "颁证日期", "2026-03-02",  # date granted
                  "证书持有人", "华南电池有限公司", "广东省深圳市",  # client and address
                  "认证产品", "磷酸铁锂储能电池包（100kWh）", "3(SHA-2569f2c)",  # scope
                  "产品碳足迹标识认证（试行）", "CN-PCF-2025",  # scheme
                  "GB/T24067-2024", "2024-08-23", "ISO14067:2018",  # standards and editions
                  "2026-03-02至2028-03-01",  # validity
                  "43.11kgCO2e/1kWh", "声明单位", "1kWh",  # value per declared unit
                  "从摇篮到大门（原材料获取、生产）", "PCR-LIB-2025",  # boundary, product rule
                  "证书状态", "有效（截至2026-05-01）", URL,  # status and where to verify
                  "认证机构授权人", "王决定（认证决定人员）", "认证机构盖章"):  # authorisation
        assert squeezed(field) in text, field
    for english in ("Certificate No.", "Validity", "cradle-to-gate", "Standards"):
        assert english not in text


def test_the_english_certificate_states_the_same_in_english() -> None:
    text = squeezed(make_certificate("en", CertificateStatus.SUSPENDED))
    for field in ("Product Carbon Footprint Label Certificate", f"Certificate No.: {NUMBER}",
                  "Certification body", "北方认证中心", "Date certification granted",
                  "2026-03-02", "Certificate holder (client)", "华南电池有限公司",
                  "Certified product", "LFP energy-storage battery pack (100 kWh)",
                  "PCF label certification (trial)", "GB/T 24067-2024", "published 2024-08-23",
                  "ISO 14067:2018", "2026-03-02 to 2028-03-01", "43.11 kg CO2e / 1 kWh",
                  "cradle-to-gate (raw material acquisition, production)", "PCR-LIB-2025",
                  "suspended (as of 2026-05-01)", URL,
                  "Authorised by (certification body)",
                  "王决定, certification decision maker"):
        assert squeezed(field) in text, field
    for chinese in ("证书编号", "有效期", "从摇篮到大门", "磷酸铁锂"):
        assert chinese not in text


SECTIONS = {
    "zh": ("1 概况", "2 研究目的", "3 研究范围", "3.1 功能单位或声明单位", "3.2 系统边界",
           "3.3 取舍准则", "3.4 分配程序", "3.5 产品碳足迹核算规则符合性", "4 数据来源",
           "5 数据质量",
           "6 全球增温潜势（GWP）", "7 量化结果", "8 单独报告的项目", "9 不确定性与敏感性",
           "10 结果解释", "11 可追溯信息"),
    "en": ("1 General information", "2 Goal of the study", "3 Scope of the study",
           "3.1 Functional or declared unit", "3.2 System boundary", "3.3 Cut-off criteria",
           "3.4 Allocation procedures", "3.5 Conformance to the product rule (PCR)",
           "4 Data sources", "5 Data quality",
           "6 Global warming potentials (GWP)", "7 Quantification results",
           "8 Separately reported items", "9 Uncertainty and sensitivity", "10 Interpretation",
           "11 Provenance"),
}
#: what each language calls the items the report must state
WORDS = {
    "zh": {"stages": ("原材料获取", "生产"), "fossil": "化石温室气体排放",
           "biogenic": "生物源温室气体排放", "removals": "生物源温室气体清除",
           "dluc": "直接土地利用变化（dLUC）排放", "aircraft": "航空运输排放",
           "content": "产品中的生物源碳含量", "monte_carlo": "尚未进行蒙特卡洛模拟",
           "excluded": "舍弃的输入估计占总量的 1.2%", "dqr": "数据质量评级 DQR",
           "allocation": "替代（系统扩展）", "period": "2024-01-01 – 2024-12-31",
           "unit": "1 kWh 电池包额定能量", "boundary": "从摇篮到大门"},
    "en": {"stages": ("raw material acquisition", "production"),
           "fossil": "Fossil GHG emissions", "biogenic": "Biogenic GHG emissions",
           "removals": "Biogenic GHG removals", "dluc": "Direct land-use change (dLUC)",
           "aircraft": "Aircraft transport emissions",
           "content": "Biogenic carbon content of the product",
           "monte_carlo": "No Monte Carlo simulation has been run yet",
           "excluded": "left out are estimated at 1.2% of the total",
           "dqr": "Data quality rating DQR", "allocation": "substitution (system expansion)",
           "period": "2024-01-01 – 2024-12-31", "unit": "1 kWh of rated pack energy",
           "boundary": "cradle-to-gate"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_study_report_has_every_clause_7_item_with_the_right_values(
        demo: tuple[dict[str, Any], ProductModel], lang: str) -> None:
    result, model = demo
    data = study_report_pdf(result, PRODUCT, "华南电池有限公司", lang, model=model,
                            calculated_on=date(2026, 2, 1))
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    text = pdf_text(data)
    flat = squeezed(text)
    for heading in SECTIONS[lang]:
        assert heading in text.splitlines() or f" {heading}" in text, heading
    words = WORDS[lang]
    for key in ("fossil", "biogenic", "removals", "dluc", "aircraft", "content", "monte_carlo",
                "excluded", "dqr", "allocation", "period", "unit", "boundary"):
        assert squeezed(str(words[key])) in flat, key
    # the values, written here by hand from the stored result: 4 significant digits
    assert squeezed(f"{result['total_co2e_kg']:.4g} kg CO2e / 1 kWh") in flat  # 43.11
    assert f"{result['total_co2e_kg']:.4g}" == "43.11"
    for stage, name in zip(result["by_stage"], words["stages"], strict=True):
        assert squeezed(f"{name} {stage['co2e_kg']:.4g} {stage['share'] * 100:.1f}%") in flat
    assert "30.9" in flat  # raw material acquisition
    assert "12.21" in flat  # production
    for gas in result["by_gas"]:
        assert f"{gas['gwp']:g}" in flat  # the GWP of each gas (CH4 29.8, N2O 273)
    assert "29.8" in flat  # CH4
    assert "273" in flat  # N2O
    assert "AR6" in flat  # the GWP set
    assert result["provenance"]["input_hash"] in flat  # the input hash, whole
    assert squeezed(result["quality"]["level"][lang]) in flat
    assert f"{result['quality']['dqr']:.2f}" in flat


def test_the_chinese_study_report_is_in_chinese(demo: tuple[dict[str, Any],
                                                             ProductModel]) -> None:
    result, model = demo
    text = pdf_text(study_report_pdf(result, PRODUCT, "华南电池有限公司", "zh", model=model))
    # English remains only in proper names: the titles of English sources, units, standards
    for english in ("Goal of the study", "Data quality", "Monte Carlo", "purchased cells",
                    "raw material acquisition", "Fossil GHG", "Hotspots", "fossil"):
        assert english not in text, english
    assert "电芯（外购）：锂离子电池（原生材料生产，代理值）" in text  # a hotspot, in Chinese


def test_a_report_without_its_model_says_what_it_cannot_state(
        demo: tuple[dict[str, Any], ProductModel]) -> None:
    result, _ = demo
    text = squeezed(pdf_text(study_report_pdf(result, PRODUCT, "Org", "en")))
    assert squeezed("The model is not available: allocation is not listed.") in text
    assert squeezed("1.2% of the total") in text  # still from the result


def test_a_language_other_than_zh_or_en_is_refused_naming_lang(
        demo: tuple[dict[str, Any], ProductModel]) -> None:
    with pytest.raises(InputError) as refused:
        study_report_pdf(demo[0], PRODUCT, "Org", "fr")
    assert refused.value.field == "lang"


def test_the_same_input_gives_the_same_bytes() -> None:
    def make() -> bytes:
        return certificate_pdf(content(), CertificateStatus.VALID, URL, "zh",
                               today=date(2026, 5, 1))

    assert make() == make()


def test_the_bundled_font_is_where_the_documents_look(tmp_path: Path) -> None:
    from carbonlabel.adapters.documents.fonts import FONT_FILE

    assert FONT_FILE.stat().st_size > 4_000_000
    assert (FONT_FILE.parent / "LICENSE-Apache-2.0.txt").is_file()
