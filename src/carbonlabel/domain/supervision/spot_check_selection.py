"""How a spot-check campaign draws its sample of certificates (认证有效性抽查的抽样).

The selection (:func:`select`) draws two parts:

- the *risk* part, ``size - round(size * random_share)`` certificates, by weighted sampling
  without replacement (Efraimidis–Spirakis: each candidate gets the key ``u ** (1 / w)`` with
  ``u`` uniform on (0, 1), the largest keys are drawn; a candidate is then the first drawn with
  probability ``w / Σw``). A candidate's weight is::

      w = 1 + alert_weight · min(open alerts on the certificate, MAX_COUNTED_ALERTS)
            + category_weights[its product category]   (0 when not named)
            + body_weights[its certification body]     (0 when not named)

- the *random* part, ``round(size * random_share)`` certificates drawn uniformly from those
  left, so every certificate in scope has a chance whatever its risk.

Each drawn item keeps why it was drawn (the part, its weight and the risk facts). A regulator
may also add a certificate by its number (a targeted check, prompted by a complaint or an
alert); a later draw leaves it out of the candidates.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from carbonlabel.errors import InputError

#: more open alerts than this on one certificate add no more weight
MAX_COUNTED_ALERTS = 3
#: a campaign draws at most this many certificates
MAX_SAMPLE = 5000


@dataclass(frozen=True)
class Selection:
    """How a campaign draws its sample (weights documented in the module docstring)."""

    size: int
    seed: int
    random_share: float = 0.2
    alert_weight: float = 2.0
    category_weights: Mapping[str, float] = field(default_factory=dict)
    body_weights: Mapping[str, float] = field(default_factory=dict)


def check_selection(s: Selection) -> None:
    if not 1 <= s.size <= MAX_SAMPLE:
        raise InputError(field="size", message_en=f"a sample has 1 to {MAX_SAMPLE} certificates",
                         message_zh=f"抽样数量须为 1 至 {MAX_SAMPLE}")
    if not 0 <= s.random_share <= 1:
        raise InputError(field="random_share", message_en="the random share is between 0 and 1",
                         message_zh="随机抽取比例须在 0 与 1 之间")
    weights = [s.alert_weight, *s.category_weights.values(), *s.body_weights.values()]
    if any(not math.isfinite(w) or w < 0 or w > 1000 for w in weights):
        raise InputError(field="weights", message_en="weights are between 0 and 1000",
                         message_zh="权重须在 0 与 1000 之间")
    if not 0 <= s.seed < 2 ** 63:
        raise InputError(field="seed", message_en="the seed is a whole number from 0",
                         message_zh="随机种子须为非负整数")


@dataclass(frozen=True)
class Candidate:
    """A certificate in the campaign's scope, with its risk facts."""

    certificate_id: str
    body_id: str
    category: str
    open_alerts: int = 0


class DrawnBy(StrEnum):
    RISK = "risk"
    RANDOM = "random"
    TARGETED = "targeted"  # named by the regulator (a complaint, an alert, a tip-off)


@dataclass(frozen=True)
class Drawn:
    candidate: Candidate
    by: DrawnBy
    weight: float


def weight(c: Candidate, s: Selection) -> float:
    return (1.0 + s.alert_weight * min(c.open_alerts, MAX_COUNTED_ALERTS)
            + s.category_weights.get(c.category, 0.0) + s.body_weights.get(c.body_id, 0.0))


def select(candidates: Iterable[Candidate], s: Selection) -> tuple[Drawn, ...]:
    """The sample: the risk part by weight, then the random part uniformly from the rest
    (module docstring); deterministic for ``s.seed``. Fewer candidates than ``s.size``: all
    of them."""
    pool = sorted(candidates, key=lambda c: c.certificate_id)
    rng = random.Random(s.seed)
    size = min(s.size, len(pool))
    by_chance = round(size * s.random_share)
    keyed = sorted(((rng.random() ** (1.0 / weight(c, s)), c) for c in pool),
                   key=lambda kc: (-kc[0], kc[1].certificate_id))
    risk = [Drawn(c, DrawnBy.RISK, weight(c, s)) for _, c in keyed[:size - by_chance]]
    taken = {d.candidate.certificate_id for d in risk}
    rest = [c for c in pool if c.certificate_id not in taken]
    chance = [Drawn(c, DrawnBy.RANDOM, weight(c, s)) for c in rng.sample(rest, by_chance)]
    return tuple(risk + chance)
