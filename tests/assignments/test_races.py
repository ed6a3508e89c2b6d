"""Two people act on one task at the same moment: the row lock lets only what may happen happen.

Each race starts its threads together on a `threading.Barrier`; each thread has its own
database connection (closed at the end) and so its own transaction, as two requests
would. These tests commit for real (`transaction=True`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assignments import services
from assignments.choices import EventKind, Status
from assignments.exceptions import InvalidTransition, NotPermitted, VersionMismatch
from assignments.models import Event, Task
from tests.assignments.lifecycle import bring_to
from tests.conftest import Cast
from tests.factories import ProcessFactory, make_task

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason=(
        "needs PostgreSQL: SQLite's in-memory test database is one shared cache, where a second "
        "connection gets 'database table is locked' at once instead of waiting its turn; "
        "test_sqlite_opens_every_service_transaction_with_the_write_lock shows how SQLite serialises"
    ),
)

#: Each race is run this many times, on a fresh task, to give the losing order a chance.
ROUNDS = 3

OK = "ok"


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run `calls` at once, one thread each; answer OK or the exception each one raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            results[index] = OK
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    # Each thread gets a copy of the test's context, so the frozen clock holds there too.
    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(run, i, call))
        for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a racing call never finished"
    return results


def _kinds_after(task: Task, count_before: int) -> list[str]:
    return list(Event.objects.filter(task=task).order_by("id").values_list("kind", flat=True)[count_before:])


def _fresh_task(cast: Cast, status: str, **kwargs: Any) -> Task:
    task = make_task(group=cast.group, owner=cast.owner, process=ProcessFactory(steps=1))
    return bring_to(task, status, **kwargs)


@needs_postgresql
def test_two_accepts_exactly_one_wins(cast):
    for _ in range(ROUNDS):
        task = _fresh_task(cast, Status.SUBMITTED)
        events = Event.objects.filter(task=task).count()

        results = race(
            lambda t=task: services.task_accept(task=t.pk, actor=cast.leader.user),
            lambda t=task: services.task_accept(task=t.pk, actor=cast.staff),
        )

        assert results.count(OK) == 1, results
        assert [type(r) for r in results if r != OK] == [InvalidTransition]
        after = Task.objects.get(pk=task.pk)
        assert (after.status, after.version) == (Status.DONE, task.version + 1)
        assert _kinds_after(task, events) == [EventKind.ACCEPTED]


@needs_postgresql
def test_two_starts_exactly_one_wins(cast):
    for _ in range(ROUNDS):
        task = _fresh_task(cast, Status.ASSIGNED)
        events = Event.objects.filter(task=task).count()

        results = race(
            lambda t=task: services.task_start(task=t.pk, actor=cast.owner.user),
            lambda t=task: services.task_start(task=t.pk, actor=cast.owner.user),
        )

        assert results.count(OK) == 1, results
        assert [type(r) for r in results if r != OK] == [InvalidTransition]
        after = Task.objects.get(pk=task.pk)
        assert (after.status, after.version) == (Status.IN_PROGRESS, task.version + 1)
        assert _kinds_after(task, events) == [EventKind.STARTED]


@needs_postgresql
def test_submit_and_reassign_end_as_one_of_the_two_orders(cast):
    # Submit then reassign: both succeed; the handover sends the submitted work back to
    # in progress with its new owner (docs/rules.md, "Handing over a submitted task").
    # Reassign then submit: the former owner may no longer submit.
    for _ in range(ROUNDS):
        task = _fresh_task(cast, Status.IN_PROGRESS, work_done=True)
        events = Event.objects.filter(task=task).count()

        submitted, reassigned = race(
            lambda t=task: services.task_submit(task=t.pk, actor=cast.owner.user),
            lambda t=task: services.task_reassign(
                task=t.pk, actor=cast.leader.user, owner=cast.group_member, reason="Điều chỉnh"
            ),
        )

        after = Task.objects.get(pk=task.pk)
        assert reassigned == OK
        assert after.owner_id == cast.group_member.pk
        assert after.status == Status.IN_PROGRESS
        if submitted == OK:
            assert _kinds_after(task, events) == [EventKind.SUBMITTED, EventKind.REASSIGNED]
            assert after.version == task.version + 2
        else:
            assert isinstance(submitted, NotPermitted)
            assert _kinds_after(task, events) == [EventKind.REASSIGNED]
            assert after.version == task.version + 1


@needs_postgresql
def test_cancel_and_extend_end_as_one_of_the_two_orders(cast):
    # Extend then cancel: both succeed. Cancel then extend: a cancelled task keeps its date.
    for _ in range(ROUNDS):
        task = _fresh_task(cast, Status.IN_PROGRESS)
        events = Event.objects.filter(task=task).count()
        later = task.due_date + dt.timedelta(days=30)

        cancelled, extended = race(
            lambda t=task: services.task_cancel(task=t.pk, actor=cast.leader.user, note="Không còn phù hợp"),
            lambda t=task, d=later: services.task_extend(
                task=t.pk, actor=cast.staff, due_date=d, reason="Chờ số liệu"
            ),
        )

        after = Task.objects.get(pk=task.pk)
        assert cancelled == OK
        assert after.status == Status.CANCELLED
        if extended == OK:
            assert after.due_date == later
            assert _kinds_after(task, events) == [EventKind.EXTENDED, EventKind.CANCELLED]
            assert after.version == task.version + 2
        else:
            assert isinstance(extended, InvalidTransition)
            assert after.due_date == task.due_date
            assert _kinds_after(task, events) == [EventKind.CANCELLED]
            assert after.version == task.version + 1


@needs_postgresql
def test_two_writes_from_the_same_version_exactly_one_wins(cast):
    # Both clients loaded version v and send it (If-Match): the second is told its copy is stale.
    for _ in range(ROUNDS):
        task = _fresh_task(cast, Status.IN_PROGRESS, work_done=True)
        events = Event.objects.filter(task=task).count()

        results = race(
            lambda t=task: services.task_submit(task=t.pk, actor=cast.owner.user, expected_version=t.version),
            lambda t=task: services.task_reassign(
                task=t.pk,
                actor=cast.leader.user,
                owner=cast.group_member,
                reason="Điều chỉnh",
                expected_version=t.version,
            ),
        )

        assert results.count(OK) == 1, results
        assert [type(r) for r in results if r != OK] == [VersionMismatch]
        assert Task.objects.get(pk=task.pk).version == task.version + 1
        assert len(_kinds_after(task, events)) == 1


def _wait_until_someone_waits_for_a_lock() -> None:
    """Block until another connection of this database is queued on a row lock."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the second call never queued on the task's lock")


