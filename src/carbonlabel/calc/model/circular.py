"""The Circular Footprint Formula of a model compiled into ordinary input lines.

For each material of ``end_of_life.materials`` with mass ``m`` kg per run of the process it is
attached to, and each E term with coefficient ``cₜ`` per kg
(:func:`carbonlabel.domain.circular_footprint.coefficients`), the process draws

    m × cₜ   kg of the E term's item (MJ for ESE,heat and ESE,elec, where cₜ carries LHV·XER)

times the process' allocation share, like any other input: an entry of ``U`` (a factor,
dataset or supplier footprint) or of ``A`` (a process of the model). A negative coefficient
(the E*v and substituted-energy credits) is a negative input, like a substitution credit.

Stages: the material terms (Ev, Erecycled) are counted in the material's ``input`` process,
which must be in raw material acquisition; the recycling, energy-recovery and disposal terms
(ErecyclingEoL, E*v, EER, ESE, ED) in its ``end_of_life`` process, in the end-of-life stage
(Battery Pass CF Rules v1.1 §6.1.3; the battery regulation reports per stage).
"""

from __future__ import annotations

from carbonlabel.calc.model.compiled import InputLine
from carbonlabel.calc.model.items import Background
from carbonlabel.calc.model.lines import input_line
from carbonlabel.calc.model.problems import Collector
from carbonlabel.domain.circular_footprint import (
    END_OF_LIFE_TERMS,
    INPUT_TERMS,
    TERM_KINDS,
    TERM_UNIT,
    CffMaterial,
    CffMethod,
    coefficients,
    resolve,
)
from carbonlabel.domain.circular_rules import check_circular
from carbonlabel.domain.model import EndOfLifeApproach, Input, InputKind, ProductModel
from carbonlabel.domain.product import Quantity


def _materials(model: ProductModel) -> tuple[CffMaterial, ...]:
    eol = model.end_of_life
    if eol.approach is not EndOfLifeApproach.CIRCULAR_FOOTPRINT or eol.circular is None:
        return ()
    return eol.circular.materials


def check(model: ProductModel, err: Collector) -> None:
    """Add every problem of the CFF block (:mod:`carbonlabel.domain.circular_rules`)."""
    err.errors += check_circular(model)


def add_dataset_terms(model: ProductModel, wanted: dict[str, list[tuple[str, str]]]) -> None:
    """Add the datasets the E terms name to ``wanted`` (database -> (dataset, field path))."""
    for k, m in enumerate(_materials(model)):
        for term, ref in m.terms.items():
            if ref.kind == InputKind.DATASET.value:
                wanted.setdefault(str(ref.database), []).append(
                    (ref.ref, f"end_of_life.materials[{k}].terms.{term.value}"))


def circular_lines(model: ProductModel, proc_index: dict[str, int], bg: Background,
                   f_alloc: list[float], err: Collector) -> list[InputLine]:
    """The input lines of every CFF material (see the module docstring)."""
    cff = model.end_of_life.circular
    method = cff.method if cff is not None else CffMethod.PEF
    lines: list[InputLine] = []
    for k, m in enumerate(_materials(model)):
        path = f"end_of_life.materials[{k}]"
        lhv_mj = 0.0
        if (lhv := m.parameters.lhv) is not None:
            fac = err.convert(f"{path}.parameters.LHV", lhv.unit, "MJ/kg")
            lhv_mj = 0.0 if fac is None else lhv.amount * fac
        coef = coefficients(resolve(m, method), lhv_mj)
        for side, att, terms in (("input", m.input, INPUT_TERMS),
                                 ("end_of_life", m.end_of_life, END_OF_LIFE_TERMS)):
            if att is None or att.process not in proc_index:
                continue  # a missing or unknown process is reported by check()
            kg = err.convert(f"{path}.{side}.unit", att.quantity.unit, "kg")
            if kg is None:
                continue
            i = proc_index[att.process]
            mass = att.quantity.amount * kg
            for term in terms:
                ref = m.terms.get(term)
                if coef[term] == 0.0 or ref is None or ref.kind not in TERM_KINDS:
                    continue  # a missing term or unknown kind is reported by check()
                inp = Input(kind=InputKind(ref.kind), ref=ref.ref,
                            quantity=Quantity(mass * coef[term], TERM_UNIT[term]),
                            database=ref.database, name=ref.name or f"CFF {m.name}: {term.value}",
                            geography=ref.geography, year=ref.year)
                line = input_line(model, proc_index, bg, i, 0, inp, f_alloc[i], err,
                                  path=f"{path}.terms.{term.value}")
                if line is not None:
                    lines.append(line)
    return lines
