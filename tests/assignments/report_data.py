"""A sizeable, varied set of tasks for the summary tests, made cheaply with bulk_create.

Every deadline status, extended and unextended due dates, tasks with and without a
ward, outcomes achieved or not in both directions, completions on either side of the
Hanoi midnight. Made straight in the database (not through the services): the point is
many tasks in every state, and the summary only reads the rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assignments import clock
from assignments.choices import DeadlineStatus, Direction, Escalation, Status
from assignments.escalation import escalation
from assignments.models import Group, Member, Outcome, Process, Task, Ward
from tests.factories import GroupFactory, MemberFactory, ProcessFactory, WardFactory

HANOI = dt.timezone(dt.timedelta(hours=7))

#: Completion times of day, in Hanoi: the two around midnight decide early/on time/late.
COMPLETION_TIMES = (dt.time(0, 30), dt.time(9, 0), dt.time(16, 45), dt.time(23, 30))


@dataclass
class Committee:
    groups: list[Group]
    wards: list[Ward]
    process: Process
    #: For each group: its members other than the leader (each in that group only).
    members: dict[int, list[Member]]


def make_committee(*, groups: int = 3, members_per_group: int = 3, wards_per_group: int = 2) -> Committee:
    made_groups, wards, members = [], [], {}
    for n in range(1, groups + 1):
        group_wards = [WardFactory(name=f"Phường {n}-{w}") for w in range(1, wards_per_group + 1)]
        group_members = [
            MemberFactory(full_name=f"Thành viên {n}-{m}") for m in range(1, members_per_group + 1)
        ]
        group = GroupFactory(number=n, name=f"Tổ {n}", members=group_members, wards=group_wards)
        made_groups.append(group)
        wards.extend(group_wards)
        members[group.pk] = group_members
    return Committee(groups=made_groups, wards=wards, process=ProcessFactory(steps=1), members=members)


def _completed_at(rng: random.Random, due: dt.date) -> dt.datetime:
    day = due + dt.timedelta(days=rng.choice((-9, -2, -1, 0, 0, 1, 2, 15)))
    return dt.datetime.combine(day, rng.choice(COMPLETION_TIMES), tzinfo=HANOI)


def bulk_tasks(
    committee: Committee,
    count: int,
    *,
    today: dt.date,
    seed: int = 4,
    **fields: Any,
) -> list[Task]:
    """`count` tasks spread over the committee's groups, in two INSERTs.

    `fields` fix a column for every task; a fixed `due_date` is also the original one
    and a fixed `status` gets a completion time only if it is done.
    """
    rng = random.Random(seed)
    moment = clock.now()
    tasks = []
    for _ in range(count):
        group = rng.choice(committee.groups)
        original_due = fields.get("due_date") or today + dt.timedelta(days=rng.randint(-120, 120))
        due = fields.get("due_date") or original_due + dt.timedelta(days=rng.choice((0, 0, 0, 0, 5, 30)))
        status = fields.get("status") or rng.choice(
            (Status.ASSIGNED, Status.IN_PROGRESS, Status.PAUSED, Status.SUBMITTED, Status.DONE, Status.DONE)
            + ((Status.CANCELLED,) if rng.random() < 0.3 else ())
        )
        values: dict[str, Any] = {
            "title": f"Nhiệm vụ {rng.randint(1, 10**6)}",
            "description": "Mô tả",
            "group": group,
            "ward": None,
            "owner": rng.choice([group.leader, *committee.members[group.pk]]),
            "assigned_by": group.leader.user,
            "process": committee.process,
            "start_date": original_due - dt.timedelta(days=30),
            "due_date": due,
            "original_due_date": original_due,
            "status": status,
            "completed_at": _completed_at(rng, due) if status == Status.DONE else None,
            "created_at": moment,
            "updated_at": moment,
        }
        values.update(fields)
        tasks.append(Task(**values))
    _assign_wards(committee, tasks, rng)
    Task.objects.bulk_create(tasks)
    Outcome.objects.bulk_create(_outcome(rng, task) for task in tasks)
    return tasks


def _assign_wards(committee: Committee, tasks: list[Task], rng: random.Random) -> None:
    wards_of = {g.pk: list(g.wards.all()) for g in committee.groups}
    for task in tasks:
        if task.ward is None and wards_of.get(task.group.pk) and rng.random() < 0.8:
            task.ward = rng.choice(wards_of[task.group.pk])


def _outcome(rng: random.Random, task: Task) -> Outcome:
    direction = rng.choice((Direction.INCREASE, Direction.DECREASE))
    target = Decimal(rng.choice((10, 50, 99)))
    actual = None if rng.random() < 0.2 else target + Decimal(rng.choice((-5, 0, 5)))
    return Outcome(task=task, indicator="Chỉ số", unit="%", target=target, direction=direction, actual=actual)


# --------------------------------------------------------------------------- the expected figures
# Recomputed here in plain Python from docs/rules.md's definitions, one task at a time, to
# check the database's aggregate against.


def expected_figures(tasks: Iterable[Task], today: dt.date) -> dict[str, Any]:
    tasks = list(tasks)
    status = Counter(t.deadline_status_on(today) for t in tasks)
    live = [t for t in tasks if t.status != Status.CANCELLED]
    done = [t for t in live if t.status == Status.DONE]
    total, done_in_time = len(live), status[DeadlineStatus.DONE_EARLY] + status[DeadlineStatus.DONE_ON_TIME]
    outcome_achieved = sum(1 for t in done if t.outcome.achieved)
    # The escalation's in-memory form, one task at a time (assignments/escalation.py).
    level = Counter(
        escalation(
            status=t.status, due_date=t.due_date, explained_for_due_date=t.explained_for_due_date, today=today
        )
        for t in tasks
    )

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "total": total,
        "done": len(done),
        "done_in_time": done_in_time,
        "done_early": status[DeadlineStatus.DONE_EARLY],
        "done_on_time": status[DeadlineStatus.DONE_ON_TIME],
        "done_late": status[DeadlineStatus.DONE_LATE],
        "open": total - len(done),
        "open_on_track": status[DeadlineStatus.OPEN_ON_TRACK],
        "open_due_soon": status[DeadlineStatus.OPEN_DUE_SOON],
        "open_overdue": status[DeadlineStatus.OPEN_OVERDUE],
        "cancelled": status[DeadlineStatus.CANCELLED],
        "extended": sum(1 for t in live if t.due_date > t.original_due_date),
        "escalated_leader": level[Escalation.LEADER],
        "escalated_committee": level[Escalation.COMMITTEE],
        "outcome_achieved": outcome_achieved,
        "completion_rate": ratio(len(done), total),
        "on_time_rate": ratio(done_in_time, len(done)),
        "overdue_rate": ratio(status[DeadlineStatus.OPEN_OVERDUE], total),
        "outcome_rate": ratio(outcome_achieved, len(done)),
    }


def expected_key(task: Task, by: str) -> tuple[Any, ...]:
    """The row key of a task, as a hashable tuple of the API's key fields."""
    if by == "group":
        return (("id", task.group.pk), ("name", task.group.name), ("number", task.group.number))
    if by == "ward":
        if task.ward is None:
            return (("id", None), ("name", "No ward"), ("code", None))
        return (("id", task.ward.pk), ("name", task.ward.name), ("code", task.ward.code))
    if by == "owner":
        return (("id", task.owner.pk), ("name", task.owner.full_name))
    if by == "document":
        document = task.document
        if document is None:
            return (("id", None), ("name", "No document"), ("code", None), ("kind", None))
        return (
            ("id", document.pk),
            ("name", str(document)),
            ("code", document.number),
            ("kind", document.kind),
        )
    return (("month", task.due_date.strftime("%Y-%m")),)


def expected_rows(tasks: Iterable[Task], by: str, today: dt.date) -> dict[tuple[Any, ...], dict[str, Any]]:
    """{row key: figures}, for the rows of the report grouped `by`."""
    grouped: dict[tuple[Any, ...], list[Task]] = defaultdict(list)
    for task in tasks:
        grouped[expected_key(task, by)].append(task)
    return {key: expected_figures(group, today) for key, group in grouped.items()}


def all_tasks() -> list[Task]:
    return list(Task.objects.select_related("group", "ward", "owner", "outcome", "document"))
