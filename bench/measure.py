"""Timing side by side: ours against the floor, interleaved, the median of rounds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Comparison:
    """One measurement: the product's time, the floor's, their ratio and the goal."""

    section: str
    name: str
    ours_ms: float
    floor_ms: float
    ratio: float
    goal: float
    floor: str
    rounds: int
    calls: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def met(self) -> bool:
        return self.ratio <= self.goal

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met}


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def compare(
    ours: Callable[[], Any],
    floor: Callable[[], Any],
    *,
    rounds: int,
    calls: int,
    warmup: int = 2,
) -> tuple[float, float, float]:
    """(ours ms, floor ms, ratio): each round times `calls` pairs, alternating which goes
    first, so a burst of load elsewhere hits both sides alike. A round's figure is the
    median of its calls; the result is the median over the rounds (of the times, and of
    each round's ratio)."""
    for _ in range(warmup):
        ours()
        floor()
    ours_rounds, floor_rounds, ratios = [], [], []
    for r in range(rounds):
        a, b = [], []
        for i in range(calls):
            if (r + i) % 2 == 0:
                a.append(_timed(ours))
                b.append(_timed(floor))
            else:
                b.append(_timed(floor))
                a.append(_timed(ours))
        ours_rounds.append(statistics.median(a))
        floor_rounds.append(statistics.median(b))
        ratios.append(ours_rounds[-1] / floor_rounds[-1])
    return statistics.median(ours_rounds), statistics.median(floor_rounds), statistics.median(ratios)
