"""The label as SVG (vector, for print shops) and as PNG (Pillow, at a stated resolution).

Both draw the same :func:`label_layout.layout`. The SVG keeps its text as text (searchable,
read aloud by screen readers through its title and description); the PNG draws it with the
bundled font, so it looks the same on every machine.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw

from carbonlabel.adapters.documents.fonts import MONO, SANS, SVG_MONO, SVG_SANS, pil_font
from carbonlabel.adapters.documents.label_layout import (
    QR_INK,
    LabelContent,
    LabelLayout,
    QrBlock,
    layout,
)
from carbonlabel.adapters.documents.vocabulary import Lang
from carbonlabel.errors import InputError

MIN_DPI, MAX_DPI = 150, 1200
MAX_PIXELS = 20_000_000


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _qr_path(qr: QrBlock) -> str:
    """The dark modules as one path in module units: a rectangle per run of a row."""
    parts = []
    for y, row in enumerate(qr.matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts)


def label_svg(content: LabelContent, width_mm: float = 50.0, lang: Lang = "zh") -> str:
    art = layout(content, width_mm, lang)
    w, h = _n(art.width), _n(art.height)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
           f'viewBox="0 0 {w} {h}" role="img" aria-labelledby="label-title label-desc" '
           f'lang="{"zh-CN" if lang == "zh" else "en"}">',
           f'<title id="label-title">{escape(art.title)}</title>',
           f'<desc id="label-desc">{escape(art.description)}</desc>']
    for box in art.boxes:
        out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" '
                   f'height="{_n(box.h)}" rx="{_n(box.radius)}" fill="{box.fill}"/>')
    for shape in art.shapes:
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        out.append(f'<polygon points="{points}" fill="{shape.fill}"/>')
    for line in art.lines:
        anchor = ' text-anchor="middle"' if line.centred else ""
        spans = "".join(
            f'<tspan fill="{r.fill}"'
            + (' font-weight="bold"' if r.bold else "")
            + (f" font-family={quoteattr(SVG_MONO)}" if r.mono else "")
            + f">{escape(r.text)}</tspan>" for r in line.runs)
        out.append(f'<text x="{_n(line.x)}" y="{_n(line.baseline)}" '
                   f'font-size="{_n(line.size)}" font-family={quoteattr(SVG_SANS)}{anchor} '
                   f'xml:space="preserve">{spans}</text>')
    qr = art.qr
    out.append(f'<path id="qr" d="{_qr_path(qr)}" fill="{QR_INK}" shape-rendering="crispEdges" '
               f'transform="translate({_n(qr.x)} {_n(qr.y)}) scale({qr.module})"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _check_dpi(art: LabelLayout, dpi: int) -> None:
    pixels = (art.width * dpi / 25.4) * (art.height * dpi / 25.4)
    if not MIN_DPI <= dpi <= MAX_DPI or pixels > MAX_PIXELS:
        raise InputError(field="dpi",
                         message_en=f"dpi must be {MIN_DPI} to {MAX_DPI} and the image at most "
                                    f"{MAX_PIXELS // 1_000_000} million pixels",
                         message_zh=f"dpi 须在 {MIN_DPI} 至 {MAX_DPI} 之间，且图像不超过 "
                                    f"{MAX_PIXELS // 1_000_000} 百万像素")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def label_png(content: LabelContent, width_mm: float = 50.0, dpi: int = 300,
              lang: Lang = "zh") -> bytes:
    """The label as an RGBA PNG of ``dpi`` pixels per inch (recorded in the file)."""
    art = layout(content, width_mm, lang)
    _check_dpi(art, dpi)
    k = dpi / 25.4  # pixels per mm
    image = Image.new("RGBA", (round(art.width * k), round(art.height * k)), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for box in art.boxes:
        draw.rounded_rectangle((box.x * k, box.y * k, (box.x + box.w) * k - 1,
                                (box.y + box.h) * k - 1), radius=box.radius * k,
                               fill=_rgb(box.fill))
    for shape in art.shapes:
        draw.polygon([(x * k, y * k) for x, y in shape.points], fill=_rgb(shape.fill))
    for line in art.lines:
        size_px = line.size * k
        x = (line.x - line.width / 2 if line.centred else line.x) * k
        for run in line.runs:
            font = pil_font(size_px, MONO if run.mono else SANS)
            stroke = max(1, round(size_px * 0.02)) if run.bold else 0
            draw.text((x, line.baseline * k), run.text, font=font, fill=_rgb(run.fill),
                      anchor="ls", stroke_width=stroke, stroke_fill=_rgb(run.fill))
            x += font.getlength(run.text) * (1.04 if run.bold else 1.0)
    qr = art.qr
    for r, row in enumerate(qr.matrix):
        for c, dark in enumerate(row):
            if dark:  # edges rounded to whole pixels, so modules differ by one pixel at most
                x0, y0 = round((qr.x + c * qr.module) * k), round((qr.y + r * qr.module) * k)
                x1 = round((qr.x + (c + 1) * qr.module) * k)
                y1 = round((qr.y + (r + 1) * qr.module) * k)
                draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=_rgb(QR_INK))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=False)
    return buffer.getvalue()
