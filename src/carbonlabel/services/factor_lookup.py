"""Find the factor a model input names when the model's own ``factors`` do not define it.

The catalog (user factor sets over the bundled library) answers an exact id, or a key resolved
at the input's geography (else the model's) and the input's year (else the middle of the
reference period); see :class:`carbonlabel.domain.factors.FactorCatalog` for the fallback rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.domain.factors import FactorCatalog, FactorRecord, FactorResolution
from carbonlabel.domain.model import Input, ProductModel, reference_year
from carbonlabel.errors import NotFoundError


@dataclass(frozen=True)
class Lookup:
    """The factor found with how it was chosen, or why none was (zh, en)."""

    record: FactorRecord | None = None
    resolution: FactorResolution | None = None
    error_en: str = ""
    error_zh: str = ""


def lookup_factor(catalog: FactorCatalog | None, model: ProductModel, inp: Input) -> Lookup:
    if catalog is None:
        return Lookup(error_en=f"factor '{inp.ref}' is not defined in factors",
                      error_zh=f"未定义的排放因子「{inp.ref}」")
    if catalog.get(inp.ref) is None and not catalog.is_key(inp.ref):
        near = catalog.suggestions(inp.ref)
        return Lookup(
            error_en=(f"factor '{inp.ref}' is not defined in factors, the factor library or the "
                      "factor sets" + (f"; did you mean {', '.join(near)}?" if near else "")),
            error_zh=(f"未定义的排放因子「{inp.ref}」（模型、因子库及因子集中均无）"
                      + (f"；是否指 {'、'.join(near)}？" if near else "")))
    geography = inp.geography or model.geography
    year = inp.year if inp.year is not None else reference_year(model)
    try:
        record, resolution = catalog.resolve(inp.ref, geography, year)
    except NotFoundError as exc:
        return Lookup(error_en=exc.message_en, error_zh=exc.message_zh)
    return Lookup(record, resolution)
