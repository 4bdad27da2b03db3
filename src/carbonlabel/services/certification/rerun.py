"""The verifier's re-calculation: a stored model version run again and compared with the
footprint it gave. The case's PCF verification, a change's evaluation and a system sample's
check all use it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.errors import InputError
from carbonlabel.services.exchange.supplier_catalogue import catalogue_for
from carbonlabel.services.quantify.model_runs import quantify_text


@dataclass(frozen=True)
class Rerun:
    submitted: float  # the stored footprint's total, kg CO2e
    recomputed: float  # the model run again
    difference: float  # |recomputed - submitted| / |submitted|
    input_hash_matches: bool

    def material(self, materiality: float) -> bool:
        return self.difference > materiality


def check_materiality(materiality: float) -> None:
    if not 0 < materiality < 1:
        raise InputError(field="materiality", message_en="materiality must be between 0 and 1",
                         message_zh="实质性阈值须在 0 与 1 之间")


def rerun(uow: UnitOfWork, owner_id: str, model_version_id: str, footprint_id: str,
          base: Path, store_dir: Path) -> Rerun:
    """Run the owner's model version again (with the owner's supplier footprints) and compare
    its total with the owner's footprint."""
    version = uow.model_versions.in_org(owner_id, model_version_id)
    footprint = uow.footprints.in_org(owner_id, footprint_id)
    assert version is not None
    assert footprint is not None
    result = quantify_text(version.content, f"model.{version.format}", base, store_dir,
                           footprint.gwp_set, suppliers=catalogue_for(uow, owner_id))
    submitted, again = footprint.total_co2e_kg, result.total_co2e_kg
    return Rerun(submitted, again, abs(again - submitted) / max(abs(submitted), 1e-12),
                 result.provenance.input_hash == footprint.input_hash)
