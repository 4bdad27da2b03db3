"""PACT (WBCSD Partnership for Carbon Transparency) JSON, versions 2.x and 3.0.

``render_footprint`` / ``parse_footprint`` convert between the neutral
:class:`carbonlabel.domain.pact.model.ExchangeFootprint` and the JSON of one version;
``parse_footprints_document`` reads an uploaded file; ``render_event`` / ``parse_event`` handle
the CloudEvents envelopes. Field mapping and limits: docs/pact-format.md.
"""

from carbonlabel.adapters.formats.pact.common import NotRepresentableError, PactFormatError
from carbonlabel.adapters.formats.pact.documents import (
    load_json,
    parse_footprint,
    parse_footprints_document,
    render_footprint,
    stored_document,
)
from carbonlabel.adapters.formats.pact.events import parse_event, render_event

__all__ = ["NotRepresentableError", "PactFormatError", "load_json", "parse_event",
           "parse_footprint", "parse_footprints_document", "render_event", "render_footprint",
           "stored_document"]
