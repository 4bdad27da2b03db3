"""Label artwork: what it states, that its QR code scans back to the verification URL, that the
QR code is never printed too small for a phone, and that the text stays on the label."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from carbonlabel.adapters.documents import (
    MIN_MODULE_MM,
    label_png,
    label_svg,
    minimum_width,
)
from carbonlabel.adapters.documents.label_layout import layout
from carbonlabel.errors import InputError
from tests.support.documents import (
    decode_qr,
    sample_label,
    squeezed,
    svg_qr_png,
    svg_visible_text,
)

WIDTHS = (30.0, 50.0, 80.0)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_svg_shows_every_field_a_label_must_state(width: float, lang: str) -> None:
    content = sample_label()
    shown = squeezed("".join(svg_visible_text(label_svg(content, width, lang))))  # type: ignore[arg-type]
    for field in ("43.1", "kg CO2e / 1 kWh",  # value and unit per declared unit
                  "从摇篮到大门", "cradle-to-gate",  # the boundary, in both languages
                  "GB/T 24067-2024 / ISO 14067:2018",  # the standard
                  "CFP-2026-007-000001-47",  # the certificate number (and the typed code)
                  "北方认证中心 Northern Certification Centre",  # the body
                  "2026-03-02", "2028-03-01",  # validity
                  "磷酸铁锂储能电池包（100 kWh）", "LFP energy-storage battery pack (100 kWh)",
                  "产品碳足迹标识", "Product Carbon Footprint"):
        assert squeezed(field) in shown, (field, width, lang)


def test_the_language_asked_for_is_printed_first() -> None:
    content = sample_label()
    zh = svg_visible_text(label_svg(content, 50, "zh"))
    en = svg_visible_text(label_svg(content, 50, "en"))
    assert zh[0] == "产品碳足迹标识"
    assert en[0].startswith("Product Carbon")
    assert "".join(zh).index("系统边界") < "".join(zh).index("Boundary")
    assert "".join(en).index("Boundary") < "".join(en).index("系统边界")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_png_qr_code_scans_to_the_verification_url(width: float) -> None:
    content = sample_label()
    assert decode_qr(label_png(content, width, 300)) == [content.verification_url]


def test_the_qr_code_drawn_in_the_svg_scans_to_the_verification_url() -> None:
    content = sample_label()
    pixels, module_mm = svg_qr_png(label_svg(content, 30))
    assert decode_qr(pixels) == [content.verification_url]
    assert module_mm >= MIN_MODULE_MM


@pytest.mark.parametrize("width", [minimum_width(sample_label()), 31.0, 45.0, 69.9, 70.0, 120.0])
def test_qr_modules_are_never_smaller_than_0_4_mm(width: float) -> None:
    art = layout(sample_label(), width)
    assert art.qr.module >= MIN_MODULE_MM
    assert art.qr.x >= 4 * art.qr.module  # the quiet zone fits on the label
    assert art.qr.x + art.qr.side + 4 * art.qr.module <= width + 1e-6


def test_a_width_below_the_qr_codes_minimum_is_refused_naming_size() -> None:
    content = sample_label()
    smallest = minimum_width(content)
    # (61 + 8 quiet) modules of 0.4 mm and the 1 mm frames: 29.6 mm for this URL
    assert smallest == pytest.approx(29.6)
    with pytest.raises(InputError) as refused:
        label_svg(content, smallest - 0.2)
    assert refused.value.field == "size"
    assert "29.6" in refused.value.message_en
    with pytest.raises(InputError):
        label_png(content, 500.0)


def test_a_short_url_allows_a_smaller_label() -> None:
    assert minimum_width(sample_label(url="https://r.example.cn/v/abc")) < 20


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_of_text_stays_inside_the_label(width: float) -> None:
    long_name = "超长产品名称" * 8 + " with a very long English product name that must wrap"
    art = layout(sample_label(body_name="某某省质量技术监督检验研究院产品认证中心有限公司",
                              product=sample_label().product.__class__(long_name, long_name)),
                 width)
    for line in art.lines:
        left = line.x - line.width / 2 if line.centred else line.x
        assert left >= 1.0 - 1e-6, line.text
        assert left + line.width <= width - 1.0 + 0.05, (line.text, left + line.width, width)
        assert line.size >= 1.8 or line.runs[0].mono, line.text


def test_the_png_records_its_resolution_and_physical_size() -> None:
    png = label_png(sample_label(), 50, 600)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.info["dpi"] == pytest.approx((600, 600), abs=0.01)
    assert image.width == round(50 / 25.4 * 600)


def test_a_resolution_too_low_to_print_the_qr_code_is_refused_naming_dpi() -> None:
    with pytest.raises(InputError) as refused:
        label_png(sample_label(), 50, 72)
    assert refused.value.field == "dpi"


@pytest.mark.parametrize("width", WIDTHS)
def test_granted_claims_are_printed_under_the_value_inside_the_label(width: float) -> None:
    content = replace(sample_label(), claims=("low_carbon", "reducing"))
    shown = squeezed("".join(svg_visible_text(label_svg(content, width, "zh"))))
    assert squeezed("低碳 Low-carbon · 减碳中 Reducing CO2") in shown
    assert shown.index(squeezed("kg CO2e / 1 kWh")) < shown.index(squeezed("低碳"))
    for line in layout(content, width).lines:
        left = line.x - line.width / 2 if line.centred else line.x
        assert left + line.width <= width - 1.0 + 0.05, line.text
    plain = squeezed("".join(svg_visible_text(label_svg(sample_label(), width, "zh"))))
    assert "低碳" not in plain
