"""Events reach the registered endpoints, signed, once; failures are retried, then the
endpoint is paused and the office told (docs/rules.md, "Webhooks")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from assignments import clock, services
from assignments.choices import WebhookDeliveryStatus
from assignments.models import Task, WebhookDelivery, WebhookEndpoint, WebhookMessage
from assignments.webhooks import delivery, endpoints, jobs
from tests.conftest import NOW
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def start(task: Task) -> Task:
    return services.task_start(task=task, actor=task.owner.user)


def test_a_task_action_reaches_the_receiver_once_signed(cast, receiver, django_capture_on_commit_callbacks):
    receiver.endpoint()

    # The action's commit enqueues the job, which the test settings run inline.
    with django_capture_on_commit_callbacks(execute=True):
        start(cast.task)
    delivery.deliver_due()

    assert receiver.refused == []
    assert receiver.types() == ["task.started"]
    event = receiver.received[0]
    assert event["task"] == {
        "id": cast.task.pk,
        "title": cast.task.title,
        "group": {"id": cast.group.pk, "number": 1, "name": cast.group.name},
        "ward": {"id": cast.ward.pk, "code": "00001", "name": "Phúc Xá"},
        "owner": {"id": cast.owner.pk, "name": "Trần Thị Chủ Trì"},
        "status": "in_progress",
        "due_date": cast.task.due_date.isoformat(),
    }
    assert event["actor"]["name"] == "Trần Thị Chủ Trì"
    assert event["timestamp"] == NOW.isoformat()
    assert receiver.headers[0]["webhook-id"].startswith("msg_")
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.response_code) == (WebhookDeliveryStatus.DELIVERED, 1, 200)


def test_the_job_run_twice_sends_once(cast, receiver):
    receiver.endpoint()
    start(cast.task)

    first = jobs.deliver_webhooks.call()
    second = jobs.deliver_webhooks.call()

    assert (first, second) == ({"delivered": 1}, {})
    assert receiver.hits == 1


def test_task_creation_is_an_event_too(cast, receiver):
    from tests.factories import make_task

    receiver.endpoint()
    make_task(group=cast.group, owner=cast.owner)

    delivery.deliver_due()

    assert receiver.types() == ["task.created"]


def test_an_endpoint_gets_only_the_types_it_subscribed_to(cast, receiver):
    receiver.endpoint(event_types=["task.submitted"])
    start(cast.task)

    assert delivery.deliver_due() == {}
    assert receiver.hits == 0
    assert WebhookMessage.objects.filter(type="task.started").exists()


def test_a_paused_endpoint_gets_no_delivery(cast, receiver):
    receiver.endpoint(active=False)
    start(cast.task)

    delivery.deliver_due()

    assert receiver.hits == 0
    assert not WebhookDelivery.objects.exists()


def test_a_rolled_back_action_writes_no_outbox_row(cast, receiver):
    receiver.endpoint()

    with pytest.raises(RuntimeError), transaction.atomic():
        start(cast.task)  # the event is written...
        raise RuntimeError("...and the action fails after it")

    assert not WebhookMessage.objects.filter(type="task.started").exists()
    assert not WebhookDelivery.objects.exists()
    delivery.deliver_due()
    assert receiver.hits == 0


def test_a_failing_receiver_is_retried_later_until_it_answers(cast, receiver):
    receiver.endpoint()
    receiver.status = 500
    start(cast.task)

    assert delivery.deliver_due() == {"retry": 1}
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.response_code) == (WebhookDeliveryStatus.PENDING, 1, 500)
    assert row.not_before == NOW + dt.timedelta(minutes=1)
    assert "HTTP 500" in row.last_error

    # Not yet due: nothing is sent.
    with clock.frozen_at(NOW + dt.timedelta(seconds=30)):
        assert delivery.deliver_due() == {}
    with clock.frozen_at(NOW + dt.timedelta(minutes=1)):
        assert delivery.deliver_due() == {"retry": 1}
    assert WebhookDelivery.objects.get().not_before == NOW + dt.timedelta(minutes=6)

    receiver.status = 200
    with clock.frozen_at(NOW + dt.timedelta(minutes=6)):
        assert delivery.deliver_due() == {"delivered": 1}
    assert receiver.types() == ["task.started"]
    assert receiver.hits == 3
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.response_code, row.last_error) == ("delivered", 3, 200, "")
    assert WebhookEndpoint.objects.get().failing_since is None


def test_the_retries_back_off():
    waits = [delivery.backoff(n) for n in range(1, 8)]

    assert waits == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=6),
        dt.timedelta(hours=6),
        dt.timedelta(hours=6),
    ]


def test_a_receiver_that_is_down_is_retried(cast, receiver):
    endpoint = receiver.endpoint()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url="http://127.0.0.1:9/nobody-listens")
    start(cast.task)

    assert delivery.deliver_due() == {"retry": 1}
    row = WebhookDelivery.objects.get()
    assert row.response_code is None
    assert "ConnectionError" in row.last_error


def test_an_endpoint_failing_for_a_day_is_paused_and_the_office_told_once(cast, receiver):
    cast.staff.email = "office@example.org"
    cast.staff.save()
    StaffUserFactory(username="office2", email="office2@example.org")
    StaffUserFactory(username="gone", email="gone@example.org", is_active=False)
    StaffUserFactory(username="noaddress", email="")
    UserFactory(username="notstaff", email="member@example.org")
    endpoint = receiver.endpoint(name="Cổng SMS")
    receiver.status = 500
    start(cast.task)
    delivery.deliver_due()

    with clock.frozen_at(NOW + dt.timedelta(hours=23)):
        assert delivery.deliver_due() == {"retry": 1}
    assert WebhookEndpoint.objects.get().active
    assert mail.outbox == []

    with clock.frozen_at(NOW + dt.timedelta(hours=24, minutes=1)):
        assert delivery.deliver_due() == {"paused": 1, "office_told": 1}

    endpoint.refresh_from_db()
    assert not endpoint.active
    assert endpoint.paused_at == NOW + dt.timedelta(hours=24, minutes=1)
    assert "HTTP 500" in endpoint.reason
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["office2@example.org", "office@example.org"]
    assert "Cổng SMS" in message.subject
    assert receiver.url in message.body

    # Paused: no more attempts, and no second mail.
    hits = receiver.hits
    with clock.frozen_at(NOW + dt.timedelta(days=3)):
        assert delivery.deliver_due() == {}
        jobs.deliver_webhooks.call()
    assert receiver.hits == hits
    assert len(mail.outbox) == 1


def test_resuming_sends_what_waited_and_what_happened_meanwhile(cast, receiver):
    endpoint = receiver.endpoint(pause_after_hours=1)
    receiver.status = 500
    start(cast.task)
    delivery.deliver_due()
    with clock.frozen_at(NOW + dt.timedelta(hours=2)):
        assert delivery.deliver_due()["paused"] == 1
        services.task_pause(task=Task.objects.get(pk=cast.task.pk), actor=cast.owner.user, note="Chờ ý kiến")
    assert WebhookDelivery.objects.count() == 1  # none for the paused endpoint

    receiver.status = 200
    with clock.frozen_at(NOW + dt.timedelta(hours=3)):
        endpoints.endpoint_resume(endpoint)
        assert delivery.deliver_due() == {"delivered": 2}

    assert sorted(receiver.types()) == ["task.paused", "task.started"]
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.paused_at, endpoint.failing_since) == (True, None, None)


def test_the_test_event_goes_to_its_endpoint_alone(db, receiver):
    endpoint = receiver.endpoint(event_types=["task.accepted"])
    other = WebhookEndpoint.objects.create(name="Khác", url="http://127.0.0.1:9/other")

    endpoints.endpoint_send_test(endpoint)
    delivery.deliver_due()

    assert receiver.types() == ["webhook.test"]
    assert not WebhookDelivery.objects.filter(endpoint=other).exists()


def test_the_outbox_costs_the_same_for_one_endpoint_or_twenty(cast, receiver, django_assert_num_queries):
    from assignments.models import Event
    from assignments.webhooks import outbox

    event = Event.objects.select_related("task__group", "task__ward", "task__owner", "actor__member").get(
        task=cast.task
    )
    WebhookMessage.objects.all().delete()  # the task's creation wrote one already
    receiver.endpoint()
    # One query reads the endpoints, one inserts the message, one its deliveries.
    with django_assert_num_queries(3):
        outbox.add(event)
    for n in range(19):
        WebhookEndpoint.objects.create(name=f"E{n}", url=receiver.url)
    WebhookMessage.objects.filter(event=event).delete()
    with django_assert_num_queries(3):
        outbox.add(event)
    assert WebhookDelivery.objects.filter(message__event=event).count() == 20
