"""SQL queries per request: a list costs the same for 1 row as for 50; a task and its
actions cost a small fixed number (docs/architecture.md: no N+1).

Requests are authenticated without a token (`force_authenticate`), so the numbers are
the endpoint's own. Each list is read once before measuring, so one-off caches
(content types, translations) are not counted. Measured numbers are in the comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments import services
from assignments.models import Target
from tests.api.contract_helpers import (
    body,
    client_as,
    create_payload,
    is_routed,
    paused,
    ready_to_submit,
    started,
    submitted,
    task_url,
    url,
)
from tests.factories import (
    GroupFactory,
    MemberFactory,
    ProcessFactory,
    StaffUserFactory,
    StandingMemberFactory,
    WardFactory,
    make_task,
)


def queries(client: Any, method: str, path: str, payload: Any = None, **extra: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        if payload is None:
            response = getattr(client, method)(path, **extra)
        else:
            response = getattr(client, method)(path, payload, format="json", **extra)
    assert response.status_code < 300, f"{method.upper()} {path}: {response.status_code} {body(response)}"
    return len(captured), response


# --------------------------------------------------------------------------- lists: 1 row and 50


@dataclass
class World:
    """What a list needs; `add(n)` adds n more rows of the listed kind."""

    path: str
    add: Callable[[int], None]
    reader: Any


def wards_world(staff: Any) -> World:
    return World("wards/", lambda n: [WardFactory() for _ in range(n)], staff)


def members_world(staff: Any) -> World:
    ward = WardFactory()
    group = GroupFactory(wards=[ward])  # its leader is the first member listed
    first = [True]

    def add(n: int) -> None:
        for _ in range(n - 1 if first.pop() else n):
            member = MemberFactory()
            member.wards.add(ward)
            group.members.add(member)
        first.append(False)

    return World("members/", add, staff)


def groups_world(staff: Any) -> World:
    def add(n: int) -> None:
        for _ in range(n):
            ward = WardFactory()
            member = MemberFactory()
            GroupFactory(members=[member], wards=[ward])

    return World("groups/", add, staff)


def processes_world(staff: Any) -> World:
    return World("processes/", lambda n: [ProcessFactory(steps=2) for _ in range(n)], staff)


def tasks_world(reader_role: str) -> Callable[[Any], World]:
    def build(staff: Any) -> World:
        ward = WardFactory()
        leader = StandingMemberFactory()
        reader = MemberFactory()
        group = GroupFactory(leader=leader, members=[reader], wards=[ward])
        process = ProcessFactory(steps=2)

        def add(n: int) -> None:
            for _ in range(n):
                owner, coordinator = MemberFactory(), MemberFactory()
                group.members.add(owner, coordinator)
                make_task(group=group, owner=owner, ward=ward, coordinators=[coordinator], process=process)

        return World("tasks/", add, staff if reader_role == "staff" else reader.user)

    return build


def _task_for_logs(staff: Any) -> Any:
    owner = MemberFactory()
    group = GroupFactory(members=[owner])
    task = make_task(group=group, owner=owner)
    return services.task_start(task=task, actor=owner.user)


def measurements_world(staff: Any) -> World:
    task = _task_for_logs(staff)

    def add(n: int) -> None:
        for i in range(n):
            services.measurement_record(
                task=task.pk, actor=task.owner.user, value=50 + i, measured_on=dt.date(2026, 1, 5)
            )

    return World(f"tasks/{task.pk}/measurements/", add, staff)


def notes_world(staff: Any) -> World:
    task = _task_for_logs(staff)

    def add(n: int) -> None:
        for i in range(n):
            services.note_add(task=task.pk, actor=task.owner.user, text=f"Ghi chú {i}")

    return World(f"tasks/{task.pk}/notes/", add, staff)


def events_world(staff: Any) -> World:
    owner = MemberFactory()
    group = GroupFactory(members=[owner])
    task = make_task(group=group, owner=owner)  # the first event: created
    first = [True]

    def add(n: int) -> None:
        for i in range(n - 1 if first.pop() else n):
            services.note_add(
                task=task.pk, actor=owner.user if i % 2 else group.leader.user, text=f"Việc {i}"
            )
        first.append(False)

    return World(f"tasks/{task.pk}/events/", add, staff)


def targets_world(staff: Any) -> World:
    def add(n: int) -> None:
        start = Target.objects.count()
        for i in range(start, start + n):
            Target.objects.create(
                code=f"CT{i:03d}",
                name=f"Chỉ tiêu {i}",
                unit="%",
                target_value=90,
                deadline=dt.date(2030, 12, 31),
            )

    return World("targets/", add, staff)


LISTS = [
    # Queries measured for 1 row and for 50 (the same on SQLite and PostgreSQL):
    pytest.param(wards_world, id="wards"),  # 2: count, page
    pytest.param(members_world, id="members"),  # 4: count, page, groups, wards
    pytest.param(groups_world, id="groups"),  # 4: count, page (leader joined), members, wards
    pytest.param(processes_world, id="processes"),  # 3: count, page, steps
    pytest.param(tasks_world("staff"), id="tasks (office)"),  # 4: count, page (briefs joined), steps,
    pytest.param(tasks_world("member"), id="tasks (a member: scoped)"),  # coordinators; 4 scoped too
    pytest.param(measurements_world, id="measurements"),  # 3: the task is readable, count, page
    pytest.param(notes_world, id="notes"),  # 3: the task is readable, count, page
    pytest.param(events_world, id="events"),  # 3: the task is readable, count, page (actor joined)
    pytest.param(targets_world, id="targets"),  # 2: count, page
]


@pytest.mark.parametrize("build", LISTS)
def test_a_list_runs_the_same_queries_for_1_row_and_for_50(db, frozen_now, build):
    staff = StaffUserFactory()
    world = build(staff)
    client = client_as(world.reader)
    if world.path == "targets/" and not is_routed("targets/", "GET"):
        pytest.skip("targets/ is not routed yet (added by a separate change)")

    world.add(1)
    client.get(url(world.path))  # warm-up
    one, response = queries(client, "get", url(world.path))
    assert response.json()["count"] == 1

    world.add(49)
    fifty, response = queries(client, "get", url(world.path))
    assert response.json()["count"] == 50
    assert len(response.json()["results"]) == 50

    assert fifty == one, f"{world.path}: {one} queries for 1 row, {fifty} for 50"


# --------------------------------------------------------------------------- a task and its actions

#: Measured: 3 (the task with its briefs and outcome joined, its steps, its coordinators).
DETAIL_BOUND = 3


def test_a_task_detail_costs_the_same_whatever_its_size(db, frozen_now):
    """A task with 1 step and no coordinators costs what one with 12 steps, 5 coordinators does."""
    staff = StaffUserFactory()
    small_owner, big_owner = MemberFactory(), MemberFactory()
    coordinators = [MemberFactory() for _ in range(5)]
    group = GroupFactory(members=[small_owner, big_owner, *coordinators])
    small = make_task(group=group, owner=small_owner, process=ProcessFactory(steps=1))
    big = make_task(group=group, owner=big_owner, process=ProcessFactory(steps=12), coordinators=coordinators)
    for i in range(10):
        services.note_add(task=big.pk, actor=big_owner.user, text=f"Ghi chú {i}")
    client = client_as(staff)
    client.get(task_url(small.pk))  # warm-up

    small_count, _ = queries(client, "get", task_url(small.pk))
    big_count, _ = queries(client, "get", task_url(big.pk))

    assert small_count == big_count, f"{small_count} queries for a small task, {big_count} for a big one"
    assert big_count <= DETAIL_BOUND, f"the task detail runs {big_count} queries (bound {DETAIL_BOUND})"


@dataclass(frozen=True)
class Write:
    method: str
    suffix: str
    actor: str
    payload: Callable[[Any], Any]
    bound: int
    prepare: Callable[[Any], Any] | None = None


def _step(cast: Any) -> str:
    return f"steps/{cast.task.steps.order_by('order').first().pk}/complete/"


# `bound` is the number measured, the same on SQLite and PostgreSQL. A plain action costs
# 10: the visibility check (1), the savepoint pair (2), the row lock (2: the id, then the
# row with its group and owner), the task's update and its one event (2), and the task read
# back for the answer (3: the task with its briefs, its steps, its coordinators). Submit,
# reassign, a step and a measurement add the reads and writes their rule needs. Every
# event then costs 2 for the webhooks' outbox (the endpoints, the message), and one that
# tells someone (docs/rules.md, "Notifications") up to 9 more: the followers' ids (1) and
# the people (1), the inbox rows (3: the keys there, the insert, the keys read back), the
# people's channels (1) and the deliveries (1); constant whatever the number told.
WRITES = [
    pytest.param(Write("patch", "", "leader", lambda c: {"title": "Tiêu đề mới"}, 12), id="PATCH"),
    pytest.param(Write("post", "start/", "owner", lambda c: {}, 12), id="start"),
    # Submit reads the task's current files too: the product it may require, its event names.
    pytest.param(Write("post", "submit/", "owner", lambda c: {}, 21, ready_to_submit), id="submit"),
    pytest.param(Write("post", "accept/", "leader", lambda c: {}, 19, submitted), id="accept"),
    pytest.param(
        Write("post", "return/", "leader", lambda c: {"note": "Bổ sung"}, 19, submitted), id="return"
    ),
    pytest.param(Write("post", "pause/", "owner", lambda c: {"note": "Tạm dừng"}, 18, started), id="pause"),
    pytest.param(Write("post", "resume/", "owner", lambda c: {}, 16, paused), id="resume"),
    pytest.param(Write("post", "cancel/", "staff", lambda c: {"note": "Không còn phù hợp"}, 19), id="cancel"),
    pytest.param(
        Write("post", "reassign/", "leader", lambda c: {"owner": c.group_member.pk, "reason": "Đi học"}, 22),
        id="reassign",
    ),
    pytest.param(
        Write("post", "extend/", "leader", lambda c: {"due_date": "2026-04-30", "reason": "Chờ số liệu"}, 18),
        id="extend",
    ),
    pytest.param(Write("post", "step", "owner", lambda c: {}, 14, started), id="complete step"),
    pytest.param(
        Write(
            "post",
            "measurements/",
            "owner",
            lambda c: {"value": 90, "measured_on": "2026-02-01"},
            14,
            started,
        ),
        id="record measurement",
    ),
    pytest.param(Write("post", "notes/", "coordinator", lambda c: {"text": "Đã liên hệ"}, 12), id="add note"),
    pytest.param(
        Write("post", "notes/", "standing", lambda c: {"kind": "direction", "text": "Chỉ đạo"}, 17),
        id="give direction",
    ),
    # A list change reads the current list and checks the other one (2), then Django's
    # `set()` reads the links and writes the difference (4 for coordinators, whose one
    # link is replaced; 3 for watchers, only added).
    pytest.param(
        Write("post", "change_coordinators/", "leader", lambda c: {"coordinators": [c.group_member.pk]}, 18),
        id="change coordinators",
    ),
    pytest.param(
        Write("post", "change_watchers/", "leader", lambda c: {"watchers": [c.other_member.pk]}, 17),
        id="change watchers",
    ),
    # The guard reads the steps and the measurements (2: the action has a precondition),
    # then the outcome's update (1).
    pytest.param(
        Write("post", "correct_outcome/", "leader", lambda c: {"target": 95, "reason": "Nhập nhầm"}, 15),
        id="correct outcome",
    ),
]

#: Measured: 28 for a task with 2 steps and for one with 10 (steps are bulk-inserted): 21,
#: then the owner told (5) and the webhooks' outbox (2).
CREATE_BOUND = 28


@pytest.mark.parametrize("write", WRITES)
def test_each_write_runs_a_small_fixed_number_of_queries(cast, write):
    if write.prepare:
        write.prepare(cast)
    suffix = _step(cast) if write.suffix == "step" else write.suffix
    client = client_as(cast.user(write.actor))
    client.get(task_url(cast.task.pk))  # warm-up
    count, _ = queries(client, write.method, task_url(cast.task.pk, suffix), write.payload(cast))
    assert count <= write.bound, (
        f"{write.method.upper()} {suffix or 'task'}: {count} queries (measured bound {write.bound})"
    )


def test_creating_a_task_runs_a_small_fixed_number_of_queries(cast):
    """Creating a task with 2 steps costs what creating one with 10 does (bulk-inserted steps)."""
    client = client_as(cast.leader.user)
    client.post(url("tasks/"), create_payload(cast, ProcessFactory(steps=1)), format="json")  # warm-up
    small, _ = queries(client, "post", url("tasks/"), create_payload(cast, ProcessFactory(steps=2)))
    big, _ = queries(client, "post", url("tasks/"), create_payload(cast, ProcessFactory(steps=10)))
    assert small == big, f"{small} queries for 2 steps, {big} for 10"
    assert big <= CREATE_BOUND, f"creating a task runs {big} queries (bound {CREATE_BOUND})"
