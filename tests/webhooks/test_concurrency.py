"""Two workers delivering at once: each delivery is sent once (PostgreSQL's row locks)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from assignments import services
from assignments.models import WebhookDelivery
from assignments.webhooks import delivery
from tests.conftest import NOW

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_workers_at_once_send_each_delivery_once(cast, receiver, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises whole transactions, there is no race to lose")
    # Jobs queued, not run inline at each commit: the deliveries wait for the two workers.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    receiver.endpoint()
    receiver.delay = 0.02
    for n in range(20):
        services.note_add(task=cast.task, actor=cast.owner.user, text=f"Ghi chú {n}")
    expected = WebhookDelivery.objects.count()
    assert expected == 20  # one per note (the task was made before the endpoint)
    barrier = threading.Barrier(2)
    results: list[Counter[str]] = []

    def work() -> None:
        try:
            barrier.wait()
            # The domain's clock is per thread: the moment is passed.
            results.append(delivery.deliver_due(NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(result["delivered"] for result in results) == expected
    assert all(result["delivered"] for result in results), results  # both took part
    assert receiver.hits == expected
    ids = [headers["webhook-id"] for headers in receiver.headers]
    assert len(set(ids)) == expected
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
