"""Restating a baseline footprint on the factors of a later footprint of the same product,
so that a reduction counts what the product did and never a factor update
(domain/improvement/restatement.py states the rule and the formula).

The baseline's stored model version is calculated again with the later footprint's model
factors, factor set files and GWP set (and the factor library loaded today, which is the
later footprint's whenever it was calculated on this release; ``same_library`` says so).
The stored totals are never changed: the restatement is a reading.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.factors.library import library_version
from carbonlabel.adapters.formats.model_file import LoadedModel, load_model_text
from carbonlabel.domain.factors import LIBRARY_SET
from carbonlabel.domain.improvement.restatement import (
    Restatement,
    gwp_change,
    model_factor_changes,
    resolution_changes,
    restated_model,
    set_changes,
)
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import InputError, ModelValidationError, NotFoundError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.exchange.supplier_catalogue import catalogue_for
from carbonlabel.services.quantify.footprints import calculate_footprint
from carbonlabel.services.quantify.model_runs import model_catalog, model_databases

#: where a model's relative files are looked for when the caller names no folder: nowhere,
#: so that a model needing factor set or database files says which one is missing
_NO_FOLDER = Path("/nonexistent-carbonlabel-folder")


def _footprint(uow: UnitOfWork, footprint_id: str, field: str,
               org_id: str | None = None) -> FootprintRecord:
    owner = uow.improvement_plans.footprint_owner(footprint_id)
    record = (uow.footprints.in_org(owner, footprint_id)
              if owner and (org_id is None or owner == org_id) else None)
    if record is None:
        raise NotFoundError(field=field, message_en="no such footprint",
                            message_zh="没有该碳足迹结果")
    return record


def _loaded(uow: UnitOfWork, record: FootprintRecord, field: str) -> LoadedModel:
    version = uow.model_versions.in_org(record.organisation_id, record.model_version_id)
    assert version is not None  # a footprint's version is never deleted
    try:
        return load_model_text(version.content, f"model.{version.format}")
    except ModelValidationError as exc:
        raise InputError(field=field,
                         message_en="the footprint's model version can no longer be read: "
                                    + exc.errors[0].message_en,
                         message_zh="该碳足迹的模型版本已无法读取：" + exc.errors[0].message_zh
                         ) from exc


def restate(uow: UnitOfWork, baseline_footprint_id: str, current_footprint_id: str, *,
            base: Path | None = None, store_dir: Path | None = None) -> Restatement:
    """The baseline footprint restated with the current footprint's factors. Both footprints
    are of the same product (else ``InputError``). ``base`` and ``store_dir``: where the
    model's factor set and database files are (the data directory and its databases); a
    model that needs none calculates without them."""
    baseline = _footprint(uow, baseline_footprint_id, "baseline_footprint_id")
    current = _footprint(uow, current_footprint_id, "current_footprint_id")
    return _restate(uow, baseline, current, base, store_dir)


def restate_for(uow: UnitOfWork, actor: User, baseline_footprint_id: str,
                current_footprint_id: str, *, base: Path | None = None,
                store_dir: Path | None = None) -> Restatement:
    """:func:`restate` for a user: both footprints are the user's organisation's (another's is
    "not found")."""
    require(actor, Action.READ)
    baseline = _footprint(uow, baseline_footprint_id, "baseline_footprint_id",
                          actor.organisation_id)
    current = _footprint(uow, current_footprint_id, "current_footprint_id",
                         actor.organisation_id)
    return _restate(uow, baseline, current, base, store_dir)


def _restate(uow: UnitOfWork, baseline: FootprintRecord, current: FootprintRecord,
             base: Path | None, store_dir: Path | None) -> Restatement:
    if baseline.product_id != current.product_id:
        raise InputError(field="current_footprint_id",
                         message_en="the two footprints are of different products",
                         message_zh="两个碳足迹属于不同的产品")
    old, new = _loaded(uow, baseline, "baseline_footprint_id"), _loaded(
        uow, current, "current_footprint_id")
    model = restated_model(old.model, new.model)
    folder = base or _NO_FOLDER
    loaded = replace(old, model=model)
    catalog = model_catalog(loaded, folder, "model")
    result = calculate_footprint(model, load_gwp_set(current.gwp_set),
                                 model_databases(loaded, folder, store_dir or folder / "db"),
                                 None, catalog,
                                 suppliers=catalogue_for(uow, baseline.organisation_id))
    old_result, new_result = uow.footprints.result(baseline), uow.footprints.result(current)
    before, after = old_result.provenance, new_result.provenance
    used = dict(after.factor_sets)
    same_library = used.get(LIBRARY_SET, library_version()) == library_version()
    changes = (*gwp_change(baseline.gwp_set, current.gwp_set),
               *model_factor_changes(old.model, new.model),
               *set_changes(before.factor_sets, after.factor_sets),
               *resolution_changes(old_result.factor_resolutions,
                                   new_result.factor_resolutions))
    return Restatement(baseline.id, current.id, baseline.total_co2e_kg, result.total_co2e_kg,
                       current.total_co2e_kg, tuple(changes), same_library)
