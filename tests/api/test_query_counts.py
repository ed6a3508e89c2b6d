"""Every list runs the same number of SQL queries for 1 row and for 50; detail and
actions a small fixed number. Each number is written down with what it is made of.

The clients authenticate with `force_authenticate` and a user read anew, so the counts
are the view's own (a token adds its lookup, the same for every request).
"""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.models import Task
from tests.api.api_helpers import API, fresh_client, task_url
from tests.factories import (
    GroupFactory,
    MemberFactory,
    ProcessFactory,
    StandingMemberFactory,
    WardFactory,
    make_task,
)

pytestmark = pytest.mark.django_db

PAGE = {"page_size": 200}


def more_tasks(cast, count: int) -> None:
    for n in range(count):
        make_task(
            group=cast.group,
            owner=cast.owner,
            coordinators=[cast.coordinator],
            process=cast.task.process,
            ward=cast.ward,
            title=f"Việc {n}",
        )


def count_for(django_assert_num_queries, expected: int, user, path: str, rows: int, **params: str) -> None:
    client = fresh_client(user)
    with django_assert_num_queries(expected):
        response = client.get(path, {**PAGE, **params})
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


# Tasks, as a member: their member record (scoping) 1, the count 1, the page with its
# joined group, ward, owner, assigner and their member record, process, target and
# outcome 1, the page's steps 1, the page's coordinators 1.
TASKS_AS_MEMBER = 5
# As the office: the same, without the member record (the office reads everything).
TASKS_AS_STAFF = 4


@pytest.mark.parametrize("rows", [1, 50])
def test_the_task_list_costs_the_same_for_1_and_50_tasks(cast, rows, django_assert_num_queries):
    more_tasks(cast, rows - 1)

    count_for(django_assert_num_queries, TASKS_AS_MEMBER, cast.owner.user, f"{API}tasks/", rows)
    count_for(django_assert_num_queries, TASKS_AS_STAFF, cast.staff, f"{API}tasks/", rows)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_task_list_with_filters_costs_the_same(cast, rows, django_assert_num_queries):
    more_tasks(cast, rows - 1)
    filters = {
        "status": "assigned",
        "deadline_status": "open_on_track",
        "ordering": "-priority",
        "q": "rà soát",
        "mine": "true",
        "group": str(cast.group.pk),
    }

    # As above, plus the `group` filter checking that the group exists 1.
    count_for(
        django_assert_num_queries, TASKS_AS_MEMBER + 1, cast.owner.user, f"{API}tasks/", rows, **filters
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_reference_lists_cost_the_same_for_1_and_50_rows(cast, rows, django_assert_num_queries):
    for n in range(rows - 1):
        ward = WardFactory()
        member = MemberFactory()
        member.wards.add(ward)
        GroupFactory(number=100 + n, members=[member], wards=[ward])
        ProcessFactory(steps=2)
    office = cast.staff
    wards, members, groups, processes = (
        rows,
        rows * 2 + 5,  # the cast's seven members, and per row a member and a group leader
        rows + 1,
        rows,
    )

    # Wards: count 1, page 1.
    count_for(django_assert_num_queries, 2, office, f"{API}wards/", wards)
    # Members: count 1, page with their login 1, their groups 1, their wards 1.
    count_for(django_assert_num_queries, 4, office, f"{API}members/", members)
    # Groups: count 1, page with the leader 1, their members 1, their wards 1.
    count_for(django_assert_num_queries, 4, office, f"{API}groups/", groups)
    # Processes: count 1, page 1, their steps 1.
    count_for(django_assert_num_queries, 3, office, f"{API}processes/", processes)


@pytest.mark.parametrize("rows", [1, 50])
def test_a_tasks_records_cost_the_same_for_1_and_50_rows(cast, rows, django_assert_num_queries):
    owner = cast.owner.user
    services.task_start(task=cast.task, actor=owner)
    for n in range(rows):
        services.measurement_record(task=cast.task, actor=owner, value=n, measured_on=dt.date(2026, 2, 1))
        services.note_add(task=cast.task, actor=owner, text=f"Ghi chú {n}")
    events = Task.objects.get(pk=cast.task.pk).events.count()
    reader = cast.coordinator.user

    # Each: the member record (scoping) 1, the task is readable 1, the count 1, the page
    # with each author's login and member record 1.
    count_for(django_assert_num_queries, 4, reader, task_url(cast.task, "measurements/"), rows)
    count_for(django_assert_num_queries, 4, reader, task_url(cast.task, "notes/"), rows)
    count_for(django_assert_num_queries, 4, reader, task_url(cast.task, "events/"), events)


def test_task_detail_costs_a_fixed_number(cast, django_assert_num_queries):
    client = fresh_client(cast.owner.user)
    # The member record 1, the task with its joins 1, its steps 1, its coordinators 1.
    with django_assert_num_queries(4):
        assert client.get(task_url(cast.task)).status_code == 200


def test_an_action_costs_a_fixed_number(cast, django_assert_num_queries):
    client = fresh_client(cast.owner.user)
    # Readable? the member record and an EXISTS 2; the service: its savepoint and release 2
    # (a transaction in production), the row locked then read with its group, owner and ward 2,
    # the update 1, the event 1; the answer: the task with its joins 1, steps 1,
    # coordinators 1; the webhooks' outbox: the endpoints 1, the message 1 (starting tells
    # nobody: no notification query).
    with django_assert_num_queries(13):
        response = client.post(task_url(cast.task, "start/"))
    assert response.status_code == 200


def test_me_costs_a_fixed_number(cast, django_assert_num_queries):
    leader = StandingMemberFactory()
    GroupFactory(number=50, leader=leader)
    client = fresh_client(leader.user)
    # The member record 1, whether they lead a group 1, the groups led 1, belonged to 1.
    with django_assert_num_queries(4):
        assert client.get(f"{API}me/").status_code == 200
