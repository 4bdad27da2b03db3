"""Reading the uncertainty of exchanges: EcoSpold 2 ``<uncertainty>`` and openLCA JSON-LD
``"uncertainty"``, into :class:`~carbonlabel.domain.exchange_uncertainty.ExchangeUncertainty`.

EcoSpold 2 (ecoinvent data format, ``uncertainty`` of an exchange; Weidema et al. 2013, §10):

* ``<lognormal meanValue mu variance varianceWithPedigreeUncertainty>``: median
  ``±exp(mu)`` (signed like ``meanValue``; ``meanValue`` when ``mu`` is missing), ``σ² =
  varianceWithPedigreeUncertainty`` (else ``variance``): the variance is that of ``ln x``;
* ``<normal meanValue variance varianceWithPedigreeUncertainty>``: ``sd = √variance…``;
* ``<triangular minValue mostLikelyValue maxValue>``, ``<uniform minValue maxValue>``;
* any other element (``undefined``, beta, gamma, binomial): not read (counted).

openLCA JSON-LD (``Uncertainty`` of the olca-schema): ``LOG_NORMAL_DISTRIBUTION`` with
``geomMean`` (the median) and ``geomSd`` (``σ = ln geomSd``), ``NORMAL_DISTRIBUTION`` with
``mean`` and ``sd``, ``TRIANGLE_DISTRIBUTION`` with ``minimum``, ``mode``, ``maximum``,
``UNIFORM_DISTRIBUTION`` with ``minimum``, ``maximum``.

An amount outside the central 95 % of its own distribution is counted (the source states
them apart; USLCI has uniform distributions of 0 … 9.68 around amounts of 1e-6). Bounds given
in the wrong order (``minimum > maximum``) are swapped and counted; a distribution
that still cannot be sampled (:func:`~carbonlabel.domain.exchange_uncertainty.usable`, e.g. an
infinite variance) is left out and counted, the amount being kept.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

import olca_schema as o
from lxml import etree

from carbonlabel.domain.exchange_uncertainty import ExchangeUncertainty, off_centre, usable
from carbonlabel.domain.inventory import ImportIssue
from carbonlabel.domain.uncertainty import DistributionKind as K


@dataclass
class UncertaintyTally:
    """What one import read: distributions by kind and the problems, counted."""

    read: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    swapped: int = 0
    off_centre: int = 0  # amounts outside the central 95 % of their own distribution

    def keep(self, u: ExchangeUncertainty | None, amount: float) -> ExchangeUncertainty | None:
        """``u`` with its bounds in order, or ``None`` when it cannot be sampled."""
        if u is None:
            return None
        if (u.minimum is not None and u.maximum is not None and u.minimum > u.maximum):
            u = replace(u, minimum=u.maximum, maximum=u.minimum)
            self.swapped += 1
        why = usable(u)
        if why is not None:
            self.dropped[why] += 1
            return None
        self.read[u.kind.value] += 1
        if off_centre(u, amount):
            self.off_centre += 1
        return u

    def unknown(self, what: str) -> None:
        self.dropped[f"distribution '{what}' not read"] += 1

    def summary(self) -> str:
        """For the source's metadata, e.g. ``lognormal 319, triangular 379``."""
        return ", ".join(f"{k} {n}" for k, n in sorted(self.read.items())) or "none"

    def issues(self) -> tuple[ImportIssue, ...]:
        out = [ImportIssue("uncertainty_unusable", "",
                           f"{n} exchange uncertainties left out: {why} (amount kept)",
                           f"{n} 个交换量的不确定性无法使用，已略去（保留数量）：{why}")
               for why, n in sorted(self.dropped.items())]
        if self.swapped:
            out.append(ImportIssue("uncertainty_bounds_swapped", "",
                                   f"{self.swapped} distributions gave minimum above maximum "
                                   "(swapped)",
                                   f"{self.swapped} 个分布的最小值大于最大值（已互换）"))
        if self.off_centre:
            out.append(ImportIssue(
                "uncertainty_off_centre", "",
                f"{self.off_centre} exchanges' amounts lie outside the central 95 % of their own "
                "distribution (both kept: the footprint takes the amount, Monte Carlo samples "
                "the distribution)",
                f"{self.off_centre} 个交换的数量不在其自身分布的中间 95 % 范围内（均保留：碳足迹"
                "取该数量，蒙特卡洛按分布抽样）"))
        return tuple(out)


