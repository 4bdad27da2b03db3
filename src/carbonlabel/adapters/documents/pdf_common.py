"""What the PDFs share: the embedded font, paragraph styles per language, tables, a QR code.

The bundled CJK font is embedded as TrueType subsets with a ToUnicode map (ReportLab), so the
text of a PDF extracts as the characters it shows, Chinese included. Documents are built with
``invariant`` on: the same input gives the same bytes (no creation time, no random id).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable as FlowableBase

from carbonlabel.adapters.documents.fonts import MONO, SANS, font_file
from carbonlabel.adapters.documents.label_layout import MIN_MODULE_MM, qr_matrix
from carbonlabel.adapters.documents.vocabulary import Lang

FONT, FONT_MONO = "WQYMicroHei", "WQYMicroHeiMono"
GREEN = colors.HexColor("#1b7f3b")
PALE = colors.HexColor("#e7f4ea")
INK = colors.HexColor("#1c2b22")
MUTED = colors.HexColor("#4b6354")


#: tables draw with the bundled font too (ReportLab's default would add Helvetica to the file)
CELL_FONT: list[Any] = [("FONTNAME", (0, 0), (-1, -1), FONT)]


@cache
def register_fonts() -> None:
    path = str(font_file())
    pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=SANS))
    pdfmetrics.registerFont(TTFont(FONT_MONO, path, subfontIndex=MONO))


@cache
def styles(lang: Lang) -> dict[str, ParagraphStyle]:
    """Paragraph styles; Chinese text may break between any two characters."""
    register_fonts()
    wrap = "CJK" if lang == "zh" else None
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, textColor=INK,
                          wordWrap=wrap)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11,
                                textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11.5,
                               textColor=colors.white),
        "mono": ParagraphStyle("mono", parent=base, fontName=FONT_MONO, fontSize=8,
                               leading=11),
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28,
                                alignment=TA_CENTER, textColor=GREEN, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=16,
                                   alignment=TA_CENTER, textColor=MUTED, spaceAfter=10),
        "value": ParagraphStyle("value", parent=base, fontSize=16, leading=22,
                                alignment=TA_CENTER, textColor=GREEN, spaceAfter=8),
        "url": ParagraphStyle("url", parent=base, fontName=FONT_MONO, fontSize=7.5,
                              leading=10, wordWrap="CJK"),
        "h1": ParagraphStyle("h1", parent=base, fontSize=13, leading=18, textColor=GREEN,
                             spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontSize=10.5, leading=15, textColor=INK,
                             spaceBefore=6, spaceAfter=2),
    }


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    assert isinstance(font, TTFont)
    return frozenset(font.face.charToGlyph)


def printable(text: str) -> str:
    """``text`` with characters the font lacks replaced by their compatibility form where
    that one is covered (ᵀ → T, ² → 2), so that nothing prints as an empty box."""
    covered = _covered()
    out = []
    for ch in text:
        if ord(ch) not in covered:
            plain = unicodedata.normalize("NFKC", ch)
            if plain and all(ord(c) in covered for c in plain):
                ch = plain
        out.append(ch)
    return "".join(out)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: names may contain < and &)."""
    return Paragraph(escape(printable(text)), style)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], lang: Lang, *,
          header: bool = True, numeric_from: int | None = None) -> Table:
    """A table of plain-text cells, the first row a header on green when ``header``."""
    st = styles(lang)
    body: list[list[Flowable]] = []
    for r, row in enumerate(rows):
        cells: list[Flowable] = []
        for c, text in enumerate(row):
            style = st["head"] if header and r == 0 else st["cell"]
            if numeric_from is not None and c >= numeric_from:
                style = ParagraphStyle(f"{style.name}-right", parent=style, alignment=TA_RIGHT)
            cells.append(para(text, style))
        body.append(cells)
    t = Table(body, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[Any] = [
        *CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9dccf")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), GREEN))
    t.setStyle(TableStyle(commands))
    return t


class QrFlowable(FlowableBase):
    """A QR code of ``url``, ``side`` points square (or more) with its 4-module quiet zone."""

    def __init__(self, url: str, side: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(url)
        # never below the labels' smallest module, however long the URL
        self.side = max(side, (len(self.matrix) + 8) * MIN_MODULE_MM * mm)
        self.width = self.height = side

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.side, self.side

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, self.side)


def draw_qr(canvas: Canvas, matrix: tuple[tuple[bool, ...], ...], x: float, y: float,
            side: float) -> None:
    """Draw ``matrix`` with its quiet zone in the square of ``side`` whose bottom left is x, y."""
    n = len(matrix)
    module = side / (n + 8)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                canvas.rect(x + (4 + start) * module, y + side - (4 + r + 1) * module,
                            (c - start) * module, module, stroke=0, fill=1)
            else:
                c += 1
    canvas.restoreState()


PageDecorator = Callable[[Canvas, SimpleDocTemplate], None]


def build(story: Sequence[Flowable], *, title: str, author: str, subject: str, lang: Lang,
          on_page: PageDecorator, margins: tuple[float, float, float, float] = (
              20 * mm, 20 * mm, 22 * mm, 20 * mm)) -> bytes:
    """The PDF of ``story`` on A4 pages; ``margins`` left, right, top, bottom."""
    register_fonts()
    buffer = io.BytesIO()
    left, right, top, bottom = margins
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=left, rightMargin=right,
                            topMargin=top, bottomMargin=bottom, title=title, author=author,
                            subject=subject, creator="carbonlabel", invariant=True,
                            initialFontName=FONT, initialFontSize=9.5,
                            lang="zh-CN" if lang == "zh" else "en")
    doc.build(list(story), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
