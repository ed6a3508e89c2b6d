"""The audit trail cannot be bent: below the models, the database refuses too (both databases).

The model and queryset guards are shown in tests/assignments/test_events.py, the admin's
in tests/assignments/test_admin.py. Here: raw SQL against the events table, the API's
events endpoint, and the one sanctioned wipe (TRUNCATE) that the demo reset relies on.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from assignments import services
from assignments.choices import Status
from tests.api.api_helpers import client_for, error, task_url
from tests.assignments.lifecycle import bring_to


def _rows(task_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, actor_id, at, from_status, to_status, note FROM assignments_event "
            "WHERE task_id = %s ORDER BY id",
            [task_id],
        )
        return cursor.fetchall()


@pytest.fixture
def trail(cast):
    bring_to(cast.task, Status.PAUSED)
    return _rows(cast.task.pk)


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(
            "UPDATE assignments_event SET note = 'sửa lại' WHERE task_id = %s", id="UPDATE one note"
        ),
        pytest.param("UPDATE assignments_event SET kind = 'cancelled' WHERE task_id = %s", id="UPDATE kind"),
        pytest.param("DELETE FROM assignments_event WHERE task_id = %s", id="DELETE the task's trail"),
    ],
)
def test_the_database_refuses_raw_sql_that_changes_or_removes_an_event(cast, trail, statement):
    with (
        pytest.raises(DatabaseError, match="The audit trail is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [cast.task.pk])

    assert _rows(cast.task.pk) == trail


def test_the_database_refuses_a_bulk_delete_of_every_event(cast, trail):
    with (
        pytest.raises(DatabaseError, match="append-only: DELETE"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM assignments_event")

    assert _rows(cast.task.pk) == trail


def test_the_trail_still_grows_through_the_services(cast, trail):
    # The trigger guards UPDATE and DELETE only: a service's INSERT goes through.
    services.task_resume(task=cast.task.pk, actor=cast.owner.user)

    rows = _rows(cast.task.pk)
    assert rows[: len(trail)] == trail
    assert [row[1] for row in rows[len(trail) :]] == ["resumed"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_way_to_write_an_event(cast, trail, method):
    response = getattr(client_for(cast.staff), method)(task_url(cast.task, "events/"), {"note": "sửa"})

    error(response, 405, "method_not_allowed")
    assert _rows(cast.task.pk) == trail
