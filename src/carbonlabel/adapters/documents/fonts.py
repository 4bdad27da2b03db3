"""The one font of the documents: WenQuanYi Micro Hei, bundled (Apache-2.0, see fonts/README.md).

Bundled rather than taken from the system so that a PDF or PNG made on any machine shows the
same glyphs and measures text the same way; the SVG names it first in its font list and
falls back to the usual CJK sans-serif fonts of the reader's system.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_FILE = Path(__file__).with_name("fonts") / "wqy-microhei.ttc"
SANS, MONO = 0, 1  # faces of the collection
#: what an SVG asks for, in order: the bundled face, then common CJK sans-serif faces
SVG_SANS = ("'WenQuanYi Micro Hei','Noto Sans CJK SC','Source Han Sans SC','PingFang SC',"
            "'Microsoft YaHei',sans-serif")
SVG_MONO = "'WenQuanYi Micro Hei Mono','Noto Sans Mono CJK SC',monospace"
_MEASURE_PX = 200  # measuring size: widths scale linearly with the em
BOLD_WIDEN = 1.04  # faux bold (a stroke round the glyphs) is this much wider


class FontMissingError(RuntimeError):
    def __init__(self) -> None:
        super().__init__(f"the bundled font {FONT_FILE} is missing: reinstall carbonlabel "
                         "(the documents need WenQuanYi Micro Hei for Chinese text)")


def font_file() -> Path:
    if not FONT_FILE.is_file():
        raise FontMissingError
    return FONT_FILE


@lru_cache(maxsize=64)
def pil_font(size_px: float, face: int = SANS) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file()), size_px, index=face)


def text_width(text: str, em: float, *, bold: bool = False, mono: bool = False) -> float:
    """Advance width of ``text`` set at an em of ``em`` (any length unit, returned in it)."""
    width = pil_font(_MEASURE_PX, MONO if mono else SANS).getlength(text) * em / _MEASURE_PX
    return width * BOLD_WIDEN if bold else width
