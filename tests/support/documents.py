"""Reading documents back as a person's tools would: the text of a PDF (pypdf), the text of
an SVG label, and the QR code decoded from pixels (zxing-cpp, not segno that made it)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from typing import Any

import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from carbonlabel.adapters.documents import LabelContent
from carbonlabel.domain.product import Text

SVG_NS = "{http://www.w3.org/2000/svg}"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Text without any white space: a wrapped line joins up again."""
    return re.sub(r"\s+", "", text)


def svg_visible_text(svg: str) -> list[str]:
    """The text of every <text> element (the lines a person sees), not the title or desc."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def decode_qr(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png)).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image)]


def svg_qr_png(svg: str, pixels_per_module: int = 8) -> tuple[bytes, float]:
    """The QR path of a label SVG redrawn as pixels (with a 4-module quiet zone), and the
    module size in mm that the SVG gives it."""
    root = ET.fromstring(svg)
    path = next(p for p in root.iter(f"{SVG_NS}path") if p.get("id") == "qr")
    scale = float(re.search(r"scale\(([\d.]+)\)", path.get("transform", "")).group(1))
    runs = [(int(x), int(y), int(n)) for x, y, n in
            re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path.get("d", ""))]
    size = max(x + n for x, _, n in runs)
    side = (size + 8) * pixels_per_module
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in runs:
        x0, y0 = (x + 4) * pixels_per_module, (y + 4) * pixels_per_module
        draw.rectangle((x0, y0, x0 + n * pixels_per_module - 1, y0 + pixels_per_module - 1),
                       fill=0)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue(), scale


def sample_label(url: str = "https://registry.example.cn/v/" + "t0KeN-_" * 38,
                 **changes: Any) -> LabelContent:
    """A label's content with a verification URL as long as a real signed token makes it."""
    content = LabelContent(
        product=Text("磷酸铁锂储能电池包（100 kWh）", "LFP energy-storage battery pack (100 kWh)"),
        value="43.1", unit="kg CO2e / 1 kWh", boundary="cradle-to-gate",
        standard="GB/T 24067-2024 / ISO 14067:2018",
        certificate_number="CFP-2026-007-000001-47",
        body_name="北方认证中心 Northern Certification Centre", issued_on=date(2026, 3, 2),
        expires_on=date(2028, 3, 1), verification_url=url, code="CFP-2026-007-000001-47")
    return replace(content, **changes)
