"""“Việc của tôi”: a member's own tasks first, open before closed, the most pressing first."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from tests.assignments.report_committee import make_committee
from tests.factories import ProcessFactory, make_task
from tests.web.web_helpers import client_for, query_count, text

pytestmark = pytest.mark.django_db

# The cast's clock says 2026-02-02.
OVERDUE = dt.date(2026, 1, 30)
DUE_SOON = dt.date(2026, 2, 4)
ON_TRACK = dt.date(2026, 3, 31)


def test_a_member_sees_the_tasks_they_own_with_due_date_group_and_deadline_label(cast):
    response = client_for(cast.owner.user).get("/my-tasks/")
    assert response.status_code == 200
    page = text(response)
    assert cast.task.title in page
    assert "31/03/2026" in page and cast.group.name in page
    assert "In progress within deadline" in page  # the deadline status, in words, not only a colour
    assert 'class="card dl-on-track"' in response.content.decode()


def test_open_tasks_come_first_the_overdue_then_the_due_soon_then_the_rest(cast):
    process = ProcessFactory(steps=1)
    for title, due in (("Việc sắp đến hạn", DUE_SOON), ("Việc quá hạn", OVERDUE)):
        make_task(
            group=cast.group,
            owner=cast.owner,
            process=process,
            title=title,
            start_date=dt.date(2026, 1, 1),
            due_date=due,
        )
    closed = make_task(group=cast.group, owner=cast.owner, process=process, title="Việc đã hủy")
    services.task_cancel(task=closed.pk, actor=cast.leader.user, note="Không cần nữa")
    page = text(client_for(cast.owner.user).get("/my-tasks/"))
    order = [page.index(t) for t in ("Việc quá hạn", "Việc sắp đến hạn", cast.task.title, "Việc đã hủy")]
    assert order == sorted(order)
    assert "In progress, overdue" in page and "Days overdue: 3" in page
    assert "Due soon" in page and "Days left: 2" in page
    assert "Done or cancelled (1)" in page


def test_tasks_a_member_coordinates_are_listed_apart_with_their_owner(cast):
    page = text(client_for(cast.coordinator.user).get("/my-tasks/"))
    mine, coordinated = page.split("Tasks I coordinate")
    assert cast.task.title not in mine
    assert cast.task.title in coordinated and cast.owner.full_name in coordinated


def test_a_member_does_not_see_other_peoples_tasks_there(cast):
    page = text(client_for(cast.group_member.user).get("/my-tasks/"))
    assert cast.task.title not in page
    assert "No open task: nothing to do for now." in page


def test_a_login_without_a_member_is_told_why_the_list_is_empty(cast):
    page = text(client_for(cast.staff).get("/my-tasks/"))
    assert "Your login is not linked to a committee member" in page


def test_the_page_is_in_vietnamese_by_default(cast):
    page = text(client_for(cast.owner.user, language="vi").get("/my-tasks/"))
    assert "Đang thực hiện trong hạn" in page  # the deadline status, from the catalogue


def test_the_list_costs_the_same_queries_for_1_task_and_for_20(cast):
    # Session 1, login 1, member 1 (scoping), owned tasks with group, ward and owner
    # joined 1, coordinated 1, the menu's groups 1, the bell's unread count 1: whatever
    # the number of tasks.
    one = query_count(cast.owner.user, "/my-tasks/")
    process = ProcessFactory(steps=2)
    for n in range(19):
        make_task(
            group=cast.group,
            owner=cast.owner,
            ward=cast.ward,
            process=process,
            coordinators=[cast.coordinator],
            title=f"Việc {n}",
        )
        make_task(group=cast.group, owner=cast.group_member, process=process, coordinators=[cast.owner])
    assert query_count(cast.owner.user, "/my-tasks/") == one
    assert one <= 9


def test_a_task_handed_in_late_reads_submitted_late_in_the_list(cast):
    late = make_committee(cast).submitted_late
    html = client_for(cast.owner.user).get("/my-tasks/").content.decode()
    card = html.split(late.title)[1].split("</li>")[0]
    assert "Submitted late" in card and "In progress, overdue" not in card
    assert "Submitted on 02/02/2026" in card
