"""Two measurements sent at the same moment (PostgreSQL; SQLite serialises whole transactions).

A phone on a bad connection retries with the same Idempotency-Key while its first request
is still running: one measurement is recorded, both answers are its answer. Two owners'
phones send two different values at once: both are recorded, in turn, and the outcome's
`actual` is the latest one measured. The other races (accepts, starts, submit against
reassign, cancel against extend, stale versions) are tests/assignments/test_races.py; the
concurrent retry of a task creation is tests/api/test_idempotency.py.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from assignments import clock, services
from assignments.choices import EventKind
from assignments.models import Event, Measurement, Outcome, Task
from tests.api.api_helpers import client_for, task_url
from tests.conftest import NOW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises whole transactions, there is no race to lose",
    ),
]

ROUNDS = 3


def at_once(*bodies: tuple[dict[str, Any], dict[str, str]], user: Any, url: str) -> list[Any]:
    """POST each body (with its headers) from its own thread and connection, all at once."""
    barrier = threading.Barrier(len(bodies))
    answers: list[Any] = [None] * len(bodies)

    def send(index: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        try:
            barrier.wait(timeout=10)
            with clock.frozen_at(NOW):
                answers[index] = client_for(user).post(url, body, format="json", **headers)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *pair)) for i, pair in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(answer is not None for answer in answers), answers
    return answers


def _events(task: Task) -> list[str]:
    return list(Event.objects.filter(task=task).order_by("id").values_list("kind", flat=True))


def test_a_retried_measurement_racing_its_first_try_is_recorded_once(cast):
    task = services.task_start(task=cast.task, actor=cast.owner.user)
    url = task_url(task, "measurements/")
    for round_ in range(ROUNDS):
        before = Task.objects.get(pk=task.pk)
        trail = _events(task)
        body = {"value": 90 + round_, "measured_on": "2026-02-01", "note": "Báo cáo của phường"}
        key = {"HTTP_IDEMPOTENCY_KEY": f"measurement-{round_}"}

        answers = at_once((body, key), (body, key), user=cast.owner.user, url=url)

        assert [a.status_code for a in answers] == [201, 201]
        assert answers[0].json() == answers[1].json()
        assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 1
        assert Measurement.objects.filter(outcome__task=task).count() == round_ + 1
        assert Task.objects.get(pk=task.pk).version == before.version + 1
        assert _events(task) == [*trail, EventKind.MEASUREMENT_RECORDED]


def test_two_different_measurements_at_once_are_both_recorded_and_the_latest_counts(cast):
    task = services.task_start(task=cast.task, actor=cast.owner.user)
    url = task_url(task, "measurements/")
    for round_ in range(ROUNDS):
        before = Task.objects.get(pk=task.pk)
        trail = _events(task)
        earlier = {"value": 80 + round_, "measured_on": "2026-01-20"}
        later = {"value": 95 + round_, "measured_on": "2026-02-01"}

        answers = at_once((earlier, {}), (later, {}), user=cast.owner.user, url=url)

        assert [a.status_code for a in answers] == [201, 201]
        after = Task.objects.get(pk=task.pk)
        assert after.version == before.version + 2
        assert _events(task) == [*trail, EventKind.MEASUREMENT_RECORDED, EventKind.MEASUREMENT_RECORDED]
        # Each recording saw the other's row or came first: never a half-written outcome.
        assert Outcome.objects.get(task=task).actual == Decimal(95 + round_)
