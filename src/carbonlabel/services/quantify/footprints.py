"""Use case: quantify the carbon footprint of a product model."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from carbonlabel.calc.factorization import SingularMatrixError, factorize, solver_name
from carbonlabel.calc.model import results
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compile import compile_model
from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.calc.product_system import (
    ProductSystemSolution,
    singular_blocks,
    solve_product_system,
)
from carbonlabel.domain.factors import LIBRARY_SET, FactorCatalog
from carbonlabel.domain.footprint import FootprintResult, Provenance
from carbonlabel.domain.ghg import GwpSet
from carbonlabel.domain.model import EndOfLife, ProductModel, excluded_share
from carbonlabel.domain.supplier import SupplierFootprints
from carbonlabel.errors import CalculationError, SingularSystemError
from carbonlabel.version import ENGINE_VERSION

#: Above this relative residual ``‖A s − f‖ / (‖A‖ ‖s‖)`` the system is treated as singular.
RESIDUAL_LIMIT = 1e-9


@dataclass(frozen=True)
class CalculationOptions:
    top: int = 10
    tree_cut_off: float = 0.01


_OPTIONAL_MODEL_FIELDS = ("fossil_carbon_content", "product_mass", "product_rule")


def _drop_unset_method_fields(normalised: dict[str, Any]) -> None:
    """Leave the end-of-life approach, transport modes and recycled-material marks out of the
    hash while they are at their defaults, so a model that does not use them keeps its hash."""
    if normalised.get("end_of_life") == asdict(EndOfLife()):
        normalised.pop("end_of_life")
    elif (eol := normalised.get("end_of_life")) and eol.get("circular") is None:
        eol.pop("circular", None)  # no CFF block: hashed as before the CFF existed
    rows: list[dict[str, Any]] = list(normalised.get("factors") or ())
    for p in normalised.get("processes") or ():
        rows += p.get("inputs") or ()
        for c in p.get("co_products") or ():
            rows.append(c)
            if c.get("substitutes"):
                rows.append(c["substitutes"])
    for row in rows:
        for key in ("transport_mode", "recycled_material"):
            if key in row and row[key] is None:
                del row[key]
    _drop_unset_uncertainty(normalised)


def _drop_unset_uncertainty(normalised: dict[str, Any]) -> None:
    """Leave ``uncertainty`` out of the hash where none is given (inputs, emissions, factors,
    substitution credits), so a model without uncertainty keeps its hash."""
    rows: list[dict[str, Any]] = list(normalised.get("factors") or ())
    for p in normalised.get("processes") or ():
        rows += list(p.get("inputs") or ()) + list(p.get("emissions") or ())
        rows += [c["substitutes"] for c in p.get("co_products") or () if c.get("substitutes")]
    for row in rows:
        if "uncertainty" in row and row["uncertainty"] is None:
            del row["uncertainty"]


def input_hash(model: ProductModel, gwp: GwpSet, databases: dict[str, str],
               catalog_factors: object = None, supplier_footprints: object = None) -> str:
    """sha256 over the normalised model, the GWP values, database contents, the factors taken
    from the factor library or user sets (with their set versions), the supplier footprints
    used and engine version. Optional model fields left out leave the hash unchanged."""
    normalised = asdict(model)
    for name in _OPTIONAL_MODEL_FIELDS:
        if normalised.get(name) is None:
            normalised.pop(name, None)
    _drop_unset_method_fields(normalised)
    normalised.pop("scenarios", None)  # what-if scenarios do not change the base result
    payload: dict[str, object] = {
        "model": normalised,
        "gwp": {"name": gwp.name, "values": gwp.values, "ch4": [gwp.methane_fossil,
                                                                 gwp.methane_non_fossil]},
        "databases": databases,
        "engine": ENGINE_VERSION,
    }
    if catalog_factors:
        payload["catalog_factors"] = catalog_factors
    if supplier_footprints:
        payload["supplier_footprints"] = supplier_footprints
    return _digest(payload)


def _catalog_sets(cs: CompiledSystem, catalog: FactorCatalog | None) -> list[tuple[str, str]]:
    """The library (when a factor came from it) and every user set the model loaded."""
    if catalog is None:
        return []
    used = {r.set_name for r in cs.catalog_records}
    return [(s.name, s.version) for s in catalog.sets
            if s.kind != "library" or LIBRARY_SET in used]


def _digest(obj: object) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _singular_error(cs: CompiledSystem) -> SingularSystemError:
    procs = cs.model.processes
    blocks = singular_blocks(cs.matrices.technosphere.tocsc())
    names = [f"{procs[i].id} ({procs[i].product or procs[i].name.en})"
             for block in blocks for i in block]
    listed = ", ".join(names[:20]) + (" …" if len(names) > 20 else "")
    return SingularSystemError(
        message_en=f"the product system has no unique solution; check the loop between: {listed}",
        message_zh=f"产品系统无唯一解；请检查以下过程之间的循环：{listed}",
        involved=tuple(procs[i].id for block in blocks for i in block),
    )


def _require_finite(cs: CompiledSystem, sol: ProductSystemSolution) -> None:
    """Raise ``CalculationError`` naming the first process whose emissions are not a finite
    number (NaN or beyond the largest double): such a footprint is never reported or stored."""
    totals = sol.process_totals
    if (np.isfinite(sol.total) and np.all(np.isfinite(totals))
            and np.all(np.isfinite(sol.inventory))):
        return
    bad = np.flatnonzero(~np.isfinite(totals)).tolist() or [0]
    procs = cs.model.processes
    k = bad[0] if bad[0] < len(procs) else 0
    names = ", ".join(procs[i].id for i in bad if i < len(procs)) or procs[k].id
    raise CalculationError(
        field=f"processes[{k}]",
        message_en=f"the footprint is not a finite number: the emissions of {names} overflow "
                   "(check the amounts and factors for values far too large or small)",
        message_zh=f"碳足迹不是有限数值：过程 {names} 的排放溢出（请检查数量与因子是否过大或过小）")


def calculate_footprint(model: ProductModel, gwp: GwpSet, databases: BackgroundDatabases,
                        options: CalculationOptions | None = None,
                        catalog: FactorCatalog | None = None, *,
                        suppliers: SupplierFootprints | None = None) -> FootprintResult:
    """Compile, solve and report. Raises ``ModelValidationError`` or ``SingularSystemError``.

    ``catalog`` (factor library and user sets) answers factor references the model does not
    define; the sets used and each resolution are recorded in the result. ``suppliers``
    answers ``supplier:`` inputs by PACT PfId; the footprints used enter the input hash and
    are listed in ``supplier_inputs``. Every result carries its primary-data share
    (:func:`carbonlabel.calc.model.results.primary_data_share`)."""
    opts = options or CalculationOptions()
    cs = compile_model(model, gwp, databases, catalog, suppliers=suppliers)
    try:
        fac = factorize(cs.matrices.technosphere)
        with np.errstate(over="ignore", invalid="ignore"):  # checked below, named
            sol = solve_product_system(cs.matrices, fac)
    except SingularMatrixError as exc:
        raise _singular_error(cs) from exc
    if not np.all(np.isfinite(sol.supply)) or sol.relative_residual > RESIDUAL_LIMIT:
        raise _singular_error(cs)
    _require_finite(cs, sol)
    lines = results.line_contributions(cs, sol)  # computed once for hotspots and DQR
    db_hashes = databases.content_hashes()
    factor_sets = (("model-factors", _digest(asdict(model)["factors"])[:12]),
                   *_catalog_sets(cs, catalog),
                   *((f"database:{k}", v[:12] if len(v) > 12 else v)
                     for k, v in db_hashes.items()))
    catalog_factors = [{"set": [r.set_name, r.set_version], "factor": asdict(r.factor)}
                       for r in cs.catalog_records]
    for row in catalog_factors:  # a factor without uncertainty keeps the hash it had
        _drop_unset_uncertainty({"factors": [row["factor"]]})
    supplier_footprints = [asdict(item.supplier) for item in cs.items
                           if item.supplier is not None]
    return FootprintResult(
        product=model.product, reference=model.reference, boundary=model.boundary,
        geography=model.geography, total_co2e_kg=sol.total,
        by_stage=results.by_stage(cs, sol), by_process=results.by_process(cs, sol),
        by_gas=results.by_gas(cs, sol), hotspots=results.hotspots(cs, sol, lines, opts.top),
        separate=results.separate(cs, sol),
        tree=results.supply_tree(cs, sol, opts.tree_cut_off),
        quality=results.quality(lines),
        provenance=Provenance(input_hash=input_hash(model, gwp, db_hashes, catalog_factors,
                                                    supplier_footprints),
                              gwp_set=gwp.name,
                              gwp_source=gwp.source, factor_sets=factor_sets,
                              engine_version=ENGINE_VERSION, solver=solver_name(fac)),
        cut_off_share=opts.tree_cut_off, excluded_share=excluded_share(model),
        warnings=cs.warnings, factor_resolutions=cs.resolutions,
        primary_data_share=results.primary_data_share(lines),
        supplier_inputs=results.supplier_inputs(cs, sol),
        fossil_carbon_content_kg_c=cs.fossil_carbon_kg, product_mass_kg=cs.product_mass_kg,
        period=model.period, end_of_life=model.end_of_life,
    )
