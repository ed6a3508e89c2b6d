"""The plan of the demo's 600 tasks: what happens to each one, by whom, and when.

Plain Python, no database: a fixed random seed gives the same plan on every run.
Each task gets a story that ends, as of the demo's "today" (2026-11-27), in the
status and `deadline_status` its scenario asks for; every action is dated on or
before the day before, so no event lies in the future of anyone running the seed.
"""

from __future__ import annotations

import random

from assignments.choices import DeadlineStatus as DS
from assignments.choices import Status

from . import org
from .content import ward_names
from .files import add_files
from .story import (
    COORDINATOR,
    LEADER,
    OFFICE,
    OWNER,
    STANDING,
    Action,
    Story,
    TaskPlan,
)
from .timeline import DEMO_TODAY

__all__ = [
    "COORDINATOR",
    "DEMO_TODAY",
    "LEADER",
    "OFFICE",
    "OWNER",
    "SCENARIOS",
    "SEED",
    "STANDING",
    "Action",
    "TaskPlan",
    "build_plan",
    "group_members",
    "ward_names",
]

SEED = 2020

#: How the 600 tasks end up: (deadline_status, status, how many).
SCENARIOS: list[tuple[DS, Status, int]] = [
    (DS.DONE_EARLY, Status.DONE, 262),
    (DS.DONE_ON_TIME, Status.DONE, 104),
    (DS.DONE_LATE, Status.DONE, 114),
    (DS.CANCELLED, Status.CANCELLED, 24),
    (DS.OPEN_OVERDUE, Status.ASSIGNED, 4),
    (DS.OPEN_OVERDUE, Status.IN_PROGRESS, 20),
    (DS.OPEN_OVERDUE, Status.PAUSED, 6),
    (DS.OPEN_OVERDUE, Status.SUBMITTED, 6),
    (DS.OPEN_DUE_SOON, Status.ASSIGNED, 3),
    (DS.OPEN_DUE_SOON, Status.IN_PROGRESS, 5),
    (DS.OPEN_DUE_SOON, Status.PAUSED, 1),
    (DS.OPEN_DUE_SOON, Status.SUBMITTED, 3),
    (DS.OPEN_ON_TRACK, Status.ASSIGNED, 14),
    (DS.OPEN_ON_TRACK, Status.IN_PROGRESS, 24),
    (DS.OPEN_ON_TRACK, Status.PAUSED, 4),
    (DS.OPEN_ON_TRACK, Status.SUBMITTED, 6),
]


def group_members() -> dict[int, list[str]]:
    """The ordinary members (owners, coordinators) of each group, by group number."""
    members: dict[int, list[str]] = {number: [] for number in org.GROUP_WARDS}
    for i in range(1, len(org.WARD_SECRETARIES) + len(org.DISTRICT_MEMBERS) + 1):
        username = f"member{i:02d}"
        for number in org.member_groups(username):
            members[number].append(username)
    return members


def build_plan(seed: int = SEED) -> list[TaskPlan]:
    rng = random.Random(seed)
    scenarios = [(ds, status) for ds, status, count in SCENARIOS for _ in range(count)]
    rng.shuffle(scenarios)
    members = group_members()
    plans = [
        Story(rng, number, ds, status, members).plan()
        for number, (ds, status) in enumerate(scenarios, start=1)
    ]
    # Create in the order the tasks were assigned, so ids follow time.
    plans.sort(key=lambda p: (p.created_at, p.number))
    add_files(plans)
    return plans
