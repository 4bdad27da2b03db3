"""The Circular Footprint Formula (CFF, 循环足迹公式): end of life and recycled content of each
material of a product, as the PEF method states it and as the EU battery rules narrow it.

Sources:

* ``pef`` — Commission Recommendation (EU) 2021/2279, Annex I (PEF method), §4.4.8 "End of
  life modelling": the formula, the meaning of each parameter and the default values of its
  Annex C (A between 0.2 and 0.8; B = 0 by default). Per kg of a material:

      material  (1−R1)·Ev + R1·(A·Erecycled + (1−A)·Ev·Qsin/Qp)
                + (1−A)·R2·(ErecyclingEoL − E*v·Qsout/Qp)
      energy    (1−B)·R3·(EER − LHV·XER,heat·ESE,heat − LHV·XER,elec·ESE,elec)
      disposal  (1−R2−R3)·ED

* ``battery`` — Regulation (EU) 2023/1542 Art. 7 asks for a PEF-based carbon footprint; its
  method act is still a draft (Ref. Ares(2024)3131389), built on the JRC "Rules for the
  calculation of the Carbon Footprint of Electric Vehicle Batteries (CFB-EV)", final draft
  2023. The draft act's own text was not available to us; what differs from PEF is taken from
  the Battery Pass consortium's "Battery Carbon Footprint Rules" v1.1 (2023), §6.2.2, Table 10,
  which lists the JRC 2023 values: A = 0.2 for metals, 0.5 for plastics and other materials;
  B = 0; R1 = 0 unless company-specific recycled content is traced through the supply chain
  with evidence; and (Battery Pass §6.2.2, battery-grade inputs) Qsin/Qp = 1 by default.
  Everything else is the PEF rule.

The formula is linear in the E terms, so a material compiles to one coefficient per E term
(:func:`coefficients`) — ordinary input lines of the model's matrices, each E term being a
factor, dataset, process or supplier footprint the model names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from carbonlabel.domain.product import Quantity, Text


class CffMethod(StrEnum):
    PEF = "pef"
    BATTERY = "battery"


#: The rule set each method follows, recorded with every result that uses it.
METHOD_VERSIONS: dict[CffMethod, str] = {
    CffMethod.PEF: "PEF CFF, Recommendation (EU) 2021/2279 Annex I §4.4.8",
    CffMethod.BATTERY: "EU battery CF rules: JRC CFB-EV final draft 2023 (A, B, R1 per Battery "
                       "Pass CF Rules v1.1 Table 10) over PEF CFF 2021/2279",
}

METHOD_NAMES: dict[CffMethod, Text] = {
    CffMethod.PEF: Text(zh="产品环境足迹（PEF）方法", en="the PEF method"),
    CffMethod.BATTERY: Text(zh="欧盟电池法规碳足迹规则（JRC CFB-EV 2023 草案）",
                            en="the EU battery carbon-footprint rules (JRC CFB-EV 2023 draft)"),
}


class MaterialClass(StrEnum):
    """The material classes the battery rules fix A for."""

    METAL = "metal"
    PLASTIC = "plastic"
    OTHER = "other"


#: Battery rules (JRC 2023 via Battery Pass CF Rules v1.1 Table 10): A per material class.
BATTERY_A: dict[MaterialClass, float] = {
    MaterialClass.METAL: 0.2, MaterialClass.PLASTIC: 0.5, MaterialClass.OTHER: 0.5}

#: PEF (2021/2279 Annex I §4.4.8, Annex C): the range A is taken from.
PEF_A_RANGE = (0.2, 0.8)


class CffTerm(StrEnum):
    """The E terms of the formula (names as written in a model file)."""

    EV = "Ev"  # virgin material, per kg
    E_RECYCLED = "Erecycled"  # recycling of the recycled content, per kg
    E_RECYCLING_EOL = "ErecyclingEoL"  # recycling at end of life, per kg
    EV_STAR = "Ev_star"  # E*v: virgin material the recycled output replaces, per kg
    E_ER = "EER"  # energy recovery, per kg
    E_SE_HEAT = "ESE_heat"  # heat the recovered energy replaces, per MJ
    E_SE_ELEC = "ESE_elec"  # electricity the recovered energy replaces, per MJ
    E_D = "ED"  # disposal without energy recovery, per kg


#: Terms counted where the material enters (raw material acquisition); the rest at end of life.
INPUT_TERMS = (CffTerm.EV, CffTerm.E_RECYCLED)
END_OF_LIFE_TERMS = (CffTerm.E_RECYCLING_EOL, CffTerm.EV_STAR, CffTerm.E_ER, CffTerm.E_SE_HEAT,
                     CffTerm.E_SE_ELEC, CffTerm.E_D)
#: Unit of the amount an E term is applied to: kg of material, or MJ of substituted energy.
TERM_UNIT: dict[CffTerm, str] = {t: "MJ" if t in (CffTerm.E_SE_HEAT, CffTerm.E_SE_ELEC)
                                 else "kg" for t in CffTerm}


#: What an E term may name (the kinds of model inputs).
TERM_KINDS = ("process", "factor", "dataset", "supplier")


@dataclass(frozen=True)
class TermRef:
    """What an E term is: ``kind`` process | factor | dataset | supplier, as model inputs."""

    kind: str
    ref: str
    database: str | None = None
    name: str = ""
    geography: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Attachment:
    """The process a material's terms are counted in, and the material's amount per run."""

    process: str
    quantity: Quantity  # a mass


@dataclass(frozen=True)
class CffParameters:
    """The CFF parameters of one material (fractions 0..1 unless said otherwise).

    ``None`` means not given: A then comes from the battery material class, Qsin/Qp from the
    battery default 1; under PEF a missing value a non-zero term needs is refused."""

    a: float | None = None
    b: float = 0.0
    r1: float = 0.0
    r2: float = 0.0
    r3: float = 0.0
    qs_in_qp: float | None = None
    qs_out_qp: float | None = None
    lhv: Quantity | None = None  # lower heating value, energy per mass (e.g. 32 MJ/kg)
    x_er_heat: float = 0.0
    x_er_elec: float = 0.0


@dataclass(frozen=True)
class CffMaterial:
    """One material of the product under the CFF, with its parameters and E terms."""

    name: str
    parameters: CffParameters
    terms: dict[CffTerm, TermRef] = field(default_factory=dict)
    material_class: MaterialClass | None = None
    input: Attachment | None = None  # where it enters: raw material acquisition
    end_of_life: Attachment | None = None  # where it leaves: end of life
    b_justification: str = ""
    quality_note: str = ""  # why a quality ratio Qs/Qp is above 1
    r1_evidence: str = ""  # battery: the supply-chain evidence of recycled content


@dataclass(frozen=True)
class CircularFootprint:
    """The CFF block of a model: its method and materials."""

    method: CffMethod = CffMethod.PEF
    materials: tuple[CffMaterial, ...] = ()
    rules: str = ""  # the rule set's version when the model was read (kept with the result)

    @property
    def version(self) -> str:
        return self.rules or METHOD_VERSIONS[self.method]

    @property
    def statement(self) -> Text:
        name = METHOD_NAMES[self.method]
        listed = "、".join(m.name for m in self.materials)
        listed_en = ", ".join(m.name for m in self.materials)
        return Text(
            zh=f"循环足迹公式（CFF），按{name.zh}（{self.version}）；材料：{listed}",
            en=f"Circular Footprint Formula (CFF) under {name.en} ({self.version}); "
               f"materials: {listed_en}")


@dataclass(frozen=True)
class Resolved:
    """The parameters as the formula uses them (defaults of the method applied)."""

    a: float
    b: float
    r1: float
    r2: float
    r3: float
    qs_in_qp: float
    qs_out_qp: float
    x_er_heat: float
    x_er_elec: float


def effective_a(material: CffMaterial, method: CffMethod) -> float | None:
    """A as given, else (battery) the value of the material class."""
    a = material.parameters.a
    if a is None and method is CffMethod.BATTERY and material.material_class is not None:
        return BATTERY_A[material.material_class]
    return a


def effective_qs_in(material: CffMaterial, method: CffMethod) -> float | None:
    """Qsin/Qp as given, else 1 under the battery rules (battery-grade secondary input)."""
    q = material.parameters.qs_in_qp
    return 1.0 if q is None and method is CffMethod.BATTERY else q


def resolve(material: CffMaterial, method: CffMethod) -> Resolved:
    """The parameters with the method's defaults; a value still missing counts as 0 (its term
    is then refused by :func:`carbonlabel.domain.circular_rules.check_circular` first)."""
    p = material.parameters
    return Resolved(a=effective_a(material, method) or 0.0, b=p.b, r1=p.r1, r2=p.r2, r3=p.r3,
                    qs_in_qp=effective_qs_in(material, method) or 0.0,
                    qs_out_qp=p.qs_out_qp or 0.0, x_er_heat=p.x_er_heat, x_er_elec=p.x_er_elec)


def coefficients(r: Resolved, lhv_mj_per_kg: float = 0.0) -> dict[CffTerm, float]:
    """The CFF per kg of material as a coefficient on each E term (2021/2279 Annex I §4.4.8,
    expanded; Ev appears twice and is summed):

        Ev            (1−R1) + R1·(1−A)·Qsin/Qp
        Erecycled     R1·A
        ErecyclingEoL (1−A)·R2
        E*v           −(1−A)·R2·Qsout/Qp
        EER           (1−B)·R3
        ESE,heat      −(1−B)·R3·LHV·XER,heat      (MJ per kg)
        ESE,elec      −(1−B)·R3·LHV·XER,elec      (MJ per kg)
        ED            1−R2−R3
    """
    energy = (1.0 - r.b) * r.r3
    return {
        CffTerm.EV: (1.0 - r.r1) + r.r1 * (1.0 - r.a) * r.qs_in_qp,
        CffTerm.E_RECYCLED: r.r1 * r.a,
        CffTerm.E_RECYCLING_EOL: (1.0 - r.a) * r.r2,
        CffTerm.EV_STAR: -(1.0 - r.a) * r.r2 * r.qs_out_qp,
        CffTerm.E_ER: energy,
        CffTerm.E_SE_HEAT: -energy * lhv_mj_per_kg * r.x_er_heat,
        CffTerm.E_SE_ELEC: -energy * lhv_mj_per_kg * r.x_er_elec,
        CffTerm.E_D: 1.0 - r.r2 - r.r3,
    }

