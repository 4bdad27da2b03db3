"""A reproducible sample of a footprint's inventory lines, by their contribution.

The population is the result's inventory lines (a background input or the direct emissions of
a process, with its kg CO2e: the result's ``hotspots``), put in a fixed order (process, item).
The method is monetary-unit sampling on |kg CO2e|: the lines are laid end to end by their
absolute contribution, the length is cut into ``size`` equal intervals, and one point is drawn
in each (a random offset inside the interval, ``random.Random(seed)``); the line under a point
is taken. A line longer than an interval is always taken (a key item). A line under several
points is taken once; the sample is then topped up to ``size`` lines (or the whole
population) with lines drawn at random from the rest, by the same generator. The same seed
gives the same sample; the seed is stored with the engagement.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    path: str  # "<process id>/<item>"
    name: str
    stage: str
    co2e_kg: float


def draw(population: Sequence[Line], size: int, seed: int) -> tuple[Line, ...]:
    """Up to ``size`` lines, in population order."""
    lines = sorted(population, key=lambda x: x.path)
    total = sum(abs(x.co2e_kg) for x in lines)
    if size <= 0 or not lines:
        return ()
    if size >= len(lines) or total == 0:
        return tuple(lines[:size])
    rng = random.Random(seed)
    interval = total / size
    points = [i * interval + rng.uniform(0, interval) for i in range(size)]
    chosen: list[int] = []
    start, p = 0.0, 0
    for index, line in enumerate(lines):
        end = start + abs(line.co2e_kg)
        while p < len(points) and points[p] < end:
            if not chosen or chosen[-1] != index:
                chosen.append(index)
            p += 1
        start = end
    rest = [i for i in range(len(lines)) if i not in chosen]
    chosen += rng.sample(rest, min(size - len(chosen), len(rest)))
    return tuple(lines[i] for i in sorted(chosen))
