"""The model file's ``end_of_life`` block (:mod:`model_schema_cff`) to the domain ``EndOfLife``."""

from __future__ import annotations

from carbonlabel.adapters.formats.model_schema_base import split_quantity
from carbonlabel.adapters.formats.model_schema_cff import (
    CffAtIn,
    CffMaterialIn,
    CffTermIn,
    EndOfLifeIn,
)
from carbonlabel.domain.circular_footprint import (
    METHOD_VERSIONS,
    Attachment,
    CffMaterial,
    CffMethod,
    CffParameters,
    CffTerm,
    CircularFootprint,
    TermRef,
)
from carbonlabel.domain.model import EndOfLife, EndOfLifeApproach
from carbonlabel.domain.product import Quantity

#: Attribute of ``CffTermsIn`` holding each term.
_TERM_FIELDS: dict[CffTerm, str] = {
    CffTerm.EV: "ev", CffTerm.E_RECYCLED: "e_recycled", CffTerm.E_RECYCLING_EOL: "e_recycling_eol",
    CffTerm.EV_STAR: "ev_star", CffTerm.E_ER: "e_er", CffTerm.E_SE_HEAT: "e_se_heat",
    CffTerm.E_SE_ELEC: "e_se_elec", CffTerm.E_D: "e_d"}


def _term(t: CffTermIn) -> TermRef:
    kind, ref = next((k, str(getattr(t, k))) for k in ("process", "factor", "dataset", "supplier")
                     if getattr(t, k))
    return TermRef(kind=kind, ref=ref, database=t.database, name=t.name, geography=t.geography,
                   year=t.year)


def _at(a: CffAtIn | None) -> Attachment | None:
    return None if a is None else Attachment(a.process, Quantity(a.amount, a.unit))


def _material(m: CffMaterialIn) -> CffMaterial:
    p = m.parameters
    lhv = None
    if p.lhv is not None:
        amount, unit = split_quantity(p.lhv)
        lhv = Quantity(amount, unit)
    terms = {term: _term(t) for term, name in _TERM_FIELDS.items()
             if (t := getattr(m.terms, name)) is not None}
    return CffMaterial(
        name=m.name,
        parameters=CffParameters(a=p.a, b=p.b, r1=p.r1, r2=p.r2, r3=p.r3, qs_in_qp=p.qs_in_qp,
                                 qs_out_qp=p.qs_out_qp, lhv=lhv, x_er_heat=p.x_er_heat,
                                 x_er_elec=p.x_er_elec),
        terms=terms, material_class=m.material_class, input=_at(m.input),
        end_of_life=_at(m.end_of_life), b_justification=m.b_justification,
        quality_note=m.quality_note, r1_evidence=m.r1_evidence)


def end_of_life(e: EndOfLifeIn) -> EndOfLife:
    """The domain block; a CFF block is kept whatever the approach, so that CFF materials under
    another approach are refused by the rules (not silently dropped). The method's rule-set
    version is recorded as read, so a later version never restates an old result."""
    circular = None
    if (e.approach is EndOfLifeApproach.CIRCULAR_FOOTPRINT or e.materials
            or e.method is not None):
        method = e.method or CffMethod.PEF
        circular = CircularFootprint(method=method,
                                     materials=tuple(_material(m) for m in e.materials),
                                     rules=METHOD_VERSIONS[method])
    return EndOfLife(e.approach, e.note, circular)
