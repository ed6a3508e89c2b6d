"""What a task of the demo says: its ward, its source, its outcome's numbers.

Drawn from the story's random generator (assignments/demo/story.py) in the order the
story asks, so the same seed writes the same tasks.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from decimal import Decimal

from assignments.choices import CLOSED_STATUSES, Status
from assignments.models.outcomes import is_achieved

from . import org
from .targets import TERM_END
from .templates import SOURCES, OutcomeTemplate, TaskTemplate

#: The ward merged away at the end of 2024 (retired, kept for the tasks that name it).
RETIRED_WARD = "00010"


def ward_code(
    rng: random.Random, template: TaskTemplate, *, group: int, start: dt.date, due: dt.date, status: Status
) -> str | None:
    """One of the group's wards, or none for a district-level task."""
    if template.district_level:
        return None
    codes = list(org.GROUP_WARDS[group])
    # The merged ward appears only in tasks assigned and closed in 2024, while it existed.
    in_2024 = start.year == 2024 and due <= dt.date(2024, 12, 31)
    if not (in_2024 and status in CLOSED_STATUSES):
        codes = [c for c in codes if c != RETIRED_WARD]
    return rng.choice(codes)


def source_of(rng: random.Random, start: dt.date) -> str:
    """The document the task comes from, dated by its start."""
    # The congress resolution of the 2020–2025 term is not cited by tasks after the term.
    sources = [s for s in SOURCES if start <= TERM_END or "2020 – 2025" not in s]
    return rng.choice(sources).format(year=start.year, quarter=(start.month - 1) // 3 + 1, month=start.month)


def measured_value(
    rng: random.Random,
    t: OutcomeTemplate,
    baseline: Decimal,
    target: Decimal,
    *,
    achieved: bool,
    low: float,
    high: float,
) -> Decimal:
    """A value between `low` and `high` of the way from baseline to target, that reaches
    the target or not as `achieved` says."""
    frac = rng.uniform(low, high)
    raw = float(baseline) + (float(target) - float(baseline)) * frac
    raw = max(0.0, raw if t.ceiling is None else min(raw, t.ceiling))
    value = _round(raw, t.decimals)
    step = Decimal(1).scaleb(-t.decimals)
    if achieved == is_achieved(actual=value, target=target, direction=t.direction):
        return value
    if achieved:
        return target
    return target - step if t.direction == "increase" else target + step


def _round(value: float, decimals: int) -> Decimal:
    return Decimal(str(round(value, decimals))).quantize(Decimal(1).scaleb(-decimals))


def outcome_number(rng: random.Random, bounds: tuple[float, float], decimals: int) -> Decimal:
    low, high = bounds
    if decimals == 0:
        return Decimal(rng.randint(int(low), int(high)))
    return _round(rng.uniform(low, high), decimals)


@functools.cache
def ward_names() -> dict[str, str]:
    return {w.code: w.name for w in org.load_wards()}
