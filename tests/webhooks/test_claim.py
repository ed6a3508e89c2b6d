"""A delivery is claimed, then POSTed outside any transaction: a slow receiver holds no
database lock, and a worker that dies after its claim leaves the delivery to the next
run once the claim lapses (docs/operations.md, "Webhooks")."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from assignments import claims, clock, services
from assignments.choices import WebhookDeliveryStatus
from assignments.models import WebhookDelivery, WebhookEndpoint
from assignments.webhooks import delivery
from tests.api.api_helpers import API, client_for
from tests.conftest import NOW


def _one_delivery(cast, receiver) -> WebhookDelivery:
    receiver.endpoint()
    services.task_start(task=cast.task, actor=cast.owner.user)
    return WebhookDelivery.objects.get()


@pytest.mark.django_db
def test_a_claimed_delivery_is_left_to_its_worker(cast, receiver):
    row = _one_delivery(cast, receiver)

    assert delivery._claim(row.pk, NOW) is not None

    row.refresh_from_db()
    assert (row.status, row.attempts) == (WebhookDeliveryStatus.PENDING, 1)
    assert row.not_before == NOW + claims.claim_length()
    assert row.not_before > NOW
    # A second worker at the same moment finds nothing to send.
    assert delivery.deliver_due(NOW) == {}
    assert receiver.hits == 0


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_taken_again_once_it_lapses(cast, receiver, settings):
    settings.NOTIFICATION_CLAIM_SECONDS = 120
    row = _one_delivery(cast, receiver)
    delivery._claim(row.pk, NOW)  # ...and the worker is killed before it posts

    with clock.frozen_at(NOW + dt.timedelta(seconds=119)):
        assert delivery.deliver_due() == {}
    with clock.frozen_at(NOW + dt.timedelta(seconds=120)):
        assert delivery.deliver_due() == {"delivered": 1}
        assert delivery.deliver_due() == {}

    assert receiver.hits == 1
    assert receiver.types() == ["task.started"]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.response_code) == (WebhookDeliveryStatus.DELIVERED, 2, 200)
    assert row.delivered_at == NOW + dt.timedelta(seconds=120)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_office_removes_an_endpoint_while_its_receiver_is_slow_to_answer(cast, receiver, settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's in-memory test database is one shared cache, where a second "
            "connection gets 'database table is locked' at once instead of waiting its turn"
        )
    # Jobs queued, not run inline at each commit: the delivery waits for the worker below.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    row = _one_delivery(cast, receiver)
    receiver.delay = 2.0
    results: list[Counter[str]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            # The domain's clock is per thread: the moment is passed.
            results.append(delivery.deliver_due(NOW))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert receiver.arrived.wait(10), "the worker never posted"

        # The claim is committed while the POST is in flight: another connection sees it.
        row.refresh_from_db()
        assert row.attempts == 1
        assert row.not_before > NOW
        # The office's removal waits for no receiver.
        started = time.monotonic()
        removed = client_for(cast.staff).delete(f"{API}webhooks/{row.endpoint_id}/")
        took = time.monotonic() - started
        assert removed.status_code == 204, removed.content
        assert took < 1.0, f"the removal waited {took:.1f} s for the POST"
        assert receiver.hits == 0  # the receiver had not answered yet
    finally:
        worker.join(timeout=30)

    assert errors == []
    # The delivery went with its endpoint: the late answer has nothing to record.
    assert results == [Counter()]
    assert receiver.hits == 1
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()
