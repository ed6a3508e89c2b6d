"""Idempotency-Key: a phone's retry replays the first answer and creates nothing new."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from api.models import IdempotencyKey
from assignments import clock, services
from assignments.models import Measurement, Note, Task
from tests.api.api_helpers import API, EN, client_for, create_body, error, task_url
from tests.conftest import NOW

KEY = "3f2a9c1e-8d4b-4f7a-9a51-0c6e2d7b8e10"


def create(client, body, key=KEY):
    return client.post(f"{API}tasks/", body, HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_a_retried_creation_replays_the_first_answer_and_creates_one_task(cast):
    leader = client_for(cast.leader.user)
    body = create_body(cast)

    first = create(leader, body)
    again = create(leader, body)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (again.headers["ETag"], again.headers["Location"]) == (
        first.headers["ETag"],
        first.headers["Location"],
    )
    assert Task.objects.count() == 2  # the cast's task and this one


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_422_and_creates_nothing(cast):
    leader = client_for(cast.leader.user, **EN)
    create(leader, create_body(cast))

    response = create(leader, create_body(cast, title="Một việc khác"))

    data = error(response, 422, "idempotency_key_reused")
    assert data["detail"] == "This Idempotency-Key was already used for another request; send a new key."
    assert Task.objects.count() == 2


@pytest.mark.django_db
def test_the_same_key_on_another_endpoint_is_a_422(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)
    owner = client_for(cast.owner.user)
    owner.post(task_url(cast.task, "notes/"), {"text": "Ghi chú"}, HTTP_IDEMPOTENCY_KEY=KEY)

    response = owner.post(task_url(cast.task, "measurements/"), {"text": "Ghi chú"}, HTTP_IDEMPOTENCY_KEY=KEY)

    error(response, 422, "idempotency_key_reused")


@pytest.mark.django_db
def test_keys_belong_to_their_user(cast):
    create(client_for(cast.leader.user), create_body(cast))

    response = create(client_for(cast.staff), create_body(cast))

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    assert Task.objects.count() == 3


@pytest.mark.django_db
def test_a_failed_request_keeps_no_key_so_the_fixed_retry_goes_through(cast):
    leader = client_for(cast.leader.user)

    failed = create(leader, create_body(cast, owner=None))
    fixed = create(leader, create_body(cast))

    assert (failed.status_code, fixed.status_code) == (400, 201)
    assert "Idempotent-Replayed" not in fixed.headers
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_a_key_expires_after_24_hours(cast):
    leader = client_for(cast.leader.user)
    create(leader, create_body(cast))

    with clock.frozen_at(NOW + dt.timedelta(hours=23, minutes=59)):
        assert create(leader, create_body(cast)).headers.get("Idempotent-Replayed") == "true"
    with clock.frozen_at(NOW + dt.timedelta(hours=24, minutes=1)):
        later = create(leader, create_body(cast, due_date="2026-04-30"))

    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later.headers
    assert Task.objects.count() == 3
    assert IdempotencyKey.objects.count() == 1  # the expired one made way


@pytest.mark.django_db
def test_the_purge_command_deletes_expired_keys(cast):
    create(client_for(cast.leader.user), create_body(cast))

    with clock.frozen_at(NOW + dt.timedelta(hours=25)):
        call_command("purge_idempotency_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_measurements_and_notes_are_created_once(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)
    owner = client_for(cast.owner.user)
    value = {"value": 97, "measured_on": "2026-02-01"}

    first = owner.post(task_url(cast.task, "measurements/"), value, HTTP_IDEMPOTENCY_KEY="m-1")
    again = owner.post(task_url(cast.task, "measurements/"), value, HTTP_IDEMPOTENCY_KEY="m-1")
    owner.post(task_url(cast.task, "notes/"), {"text": "Đã gửi"}, HTTP_IDEMPOTENCY_KEY="n-1")
    owner.post(task_url(cast.task, "notes/"), {"text": "Đã gửi"}, HTTP_IDEMPOTENCY_KEY="n-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Measurement.objects.count() == 1
    assert Note.objects.count() == 1
    assert Task.objects.get(pk=cast.task.pk).version == 4  # start, one measurement, one note


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "a" * 256, "clé-với-dấu", "two words"])
def test_a_malformed_key_is_a_400(cast, key):
    response = create(client_for(cast.leader.user, **EN), create_body(cast), key=key)

    error(response, 400, "invalid_idempotency_key")
    assert Task.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_post_creates(cast):
    leader = client_for(cast.leader.user)

    leader.post(f"{API}tasks/", create_body(cast))
    leader.post(f"{API}tasks/", create_body(cast))

    assert Task.objects.count() == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_create_one_task(cast):
    """Both requests race; the second blocks on the key's unique index, then replays."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises whole transactions, there is no race to lose")
    body = create_body(cast)
    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            barrier.wait()
            with clock.frozen_at(NOW):
                answers.append(create(client_for(cast.leader.user), body))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 1
    assert Task.objects.count() == 2