@needs_postgresql
@pytest.mark.parametrize("action", ["submit", "pause", "note"])
def test_a_call_queued_behind_a_handover_sees_the_new_owner(cast, action):
    # The handover holds the lock while the former owner's call queues behind it. Once it
    # commits, the queued call must read the task as it now is, with its new owner, and
    # refuse the former owner (403), not lose the task (a 404 from a stale join).
    task = _fresh_task(cast, Status.IN_PROGRESS, work_done=True)
    events = Event.objects.filter(task=task).count()
    handed_over = threading.Event()
    release = threading.Event()
    outcome: list[Any] = []
    calls = {
        "submit": lambda: services.task_submit(task=task.pk, actor=cast.owner.user),
        "pause": lambda: services.task_pause(task=task.pk, actor=cast.owner.user, note="Nghỉ phép"),
        "note": lambda: services.note_add(task=task.pk, actor=cast.owner.user, text="Đã xong"),
    }

    def hand_over() -> None:
        try:
            with transaction.atomic():
                services.task_reassign(
                    task=task.pk, actor=cast.leader.user, owner=cast.group_member, reason="Điều chỉnh"
                )
                handed_over.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    def former_owner_acts() -> None:
        try:
            calls[action]()
            outcome.append(OK)
        except Exception as exc:
            outcome.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=contextvars.copy_context().run, args=(hand_over,))
    first.start()
    assert handed_over.wait(timeout=10)
    second = threading.Thread(target=contextvars.copy_context().run, args=(former_owner_acts,))
    second.start()
    _wait_until_someone_waits_for_a_lock()
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)

    assert len(outcome) == 1 and isinstance(outcome[0], NotPermitted), outcome
    after = Task.objects.get(pk=task.pk)
    assert (after.owner_id, after.status) == (cast.group_member.pk, Status.IN_PROGRESS)
    assert _kinds_after(task, events) == [EventKind.REASSIGNED]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)
def test_sqlite_opens_every_service_transaction_with_the_write_lock(cast):
    # BEGIN IMMEDIATE takes SQLite's one write lock before the task is read, so a second
    # service waits (up to the timeout) and then reads what the first one committed:
    # the same order PostgreSQL gets from SELECT ... FOR UPDATE.
    with CaptureQueriesContext(connection) as queries:
        services.task_start(task=cast.task.pk, actor=cast.owner.user)
    statements = [q["sql"] for q in queries.captured_queries]
    assert statements[0] == "BEGIN IMMEDIATE"
    assert "SELECT" in statements[1] and "assignments_task" in statements[1]
