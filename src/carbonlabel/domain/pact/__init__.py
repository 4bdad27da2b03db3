"""PACT (WBCSD Partnership for Carbon Transparency) exchange footprints, versions 2.x and 3.0.

Pure core: a version-neutral data model (``model``), the v3 list filters and the v2 ``$filter``
subset (``filters``), the CloudEvents payloads (``events``), the PCF lifecycle (``lifecycle``)
and the mapping from a platform footprint (``from_footprint``). JSON rendering and parsing
live in ``carbonlabel.adapters.formats.pact``.

This software implements the PACT Technical Specifications published by WBCSD (see
docs/pact-format.md for the notice); it contains no text of the specification.
"""
