"""The label's artwork as a list of shapes in millimetres, drawn alike to SVG and to PNG.

Two arrangements: portrait below ``LANDSCAPE_FROM_MM`` (header, value, product, facts, then the
QR code full width), landscape from there on (the QR code in a column on the right). Text is
set at sizes that grow with the width but never below ``MIN_TEXT_MM`` (an em of 1.8 mm, about
5 pt), and wrapped to the width; the height follows from the content.

The QR code (segno, error level L raised as far as the version allows) is never printed with
modules smaller than ``MIN_MODULE_MM`` = 0.40 mm — GS1's smallest X-dimension for QR codes
scanned at retail (0.396 mm), which phones read — and keeps its 4-module quiet zone clear. A
width too small for that is refused, naming ``size`` and the smallest width that fits, which
depends on the length of the verification URL.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import segno

from carbonlabel.adapters.documents.fonts import text_width
from carbonlabel.adapters.documents.vocabulary import (
    BODY,
    BOUNDARIES,
    BOUNDARY,
    CARBON_FOOTPRINT,
    CERTIFICATE_NO,
    CLAIMS,
    LABEL_TITLE,
    SCAN_TO_VERIFY,
    STANDARD,
    VALIDITY,
    Lang,
    Pair,
    other,
    pick,
)
from carbonlabel.domain.certification.records import Certificate, Label
from carbonlabel.domain.product import Text
from carbonlabel.errors import InputError

MIN_MODULE_MM = 0.40
QUIET_MODULES = 4
MIN_TEXT_MM = 1.8
MAX_WIDTH_MM = 200.0
LANDSCAPE_FROM_MM = 70.0
FRAME_MM = 1.0  # the green frame's width at the sides and bottom

GREEN = "#1b7f3b"
DARK_GREEN = "#0f5427"
PALE_GREEN = "#e7f4ea"
INK = "#1c2b22"
MUTED = "#4b6354"
WHITE = "#ffffff"
QR_INK = "#000000"


@dataclass(frozen=True)
class LabelContent:
    """What a label states (DESIGN §3 Labels), as it is printed."""

    product: Text
    value: str  # "43.11", the certified value as signed in the label's token
    unit: str  # "kg CO2e / 1 kWh"
    boundary: str  # "cradle-to-gate"
    standard: str
    certificate_number: str
    body_name: str
    issued_on: date
    expires_on: date
    verification_url: str  # what the QR code carries: <base>/v/<token>
    code: str  # typed in instead of scanning, printed under the QR code
    #: the kinds of the claims beyond the value granted when the artwork is drawn
    #: ("low_carbon", "reducing"): printed under the value; the QR code's page tells whether
    #: each still holds
    claims: tuple[str, ...] = ()


def label_content(label: Label, certificate: Certificate, product: Text, body_name: str,
                  verification_url: str, claims: tuple[str, ...] = ()) -> LabelContent:
    """The content of an issued label: value, unit and dates as signed in its token."""
    return LabelContent(product, label.value, label.unit, certificate.boundary,
                        certificate.standard, certificate.number, body_name, label.issued_on,
                        label.expires_on, verification_url, label.code, claims)


@dataclass(frozen=True)
class Run:
    text: str
    fill: str
    bold: bool = False
    mono: bool = False


@dataclass(frozen=True)
class TextLine:
    x: float
    baseline: float
    size: float  # em, mm
    runs: tuple[Run, ...]
    centred: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def width(self) -> float:
        return sum(text_width(r.text, self.size, bold=r.bold, mono=r.mono) for r in self.runs)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    radius: float = 0.0


@dataclass(frozen=True)
class Shape:
    points: tuple[tuple[float, float], ...]
    fill: str


@dataclass(frozen=True)
class QrBlock:
    x: float  # top left of the first module (the quiet zone lies outside)
    y: float
    module: float  # mm
    matrix: tuple[tuple[bool, ...], ...]

    @property
    def side(self) -> float:
        return self.module * len(self.matrix)


@dataclass(frozen=True)
class LabelLayout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    shapes: tuple[Shape, ...]
    lines: tuple[TextLine, ...]
    qr: QrBlock
    title: str
    description: str


def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    code = segno.make(url, error="L", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def _qr_min_side(modules: int) -> float:
    return (modules + 2 * QUIET_MODULES) * MIN_MODULE_MM


def minimum_width(content: LabelContent) -> float:
    """The narrowest label (mm, rounded up to 0.1) whose QR code keeps 0.40 mm modules."""
    return math.ceil((_qr_min_side(len(qr_matrix(content.verification_url))) + 2 * FRAME_MM)
                     * 10) / 10


def check_width(content: LabelContent, width: float) -> None:
    smallest = minimum_width(content)
    if not smallest <= width <= MAX_WIDTH_MM:
        raise InputError(field="size",
                         message_en=f"the label must be {smallest:g} to {MAX_WIDTH_MM:g} mm wide "
                                    f"so that its QR code keeps modules of at least "
                                    f"{MIN_MODULE_MM} mm",
                         message_zh=f"标识宽度须在 {smallest:g} 至 {MAX_WIDTH_MM:g} 毫米之间，"
                                    f"以保证二维码模块不小于 {MIN_MODULE_MM} 毫米")


# -- text wrapping ----------------------------------------------------------------------------

_TOKEN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff"
                    r"\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+\s*|\s+")


def _merge(tokens: Sequence[tuple[Run, str]]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for style, text in tokens:
        if runs and (runs[-1].fill, runs[-1].bold, runs[-1].mono) == (style.fill, style.bold,
                                                                        style.mono):
            last = runs[-1]
            runs[-1] = Run(last.text + text, last.fill, last.bold, last.mono)
        else:
            runs.append(Run(text, style.fill, style.bold, style.mono))
    return tuple(runs)


def _width(tokens: Sequence[tuple[Run, str]], size: float) -> float:
    return sum(text_width(r.text, size, bold=r.bold, mono=r.mono) for r in _merge(tokens))


def _trim(tokens: list[tuple[Run, str]]) -> list[tuple[Run, str]]:
    while tokens and not tokens[0][1].strip():
        tokens = tokens[1:]
    while tokens and not tokens[-1][1].strip():
        tokens = tokens[:-1]
    if tokens:
        style, text = tokens[-1]
        tokens[-1] = (style, text.rstrip())
    return tokens


def wrap(runs: Sequence[Run], size: float, width: float) -> list[tuple[Run, ...]]:
    """Greedy line breaking: between words, and between any two CJK characters; a word wider
    than the line is broken between its characters."""
    tokens: list[tuple[Run, str]] = []
    for run in runs:
        for piece in _TOKEN.findall(run.text):
            if text_width(piece.strip(), size, bold=run.bold, mono=run.mono) > width:
                tokens.extend((run, ch) for ch in piece)
            else:
                tokens.append((run, piece))
    lines: list[tuple[Run, ...]] = []
    line: list[tuple[Run, str]] = []
    for token in tokens:
        if line and token[1].strip() and _width(_trim([*line, token]), size) > width:
            lines.append(_merge(_trim(line)))
            line = []
        if line or token[1].strip():
            line.append(token)
    if _trim(line):
        lines.append(_merge(_trim(line)))
    return lines


# -- the arrangement --------------------------------------------------------------------------


class _Column:
    """A column of text lines from top to bottom."""

    def __init__(self, x: float, width: float, y: float) -> None:
        self.x, self.width, self.y = x, width, y
        self.lines: list[TextLine] = []

    def add(self, runs: Sequence[Run], size: float, *, centred: bool = False,
            leading: float = 1.28, before: float = 0.0) -> None:
        self.y += before
        for line in wrap(runs, size, self.width):
            self.y += size * leading if self.lines or before else size
            x = self.x + self.width / 2 if centred else self.x
            self.lines.append(TextLine(x, self.y - size * 0.2, size, line, centred))

    def gap(self, space: float) -> None:
        self.y += space


def _ellipse(cx: float, cy: float, rx: float, ry: float, angle: float,
             steps: int = 40) -> tuple[tuple[float, float], ...]:
    a = math.radians(angle)
    points = []
    for k in range(steps):
        t = 2 * math.pi * k / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((round(cx + x * math.cos(a) - y * math.sin(a), 3),
                       round(cy + x * math.sin(a) + y * math.cos(a), 3)))
    return tuple(points)


def footprint_graphic(x: float, y: float, height: float, fill: str) -> tuple[Shape, ...]:
    """A footprint (ball, arch and heel, five toes) in a box ``height`` tall, 0.77 × as wide."""
    s = height / 1.3
    parts = [(0.5, 0.62, 0.3, 0.25), (0.55, 0.85, 0.22, 0.25), (0.53, 1.06, 0.21, 0.22),
             (0.27, 0.24, 0.12, 0.14), (0.49, 0.17, 0.08, 0.09), (0.66, 0.2, 0.07, 0.08),
             (0.8, 0.28, 0.06, 0.07), (0.9, 0.4, 0.05, 0.06)]
    return tuple(Shape(_ellipse(x + cx * s, y + cy * s, rx * s, ry * s, 0.0), fill)
                 for cx, cy, rx, ry in parts)


def _facts(content: LabelContent, lang: Lang) -> list[tuple[Pair, str]]:
    boundary = BOUNDARIES.get(content.boundary, (content.boundary, content.boundary))
    return [(BOUNDARY, f"{pick(boundary, lang)} {pick(boundary, other(lang))}"),
            (STANDARD, content.standard),
            (CERTIFICATE_NO, content.certificate_number),
            (BODY, content.body_name),
            (VALIDITY, f"{content.issued_on.isoformat()} – {content.expires_on.isoformat()}")]


def _both(pair: Pair, lang: Lang) -> str:
    return f"{pick(pair, lang)} {pick(pair, other(lang))}"


def layout(content: LabelContent, width: float, lang: Lang = "zh") -> LabelLayout:
    """The label ``width`` mm wide; ``lang`` is the language printed first (both are)."""
    check_width(content, width)
    matrix = qr_matrix(content.verification_url)
    n = len(matrix)
    inner = width - 2 * FRAME_MM
    # landscape only while the text column beside the QR code keeps 45 % of the width
    landscape = (width >= LANDSCAPE_FROM_MM
                 and inner - max(_qr_min_side(n), 0.36 * width) >= 0.5 * width)
    unit = width / (80.0 if landscape else 50.0)  # sizes are designed for 80 / 50 mm

    def size(design: float, floor: float = MIN_TEXT_MM) -> float:
        return round(max(floor, design * unit), 3)

    pad = max(1.5, 2.0 * unit)
    # header: the footprint graphic and the title on the green band
    icon_h = size(8.0, 4.5)
    title = _Column(FRAME_MM + pad + icon_h * 0.8 + pad * 0.8, 0.0, pad * 0.8)
    title.width = width - title.x - FRAME_MM - pad * 0.5
    title.add([Run(pick(LABEL_TITLE, lang), WHITE, bold=True)], size(3.6, 2.2))
    title.add([Run(pick(LABEL_TITLE, other(lang)), WHITE)], size(2.5, MIN_TEXT_MM))
    header_h = max(title.y, pad * 0.8 + icon_h) + pad * 0.8
    icon_y = (header_h - icon_h) / 2
    shapes = footprint_graphic(FRAME_MM + pad, icon_y, icon_h, WHITE)

    top = header_h + pad * 0.6
    qr_side = max(_qr_min_side(n), min(inner, width * (0.36 if landscape else 0.62)))
    if landscape:
        text_col = _Column(FRAME_MM + pad, inner - pad - qr_side, top)
        qr_x = width - FRAME_MM - qr_side
        qr_col = _Column(qr_x, qr_side, header_h)
    else:
        text_col = _Column(FRAME_MM + pad, inner - 2 * pad, top)
        qr_x = FRAME_MM + (inner - qr_side) / 2
        qr_col = text_col
    body = size(2.15)
    text_col.add([Run(_both(CARBON_FOOTPRINT, lang), MUTED)], body, centred=not landscape)
    text_col.add([Run(content.value, GREEN, bold=True)], size(8.0, 5.0),
                  centred=not landscape, leading=1.05, before=0.3 * unit)
    text_col.add([Run(content.unit, INK, bold=True)], size(3.0, 2.0), centred=not landscape)
    if content.claims:  # e.g. "低碳 Low-carbon · 减碳中 Reducing CO2"
        text_col.add([Run(" · ".join(_both(CLAIMS[c], lang) for c in content.claims), DARK_GREEN,
                          bold=True)], body, centred=not landscape, before=0.3 * unit)
    text_col.gap(pad * 0.6)
    rule_y = text_col.y
    text_col.gap(pad * 0.3)
    names = (content.product.zh, content.product.en)
    first, second = (names if lang == "zh" else names[::-1])
    text_col.add([Run(first, INK, bold=True)], size(2.6, 2.0), centred=not landscape)
    if second and second != first:
        text_col.add([Run(second, INK)], size(2.2), centred=not landscape)
    text_col.gap(pad * 0.4)
    for pair, value in _facts(content, lang):
        text_col.add([Run(_both(pair, lang) + " ", DARK_GREEN, bold=True), Run(value, INK)],
                     body, before=0.25 * body)

    module = qr_side / (n + 2 * QUIET_MODULES)
    qr_top = header_h if landscape else text_col.y + pad * 0.2
    qr = QrBlock(round(qr_x + QUIET_MODULES * module, 4),
                 round(qr_top + QUIET_MODULES * module, 4), round(module, 5), matrix)
    qr_col.y = qr_top + qr_side
    code_size = min(size(2.2), 0.95 * qr.side / max(1.0, _mono_em(content.code)))
    qr_col.add([Run(content.code, INK, mono=True)], round(code_size, 3), centred=True)
    qr_col.add([Run(_both(SCAN_TO_VERIFY, lang), MUTED)], size(1.9), centred=True,
               before=0.3 * body)

    height = round(max(text_col.y, qr_col.y) + pad + FRAME_MM, 2)
    radius = max(1.5, 2.5 * unit)
    boxes = (Box(0, 0, width, height, GREEN, radius),
             Box(FRAME_MM, header_h, inner, height - header_h - FRAME_MM, WHITE,
                 max(0.6, radius - FRAME_MM)),
             Box(text_col.x, rule_y, text_col.width, max(0.15, 0.2 * unit), PALE_GREEN))
    lines = (*title.lines, *text_col.lines, *(qr_col.lines if landscape else ()))
    described = [pick(LABEL_TITLE, lang), f"{content.value} {content.unit}",
                 content.product.zh, content.product.en,
                 *(f"{pick(p, lang)}: {v}" for p, v in _facts(content, lang)),
                 content.verification_url]
    return LabelLayout(width, height, boxes, shapes, lines, qr,
                       f"{pick(LABEL_TITLE, lang)} {content.certificate_number}",
                       "; ".join(described))


def _mono_em(text: str) -> float:
    """Width of ``text`` in ems of the monospaced face."""
    return text_width(text, 1.0, mono=True)
