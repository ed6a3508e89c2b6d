"""A committee with a task in every deadline status, for the tests that compare the surfaces.

Today is 02/02/2026 (the cast's frozen "now"). Group 1 (ward Phúc Xá) holds the cast's
task, on track; one due soon; one overdue; one submitted late (awaiting acceptance, its
due date passed before it was handed in); one done early; one done late; one
cancelled; one extended. Group 2 holds one task on track.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assignments import clock, services
from assignments.models import Task
from tests.conftest import NOW, Cast
from tests.factories import ProcessFactory, make_task


@dataclass
class Committee:
    cast: Cast
    due_soon: Task
    overdue: Task
    submitted_late: Task
    done_early: Task
    done_late: Task
    cancelled: Task
    extended: Task
    other_group: Task


def hand_in(task: Task, owner, *, at: dt.datetime = NOW) -> None:
    """Start, complete every step, measure 99 and submit, at `at`."""
    with clock.frozen_at(at):
        services.task_start(task=task.pk, actor=owner)
        for step in task.steps.order_by("order"):
            services.task_complete_step(task=task.pk, step=step.pk, actor=owner)
        services.measurement_record(
            task=task.pk, actor=owner, value=99, measured_on=clock.local_date(at) - dt.timedelta(days=1)
        )
        services.task_submit(task=task.pk, actor=owner)


def make_committee(cast: Cast) -> Committee:
    process = ProcessFactory(steps=1)
    owner, leader = cast.owner.user, cast.leader.user

    def task(title: str, due: dt.date, **kwargs) -> Task:
        start = min(dt.date(2026, 1, 2), due)
        return make_task(
            group=cast.group, owner=cast.owner, process=process, title=title, start_date=start, due_date=due,
            ward=cast.ward, **kwargs,
        )  # fmt: skip

    due_soon = task("Việc sắp đến hạn", dt.date(2026, 2, 4))
    overdue = task("Việc quá hạn", dt.date(2026, 1, 20))
    submitted_late = task("Việc nộp muộn", dt.date(2026, 1, 25))
    hand_in(submitted_late, owner)
    done_early = task("Việc xong sớm", dt.date(2026, 3, 20))
    hand_in(done_early, owner)
    services.task_accept(task=done_early.pk, actor=leader)
    done_late = task("Việc xong muộn", dt.date(2026, 1, 28))
    hand_in(done_late, owner)
    services.task_accept(task=done_late.pk, actor=leader)
    cancelled = task("Việc đã hủy", dt.date(2026, 3, 10))
    services.task_cancel(task=cancelled.pk, actor=leader, note="Không còn cần thiết.")
    extended = task("Việc được gia hạn", dt.date(2026, 2, 20))
    services.task_extend(task=extended.pk, actor=leader, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu.")
    other_group = make_task(
        group=cast.other_group, owner=cast.other_member, process=process, title="Việc của tổ 2"
    )
    return Committee(
        cast=cast,
        due_soon=due_soon,
        overdue=overdue,
        submitted_late=submitted_late,
        done_early=done_early,
        done_late=done_late,
        cancelled=cancelled,
        extended=extended,
        other_group=other_group,
    )
