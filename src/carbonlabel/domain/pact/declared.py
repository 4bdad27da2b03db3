"""The declared unit of a PACT footprint: one rule per spec version, each way.

The neutral :class:`carbonlabel.domain.pact.model.CarbonFootprint` holds every quantity
(kg CO2e, kg C, kg of product) per **declared unit as PACT v3.0 defines it**: per
``declared_unit_amount`` × ``declared_unit``.

v3.0 (3.0.3, ``CarbonFootprint.declaredUnitOfMeasurement``): "Emissions in this carbon
footprint are expressed in kgCO2e per 'declared unit'. For example: a PCF for a 12.5 liter
bottle of Ethanol states 2 kg of CO2e in emissions. In this case the declared unit is 12.5
liter Ethanol, thus the `declaredUnitOfMeasurement` is "liter", and the `declaredUnitAmount`
is "12.5"." and (``productMassPerDeclaredUnit``): "The 'declared unit' is the
`declaredUnitAmount` times `declaredUnitOfMeasurement`." A v3 document is therefore read and
written as it stands.

v2.3 (2.3.3, ``pCfExcludingBiogenic``): "The value MUST be calculated per declared unit with
unit `kg of CO2 equivalent per declared unit`", the declared unit being one ``declaredUnit``
("The unit of analysis of the product"); ``unitaryProductAmount`` is "The amount of Declared
Units contained within the product to which the PCF is referring to" and
``productMassPerDeclaredUnit`` is "the mass of one piece (aka unit) of product". A v2 value is
per ONE declared unit whatever the amount, so reading multiplies it by
``unitaryProductAmount`` (:func:`from_v2`) and writing divides by it (:func:`to_v2`).

What a model uses is the value per one declared unit (:func:`per_one`), in either version.
"""

from __future__ import annotations

from decimal import Decimal

from carbonlabel.domain.pact.model import CarbonFootprint, DeclaredUnit

#: model attributes that v2.x states per ONE declared unit (kg CO2e, kg C, kg of product)
V2_PER_UNIT: tuple[str, ...] = (
    "product_mass_per_declared_unit", "pcf_excluding_biogenic", "pcf_including_biogenic",
    "fossil_ghg_emissions", "fossil_carbon_content", "biogenic_carbon_content",
    "land_use_change_ghg_emissions", "land_management_ghg_emissions",
    "other_biogenic_ghg_emissions", "iluc_ghg_emissions", "biogenic_co2_uptake",
    "aircraft_ghg_emissions", "packaging_ghg_emissions")

#: the unit text shown for each declared unit (the spec's own words)
UNIT_TEXT: dict[DeclaredUnit, str] = {u: u.value for u in DeclaredUnit}


def from_v2(value: Decimal, amount: Decimal) -> Decimal:
    """A v2.x per-one-unit value as the model keeps it (per ``amount`` declared units)."""
    return value * amount


def to_v2(value: Decimal, amount: Decimal) -> Decimal:
    """A model value (per ``amount`` declared units) as v2.x writes it (per one unit)."""
    return value / amount


def per_one(value: Decimal, amount: Decimal) -> Decimal:
    """A model value per one declared unit (what a model multiplies by its input amount)."""
    return value / amount


def declared_text(pcf: CarbonFootprint) -> str:
    """The declared unit as sent: ``"1000 kilogram"``, ``"12.5 liter"``."""
    amount = pcf.declared_unit_amount
    text = format(amount.normalize(), "f") if amount == amount.to_integral_value() \
        else format(amount, "f")
    return f"{text} {UNIT_TEXT[pcf.declared_unit]}"
