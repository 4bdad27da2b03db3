"""A pair of EcoSpold 2 datasets whose exchanges carry every kind of distribution (and two
that cannot be read), written by hand for the uncertainty import tests."""

from __future__ import annotations

from pathlib import Path

NS = "http://www.EcoInvent.org/EcoSpold02"


def _exchange(tag: str, fid: str, name: str, amount: float, unit: str, group: str,
              uncertainty: str = "", extra: str = "", body: str = "") -> str:
    kind = "outputGroup" if group.startswith("out") else "inputGroup"
    return (f'<{tag}Exchange {tag}ExchangeId="{fid}" amount="{amount}"{extra}>'
            f'<name>{name}</name><unitName>{unit}</unitName>{body}'
            f'{uncertainty}<{kind}>{group[-1]}</{kind}></{tag}Exchange>')


def _air() -> str:
    return ("<compartment><compartment>air</compartment>"
            "<subcompartment>unspecified</subcompartment></compartment>")


def _spold(activity: str, name: str, *exchanges: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ecoSpold xmlns="{NS}"><activityDataset>'
            f'<activityDescription><activity id="{activity}"><activityName>{name}'
            f'</activityName></activity><geography><shortname>US</shortname></geography>'
            f'</activityDescription><flowData>{"".join(exchanges)}</flowData>'
            "</activityDataset></ecoSpold>")


def write_es2(folder: Path) -> Path:
    """power: 1 kWh, 0.5 kg CO2 (lognormal, σ² with pedigree 0.04, so σ = 0.2), 0.1 kg CO
    (lognormal of infinite variance: left out); steel: 1 kg from 2 kWh (normal, variance
    with pedigree 0.04, so sd = 0.2), 0.01 kg CH4 (triangular 0.005, 0.01, 0.02), 0.001 kg
    N2O (uniform 0.0005 … 0.0015), and one input of unknown distribution (beta)."""
    folder.mkdir()
    power = _spold(
        "power", "electricity",
        _exchange("intermediate", "el", "electricity", 1, "kWh", "out0"),
        _exchange("elementary", "co2", "Carbon dioxide, fossil", 0.5, "kg", "out4",
                  '<uncertainty><lognormal meanValue="0.5" mu="-0.6931471805599453" '
                  'variance="0.01" varianceWithPedigreeUncertainty="0.04"/>'
                  '<pedigreeMatrix reliability="2" completeness="2" temporalCorrelation="2" '
                  'geographicalCorrelation="2" furtherTechnologyCorrelation="2"/>'
                  "</uncertainty>", body=_air()),
        _exchange("elementary", "co", "Carbon monoxide, fossil", 0.1, "kg", "out4",
                  '<uncertainty><lognormal meanValue="0.1" mu="-2.3" variance="Infinity" '
                  'varianceWithPedigreeUncertainty="Infinity"/></uncertainty>', body=_air()))
    steel = _spold(
        "steel", "steel",
        _exchange("intermediate", "st", "steel", 1, "kg", "out0"),
        _exchange("intermediate", "el", "electricity", 2, "kWh", "in5",
                  '<uncertainty><normal meanValue="2" variance="0.01" '
                  'varianceWithPedigreeUncertainty="0.04"/></uncertainty>',
                  extra=' activityLinkId="power"'),
        _exchange("intermediate", "w", "water", 3, "kg", "in5",
                  '<uncertainty><beta minValue="1" mostLikelyValue="3" maxValue="4"/>'
                  "</uncertainty>"),
        _exchange("elementary", "ch4", "Methane, fossil", 0.01, "kg", "out4",
                  '<uncertainty><triangular minValue="0.005" mostLikelyValue="0.01" '
                  'maxValue="0.02"/></uncertainty>', body=_air()),
        _exchange("elementary", "n2o", "Dinitrogen monoxide", 0.001, "kg", "out4",
                  '<uncertainty><uniform minValue="0.0005" maxValue="0.0015"/></uncertainty>',
                  body=_air()))
    (folder / "power.spold").write_text(power, encoding="utf-8")
    (folder / "steel.spold").write_text(steel, encoding="utf-8")
    return folder
