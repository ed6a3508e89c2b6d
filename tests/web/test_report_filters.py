"""The task list behind the dashboard's figures takes the API's task filters: `extended`,
the accent-blind `q`, and a parameter it does not know is said so, not ignored."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from tests.factories import make_task
from tests.web.web_helpers import client_for, text

pytestmark = pytest.mark.django_db

REPORT = "/dashboard/tasks/"


@pytest.fixture
def extended(cast):
    task = make_task(group=cast.group, owner=cast.group_member, title="Việc được gia hạn")
    services.task_extend(task=task, actor=cast.leader.user, due_date=dt.date(2026, 6, 30), reason="Chờ vốn")
    return task


def test_the_extended_figure_drills_down_to_the_extended_tasks(cast, extended):
    page = text(client_for(cast.standing.user).get(REPORT, {"extended": "true", "due_after": "2026-01-01"}))

    assert "Việc được gia hạn" in page and cast.task.title not in page
    assert "Tasks found: 1" in page


def test_the_report_list_searches_without_accents(cast, extended):
    page = text(client_for(cast.standing.user).get(REPORT, {"q": "VIEC DUOC GIA HAN"}))

    assert "Tasks found: 1" in page and "Việc được gia hạn" in page


def test_the_report_list_says_a_parameter_is_unknown_and_lists_nothing(cast, extended):
    response = client_for(cast.standing.user).get(REPORT, {"extnded": "true"})

    assert response.status_code == 200
    page = text(response)
    assert "Unknown parameter. This list takes:" in page
    assert "Việc được gia hạn" not in page


def test_the_report_list_still_takes_its_page(cast, extended):
    response = client_for(cast.standing.user).get(REPORT, {"page": "1", "extended": "true"})

    assert "Unknown parameter" not in text(response) and "Việc được gia hạn" in text(response)
