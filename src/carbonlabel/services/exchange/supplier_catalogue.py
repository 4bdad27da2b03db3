"""A buyer's received supplier footprints as the calculation's supplier catalogue.

Each received footprint is kept as its PACT v3 document; for a calculation it becomes one
:class:`carbonlabel.domain.supplier.SupplierFootprint` per ONE declared unit. With ``n`` the
``declaredUnitAmount`` (the parsed footprint holds values per ``n`` declared units in either
spec version; the rule for each version, with the spec's words, is in
:mod:`carbonlabel.domain.pact.declared`)::

    co2e_per_unit              = pcfExcludingBiogenicUptake / n
    fossil_co2e_per_unit       = fossilGhgEmissions / n
    dluc_per_unit              = landUseChangeGhgEmissions / n        (absent: 0)
    biogenic_removals_per_unit = biogenicCO2Uptake / n                (absent: 0; <= 0)
    aircraft_per_unit          = aircraftGhgEmissions / n             (absent: 0)
    primary_data_share         = primaryDataShare / 100               (absent: None)

and the declared unit becomes the unit the project's pint registry reads (``kilogram`` →
``kg``, ``ton kilometer`` → ``t*km`` ...). PACT's data quality indicators are not turned into
a PEF DQR: v3 has no precision criterion and v2 uses another scale, so a supplier input
carries no DQR scores of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.pact import parse_footprint
from carbonlabel.domain.exchange.records import ReceivedFootprint
from carbonlabel.domain.model import InputKind
from carbonlabel.domain.pact.declared import per_one
from carbonlabel.domain.pact.model import DeclaredUnit, ExchangeFootprint, validity
from carbonlabel.domain.supplier import SupplierFootprint, SupplierFootprints, normalise_pf_id
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import CarbonlabelError, DataFormatError, UnitError
from carbonlabel.services.accounts.users import require

#: PACT declared unit → the unit as the project's pint registry reads it (units.py).
PINT_UNITS: Mapping[DeclaredUnit, str] = {
    DeclaredUnit.KILOGRAM: "kg",
    DeclaredUnit.KILOWATT_HOUR: "kWh",
    DeclaredUnit.MEGAJOULE: "MJ",
    DeclaredUnit.LITER: "L",
    DeclaredUnit.CUBIC_METER: "m**3",
    DeclaredUnit.SQUARE_METER: "m**2",
    DeclaredUnit.TON_KILOMETER: "t*km",
    DeclaredUnit.PIECE: "piece",
    DeclaredUnit.HOUR: "h",
    DeclaredUnit.MEGABIT_SECOND: "Mbit*s",
}


def _per(value: Decimal | None, n: Decimal) -> float:
    return 0.0 if value is None else float(per_one(value, n))


def supplier_footprint(fp: ExchangeFootprint) -> SupplierFootprint:
    """The engine's view of one PACT footprint (see the module docstring for the equations).

    Raises :class:`DataFormatError` (field named in PACT terms) where the parts do not fit
    together, e.g. fossil emissions above the PCF excluding biogenic uptake."""
    pcf = fp.pcf
    unit = PINT_UNITS.get(pcf.declared_unit)
    if unit is None:
        raise UnitError(field="pcf.declaredUnitOfMeasurement",
                        message_en=f"declared unit {pcf.declared_unit.value!r} cannot be "
                                   "used in a model",
                        message_zh=f"声明单位 {pcf.declared_unit.value!r} 无法用于模型")
    n = pcf.declared_unit_amount
    if n <= 0:
        raise DataFormatError(field="pcf.declaredUnitAmount", message_en="must be positive",
                              message_zh="必须为正数")
    try:
        return SupplierFootprint(
            pf_id=normalise_pf_id(fp.id), company_name=fp.company_name,
            product_name=fp.product_name_company, declared_unit=unit,
            co2e_per_unit=_per(pcf.pcf_excluding_biogenic, n),
            fossil_co2e_per_unit=_per(pcf.fossil_ghg_emissions, n),
            biogenic_removals_per_unit=_per(pcf.biogenic_co2_uptake, n),
            dluc_per_unit=_per(pcf.land_use_change_ghg_emissions, n),
            aircraft_per_unit=_per(pcf.aircraft_ghg_emissions, n),
            primary_data_share=None if pcf.primary_data_share is None
            else float(pcf.primary_data_share / 100),
            gwp_set=pcf.ipcc_characterization_factors[0]
            if pcf.ipcc_characterization_factors else None,
            valid_until=validity(fp)[1].date().isoformat())
    except DataFormatError as exc:  # name the PACT property, not the engine's field
        raise DataFormatError(field=f"pcf.{_PACT_FIELDS.get(exc.field, exc.field)}",
                              message_en=exc.message_en, message_zh=exc.message_zh) from exc


_PACT_FIELDS = {
    "fossil_co2e_per_unit": "fossilGhgEmissions",
    "dluc_per_unit": "landUseChangeGhgEmissions",
    "aircraft_per_unit": "aircraftGhgEmissions",
    "biogenic_removals_per_unit": "biogenicCO2Uptake",
    "primary_data_share": "primaryDataShare",
    "pf_id": "id",
}


def exchange_of(received: ReceivedFootprint) -> ExchangeFootprint:
    """The stored PACT document of a received footprint, parsed again."""
    return parse_footprint(json.loads(received.document))


def catalogue_for(uow: UnitOfWork, organisation_id: str) -> SupplierFootprints:
    """Every received footprint of the organisation that the engine can use.

    A footprint the engine cannot use (parts that do not add up, as in the official PACT
    examples, or a stored document that no longer converts) is left out with its reason, and
    a model input naming it is refused with that reason."""
    usable: list[SupplierFootprint] = []
    unusable: dict[str, tuple[str, str]] = {}
    for received in uow.received_footprints.of_org(organisation_id):
        try:
            usable.append(supplier_footprint(exchange_of(received)))
        except CarbonlabelError as exc:  # e.g. parts that do not add up to the PCF
            unusable[received.pf_id] = (exc.message_en, exc.message_zh)
        except ValueError as exc:
            unusable[received.pf_id] = (str(exc), str(exc))
    return SupplierFootprints(usable, unusable)


@dataclass(frozen=True)
class InputUse:
    """A model input of the buyer that takes a received footprint."""

    product_id: str
    product_name: tuple[str, str]  # (zh, en)
    model_version: int
    model_version_id: str
    process: str
    input: str  # field path in the model, e.g. "processes[1].inputs[0]"
    amount: float
    unit: str


def inputs_using(uow: UnitOfWork, actor: User, pf_id: str,
                 max_products: int = 500) -> list[InputUse]:
    """The inputs of the latest model version of each of the actor's products that name
    ``pf_id`` as their supplier footprint."""
    require(actor, Action.READ)
    key = normalise_pf_id(pf_id)
    out: list[InputUse] = []
    for product in uow.products.page(actor.organisation_id, 0, max_products).items:
        versions = uow.model_versions.page(product.id, 0, 1).items
        if not versions:
            continue
        version = versions[0]
        try:
            model = load_model_text(version.content, f"model.{version.format}").model
        except CarbonlabelError:
            continue
        for p_index, process in enumerate(model.processes):
            for i_index, inp in enumerate(process.inputs):
                if inp.kind is InputKind.SUPPLIER and normalise_pf_id(inp.ref) == key:
                    out.append(InputUse(product.id, (product.name_zh, product.name_en),
                                        version.version, version.id, process.id,
                                        f"processes[{p_index}].inputs[{i_index}]",
                                        inp.quantity.amount, inp.quantity.unit))
    return out