def _num(raw: str | None) -> float | None:
    if raw is None or not raw.strip():
        return None
    try:
        return float(raw)  # "Infinity", "NaN" parse; usable() rejects them
    except ValueError:
        return None


def _root(v: float | None) -> float | None:
    return None if v is None or not v >= 0 else math.sqrt(v)


def from_ecospold2(exchange: etree._Element, ns: str, amount: float,
                   tally: UncertaintyTally) -> ExchangeUncertainty | None:
    """The uncertainty of an EcoSpold 2 exchange element (``ns``: ``{namespace}``) of
    ``amount``."""
    node = exchange.find(f"{ns}uncertainty")
    if node is None:
        return None
    for d in node:
        if not isinstance(d.tag, str) or d.tag in (f"{ns}pedigreeMatrix", f"{ns}comment"):
            continue
        tag = etree.QName(d).localname
        mean = _num(d.get("meanValue"))
        variance = _num(d.get("varianceWithPedigreeUncertainty"))
        if variance is None:
            variance = _num(d.get("variance"))
        if tag == "lognormal":
            mu = _num(d.get("mu"))
            median = mean if mu is None else math.copysign(math.exp(mu), mean or 1.0)
            return tally.keep(ExchangeUncertainty(K.LOGNORMAL, median=median,
                                                  sigma=_root(variance)), amount)
        if tag == "normal":
            return tally.keep(ExchangeUncertainty(K.NORMAL, mean=mean, sd=_root(variance)),
                              amount)
        lo, hi = _num(d.get("minValue")), _num(d.get("maxValue"))
        if tag == "triangular":
            return tally.keep(ExchangeUncertainty(K.TRIANGULAR, minimum=lo, maximum=hi,
                                                  mode=_num(d.get("mostLikelyValue"))),
                              amount)
        if tag == "uniform":
            return tally.keep(ExchangeUncertainty(K.UNIFORM, minimum=lo, maximum=hi), amount)
        tally.unknown(tag)
        return None
    return None


def from_olca(u: o.Uncertainty | None, amount: float,
              tally: UncertaintyTally) -> ExchangeUncertainty | None:
    """The uncertainty of an openLCA exchange of ``amount``."""
    if u is None or u.distribution_type is None:
        return None
    t = o.UncertaintyType
    kind = u.distribution_type
    if kind == t.LOG_NORMAL_DISTRIBUTION:
        gsd = u.geom_sd
        sigma = math.log(gsd) if gsd is not None and gsd > 0 and math.isfinite(gsd) else None
        if gsd is not None and 0 < gsd < 1:
            sigma = -1.0  # a geometric sd below 1: refused by usable()
        return tally.keep(ExchangeUncertainty(K.LOGNORMAL, median=u.geom_mean, sigma=sigma),
                          amount)
    if kind == t.NORMAL_DISTRIBUTION:
        return tally.keep(ExchangeUncertainty(K.NORMAL, mean=u.mean, sd=u.sd), amount)
    if kind == t.TRIANGLE_DISTRIBUTION:
        return tally.keep(ExchangeUncertainty(K.TRIANGULAR, minimum=u.minimum, mode=u.mode,
                                              maximum=u.maximum), amount)
    if kind == t.UNIFORM_DISTRIBUTION:
        return tally.keep(ExchangeUncertainty(K.UNIFORM, minimum=u.minimum, maximum=u.maximum),
                          amount)
    tally.unknown(str(kind))
    return None
