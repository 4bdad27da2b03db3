"""The ``uncertainty:`` of an input, emission, removal or model factor in a model file, and its
domain value (:class:`carbonlabel.domain.uncertainty.Uncertainty`).

One of three forms::

    uncertainty: {distribution: lognormal, gsd: 1.2}          # or sigma: 0.18 (σ of ln x)
    uncertainty: {distribution: normal, sd: 40}               # in the amount's unit
    uncertainty: {distribution: uniform, minimum: 90, maximum: 110}
    uncertainty: {distribution: triangular, minimum: 90, mode: 100, maximum: 120}
    uncertainty: {pedigree: [2, 3, 1, 2, 3]}                  # r, c, t, g, tech; lognormal
    uncertainty: {from_quality: true}                         # pedigree from the PEF dq scores

A derived form may set ``basic_variance`` (σ_b² of ln x) instead of the default of its kind.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carbonlabel.domain.uncertainty import DistributionKind, Pedigree, Uncertainty

_Bounded = Annotated[float, Field(ge=-1e15, le=1e15)]
_PedigreeScore = Annotated[int, Field(ge=1, le=5)]

_PARAMETERS: dict[str, tuple[set[str], set[str]]] = {  # required (one of), allowed
    "lognormal": ({"gsd", "sigma"}, {"gsd", "sigma"}),
    "normal": ({"sd"}, {"sd"}),
    "uniform": ({"minimum"}, {"minimum", "maximum"}),
    "triangular": ({"minimum"}, {"minimum", "mode", "maximum"}),
}


class UncertaintyIn(BaseModel):
    """How an amount varies: a distribution, pedigree scores, or ``from_quality``."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    distribution: Literal["lognormal", "normal", "uniform", "triangular"] | None = None
    gsd: float | None = Field(None, ge=1, le=1e6, description="lognormal: geometric sd")
    sigma: float | None = Field(None, ge=0, lt=10, description="lognormal: σ of ln x")
    sd: float | None = Field(None, ge=0, le=1e15, description="normal: standard deviation")
    minimum: _Bounded | None = None
    mode: _Bounded | None = Field(None, description="triangular (default: the amount)")
    maximum: _Bounded | None = None
    pedigree: list[_PedigreeScore] | None = Field(
        None, min_length=5, max_length=5,
        description="pedigree scores [reliability, completeness, temporal, geographical, "
                    "technological], each 1..5: a lognormal (ecoinvent v3)")
    from_quality: bool = Field(False, description="pedigree scores from the PEF dq scores")
    basic_variance: float | None = Field(
        None, ge=0, lt=10, description="pedigree / from_quality: basic variance σ_b² of ln x")

    @model_validator(mode="after")
    def _one_form(self) -> UncertaintyIn:
        forms = [k for k, v in (("distribution", self.distribution),
                                ("pedigree", self.pedigree),
                                ("from_quality", self.from_quality or None)) if v is not None]
        if len(forms) != 1:
            raise ValueError("give exactly one of 'distribution', 'pedigree' or 'from_quality'")
        given = {k for k in ("gsd", "sigma", "sd", "minimum", "mode", "maximum")
                 if getattr(self, k) is not None}
        if self.distribution is None:
            if given:
                raise ValueError("distribution parameters need 'distribution'")
            return self
        if self.basic_variance is not None:
            raise ValueError("'basic_variance' goes with 'pedigree' or 'from_quality'")
        need, allowed = _PARAMETERS[self.distribution]
        if given - allowed or not given & need or (
                self.distribution == "lognormal" and len(given) != 1) or (
                self.distribution in ("uniform", "triangular") and self.maximum is None):
            raise ValueError("the parameters do not fit the distribution (lognormal: gsd or "
                             "sigma; normal: sd; uniform: minimum, maximum; triangular: "
                             "minimum, mode, maximum)")
        return self


#: Chinese for the validator messages above (the model file's error table reads it).
VALIDATOR_ZH: dict[str, str] = {
    "give exactly one of 'distribution', 'pedigree' or 'from_quality'":
        "须且只能给出 distribution、pedigree 或 from_quality 之一",
    "distribution parameters need 'distribution'": "分布参数需要同时给出 distribution",
    "'basic_variance' goes with 'pedigree' or 'from_quality'":
        "basic_variance 只能与 pedigree 或 from_quality 一起使用",
    "the parameters do not fit the distribution (lognormal: gsd or sigma; normal: sd; uniform: "
    "minimum, maximum; triangular: minimum, mode, maximum)":
        "参数与分布不符（对数正态：gsd 或 sigma；正态：sd；均匀：minimum、maximum；"
        "三角：minimum、mode、maximum）",
}


def to_uncertainty(u: UncertaintyIn | None) -> Uncertainty | None:
    """The domain value of a model file's ``uncertainty:``."""
    if u is None:
        return None
    if u.pedigree is not None:
        return Uncertainty(pedigree=Pedigree(*u.pedigree), basic_variance=u.basic_variance)
    if u.from_quality:
        return Uncertainty(from_quality=True, basic_variance=u.basic_variance)
    kind = DistributionKind(str(u.distribution))
    if kind is DistributionKind.LOGNORMAL:
        return Uncertainty.lognormal(sigma=u.sigma, gsd=u.gsd)
    return Uncertainty(kind, sd=u.sd, minimum=u.minimum, mode=u.mode, maximum=u.maximum)
