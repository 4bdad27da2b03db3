"""Documents rendered from domain records and plain values: no database, no web.

* label artwork: :func:`label_svg`, :func:`label_png` (``label_layout`` sets the sizes);
* :func:`certificate_pdf` (ISO/IEC 17065 §7.7.1 contents);
* :func:`study_report_pdf`, the CFP study report (ISO 14067:2018 clause 7).

Chinese and English; the bundled font (WenQuanYi Micro Hei, Apache-2.0) is embedded in the
PDFs and draws the PNGs.
"""

from carbonlabel.adapters.documents.certificate_pdf import SEAL_BOX, certificate_pdf
from carbonlabel.adapters.documents.label_art import label_png, label_svg
from carbonlabel.adapters.documents.label_layout import (
    MIN_MODULE_MM,
    LabelContent,
    label_content,
    minimum_width,
)
from carbonlabel.adapters.documents.report_pdf import study_report_pdf

__all__ = ["MIN_MODULE_MM", "SEAL_BOX", "LabelContent", "certificate_pdf",
           "label_content", "label_png", "label_svg", "minimum_width", "study_report_pdf"]
