"""Bring a task to a given status through the services, so its event trail is a real one."""

from __future__ import annotations

from decimal import Decimal

from assignments import clock, services
from assignments.choices import Status
from assignments.models import Task

#: Every status a task can be in, in the order of its life.
ALL_STATUSES = (
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.PAUSED,
    Status.SUBMITTED,
    Status.DONE,
    Status.CANCELLED,
)


def do_the_work(task: Task) -> None:
    """Tick every step in order and record one measurement (the task must be in progress)."""
    owner = task.owner.user
    for step in task.steps.filter(completed_at__isnull=True).order_by("order"):
        services.task_complete_step(task=task, step=step, actor=owner)
    services.measurement_record(
        task=task, actor=owner, value=Decimal("99.5"), measured_on=clock.today(), note="Biên bản kiểm tra"
    )


def bring_to(task: Task, status: str, *, work_done: bool = False) -> Task:
    """Move a freshly assigned `task` to `status` by its owner and its group's leader.

    `work_done` also finishes the steps and records a measurement on the way, so the
    task can be submitted from `in_progress` (or resumed and submitted from `paused`).
    """
    owner = task.owner.user
    leader = task.group.leader.user
    if status == Status.CANCELLED:
        services.task_cancel(task=task, actor=leader, note="Nhiệm vụ không còn phù hợp")
    elif status != Status.ASSIGNED:
        services.task_start(task=task, actor=owner)
        if work_done or status in (Status.SUBMITTED, Status.DONE):
            do_the_work(task)
        if status == Status.PAUSED:
            services.task_pause(task=task, actor=owner, note="Chờ ý kiến chỉ đạo")
        if status in (Status.SUBMITTED, Status.DONE):
            services.task_submit(task=task, actor=owner)
        if status == Status.DONE:
            services.task_accept(task=task, actor=leader)
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status == status
    return fresh
